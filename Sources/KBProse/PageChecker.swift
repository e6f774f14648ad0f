import Foundation
import KBDomain

/// Holds a page's numbers, citations and statements to the KB (DESIGN §12). A number is
/// matched against the claims of the works cited nearest to it (the same sentence, the same
/// line, then the line below and above, as a card's caption sits under its headline), then
/// against claims that share its sentence's words; a sentence without numbers is reported only
/// when it says what a claim says.
public struct PageChecker {
    let index: EvidenceIndex
    var resolved: [String: CitedWork?] = [:]
    var claimsByWork: [Int64: [EvidenceClaim]] = [:]
    /// A work's claims as the tie rule reads them (``isTieStatedExactlyBySibling(_:_:)``),
    /// whatever the page has read of it yet: the verdict does not depend on the page's order.
    var siblingsByWork: [Int64: [EvidenceClaim]] = [:]
    /// The cached works' claims by slug (a finding names its claim by slug).
    var claimBySlug: [String: EvidenceClaim] = [:]
    /// Each claim's arms (``ClaimArms``), read once a page; nil when it has fewer than two.
    var armsByClaim: [Int64: ClaimArms?] = [:]
    var sampleSizesByWork: [Int64: [Int]] = [:]
    /// How many claims hold each word the page's sentences were searched with (capped).
    var frequencies: [String: Int] = [:]
    /// The numbers each claim's text writes, read once a page.
    var writtenByClaim: [Int64: [ProseNumber]] = [:]
    /// The numbers each claim's text writes as a sample or a base (``bases(_:)``), read once a page.
    var basesByClaim: [Int64: [ProseNumber]] = [:]
    /// The content words of each claim's text, read once a page.
    var claimWords: [Int64: Set<String>] = [:]
    /// Each claim's folded quote and statement (``sayings(of:)``), read once a page.
    var sayingsByClaim: [Int64: [String]] = [:]
    /// The group classes each claim's statement names (``groupClasses``), read once a page.
    var groupClassesByClaim: [Int64: Set<Int>] = [:]
    /// The works whose claims were read, by id (their authors are not group words).
    var citedWorks: [Int64: CitedWork] = [:]
    /// The line whose numbers are being read, split into characters (``characters(of:)``).
    var lineCharacters: (line: String, characters: [Character])?
    /// The countries each sentence or statement names (``countriesNamed(in:)``), read once a page.
    var placesByText: [String: Set<String>] = [:]
    /// Each claim's own quoted group labels (``ownLabels(_:among:)``), read once a work.
    var groupLabels: [Int64: [String]] = [:]
    /// Per claim, its one quoted group and that group's terms (nil: the claim names no one
    /// group), read once a page (``heldToGroupPhrases(_:sentences:)``).
    var oneGroupByClaim: [Int64: PageChecker.OneGroup?] = [:]

    /// A word held by more claims than this says little about which claim a sentence repeats:
    /// it is left out of the ranked search (whose cost grows with the claims it ranks), so that
    /// a sentence costs the same on a KB of a million claims as on the seed KB.
    static let selectiveCap = 500
    /// At most this many claims are ranked for one sentence (the selective words' counts summed).
    static let rankedBudget = 5000

    /// The lines the paragraph attribution visited (``ParagraphReach/visits``), summed over the
    /// pages checked: linear in their lines (review 19, M1).
    private(set) var paragraphVisits = 0

    /// How many sentences without numbers a page needs before they are checked on a second
    /// thread (``StatementPass``); a test sets it to compare both ways.
    var statementPassThreshold = StatementPass.threshold

    public init(_ index: EvidenceIndex) {
        self.index = index
    }

    /// A citation as read, and the work it names (nil: the KB lacks it).
    struct Placed {
        var line: Int
        var citation: Citation
        var work: CitedWork?
        /// Other works of the page's reference list the citation fits as well ("Baert et al.
        /// (2014)" when the list holds two such works): a number near it may be either's.
        var alternatives: [CitedWork] = []
        /// The works a citation with a wrong year may mean when the authors' works lie as near
        /// on both sides of it ("Busetta et al. (2019)" of busetta2018 and busetta2020): its
        /// numbers are held to them, and the citation is a year mismatch naming them.
        var yearCandidates: [CitedWork] = []
        /// Whether `alternatives` are the KB's works of the same authors and year that the
        /// citation, with no year suffix, fits as well as `work` (trial 10, B3).
        var isAmbiguous = false
        /// The year suffixes the KB's works of the citation's authors and year take, when the
        /// citation's suffix is none of them ("(2017c)" of drydakis2017 and drydakis2017b): it
        /// names no work the KB holds (review 18, M2).
        var heldSuffixes: [String] = []
    }

    /// Checks `page`, its sentences read whole across the lines they are wrapped over
    /// (``WrappedParagraphs``); each finding's line:column is the file's.
    public mutating func check(_ page: Page) throws -> PageCheck {
        let wrapped = WrappedParagraphs(page)
        let findings = try findings(in: wrapped.joined).map(wrapped.physical)
        return PageCheck(page: page, findings: findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }

    /// The findings of a page whose sentences each stand on one line.
    mutating func findings(in page: Page) throws -> [CheckFinding] {
        let sentencesByLine = page.lines.map(Self.sentences)
        // A line's URLs and DOIs, and a reference-list entry's volume, pages and title, hold no
        // findings' numbers: masked wherever the line's numbers are read (the page's text
        // tells where they stand, before the KB is asked which works they are).
        let read = Self.readCitations(page)
        let masks = read.masks(of: page)
        // The sentences without numbers, each checked on its own: the claims that share their
        // words are searched on a second thread from here on, when the page has enough such
        // sentences (``StatementPass``), while the citations are looked up and the numbers checked.
        let lineNumbers = page.lines.indices.map { NumberReader.numbers(in: page.lines[$0], masked: masks[$0]) }
        let statementSentences = page.lines.indices.map { offset in
            sentencesByLine[offset].filter { sentence in !lineNumbers[offset].contains { sentence.range.contains($0.column) } }
        }
        let statementPass = StatementPass.start(statementSentences.flatMap { $0.map(\.text) }, index: index, threshold: statementPassThreshold)
        defer { _ = statementPass?.wait() }
        let placed = try placeCitations(read, page: page)
        var reach = ParagraphReach(page, placed: placed, masks: masks, numbers: lineNumbers)
        defer { paragraphVisits += reach.visits }
        var lineFindings: [[CheckFinding]] = []
        for (offset, line) in page.lines.enumerated() {
            var findings: [CheckFinding] = []
            defer { lineFindings.append(findings) }
            let lineNumber = offset + 1
            let sentences = sentencesByLine[offset]
            for place in placed[offset] {
                let sentence = sentences.first { $0.range.contains(place.citation.column) }?.text ?? line
                if let finding = citationFinding(place, file: page.name, sentence: sentence) { findings.append(finding) }
            }
            findings += Self.holes(in: line, file: page.name, line: lineNumber)
            let numbers = reach.numbers(of: offset, in: page.lines)
            var clauses: [(finding: CheckFinding, clause: String)] = []
            let lineCharacters = numbers.isEmpty ? [] : Array(line)
            for number in numbers {
                let sentence = sentences.first { $0.range.contains(number.column) } ?? (line, 1...max(1, line.count))
                var places = Self.candidatePlaces(for: number.column, sentence: sentence.range, line: offset, placed: placed, lines: page.lines,
                                                  headings: page.headings, breaks: page.breaks, nextCited: reach.nextCitedRunOn[offset])
                // A paragraph's earlier citation, not a later sentence's own (review 18, M3: lc2:2).
                if let covering = Self.paragraphCited(sentence: sentence.range, line: offset, placed: placed, reach: reach) {
                    if let nearest = placed[covering].last(where: { $0.work != nil || !$0.yearCandidates.isEmpty }) { places = [nearest] + places.filter { $0.citation.column != nearest.citation.column || $0.line != nearest.line } }
                }
                // A sentence that cites two works gives each number to the one citation that governs it.
                if let governing = Self.governingPlaces(for: number, sentence: sentence.range, here: placed[offset], numbers: numbers,
                                                        characters: lineCharacters) {
                    places = governing.filter { $0.work != nil || !$0.yearCandidates.isEmpty }
                }
                let works = Self.works(of: places)
                var (clause, clauseStart) = Self.clauseAndStart(at: number.column - sentence.range.lowerBound, in: sentence.text)
                // "Women and men … at 10.9% and 9% respectively": each number is read in its
                // sentence with its own group only (trial 12, B2).
                let respective = Self.respectiveClause(sentence.text, numberAt: number.column - sentence.range.lowerBound)
                if respective != sentence.text { (clause, clauseStart) = (respective, 0) }
                let attributed = !Self.citedOnlyLater(sentence: sentence.range, line: offset, placed: placed, sentences: sentences.map(\.range),
                                                      lines: page.lines, reach: &reach)
                let namesakes = Self.namesakes(of: places)
                // A citation of its sentence that names a work the KB lacks, for the message.
                // (A superscript marker's text is its digits: "reference 2".)
                let unknownCitation = placed[offset].first(where: { place in
                    sentence.range.contains(place.citation.column) && place.work == nil && place.yearCandidates.isEmpty && place.citation.isDefinite
                }).map { place in place.citation.text.allSatisfy(\.isASCIIDigit) ? "reference \(place.citation.text)" : place.citation.text }
                var finding = try numberFinding(number, in: line, sentence: sentence.text, clause: clause, works: works, attributed: attributed,
                                                namesakes: namesakes, unknownCitation: unknownCitation, inClause: number.column - sentence.range.lowerBound - clauseStart,
                                                citedAfter: places.first.map { $0.line > lineNumber || ($0.line == lineNumber && $0.citation.column > sentence.range.upperBound) } ?? true,
                                                file: page.name, line: lineNumber)
                finding.isSourceCitedElsewhere = Self.isCitedElsewhere(finding.source, sentence: sentence, line: lineNumber, places: places)
                clauses.append((finding, sentence.text + "\u{0}" + clause))
            }
            // Numbers the page ties together are credited to one claim that states them all,
            // then held to the arms they are written for, then to one claim (trial 5, item 2);
            // first, each number to the groups its clause names (item 5),
            // then to the groups it names in everyday words (trial 6, items 2 and 4).
            let grouped = heldToEverydayGroups(heldToNamedGroups(clauses))
            let credited = heldToOneClaim(pairedAcrossClaims(grouped), sentences: sentences, line: line, creditOnly: true)
            // A count's or a base's mistyped figure, when its partner is an arm's (trial 20, B6).
            let based = heldToCountsArms(heldToBaseArms(heldToArms(credited, sentences: sentences), sentences: sentences), sentences: sentences)
            // Last, a comparative's groups named before its numbers ("Men … than women: 10.9%
            // against 9%") take the numbers in order (B7).
            let held = heldToOneClaim(based, sentences: sentences, line: line, creditOnly: false)
            // Last of all, each number to the group its own phrase names, by position under
            // "respectively" (trial 16, B1, B3, M11).
            findings += heldToGroupPhrases(heldToComparedGroups(held, sentences: sentences), sentences: sentences)
            // With a second thread, after the numbers: its searches are done by then. The works
            // such a sentence cites are read here all the same, as the check in turn reads them:
            // a work's claims, once read, are known to the later lines' passes (review 24, B1).
            guard statementPass == nil else {
                for sentence in statementSentences[offset] where Self.words(sentence.text).count >= 4 {
                    for work in Self.works(citedIn: sentence.range, placed[offset]) {
                        _ = try claims(of: work)
                    }
                }
                continue
            }
            for sentence in statementSentences[offset] {
                let works = Self.works(citedIn: sentence.range, placed[offset])
                findings += try statementFindings(sentence, works: works, file: page.name, line: lineNumber)
            }
        }
        if let statementPass {
            let searched = statementPass.wait()
            for offset in lineFindings.indices {
                for sentence in statementSentences[offset] {
                    let works = Self.works(citedIn: sentence.range, placed[offset])
                    lineFindings[offset] += try statementFindings(sentence, works: works, file: page.name, line: offset + 1, sharingWords: searched[sentence.text])
                }
            }
        }
        return lineFindings.flatMap { $0 }
    }

    // MARK: Sentences and holes

    /// The sentences of a line, with their 1-based column ranges: a break after `.`, `?` or `!`
    /// followed by a space and a capital (so "p. 12" and "U.S. law" do not split).
    static func sentences(_ line: String) -> [(text: String, range: ClosedRange<Int>)] {
        let c = Array(line)
        guard !c.isEmpty else { return [] }
        var out: [(String, ClosedRange<Int>)] = []
        var start = 0
        var i = 0
        while i < c.count {
            if ".?!".contains(c[i]), i + 2 < c.count, c[i + 1] == " ", c[i + 2].isUppercase, i > 0, c[i - 1] != " " {
                out.append((String(c[start...i]), (start + 1)...(i + 1)))
                start = i + 2
            }
            i += 1
        }
        if start < c.count { out.append((String(c[start...]), (start + 1)...c.count)) }
        return out
    }

    /// The audit's placeholder rule, run over the page: "k–k in USA", "– weeks", "above .".
    static func holes(in line: String, file: String, line number: Int) -> [CheckFinding] {
        guard PlaceholderScanner.mayHaveHole(line) else { return [] }
        let scalars = Array(line.unicodeScalars)
        var out: [CheckFinding] = []
        var index = 0
        while index < scalars.count {
            if let (start, end) = PlaceholderScanner.hole(at: index, in: scalars) {
                var prefix = String.UnicodeScalarView()
                prefix.append(contentsOf: scalars[0..<start])
                var hole = String.UnicodeScalarView()
                hole.append(contentsOf: scalars[start..<end])
                let context = PlaceholderScanner.snippet(scalars, start, end)
                out.append(CheckFinding(file: file, line: number, column: String(prefix).count + 1, verdict: .placeholder, subject: .placeholder,
                                        text: String(hole), message: "a number is missing: \(context)", sentence: context))
                index = max(end, index + 1)
            } else {
                index += 1
            }
        }
        return out
    }
}
