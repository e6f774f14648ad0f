import Foundation
import KBDomain

/// Holds a page's numbers, citations and statements to the KB (DESIGN §12). A number is
/// matched against the claims of the works cited nearest to it (the same sentence, the same
/// line, then the line below and above, as a card's caption sits under its headline), then
/// against claims that share its sentence's words; a sentence without numbers is reported only
/// when it says what a claim says.
public struct PageChecker {
    let index: EvidenceIndex
    private var resolved: [String: CitedWork?] = [:]
    var claimsByWork: [Int64: [EvidenceClaim]] = [:]
    /// A work's claims as the tie rule reads them (``isTieStatedExactlyBySibling(_:_:)``),
    /// whatever the page has read of it yet: the verdict does not depend on the page's order.
    var siblingsByWork: [Int64: [EvidenceClaim]] = [:]
    /// The cached works' claims by slug (a finding names its claim by slug).
    var claimBySlug: [String: EvidenceClaim] = [:]
    /// Each claim's arms (``ClaimArms``), read once a page; nil when it has fewer than two.
    private var armsByClaim: [Int64: ClaimArms?] = [:]
    private var sampleSizesByWork: [Int64: [Int]] = [:]
    /// How many claims hold each word the page's sentences were searched with (capped).
    private var frequencies: [String: Int] = [:]
    /// The numbers each claim's text writes, read once a page.
    private var writtenByClaim: [Int64: [ProseNumber]] = [:]
    /// The numbers each claim's text writes as a sample or a base (``bases(_:)``), read once a page.
    private var basesByClaim: [Int64: [ProseNumber]] = [:]
    /// The content words of each claim's text, read once a page.
    private var claimWords: [Int64: Set<String>] = [:]
    /// Each claim's folded quote and statement (``sayings(of:)``), read once a page.
    private var sayingsByClaim: [Int64: [String]] = [:]
    /// The group classes each claim's statement names (``groupClasses``), read once a page.
    var groupClassesByClaim: [Int64: Set<Int>] = [:]
    /// The works whose claims were read, by id (their authors are not group words).
    var citedWorks: [Int64: CitedWork] = [:]
    /// The line whose numbers are being read, split into characters (``characters(of:)``).
    private var lineCharacters: (line: String, characters: [Character])?
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
                let unknownCitation = placed[offset].first {
                    sentence.range.contains($0.citation.column) && $0.work == nil && $0.yearCandidates.isEmpty && $0.citation.isDefinite
                }?.citation.text
                let finding = try numberFinding(number, in: line, sentence: sentence.text, clause: clause, works: works, attributed: attributed,
                                                namesakes: namesakes, unknownCitation: unknownCitation, inClause: number.column - sentence.range.lowerBound - clauseStart,
                                                citedAfter: places.first.map { $0.line > lineNumber || ($0.line == lineNumber && $0.citation.column > sentence.range.upperBound) } ?? true,
                                                file: page.name, line: lineNumber)
                clauses.append((finding, sentence.text + "\u{0}" + clause))
            }
            // Numbers the page ties together are credited to one claim that states them all,
            // then held to the arms they are written for, then to one claim (trial 5, item 2);
            // first, each number to the groups its clause names (item 5),
            // then to the groups it names in everyday words (trial 6, items 2 and 4).
            let grouped = heldToEverydayGroups(heldToNamedGroups(clauses))
            let credited = heldToOneClaim(pairedAcrossClaims(grouped), sentences: sentences, line: line, creditOnly: true)
            // Last, a comparative's groups named before its numbers ("Men … than women: 10.9%
            // against 9%") take the numbers in order (B7).
            let held = heldToOneClaim(heldToBaseArms(heldToArms(credited, sentences: sentences), sentences: sentences), sentences: sentences,
                                      line: line, creditOnly: false)
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

    // MARK: Citations

    /// A page's citations as its text gives them, before any is looked up in the KB.
    struct ReadCitations {
        /// Each line's citations, none yet with its work.
        var placed: [[Placed]]
        /// Per line, the columns that reference-list entries cover.
        var entrySpans: [[ClosedRange<Int>]]
        /// The lines that hold a reference-list entry.
        var entries: Set<Int>

        /// Per line, the columns whose numbers are no findings' numbers: URLs and DOIs,
        /// reference-list entries, and the digits of a superscript marker (an HTML page's
        /// `<sup>1</sup>`).
        func masks(of page: Page) -> [[ClosedRange<Int>]] {
            let superscripts = Dictionary(grouping: page.superscripts.filter { $0.start.line == $0.end.line }, by: \.start.line)
            return placed.indices.map { line in
                placed[line].filter { $0.citation.form == .url || $0.citation.form == .doi }.map(\.citation.span) + entrySpans[line]
                    + (superscripts[line] ?? []).filter { $0.start.column < $0.end.column }.map { $0.start.column...($0.end.column - 1) }
            }
        }
    }

    /// The page's citations, its reference-list entries and the columns they cover, read from
    /// its text alone (``placeCitations(_:page:)`` looks them up).
    static func readCitations(_ page: Page) -> ReadCitations {
        var placed: [[Placed]] = Array(repeating: [], count: page.lines.count)
        var spans: [[ClosedRange<Int>]] = Array(repeating: [], count: page.lines.count)
        var entries: Set<Int> = []  // lines that hold a reference-list entry
        // An HTML list's items, by the stretch their tags enclose (one line or several).
        var htmlEntries: [Int: [(start: Int, text: String)]] = [:]
        for entry in Self.htmlEntries(page) {
            let line = Array(page.lines[entry.start.line])
            let stop = entry.end.line == entry.start.line ? min(line.count, entry.end.column - 1) : line.count
            let text = String(repeating: " ", count: entry.start.column - 1) + String(line[(entry.start.column - 1)..<max(entry.start.column - 1, stop)])
            htmlEntries[entry.start.line, default: []].append((entry.start.column, text))
            for offset in entry.start.line...min(entry.end.line, page.lines.count - 1) {
                let from = offset == entry.start.line ? entry.start.column : 1
                let to = offset == entry.end.line ? entry.end.column - 1 : page.lines[offset].count
                if from <= to { spans[offset].append(from...to) }
            }
        }
        var inReferences = false
        for (offset, line) in page.lines.enumerated() {
            var citations = CitationReader.citations(in: line)
            if !spans[offset].isEmpty {
                // Inside an entry only its own identifiers are citations (not a title's "Barocas and Selbst (2016)").
                citations = citations.filter { citation in
                    citation.form == .url || citation.form == .doi || !spans[offset].contains { $0.contains(citation.column) }
                }
            }
            if let lineEntries = htmlEntries[offset] {
                citations = lineEntries.map { Self.referenceCitation($0.text, start: $0.start) } + citations
                entries.insert(offset)
            } else if page.blocks.isEmpty || spans[offset].isEmpty {
                if CitationReader.isReferenceHeading(line) { inReferences = true; placed[offset] = []; continue }
                // The list ends at the next heading: a page may go on after its sources.
                if inReferences, CitationReader.isHeading(line) || page.headings.contains(offset) { inReferences = false }
                if inReferences, let entry = CitationReader.referenceEntry(line) {
                    citations = [Self.referenceCitation(line, start: entry.start)] + citations.filter { $0.form == .url || $0.form == .doi }
                    entries.insert(offset)
                    spans[offset] = [1...max(1, line.count)]
                }
            }
            placed[offset] = citations.map { Placed(line: offset + 1, citation: $0, work: nil) }
        }
        return ReadCitations(placed: placed, entrySpans: spans, entries: entries)
    }

    /// Every citation `read` from the page, line by line, with the work it names. The page's own
    /// identifiers come first: DOIs and URLs (an index look-up each), then the reference list's
    /// entries (the work of the entry's DOI or URL, else its names and year); an author–year
    /// citation is then the page's reference-list work with those authors and year, as a reader
    /// follows it, and only a citation the page does not resolve is looked up in the KB by
    /// names. "(WEF 2025)" are the initials of an organisation the page cites elsewhere.
    mutating func placeCitations(_ read: ReadCitations, page: Page) throws -> [[Placed]] {
        var placed = read.placed
        let spans = read.entrySpans
        let entries = read.entries
        var pageWorks: [CitedWork] = []
        func note(_ work: CitedWork?) {
            if let work, !pageWorks.contains(where: { $0.id == work.id }) { pageWorks.append(work) }
        }
        for offset in placed.indices {
            for n in placed[offset].indices where placed[offset][n].citation.form == .doi || placed[offset][n].citation.form == .url {
                placed[offset][n].work = try resolve(placed[offset][n].citation)
                note(placed[offset][n].work)
            }
        }
        for offset in entries.sorted() {
            for n in placed[offset].indices where placed[offset][n].citation.form == .reference {
                // The entry's own DOI or URL (on a minified line, not the paragraph's or the next entry's).
                let span = spans[offset].first { $0.contains(placed[offset][n].citation.column) }
                let linked = placed[offset].lazy.filter { place in place.citation.form != .reference && span?.contains(place.citation.column) == true }
                    .compactMap(\.work).first
                placed[offset][n].work = try linked ?? resolve(placed[offset][n].citation)
                note(placed[offset][n].work)
            }
        }
        for offset in placed.indices {
            for n in placed[offset].indices where placed[offset][n].citation.form == .authorYear {
                let citation = placed[offset][n].citation
                let fitting = Self.fitting(citation, among: pageWorks)
                placed[offset][n].work = try fitting.first ?? resolve(citation)
                placed[offset][n].alternatives = Array(fitting.dropFirst())
                if fitting.isEmpty { try placeAmongNamesakes(&placed[offset][n]) }
                if placed[offset][n].work == nil, !citation.isUndated, placed[offset][n].heldSuffixes.isEmpty {
                    let near = try nearYearCandidates(citation)
                    if near.count > 1 { placed[offset][n].yearCandidates = near }
                }
                if placed[offset][n].work == nil, citation.isUndated, let name = citation.names.first {
                    // An undated work with neither authors nor title is cited by its id ("(neumark, n.d.)").
                    placed[offset][n].work = try index.work(slug: Slug.fold(name)).flatMap { $0.year == nil && $0.authors.isEmpty ? $0 : nil }
                }
            }
        }
        let found = pageWorks + placed.flatMap { $0.compactMap(\.work) }
        for offset in placed.indices {
            for n in placed[offset].indices where placed[offset][n].work == nil {
                placed[offset][n].work = Self.byInitials(placed[offset][n].citation, among: found)
            }
        }
        markNumbered(&placed, page: page, entries: entries)
        return placed
    }

    /// "[1]" in the text cites entry 1 of the page's numbered reference list: the marker is
    /// placed as a citation of that entry's work, so the numbers near it are held to it (trial
    /// 8, bug 8). A marker with no such entry, or a Markdown link ("[1](…)"), is none.
    ///
    /// On an HTML page the reference list's items are numbered in order, as `<ol>` shows them,
    /// and a superscript of digits (`<sup>1</sup>`, `<sup><a href="#ref1">1</a></sup>`) is a
    /// marker too (trial 13, item 6).
    func markNumbered(_ placed: inout [[Placed]], page: Page, entries: Set<Int>) {
        var numbered: [Int: CitedWork] = [:]
        for offset in entries.sorted() {
            guard let entry = CitationReader.referenceEntry(page.lines[offset]), entry.number > 0,
                  let work = placed[offset].first(where: { $0.citation.form == .reference })?.work else { continue }
            numbered[entry.number] = numbered[entry.number] ?? work
        }
        if page.kind == .html, numbered.isEmpty {
            for (index, entry) in Self.htmlEntries(page).enumerated() {
                let work = placed[entry.start.line].first { $0.citation.form == .reference && $0.citation.column == entry.start.column }?.work
                if let work { numbered[index + 1] = work }
            }
        }
        guard !numbered.isEmpty else { return }
        for superscript in page.superscripts where superscript.start.line == superscript.end.line && superscript.start.line < placed.count {
            let line = superscript.start.line
            let chars = Array(page.lines[line])
            var column = superscript.start.column
            // Each run of digits in it ("1", "1,3") marks an entry.
            while column < superscript.end.column, column <= chars.count {
                guard chars[column - 1].isASCIIDigit else { column += 1; continue }
                var end = column
                while end <= chars.count, end < superscript.end.column, chars[end - 1].isASCIIDigit { end += 1 }
                if let number = Int(String(chars[(column - 1)..<(end - 1)])), let work = numbered[number] {
                    let citation = Citation(form: .authorYear, column: column, text: String(number), isDefinite: true)
                    placed[line].append(Placed(line: line + 1, citation: citation, work: work))
                }
                column = end
            }
            placed[line].sort { $0.citation.column < $1.citation.column }
        }
        for offset in placed.indices where !entries.contains(offset) {
            let chars = Array(page.lines[offset])
            var i = 0
            var added = false
            while i < chars.count {
                guard chars[i] == "[" else { i += 1; continue }
                var j = i + 1
                while j < chars.count, chars[j].isASCIIDigit, j - i <= 3 { j += 1 }
                if j > i + 1, j < chars.count, chars[j] == "]", j + 1 >= chars.count || chars[j + 1] != "(",
                   let number = Int(String(chars[(i + 1)..<j])), let work = numbered[number] {
                    let citation = Citation(form: .authorYear, column: i + 1, text: String(chars[i...j]), isDefinite: true)
                    placed[offset].append(Placed(line: offset + 1, citation: citation, work: work))
                    added = true
                }
                i = j
            }
            if added { placed[offset].sort { $0.citation.column < $1.citation.column } }
        }
    }

    /// An HTML reference list's items (`<li>` after a heading that reads "References", up to the
    /// next heading) that read like references: each from its text's first character (the line
    /// after the `<li>` when the text starts there) to the tag that ends it. The tags' structure
    /// decides, not where lines break: minified HTML is one line.
    static func htmlEntries(_ page: Page) -> [(start: Page.Position, end: Page.Position)] {
        var out: [(start: Page.Position, end: Page.Position)] = []
        var inReferences = false
        for block in page.blocks {
            switch block.kind {
            case .heading:
                inReferences = CitationReader.isReferenceHeading(page.text(from: block.start, to: block.end))
            case .superscript:
                continue
            case .listItem:
                guard inReferences, let start = firstCharacter(of: page, from: block.start, before: block.end),
                      CitationReader.readsLikeReference(page.text(from: start, to: block.end)) else { continue }
                out.append((start, block.end))
            }
        }
        return out
    }

    /// The place of the first character other than white space from `start`, before `end`.
    static func firstCharacter(of page: Page, from start: Page.Position, before end: Page.Position) -> Page.Position? {
        var line = start.line
        var column = start.column
        while line < page.lines.count, line <= end.line {
            let chars = Array(page.lines[line])
            while column - 1 < chars.count {
                let place = Page.Position(line: line, column: column)
                guard place < end else { return nil }
                if !chars[column - 1].isWhitespace { return place }
                column += 1
            }
            line += 1
            column = 1
        }
        return nil
    }

    /// A reference entry's year in parentheses ("(2023)", "(2017b)"), compiled once a run.
    static let entryYear = try? NSRegularExpression(pattern: #"\(((?:19|20)\d{2})[a-z]?\)"#)
    /// A reference entry's volume and issue ("381(6654)").
    static let entryVolume = try? NSRegularExpression(pattern: #"(\d+)\((\d+)\)"#)

    /// A numbered reference entry as one citation: the names that open it and the first year in
    /// parentheses ("Noy & Zhang, Science 381(6654)ChatGPT: … (2023)").
    static func referenceCitation(_ line: String, start: Int) -> Citation {
        let text = line.dropFirst(start - 1).trimmingSpaces
        let column = line.count - line.dropFirst(start - 1).drop { $0 == " " }.count + 1
        var year: Int?
        if let regex = entryYear {
            let ns = text as NSString
            // APA's "Authors (Year). Title.": the first year in parentheses (a title may cite another).
            if let first = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
                year = Int(ns.substring(with: first.range(at: 1)))
            }
        }
        var volume: String?
        var issue: String?
        if let regex = entryVolume,
           let match = regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) {
            volume = (text as NSString).substring(with: match.range(at: 1))
            issue = (text as NSString).substring(with: match.range(at: 2))
        }
        let head = String(text.prefix(80))
        let names = CitationReader.splitNames(head)
        return Citation(form: .reference, column: column, text: text, names: names, year: year,
                        volume: volume, issue: issue, isDefinite: !names.isEmpty)
    }

    mutating func resolve(_ citation: Citation) throws -> CitedWork? {
        let key = "\(citation.form)|\(citation.doi ?? "")|\(citation.url ?? "")|\(citation.names)|\(citation.year ?? 0)|\(citation.volume ?? "")"
        if let known = resolved[key] { return known }
        var work: CitedWork?
        if let doi = citation.doi { work = try index.work(doi: doi) }
        if work == nil, let url = citation.url { work = try index.work(url: url) }
        if work == nil, !citation.names.isEmpty { work = try byNames(citation) }
        if work == nil, !citation.names.isEmpty { work = try nearYear(citation) }
        resolved[key] = work
        return work
    }

    /// How far a citation's year may be from the work's for the citation to be that work with
    /// its year wrong (a year mistyped or a preprint's year), not a work the KB lacks.
    static let yearSlack = 5

    /// The work a citation names with the right authors and the wrong year ("Noy and Zhang
    /// (2021)" for their 2023 work): the citation names the work's author list as its form
    /// implies — every author for "A & B" or "A (2021)" (the count equal), the first author
    /// first and three or more (or the only one the KB holds) for "A et al.", and for a reference-list entry every author or
    /// the title — the year is the nearest within ``yearSlack``, and no other work is as near.
    /// The finding is then a mismatch naming that work, not an unknown citation. One shared
    /// author is not enough: "Noy, S. (2021). A different paper…" is another work by a namesake
    /// or a co-author, which the KB does not hold.
    func nearYear(_ citation: Citation) throws -> CitedWork? {
        let near = try nearYearCandidates(citation)
        return near.count == 1 ? near[0] : nil
    }

    /// The works ``nearYear(_:)`` weighs that lie nearest the citation's year (several when
    /// they are as near on both sides of it), in year order.
    func nearYearCandidates(_ citation: Citation) throws -> [CitedWork] {
        guard let year = citation.year, !citation.isUndated, citation.isDefinite else { return [] }
        let keys = Self.nameKeys(citation)
        guard !keys.isEmpty else { return [] }
        let persons = Set(citation.names.filter { !$0.contains(" ") })
        let etAl = citation.text.contains("et al")
        let years = (year - Self.yearSlack)...(year + Self.yearSlack)
        let fitting = try index.works(nameKeys: Array(keys.keys).sorted(), years: years).filter { candidate in
            guard let held = candidate.work.year, abs(held - year) <= Self.yearSlack,
                  Self.best([candidate], keys: keys, for: citation) != nil else { return false }
            let work = candidate.work
            if citation.form == .reference { return Self.entry(citation, names: work, matched: candidate.matched) }
            let names = Set(candidate.matched.compactMap { keys[$0] })
            guard !persons.isEmpty, persons.isSubset(of: names) else { return false }
            if etAl {
                guard let first = citation.names.first, let firstAuthor = work.authors.first else { return false }
                // Three authors or more; or one, when the KB holds only the first author of a
                // register's label ("Saeed et al. (2019)": a work with no title, known by its
                // row alone), as the citation with the right year resolves to it too. A titled
                // work with one author is that author's own paper: "Yemane et al. (2021)" would
                // be a namesake's (review 9, m3).
                let isLabel = work.authors.count == 1 && work.title == nil
                return (work.authors.count >= 3 || isLabel) && Slug.fold(first) == Slug.fold(firstAuthor)
            }
            return work.authors.count == persons.count
        }
        let distance = { (work: CitedWork) in abs((work.year ?? year) - year) }
        guard let nearest = fitting.map(\.work).min(by: { distance($0) < distance($1) }) else { return [] }
        var seen = Set<Int64>()
        return fitting.map(\.work).filter { distance($0) == distance(nearest) && seen.insert($0.id).inserted }
            .sorted { ($0.year ?? 0, $0.id) < ($1.year ?? 0, $1.id) }
    }

    /// Whether a reference entry's text holds the work's title (folded, its first 40 characters
    /// at least 12 long: a subtitle or a trailing period may differ).
    static func entry(_ text: String, holdsTitleOf work: CitedWork) -> Bool {
        guard let title = work.title else { return false }
        let head = String(Slug.fold(title).prefix(40))
        return head.count >= 12 && PlainText.offset(of: head, in: Slug.fold(text)) != nil
    }

    /// The work whose authors the citation names, looked up in the KB by name keys.
    func byNames(_ citation: Citation) throws -> CitedWork? {
        let keys = Self.nameKeys(citation)
        guard !keys.isEmpty else { return nil }
        var found = try index.works(nameKeys: Array(keys.keys).sorted(), year: citation.year, undated: citation.isUndated)
        if citation.form == .reference {
            // An entry lists the work's authors and title: one shared author is another work.
            found = found.filter { Self.entry(citation, names: $0.work, matched: $0.matched) }
        }
        return Self.best(found, keys: keys, for: citation)
    }

    /// Whether a reference entry names the work: every author of it, or its title.
    static func entry(_ citation: Citation, names work: CitedWork, matched: Set<String>) -> Bool {
        (!work.nameKeys.isEmpty && work.nameKeys.isSubset(of: matched)) || entry(citation.text, holdsTitleOf: work)
    }

    /// The work among `works` (the page's own) whose authors and year the citation names.
    static func byNames(_ citation: Citation, among works: [CitedWork]) -> CitedWork? {
        let keys = nameKeys(citation)
        guard !keys.isEmpty else { return nil }
        let found = works.compactMap { work -> (work: CitedWork, matched: Set<String>)? in
            guard citation.isUndated ? work.year == nil : citation.year == nil || work.year == citation.year else { return nil }
            let matched = work.nameKeys.intersection(keys.keys)
            return matched.isEmpty ? nil : (work, matched)
        }
        return best(found, keys: keys, for: citation)
    }

    /// The works among `works` the citation fits, the best first, then those it fits as well
    /// (the same names matched and the same author count), which only a year suffix would tell apart.
    static func fitting(_ citation: Citation, among works: [CitedWork]) -> [CitedWork] {
        let keys = nameKeys(citation)
        guard !keys.isEmpty else { return [] }
        let found = works.compactMap { work -> (work: CitedWork, matched: Set<String>)? in
            guard citation.isUndated ? work.year == nil : citation.year == nil || work.year == citation.year else { return nil }
            let matched = work.nameKeys.intersection(keys.keys)
            return matched.isEmpty ? nil : (work, matched)
        }
        guard let best = best(found, keys: keys, for: citation),
              let bestMatched = found.first(where: { $0.work.id == best.id })?.matched.count else { return [] }
        let others = found.filter { candidate in
            candidate.work.id != best.id && candidate.work.authors.count == best.authors.count && candidate.matched.count == bestMatched
                && Self.best([candidate], keys: keys, for: citation) != nil
        }
        return [best] + others.map(\.work)
    }

    /// The folded keys a citation's names give (each capitalised run of one to five words),
    /// each with the name it came from.
    static func nameKeys(_ citation: Citation) -> [String: String] {
        var keys: [String: String] = [:]
        for name in citation.names {
            let words = name.split(separator: " ").map(String.init).prefix(10)
            for length in 1...max(1, min(5, words.count)) {
                for start in 0...(words.count - length) {
                    let run = words[start..<(start + length)]
                    // A family name may open with its particle: "von Wachter", "van der Berg" (trial 16, M9).
                    let particled = run.count >= 2 && Self.nameParticles.contains(run[run.startIndex]) && run.last?.first?.isUppercase == true
                    guard run.first?.first?.isUppercase == true || particled || citation.isUndated else { continue }
                    let key = Slug.fold(run.joined(separator: " "))
                    if !key.isEmpty, Int(key) == nil { keys[key] = name }
                }
            }
        }
        return keys
    }

    /// The lowercase particles that may open a family name ("von Wachter", "de la Rica").
    static let nameParticles: Set<String> = ["von", "van", "de", "der", "den", "du", "da", "di", "la", "le", "del", "della", "ten", "ter", "zu", "dos", "das", "af"]

    /// Of the works with an author the citation names, the one it means: every person named must
    /// be an author (two of them for "A & B"); an organisation is matched by the longest run of
    /// its words; then the volume the citation gives, then the first stored.
    static func best(_ found: [(work: CitedWork, matched: Set<String>)], keys: [String: String], for citation: Citation) -> CitedWork? {
        let best = found.compactMap { candidate in rank(candidate.work, matched: candidate.matched, keys: keys, for: citation).map { (work: candidate.work, rank: $0) } }
            .max { ($0.rank.0, $0.rank.1, $0.rank.2, $0.rank.3, -$0.work.id) < ($1.rank.0, $1.rank.1, $1.rank.2, $1.rank.3, -$1.work.id) }
        return best?.work
    }

    /// The work of an organisation whose initials the citation gives ("WEF (2025)"). An article
    /// opening the sentence before them ("The WEF (2025) also forecasts …") is no part of the
    /// name (trial 12, B1).
    static func byInitials(_ citation: Citation, among works: [CitedWork]) -> CitedWork? {
        guard citation.names.count == 1, var name = citation.names.first else { return nil }
        for article in ["The ", "A ", "An "] where name.hasPrefix(article) { name = String(name.dropFirst(article.count)) }
        guard name.count >= 2, name.allSatisfy(\.isUppercase) else { return nil }
        return works.first { work in
            (citation.year == nil || work.year == citation.year) && work.authors.contains { author in
                String(author.split(separator: " ").compactMap { $0.first }.filter(\.isUppercase)) == name
            }
        }
    }

    /// The finding of a citation in `sentence` (the sentence it stands in).
    func citationFinding(_ place: Placed, file: String, sentence: String) -> CheckFinding? {
        let citation = place.citation
        guard let work = place.work else {
            guard citation.isDefinite else { return nil }
            if !place.yearCandidates.isEmpty, let year = citation.year {
                let named = place.yearCandidates.map { "\($0.slug) (\($0.year.map(String.init) ?? "n.d."))" }.joined(separator: " and ")
                return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                    expected: place.yearCandidates.compactMap { $0.year.map(String.init) }.joined(separator: " or "),
                                    message: "year mismatch: the KB's works by these authors are \(named), not \(year); "
                                        + "the page does not say which it means", sentence: sentence)
            }
            let suffixes = place.heldSuffixes.isEmpty ? "" : "; the KB's works of \(citation.names.first ?? "these authors") "
                + "\(citation.year.map(String.init) ?? "") take the year suffixes \(place.heldSuffixes.joined(separator: ", "))"
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .unknownCitation, subject: .citation,
                                text: citation.text, message: "the KB holds no work for this citation" + suffixes, sentence: sentence)
        }
        // A reference entry by the work's authors that holds neither its title nor its year and
        // volume is another paper of theirs, which the KB does not hold (trial 8, bug 8): not a
        // wrong volume or year of this one.
        if citation.form == .reference, work.title != nil, !Self.entry(citation.text, holdsTitleOf: work),
           citation.year.map({ $0 != work.year }) ?? false || (citation.volume != nil && work.volume != nil && citation.volume != work.volume) {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .unknownCitation, subject: .citation, text: citation.text,
                                message: "the KB holds no work for this entry; \(work.slug) by these authors has another title, year or volume",
                                sentence: sentence)
        }
        if let volume = citation.volume, let held = work.volume, volume != held || (citation.issue != nil && work.issue != nil && citation.issue != work.issue) {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                source: work.slug, expected: "\(held)(\(work.issue ?? ""))",
                                message: "\(work.slug) is volume \(held)(\(work.issue ?? "")), not \(volume)(\(citation.issue ?? ""))", sentence: sentence)
        }
        if let year = citation.year, let held = work.year, year != held {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                source: work.slug, expected: String(held),
                                message: "year mismatch: the KB's \(work.slug) by these authors is from \(held), not \(year)", sentence: sentence)
        }
        if work.isRetracted {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .weak, subject: .citation, text: citation.text,
                                source: work.slug, message: "\(work.slug) is retracted", sentence: sentence)
        }
        // "Zhang (2023)" of Noy and Zhang's work: a citation whose first name is another
        // author of the work than its first (trial 13, item 11).
        if let authors = Self.authorNote(citation, work), authors.wrongFirst {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                source: work.slug, expected: authors.written, message: "author mismatch: \(work.slug) is by \(authors.written), "
                                    + "and its first author is \(work.authors[0]); the citation names \(citation.names[0]) first", sentence: sentence)
        }
        // "Kline, Rose and Walker (2022)" of Kline, Rose and Walters (trial 16, B4).
        if let coauthors = Self.coauthorNote(citation, work) {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                source: work.slug, expected: Self.listed(work.authors), message: "author mismatch: " + coauthors, sentence: sentence)
        }
        // "Drydakis et al. (2017)" when the KB holds two such works (trial 10, B3).
        let cites = place.isAmbiguous ? ([work] + place.alternatives).map(\.slug).joined(separator: " or ")
            + " (the same authors and year; no year suffix says which)" : work.slug
        let note = Self.authorNote(citation, work).flatMap(\.note).map { "; \($0)" } ?? ""
        return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .supported, subject: .citation, text: citation.text,
                            source: work.slug, message: "cites \(cites)" + note, sentence: sentence)
    }

    /// How an author–year citation names a work of two or more authors: whether its first name
    /// is another author's than the first (`wrongFirst`), and a note when it names them as APA
    /// does not ("Noy et al." for two authors; "Noy (2023)" alone for Noy and Zhang); nil for
    /// any other citation, or one that names the work as APA does.
    static func authorNote(_ citation: Citation, _ work: CitedWork) -> (wrongFirst: Bool, note: String?, written: String)? {
        guard citation.form == .authorYear, !citation.isUndated, work.authors.count >= 2, let first = citation.names.first else { return nil }
        let key = { (name: String) in Self.folded(name) }
        let authors = work.authors.map(key)
        let written = work.authors.count == 2 ? "\(work.authors[0]) and \(work.authors[1])" : "\(work.authors[0]) et al."
        guard key(first) != authors[0] else {
            let etAl = citation.text.contains("et al")
            let second = citation.names.count > 1 && authors.contains(key(citation.names[1]))
            if work.authors.count == 2, etAl { return (false, "a work of two authors is cited with both names (\(written))", written) }
            if work.authors.count >= 2, !etAl, !second {
                return (false, "\(work.slug) has \(work.authors.count) authors: cite it as \(written)", written)
            }
            return nil
        }
        return authors.contains(key(first)) ? (true, nil, written) : nil
    }

    /// What is wrong with the co-authors an author–year citation writes out in full (no "et
    /// al."), its first author being the work's: a name that is no author of the work, the
    /// authors in another order than the work's, or authors left out; nil when they are right.
    static func coauthorNote(_ citation: Citation, _ work: CitedWork) -> String? {
        // "(2023, Noy & Zhang, Science 381(6654))": the name before a volume is the journal's.
        let names = citation.volume == nil ? citation.names : Array(citation.names.dropLast())
        guard citation.form == .authorYear, !citation.isUndated, !citation.text.contains("et al"), work.authors.count >= 2,
              names.count >= 2 else { return nil }
        func same(_ written: String, _ author: String) -> Bool {
            let (a, b) = (Slug.fold(written), Slug.fold(author))
            return a == b || a.split(separator: "-").last == b.split(separator: "-").last
        }
        let positions = names.map { name in work.authors.firstIndex { same(name, $0) } }
        guard positions.first.map({ $0 == 0 }) == true else { return nil }
        let strangers = zip(names, positions).filter { $0.1 == nil }.map(\.0)
        if !strangers.isEmpty {
            return "\(work.slug) is by \(listed(work.authors)); the citation names \(listed(strangers)), "
                + (strangers.count == 1 ? "who is not an author of it" : "who are not authors of it")
        }
        let found = positions.compactMap { $0 }
        if found != found.sorted() {
            return "\(work.slug) is by \(listed(work.authors)), in that order; the citation names \(listed(names))"
        }
        // "Kline and Walters (2022)" of three authors: a list written out without "et al." is the whole list.
        if names.count < work.authors.count {
            let left = work.authors.enumerated().filter { !found.contains($0.offset) }.map(\.element)
            return "\(work.slug) is by \(listed(work.authors)); the citation leaves out \(listed(left))"
        }
        return nil
    }

    /// "Kline, Rose and Walters".
    static func listed(_ names: [String]) -> String {
        names.count <= 2 ? names.joined(separator: " and ") : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }

    // MARK: Numbers

    /// The works of `places`, in order, each once.
    static func works(of places: [Placed]) -> [CitedWork] {
        var ordered: [CitedWork] = []
        for work in places.flatMap({ place in place.work.map { [$0] + place.alternatives } ?? place.yearCandidates }) where !ordered.contains(work) {
            ordered.append(work)
        }
        return ordered
    }

    /// The namesake works (``placeAmongNamesakes(_:)``) of the citation a number's works come
    /// from first — on its line or an earlier one (review 18, M1: "Drydakis et al. (2017) ran a
    /// test in the UK." then "… 12% less often." names no one of the two works); empty when
    /// that citation names one work.
    static func namesakes(of places: [Placed]) -> [CitedWork] {
        guard let first = places.first(where: { $0.work != nil || !$0.yearCandidates.isEmpty }), first.isAmbiguous,
              let work = first.work else { return [] }
        return [work] + first.alternatives
    }

    /// The citations a number at `column` may come from, nearest first (their works, each
    /// once: ``works(of:)``).
    static func candidatePlaces(for column: Int, sentence: ClosedRange<Int>, line: Int, placed: [[Placed]], lines: [String],
                                headings: Set<Int> = [], breaks: Set<Int> = [], nextCited: Int? = nil) -> [Placed] {
        var ordered: [Placed] = []
        func add(_ places: [Placed]) {
            for place in places where place.work != nil || !place.yearCandidates.isEmpty { ordered.append(place) }
        }
        let here = placed[line]
        add(here.filter { sentence.contains($0.citation.column) && $0.citation.column <= column }.reversed())
        add(here.filter { sentence.contains($0.citation.column) && $0.citation.column > column })
        add(here.filter { $0.citation.column < sentence.lowerBound }.reversed())
        // A sentence that cites a work the KB lacks is about that work, not a neighbour's.
        let citesHere = here.contains { sentence.contains($0.citation.column) && $0.citation.isDefinite }
        if ordered.isEmpty, !citesHere {
            add(here)
            // The next cited line the text runs on to, as a later citation of the same line: the
            // text wrapped anywhere gives the same candidates (review 19, M4).
            if ordered.isEmpty, let nextCited { add(placed[nextCited]) }
            // A card: the caption under the headline, else the line above. Across a blank
            // line only between a card's lines — a headline and a caption, neither a sentence
            // that ends with its stop: a paragraph's uncited sentence is not held to the next
            // paragraph's citation (trial 6, item 10); it is matched by its words.
            let blank = { (offset: Int) in lines[offset].isBlankLine }
            let isSentence = { (offset: Int) in lines[offset].trimmingSpaces.last.map { ".!?".contains($0) } ?? false }
            // An HTML block's end (``Page/breaks``) is crossed as a blank line is.
            func neighbour(_ range: [Int]) -> Int? {
                guard let found = range.first(where: { !blank($0) }) else { return nil }
                let crosses = range.first != found || breaks.contains(max(found, line))
                return crosses && (isSentence(line) || isSentence(found)) ? nil : found
            }
            // A table row is a record of its own: another row's citation is not its (para:9/12).
            // A heading's or a table row's citation does not reach down to the line below, as
            // ``ParagraphReach`` bounds a paragraph's: it is the block's, not the next line's.
            let isRow = { (offset: Int) in lines[offset].trimmingCharacters(in: .whitespaces).hasPrefix("|") }
            let isHeading = { (offset: Int) in headings.contains(offset) || lines[offset].trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            if let below = neighbour(Array(line + 1..<min(lines.count, line + 4))), !(isRow(line) && isRow(below)) { add(placed[below]) }
            if let above = neighbour(Array((max(0, line - 3)..<line).reversed())), !isRow(above), !isHeading(above),
               !WrappedParagraphs.standsAlone(lines[above].trimmingCharacters(in: .whitespaces)) { add(placed[above]) }
        }
        return ordered
    }

    /// Whether a sentence that cites nothing is followed, in its paragraph, by a sentence that
    /// opens with its own citation and gives its own numbers ("Elsewhere, productivity changed
    /// by +13.7%. Ivanova and Kim (1997) report 40% …"): that citation introduces its own
    /// sentence's finding, so the page does not attribute the sentence before to it. Such a
    /// work may still state the number (then it is credited), but a claim of it that says
    /// something else is no mismatch: the number is matched by its words, as an uncited one
    /// (the 10,000-word benchmark page: 59 such false mismatches). Decided by sentence, not by
    /// column or line (review 18, M3; trial 11, B3):
    /// - a citation opens its sentence when no number of its sentence stands before it ("As
    ///   Noy and Zhang (2023) show, …", "In a large trial, Noy and Zhang (2023) found …"):
    ///   the sentence's structure decides, not a list of lead-in words (review 19, M4);
    /// - a sentence that opens with a citation and gives no number ("Noy and Zhang (2023) ran
    ///   the experiment.") attributes the one before to it, as does "See X (2023)." or
    ///   "Source: X", and a citation ending a later sentence;
    /// - the next citation may be on a later line of the paragraph (the same text wrapped), and
    ///   its sentence is read across the lines it is wrapped over: the page re-wrapped reads the
    ///   same (``ParagraphReach/standing(at:line:in:)``);
    /// - a citation earlier in the paragraph (on its line or an earlier one) covers the sentence,
    ///   unless the next citation opens a sentence of its own numbers; a covering citation of a
    ///   work the KB lacks leaves it unattributed to any work the KB holds.
    static func citedOnlyLater(sentence: ClosedRange<Int>, line: Int, placed: [[Placed]], sentences: [ClosedRange<Int>], lines: [String],
                               reach: inout ParagraphReach) -> Bool {
        let here = placed[line]
        guard !here.contains(where: { $0.citation.column <= sentence.upperBound }) else { return false }
        // "Noy and Zhang (2023) ran a trial.\nChatGPT cut writing time by 90%. The WEF (2025)
        // forecasts …": the paragraph's earlier citation covers it (``paragraphCited``).
        guard paragraphCited(sentence: sentence, line: line, placed: placed, reach: reach) == nil else { return false }
        // The next citation: later on the line, else on a later line of the paragraph (its
        // lead and own numbers read once a page, ``ParagraphReach``).
        let next: Placed
        let lead: Lead
        let ownNumbers: Bool
        if let found = here.filter({ $0.citation.column > sentence.upperBound }).min(by: { $0.citation.column < $1.citation.column }) {
            guard let standing = reach.standing(at: found.citation.column, line: line, in: lines) else { return false }
            (next, lead, ownNumbers) = (found, standing.lead, standing.ownNumbers)
        } else if let below = reach.nextCitedLine[line], let found = placed[below].min(by: { $0.citation.column < $1.citation.column }) {
            guard let opening = reach.opening(of: below, in: lines, placed: placed) else { return false }
            (next, lead, ownNumbers) = (found, opening.lead, opening.ownNumbers)
        } else {
            return false
        }
        if lead == .opens, ownNumbers { return true }
        // The citation that covers the sentence names a work the KB lacks: that is what the page
        // attributes it to, not a work cited elsewhere.
        return lead != .refers && next.work == nil && next.yearCandidates.isEmpty
    }

    /// The earlier line whose citation covers a sentence whose line cites nothing at or before
    /// it (``ParagraphReach/coveringLine``: the same paragraph, written on, bounded by the first
    /// uncited sentence and by lists, tables and headings): its number is then held to that
    /// citation's works first. Nil when none does.
    static func paragraphCited(sentence: ClosedRange<Int>, line: Int, placed: [[Placed]], reach: ParagraphReach) -> Int? {
        guard !placed[line].contains(where: { $0.citation.column <= sentence.upperBound }) else { return nil }
        return reach.coveringLine[line]
    }

    /// How a citation stands in its sentence: as a pointer to what came before (`refers`: "See
    /// X (2023).", "Source: X"), before every number of its sentence (`opens`: it introduces
    /// the sentence's own findings, whatever words lead to it), or after one (`within`).
    enum Lead { case opens, refers, within }

    /// The words that make a citation point back at what came before.
    static let pointers: Set<String> = ["see", "cf", "source", "sources", "also"]

    /// The ``Lead`` of a citation whose sentence's text before it is `text` (read across a wrap),
    /// `numberBefore` telling whether a number of the sentence stands in it.
    static func lead(sentenceBefore text: String, numberBefore: Bool) -> Lead {
        if let first = text.split(whereSeparator: { !($0.isWordLetter || $0.isNumber) }).first, pointers.contains(first.lowercased()) { return .refers }
        return numberBefore ? .within : .opens
    }

    /// The ``Lead`` of a citation at `column` whose sentence starts at `start` on the same line
    /// (1-based columns).
    static func lead(before column: Int, in line: String, from start: Int) -> Lead {
        let c = Array(line)
        guard start >= 1, column - 1 <= c.count, start <= column else { return .within }
        let text = String(c[(start - 1)..<(column - 1)])
        return lead(sentenceBefore: text, numberBefore: NumberReader.numbers(in: line).contains { $0.column >= start && $0.column < column })
    }

    mutating func claims(of work: CitedWork) throws -> [EvidenceClaim] {
        if let known = claimsByWork[work.id] { return known }
        let claims = try index.claims(of: work.id)
        claimsByWork[work.id] = claims
        citedWorks[work.id] = work
        for claim in claims { claimBySlug[claim.slug] = claim }
        return claims
    }

    /// Whether a clause is about `own` rather than `stating` (the claim that states its number):
    /// its words that only `own` holds outnumber those that only `stating` holds by two, or
    /// `own` holds one of them and `stating` none ("92 million new roles created" is about the
    /// roles created, not the roles displaced that state 92 million). The words both hold
    /// ("forecasts", "million") tell nothing; a headline that mixes two findings' words ("26% of
    /// jobs face high GenAI transformation") stays with the claim that states its number.
    ///
    /// The evidence must be clear, as a right number called wrong is worse than a swap missed:
    /// a word counts for `own` only when `own` holds it as written or with an ending ("faces",
    /// "highest"), not by a shared opening alone, and `stating` holds it in no form. Two such
    /// words more than `stating` has of its own decide; one decides only when it names what
    /// `own` measures (its metric: "created" in "new roles created by 2030") and `stating` holds
    /// none of the clause's words alone. "Noy & Zhang show users produced output 40% faster"
    /// stays with the writing-time claim: "output" is only in the quality claim's statement.
    ///
    /// One word never outweighs another of the clause that `stating` holds in another form
    /// ("41% highly exposed": "exposed" is the skills claim's "exposure", "highly" only the
    /// postings claim's; trial 8, bug 10): a form is read by ``roughStem(_:)`` for this.
    mutating func isAbout(_ own: EvidenceClaim, rather stating: EvidenceClaim, _ words: [String]) -> Bool {
        let statingWords = Set(words.filter { held(by: stating, $0) })
        let ownOnly = Set(words.filter { held(by: own, $0, strictly: true) }).subtracting(statingWords)
        let statingOnly = statingWords.subtracting(words.filter { held(by: own, $0) }).count
        if ownOnly.count >= 2, ownOnly.count >= statingOnly + 2 { return true }
        guard ownOnly.count == 1, statingOnly == 0, let word = ownOnly.first else { return false }
        if words.contains(where: { $0 != word && !held(by: own, $0) && heldLoosely(by: stating, $0) }) { return false }
        let metric = Self.words(own.metric ?? "")
        return metric.contains { Self.sameStem($0, word, strictly: true) }
    }

    /// `attributed`: the page attributes the sentence to `works.first` (its own citation, an
    /// earlier one of its line, a card's caption), so a claim of it that says something else is
    /// a mismatch; false for a citation only a later sentence makes (``citedOnlyLater``).
    ///
    /// A range ("3.1–9.2%", "between 6.4% and 19.2%") is judged end by end: it is `supported`
    /// only when the KB states both ends, not when a value of the KB merely lies within it
    /// (trial 14, B3); a wrong end makes it what that end is.
    mutating func numberFinding(_ number: ProseNumber, in text: String, sentence: String, clause: String, works: [CitedWork], attributed: Bool = true,
                                namesakes: [CitedWork] = [], unknownCitation: String? = nil, inClause: Int? = nil, citedAfter: Bool = true,
                                file: String, line: Int) throws -> CheckFinding {
        guard number.upper != nil else {
            return try endFinding(number, in: text, sentence: sentence, clause: clause, works: works, attributed: attributed, namesakes: namesakes,
                                  unknownCitation: unknownCitation, inClause: inClause, citedAfter: citedAfter, file: file, line: line)
        }
        let judged = try Self.ends(of: number).map { end in
            try endFinding(end, in: text, sentence: sentence, clause: clause, works: works, attributed: attributed, namesakes: namesakes,
                           unknownCitation: unknownCitation, inClause: inClause.map { $0 + end.column - number.column }, citedAfter: citedAfter,
                           file: file, line: line)
        }
        // The worst end decides; its finding stands for the range, with the range's text.
        let rank: [CheckFinding.Verdict: Int] = [.mismatch: 0, .unsupported: 1, .weak: 2, .supported: 3]
        guard var out = judged.min(by: { rank[$0.verdict, default: 1] < rank[$1.verdict, default: 1] }) else {
            return CheckFinding(file: file, line: line, column: number.column, verdict: .unsupported, subject: .number, text: number.text,
                                message: "the range's ends could not be read", sentence: sentence, number: number)
        }
        if out.verdict == .supported {
            out.message = judged.map { "\($0.text): \($0.message)" }.joined(separator: "; ")
        } else if attributed, let work = works.first, let within = try oneClaimWithin(number, of: work) {
            // "cut writing time by between 30% and 50%" of a work whose one such claim states
            // −40%: an estimate's range around the KB's value (trial 12, B3). A range that gives
            // a claim's value as an end, or spans several claims' values, states a span, and
            // is held to both its ends (trial 14, B3).
            out.judge(.supported, by: within, expected: nil, supportedMessage(within, number))
            out.source = work.slug
        } else {
            out.message = "the range's end \(out.text): " + out.message
        }
        out.column = number.column
        out.text = number.text
        out.number = number
        return out
    }

    /// The one claim of `work` of the range's kind whose value lies strictly within it, when no
    /// claim of the work states either end; nil otherwise.
    mutating func oneClaimWithin(_ range: ProseNumber, of work: CitedWork) throws -> EvidenceClaim? {
        let claims = try claims(of: work).filter { NumberMatch.isSameKind($0, range) }
        let ends = Self.ends(of: range)
        guard !claims.contains(where: { claim in ends.contains { states(claim, $0, asSample: false, asBase: false) } }) else { return nil }
        let within = claims.filter { claim in
            guard let value = claim.signedValue, let upper = range.upper else { return false }
            let scaled = abs(value) * (range.kind == .count || range.kind == .money ? claim.scale : 1)
            let signOK = range.sign == .unstated || (range.sign == .minus) == (value < 0)
            return signOK && scaled > range.value * range.scale && scaled < upper * range.scale
        }
        return within.count == 1 ? within[0] : nil
    }

    /// A range's two ends as numbers of their own ("3.1–9.2%" → 3.1%, 9.2%), each at its column.
    static func ends(of range: ProseNumber) -> [ProseNumber] {
        guard let upper = range.upper else { return [range] }
        let parts = range.text.components(separatedBy: CharacterSet(charactersIn: "–—-")).flatMap { $0.components(separatedBy: " and ") }
            .flatMap { $0.components(separatedBy: " to ") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let unit = range.kind == .percent ? "%" : ""
        func end(_ value: Double, _ written: String?, at offset: Int) -> ProseNumber {
            var out = range
            out.value = value
            out.upper = nil
            out.text = written.map { $0.hasSuffix(unit) ? $0 : $0 + unit } ?? range.text
            out.column = range.column + offset
            return out
        }
        let lowText = parts.first
        let highText = parts.count > 1 ? parts.last : nil
        let highOffset = highText.flatMap { range.text.range(of: $0, options: .backwards) }.map { range.text.distance(from: range.text.startIndex, to: $0.lowerBound) } ?? 0
        return [end(range.value, lowText, at: 0), end(upper, highText, at: highOffset)]
    }

    mutating func endFinding(_ number: ProseNumber, in text: String, sentence: String, clause: String, works: [CitedWork], attributed: Bool = true,
                             namesakes: [CitedWork] = [], unknownCitation: String? = nil, inClause: Int? = nil, citedAfter: Bool = true,
                             file: String, line: Int) throws -> CheckFinding {
        func finding(_ verdict: CheckFinding.Verdict, claim: EvidenceClaim? = nil, source: CitedWork? = nil, expected: String? = nil,
                     heldAs: CheckFinding.HeldAs? = nil, _ message: String) -> CheckFinding {
            var out = CheckFinding(file: file, line: line, column: number.column, verdict: verdict, subject: .number, text: number.text, claim: claim?.slug,
                                   grade: claim?.grade, source: source?.slug, expected: expected, message: message, sentence: sentence, number: number)
            out.heldAs = heldAs
            return out
        }
        let context = Context(clause: clause, sentence: sentence)
        // A count equal to a study's n is that n only when the page writes it as a sample's
        // size ("8002 applications", "a sample of 8002"); "received 8002 callbacks" is not.
        let lineCharacters = characters(of: text)
        let asSample = number.kind != .count || Self.countsSample(number, characters: lineCharacters)
        let asBase = Self.writtenAsBase(number, characters: lineCharacters)
        // "sent 1745 applications": a sample's size is stated only as a sample's size or a base
        // ("from 7184 applications"), not by a callback count the claim writes (trial 8, bug 3).
        let sampleWritten = number.kind == .count && Self.countsSample(number, characters: lineCharacters)
        for work in works {
            let claims = try claims(of: work)
            let stating = claims.filter { states($0, number, asSample: asSample, asBase: asBase, sampleOnly: sampleWritten) }
            let matching = stating.filter { !Self.countsOtherThings($0, number, in: text) }
            // "surveyed 2,900 workers" where the work's 2,900 are skills (trial 12, B6).
            if matching.isEmpty, let other = best(stating, in: context) {
                return finding(.unsupported, claim: other, source: work, "\(number.text) is what \(other.slug) states, but of "
                                   + "\(Self.countedNoun(other, number)), not of the \(Self.writtenNoun(number, in: text)) the page counts")
            }
            guard let claim = best(matching, in: context) else { continue }
            // The number is this claim's; but a clause about another claim of the same work,
            // which states a different number of its kind, gives that claim's number the wrong
            // figure (two findings' numbers swapped).
            let stated = Set(matching.map(\.id))
            let others = claims.filter { !stated.contains($0.id) && NumberMatch.isSameKind($0, number) }
            let weakness = Self.weakness(claim, work)
            // A weak claim's number is still held to what the sentence is about: `weak` must
            // not hide a number of another claim (trial 6, item 5), so its whole sentence counts.
            if let own = best(others, in: context),
               isAbout(own, rather: claim, context.clauseWords) || (weakness != nil && isAbout(own, rather: claim, context.sentenceWords)) {
                let expected = NumberMatch.describe(own, as: number)
                return finding(.mismatch, claim: own, source: work, expected: expected,
                               "the sentence is about \(own.slug), which states \(expected); \(number.text) is what \(claim.slug) states"
                                   + (claim.metric.map { " (\($0))" } ?? "") + (Self.weakness(own, work).map { "; also, \($0)" } ?? ""))
            }
            // A clause that writes another group's quoted label, not the claim's own: "white
            // female applicants at 22.7%" when 22.7% is the 'black female' rate (trial 8, bug 2).
            // When that group's claim states the number too, it is that claim's (a later pass
            // credits it).
            if let other = otherGroupNamed(claim, among: claims, clause: clause, number: number.text, at: inClause), !states(other, number, asSample: asSample, asBase: asBase) {
                if NumberMatch.isSameKind(other, number) {
                    let expected = NumberMatch.describe(other, as: number)
                    return finding(.mismatch, claim: other, source: work, expected: expected,
                                   "the clause names the group of \(other.slug), which states \(expected); \(number.text) is what \(claim.slug) states")
                }
                return finding(.unsupported, claim: claim, source: work, "\(number.text) is what \(claim.slug) states, but the clause names the group of \(other.slug)")
            }
            // A country the page names that the claim is not about (trial 6, P:11).
            if let conflict = placeConflict(claim, sentence: sentence) {
                return finding(.unsupported, claim: claim, source: work, heldAs: .place, Self.placeMessage(claim, number, conflict))
            }
            if let weakness { return finding(.weak, claim: claim, source: work, weakness) }
            return finding(.supported, claim: claim, source: work, supportedMessage(claim, number))
        }
        // A citation that fits several works of the same authors and year ("Drydakis et al.
        // (2017)") does not say which the number is from: none of them stating it is no
        // mismatch against one, and no work is named, so `--emit-claims` makes no claim of it
        // (``CheckFinding/HeldAs/namesakes``) — unless only one of them states numbers of its
        // kind (a register's ratio, the other's rates: "Lahey (2008) … 0.9" is held to the
        // 0.706 ratio).
        var attributedTo = works.first
        if attributed, namesakes.count > 1 {
            var holding: [CitedWork] = []
            for work in namesakes where try claims(of: work).contains(where: { NumberMatch.isSameKind($0, number) }) { holding.append(work) }
            guard holding.count == 1 else {
                let names = namesakes.prefix(3).map(\.slug).joined(separator: " or ")
                return finding(.unsupported, heldAs: .namesakes,
                               "no claim of \(names) states \(number.text); the citation fits each of them, and gives no year suffix to tell which")
            }
            attributedTo = holding[0]
        }
        // The nearest work is what the page attributes the number to: a claim of it of the same
        // kind that says something else is a mismatch.
        if attributed, let work = attributedTo {
            let claims = try claims(of: work)
            // "a sample of 45 of the 453 professionals": a part of the study's n, not its n (review 19, M2).
            if let whole = Self.wholeOfSample(number, in: text) {
                return finding(.unsupported, source: work, "\(number.text) is a part of the \(whole) the page writes it with (a subsample), "
                    + "not a study's n; no claim of \(work.slug) states it")
            }
            // Of the claims of the number's kind, those about a group the clause names ("0.95 for
            // older applicants": the age comparison, not the gender one; trial 13, item 7).
            let sameKind = claimsAbout(groupsOf: clause, among: claims.filter { NumberMatch.isSameKind($0, number) })
            // The cited authors' names are no topic: "Kroft … (2013) found that 9.1% of the
            // employers answered" is not about the claims whose statements name study 'kroft'.
            let topical = context.without(Set(work.authors.flatMap { Self.words($0) }))
            if let claim = best(sameKind, in: topical, atLeast: 1) {
                // Words every such claim holds ("applicants", "callbacks") do not say which one the
                // page gives a wrong figure for: the number is none of theirs, and no claim is
                // named (trial 13, item 7: "0.95" was held to the gender comparison of a work
                // that compares ages too).
                // (A number one of them states with the other sign is judged below, by its sign.)
                if sameKind.count > 1, !names(claim, among: sameKind, topical.sentenceWords),
                   !sameKind.contains(where: { states($0, Self.unsigned(number), asSample: asSample) }) {
                    let listed = sameKind.prefix(4).map { "\(NumberMatch.describe($0, as: number)) (\($0.slug))" }
                    return finding(.mismatch, source: work, expected: listed.joined(separator: " or "), "no claim of \(work.slug) states \(number.text); "
                        + "its \(sameKind.count) claims of this kind state " + listed.joined(separator: ", ") + (sameKind.count > 4 ? ", …" : "")
                        + ", and the sentence does not say which it means")
                }
                let expected = NumberMatch.describe(claim, as: number)
                let signOnly = states(claim, Self.unsigned(number), asSample: asSample)
                    || (number.kind == .ratio && number.sign == .unstated && (claim.value ?? 0) < 0
                        && NumberMatch.equal(-(claim.value ?? 0), number.value, decimals: number.decimals))
                // A direction only implied, or not read at all, is not enough for an error: the
                // right number may be meant (review 14, M1, m3).
                if signOnly, number.isDirectionUnread {
                    return finding(.unsupported, claim: claim, source: work, expected: expected, heldAs: .direction,
                                   "no word says which way \(number.text) goes; \(claim.slug) states \(expected)")
                }
                if signOnly, number.isSignLoose {
                    return finding(.unsupported, claim: claim, source: work, expected: expected, heldAs: .direction,
                                   "the sentence's direction for \(number.text) is only implied, and is the opposite of \(claim.slug)'s (\(expected))")
                }
                // A sign is the claim's only when the sentence writes a word of it that not every
                // claim of the work holds: "ChatGPT expanded the sample of writers by 40%" is not
                // about writing time, whatever its digits (review 18, m6).
                if signOnly, !names(claim, among: claims, context.sentenceWords) {
                    return finding(.unsupported, claim: claim, source: work, expected: expected, heldAs: .direction,
                                   "\(number.text) is \(claim.slug)'s value with the opposite sign, but the sentence writes nothing that only it is about")
                }
                // The claim's value with its sign, "+" too, as the page's is the opposite (trial 8, bug 11).
                let signed = number.kind == .ratio || expected.hasPrefix("-") ? expected : "+" + expected
                var why = signOnly ? "the page's sign is the opposite of \(claim.slug)'s (\(signed))" : "\(claim.slug) states \(expected)"
                // Which claim states the number is read without the sign a word gives it, so a
                // swap keeps its hint ("170 million displaced" where 170 million is the roles
                // created; review 14, m4); the sign decides only the verdict.
                if !signOnly, number.saidDirection != nil,
                   let stating = claims.first(where: { $0.id != claim.id && states($0, Self.unsigned(number), asSample: asSample) }) {
                    why = "the sentence is about \(claim.slug), which states \(expected); \(number.text) is what \(stating.slug) states"
                        + (stating.metric.map { " (\($0))" } ?? "")
                }
                return finding(.mismatch, claim: claim, source: work, expected: expected, why + (Self.weakness(claim, work).map { "; also, \($0)" } ?? ""))
            }
            // "sent 8500 applications": a count of what a study sampled, held against its n —
            // when the work's studies agree on one n; else the page does not say which it means.
            // A sample however written ("n = 45", "we surveyed 45 managers") is held to it too,
            // when no word of the sentence points at one claim (B10).
            let sized = claims.filter { $0.studyN != nil }
            if number.kind == .sampleSize || (number.kind == .count && Self.countsSample(number, characters: lineCharacters)),
               let claim = best(sized, in: context, atLeast: 1) ?? (Set(sized.compactMap(\.studyN)).count == 1 ? sized.first : nil) {
                // "sent 4,870 résumés in total": the n of the work's groups summed (trial 13, item 10).
                if let total = Self.groupsTotal(claims, equal: number) {
                    return finding(.supported, claim: total.claim, source: work, "the n of \(total.count) groups of \(work.slug) summed "
                        + "(\(total.parts)) is \(number.text)")
                }
                let sizes = Set(claims.compactMap(\.studyN)).sorted()
                guard sizes.count == 1 else {
                    return finding(.unsupported, source: work, "no study of \(work.slug) has n = \(number.text); its studies have "
                        + sizes.map { "n = \($0)" }.joined(separator: ", ") + ", and the page does not say which it means")
                }
                let expected = "n = \(sizes[0])"
                return finding(.mismatch, claim: claim, source: work, expected: expected, "\(claim.slug)'s study has \(expected)")
            }
            // "received 1952 callbacks" when 1952 is the study's applications: the KB holds the
            // number as something else (a sample's size, a base), so the finding names that
            // claim, and `--emit-claims` does not make the page's reading a claim (trial 6, item 9).
            if let holder = claims.first(where: { states($0, number, asSample: true, asBase: true) }) {
                return finding(.unsupported, claim: holder, source: work, "no claim of \(work.slug) states \(number.text) as the page gives it; "
                    + "\(holder.slug) holds \(number.text) as its study's n or a base")
            }
            // "saw a 10.9% drop" when 10.9% is the group's callback rate: the KB holds the number
            // as a level, so the finding names that claim and `--emit-claims` does not certify
            // the page's change (review 12, M5). After the mismatch above: a claim the sentence
            // is about that says something else decides first (review 15, M2).
            if number.isChange, number.sign != .unstated || number.isDirectionUnread, let holder = claims.first(where: { Self.holdsAsLevel($0, number) }) {
                return finding(.unsupported, claim: holder, source: work, heldAs: .level, "no claim of \(work.slug) states \(number.text) as a change; "
                    + "\(holder.slug) holds it as a level, not a change")
            }
            return finding(.unsupported, source: work, "no claim of \(work.slug) states \(number.text)")
        }
        // Uncited: a claim that shares the sentence's words and states the number (as its text
        // writes it, which the audit's number-in-quote rule asks of every claim).
        let words = Self.words(sentence)
        var found = try claims(sharingWords: words, limit: 20)
        let rarest = try rarestWords(words)
        if let digits = Self.digitPhrase(number), !rarest.isEmpty {
            // Its digits with the most of the sentence's rarest words.
            found += try claims(sharingMost: [digits] + rarest.prefix(Self.commonTerms - 1), limit: 50)
        }
        found = found.filter { states($0, number, asSample: asSample, asBase: asBase, sampleOnly: sampleWritten) && !Self.countsOtherThings($0, number, in: text) }
        // A group's figure only for a sentence about that group.
        found = found.filter { namesGroup(of: $0, in: sentence) }
        // A claim of the place the page names, before one of another place.
        let placed = found.filter { placeConflict($0, sentence: sentence) == nil }
        if let claim = closest(placed, to: sentence, atLeast: 2) ?? closest(found, to: sentence, atLeast: 2) {
            // Known by slug, so the later passes hold its numbers to its own arms too: an uncited
            // "461 callbacks for women and 507 for men" is the swap it is cited (trial 15, B1).
            claimBySlug[claim.slug] = claim
            // Its work's other claims too, as a citation of the work would read them: the
            // groups' passes then know the work's other comparisons, whether or not a sentence
            // earlier on the page cited it (review 24, B1; trial 16, B2).
            if let id = claim.sourceID, claimsByWork[id] == nil, let work = try index.work(id: id) {
                _ = try claims(of: work)
            }
            if claim.sourceID == nil {
                return finding(.unsupported, claim: claim, "the KB holds this number only as an unsourced assertion (\(claim.slug))")
            }
            if let conflict = placeConflict(claim, sentence: sentence) {
                return finding(.unsupported, claim: claim, heldAs: .place, Self.placeMessage(claim, number, conflict) + "; the page cites no source for it")
            }
            if let weakness = Self.weakness(claim, nil) { return finding(.weak, claim: claim, weakness) }
            return finding(.supported, claim: claim, supportedMessage(claim, number) + "; the page cites no source for it")
        }
        if let work = works.first {
            // No `source`: the page does not attribute the sentence to it, so `--emit-claims`
            // must not either.
            // Where the work is cited, truly (review 15, m3): a later sentence's own citation, or
            // a line near it.
            return finding(.unsupported, "its sentence cites nothing; no claim of \(work.slug), cited \(citedAfter ? "after" : "before") it, "
                + "states \(number.text), and no claim that shares its words does")
        }
        // The nearest citation names a work the KB lacks: the page does cite it (trial 13).
        if let unknownCitation {
            return finding(.unsupported, "it cites \(unknownCitation), a work the KB lacks, and no claim that shares its words states it")
        }
        return finding(.unsupported, "no citation near it, and no claim that shares its words states it")
    }

    /// "a callback ratio of 0.85 with n = 653": one clause's value and sample size, each
    /// supported by a different claim of one work, pair numbers of two comparisons. The sample
    /// size is then a mismatch naming the n of the claim that states the value (only a sample
    /// size is held this way: two values of two claims may well share a clause).
    ///
    /// A number several claims write is credited to one of them, so the pairing holds only when
    /// no claim of the work with that n states one of the clause's other numbers: "38 callbacks from 324
    /// applications with n = 653" is Kleykamp's second comparison, which writes the control
    /// arm's "38 from 324" as the first does.
    mutating func pairedAcrossClaims(_ clauses: [(finding: CheckFinding, clause: String)]) -> [CheckFinding] {
        let sizes = clauses.filter { $0.finding.verdict == .supported && $0.finding.number?.kind == .sampleSize }
        guard !sizes.isEmpty, clauses.count > 1 else { return clauses.map(\.finding) }
        let bySlug = claimBySlug
        var out: [CheckFinding] = []
        for item in clauses {
            var finding = item.finding
            guard finding.verdict == .supported, finding.number?.kind == .sampleSize, let source = finding.source,
                  let own = finding.claim.flatMap({ bySlug[$0] }) else { out.append(finding); continue }
            let others = clauses.filter { other in
                other.clause == item.clause && other.finding.number?.kind != .sampleSize && other.finding.number != nil
            }
            // Any claim of the work whose study has this n — not only the one credited with
            // it — may be the comparison the clause writes (review 8, M1).
            let siblings = (own.sourceID.flatMap { claimsByWork[$0] } ?? [own]).filter { $0.studyN == own.studyN }
            let ownStatesOne = siblings.contains { sibling in
                others.contains { other in other.finding.number.map { states(sibling, $0) } ?? false }
            }
            let partner = others.first { other in
                other.finding.verdict == .supported && other.finding.source == source && other.finding.claim != own.slug
            }
            guard !ownStatesOne, let partner, let stating = partner.finding.claim.flatMap({ bySlug[$0] }),
                  let n = stating.studyN, n != own.studyN else { out.append(finding); continue }
            finding.judge(.mismatch, by: stating, expected: "n = \(n)",
                "\(partner.finding.text) is what \(stating.slug) states, whose study has n = \(n); "
                    + "\(finding.text) is the n of another comparison (\(own.slug))")
            out.append(finding)
        }
        return out
    }

    /// A pair of numbers one clause writes, both from one arm of a claim's statement
    /// (``ClaimArms``), and the arm the clause names.
    struct ArmPair {
        var segment: Int
        var claim: EvidenceClaim
        var arms: ClaimArms
        /// The findings' indices, each with the arm that writes its number.
        var members: [(index: Int, arm: Int)]
        var named: ClaimArms.Naming?
        /// The sentence, and the page column of its first character.
        var sentence: String
        var origin: Int
        /// One member and a base every arm writes ("734 callbacks from 2720" when both arms
        /// are of 2720 applications): the base is from no one group, so only a strong naming
        /// of another arm than the member's judges the pair (a mismatch).
        var sharedBase = false
    }

    /// Holds a pair of numbers that one clause writes to the arm of the claim it is written
    /// with: "older applicants got 180 callbacks from 3147 applications" when the claim gives
    /// 180 from 3147 to "'Age 35 or age 45' applicants". The clause names an arm with words
    /// only that arm's label holds ("age 50, 55 or 62", "Anglo-Saxon names"), with a bound
    /// ("under 50"), in a lead-in clause with no number ("For Anglo-Saxon names, …"), or — of
    /// a claim with two arms — by elimination, when another clause of the sentence names the
    /// other arm. Only the misreadings the KB can be sure of are mismatches, as a right number
    /// must never be one: members of another arm than one named strongly
    /// (``ClaimArms/Naming``) when no member is from it, and a count and its base from two
    /// arms ("196 callbacks from 3147"). Same-role numbers of two arms ("196 and 180", "196 vs.
    /// 180") are a comparison. A pair whose arm the page names weakly against it, or does not
    /// name in the KB's words ("older", "younger"), is `unsupported`, as the KB cannot tell
    /// whether the page gives the numbers to the right group. A single number, a claim's value
    /// and a study's n are not held this way.
    mutating func heldToArms(_ findings: [CheckFinding], sentences: [(text: String, range: ClosedRange<Int>)]) -> [CheckFinding] {
        var out = findings
        let candidates = out.indices.filter { out[$0].subject == .number && out[$0].verdict == .supported && out[$0].claim != nil }
        guard !candidates.isEmpty else { return out }
        for sentence in sentences {
            let segments = ClaimArms.segments(of: sentence.text).map { segment in
                (text: segment.text, columns: (sentence.range.lowerBound + segment.range.lowerBound)..<(sentence.range.lowerBound + segment.range.upperBound))
            }
            var pairs: [ArmPair] = []
            var unnamedAlone: [(claim: EvidenceClaim, arms: ClaimArms, member: (index: Int, arm: Int))] = []
            for (offset, segment) in segments.enumerated() {
                var byClaim: [String: [(index: Int, arm: Int)]] = [:]
                var order: [String] = []
                for index in candidates where segment.columns.contains(out[index].column) {
                    guard let slug = out[index].claim, let claim = claimBySlug[slug], let number = out[index].number,
                          !NumberMatch.statesAsValue(claim, number), let arms = arms(of: claim) else { continue }
                    let writing = arms.arms(writing: number)
                    guard writing.count == 1 else { continue }
                    if byClaim[slug] == nil { order.append(slug) }
                    byClaim[slug, default: []].append((index, writing[0]))
                }
                for slug in order {
                    guard let members = byClaim[slug], let claim = claimBySlug[slug], let arms = arms(of: claim) else { continue }
                    let sharedBase = members.count == 1 && Self.hasSharedBase(members[0].index, arms: arms, in: segment.columns, sentence: sentence.text,
                                                                        origin: sentence.range.lowerBound, out)
                    // One arm's count alone ("'Male gender' applicants got 1543 callbacks") is
                    // held to the group its clause names too (trial 8, bug 1).
                    let alone = members.count == 1 && out[members[0].index].number?.kind == .count
                    guard members.count >= 2 || sharedBase || alone else { continue }
                    let written = Set(members.compactMap { out[$0.index].number }.flatMap { ClaimArms.tokens($0.text) })
                    let read = ClaimArms.namingTokens(segment.text)
                    var named = arms.naming(of: segment.text, tokens: read.tokens.subtracting(written), bounds: read.bounds)
                    // "For Anglo-Saxon names, Kleykamp (2009) counted 38 …": the clause right
                    // before, when it writes no number, names the group the numbers are for.
                    if named == nil, offset > 0 {
                        let lead = segments[offset - 1]
                        if !out.contains(where: { $0.subject == .number && lead.columns.contains($0.column) }) {
                            let leadRead = ClaimArms.namingTokens(lead.text)
                            named = arms.naming(of: lead.text, tokens: leadRead.tokens, bounds: leadRead.bounds)
                        }
                    }
                    // "men got 291 …", "mothers 65 from 288": a group named in everyday words
                    // (``groupClasses``) names the arm whose label holds a word of its class —
                    // weakly, as they are not the KB's words (trial 6, item 2).
                    if named == nil {
                        let everyday = Self.everydayTokens(segment.text)
                        if !everyday.isEmpty, let found = arms.naming(of: segment.text, tokens: read.tokens.subtracting(written).union(everyday)) {
                            named = ClaimArms.Naming(arm: found.arm, strong: false)
                        }
                    }
                    // A count alone (or with a base every arm writes) is judged only against a
                    // group its clause names, or when the sentence gives another arm's numbers
                    // and names no group there either (below).
                    if sharedBase, named == nil { unnamedAlone.append((claim, arms, members[0])) }
                    if alone, !sharedBase, named == nil {
                        unnamedAlone.append((claim, arms, members[0]))
                        continue
                    }
                    pairs.append(ArmPair(segment: offset, claim: claim, arms: arms, members: members, named: named,
                                         sentence: sentence.text, origin: sentence.range.lowerBound, sharedBase: sharedBase))
                }
            }
            // One arm named by two clauses: a strong naming stands against weak ones; else
            // the naming is unreliable ("Black applicants …, compared with 38 from 324 for
            // white-sounding names").
            for p in pairs.indices {
                guard let arm = pairs[p].named?.arm else { continue }
                let same = pairs.indices.filter { pairs[$0].claim.id == pairs[p].claim.id && pairs[$0].named?.arm == arm }
                guard same.count > 1 else { continue }
                let strong = same.filter { pairs[$0].named?.strong == true }
                if strong.count != 1 || pairs[p].named?.strong != true { pairs[p].named = nil }
            }
            // Of two arms, a clause that names neither is the other of one its sentence names
            // (weakly: elimination alone makes no mismatch).
            let named = pairs
            for p in pairs.indices where pairs[p].named == nil && pairs[p].arms.arms.count == 2 {
                let others = named.filter { $0.claim.id == pairs[p].claim.id && $0.segment != pairs[p].segment && $0.named != nil }
                if others.count == 1, let other = others[0].named { pairs[p].named = ClaimArms.Naming(arm: 1 - other.arm, strong: false) }
            }
            for pair in pairs { Self.judge(pair, &out) }
            // "older applicants got 566 callbacks from 1836 applications, younger ones 222": a
            // count whose clause names no group (with or without a base every arm writes), in a
            // sentence that gives another arm of the claim its numbers and names no group there
            // either, may be swapped (review 18, M5); a count alone ("counted 734 callbacks from
            // 2720") is not judged.
            for alone in unnamedAlone {
                let otherArm = unnamedAlone.contains { $0.claim.id == alone.claim.id && $0.member.arm != alone.member.arm }
                    || pairs.contains { $0.claim.id == alone.claim.id && $0.named == nil && $0.members.contains { $0.arm != alone.member.arm } }
                guard otherArm, out[alone.member.index].verdict == .supported else { continue }
                let arm = alone.arms.arms[alone.member.arm]
                out[alone.member.index].verdict = .unsupported
                out[alone.member.index].message = "\(alone.claim.slug) writes \(out[alone.member.index].text) for "
                    + "\(arm.label.isEmpty ? "arm \(alone.member.arm + 1)" : arm.label); the page does not name that group in the KB's words, "
                    + "so the KB cannot tell whether it gives the numbers to the right one"
            }
        }
        return out
    }

    /// Whether the number of finding `member` is a count whose base, right after it in the
    /// clause ("734 callbacks from 2720"), every arm of the claim writes: a base of the same
    /// size in each arm, the usual design of a correspondence test.
    static func hasSharedBase(_ member: Int, arms: ClaimArms, in columns: Range<Int>, sentence: String, origin: Int, _ out: [CheckFinding]) -> Bool {
        guard let count = out[member].number else { return false }
        return out.indices.contains { index in
            guard index != member, out[index].subject == .number, columns.contains(out[index].column),
                  out[index].column > out[member].column, let base = out[index].number,
                  arms.arms(writing: base).count == arms.arms.count else { return false }
            return isCountAndBase(sentence, from: out[member].column - origin + count.text.count, to: out[index].column - origin)
        }
    }

    /// The verdicts of one ``ArmPair``'s numbers (see ``heldToArms(_:sentences:)``).
    static func judge(_ pair: ArmPair, _ out: inout [CheckFinding]) {
        let slug = pair.claim.slug
        func label(_ arm: Int) -> String { pair.arms.arms[arm].label.isEmpty ? "arm \(arm + 1)" : pair.arms.arms[arm].label }
        func written(_ arm: Int) -> String { pair.arms.arms[arm].numbers.map(\.text).joined(separator: " and ") }
        let texts = pair.members.map { out[$0.index].text }.joined(separator: " and ")
        let armsWritten = Set(pair.members.map(\.arm))
        func unsupported(_ arm: Int) {
            for member in pair.members {
                out[member.index].verdict = .unsupported
                out[member.index].message = "\(slug) writes \(texts) for \(label(arm)); the page does not name that group in the KB's words, "
                    + "so the KB cannot tell whether it gives the numbers to the right one"
            }
        }
        let against = pair.named.flatMap { armsWritten.contains($0.arm) ? nil : $0 }
        if pair.sharedBase, against?.strong != true {
            // A weak naming of the other arm ("male applicants got 291 callbacks from 2494"
            // when 291 is the female arm's): the KB cannot tell the page gives it to the right group.
            if against != nil, let arm = armsWritten.first { unsupported(arm) }
            return
        }
        if let named = against, !named.strong, armsWritten.count == 1, let arm = armsWritten.first {
            unsupported(arm)
        } else if let named = against, named.strong {
            for member in pair.members {
                out[member.index].verdict = .mismatch
                out[member.index].expected = written(named.arm)
                out[member.index].message = "\(slug) writes \(out[member.index].text) for \(label(member.arm)), not for \(label(named.arm)), "
                    + "for whom it writes \(written(named.arm))"
            }
        } else if armsWritten.count > 1 {
            // Where a member's number stands among its arm's numbers (a count first, its base next).
            func position(_ member: (index: Int, arm: Int)) -> Int? {
                guard let number = out[member.index].number else { return nil }
                return pair.arms.arms[member.arm].numbers.firstIndex { NumberMatch.writes([$0], number, level: true) }
            }
            // Only a count and its base from two arms ("196 callbacks from 3147"): numbers at
            // the same place in their arms ("196 and 180") are the page comparing the groups.
            let ordered = pair.members.sorted { out[$0.index].column < out[$1.index].column }
            for (a, b) in zip(ordered, ordered.dropFirst()) where a.arm != b.arm {
                guard let first = out[a.index].number, let second = out[b.index].number,
                      let at = pair.arms.arms[a.arm].numbers.firstIndex(where: { NumberMatch.writes([$0], first, level: true) }),
                      let bt = pair.arms.arms[b.arm].numbers.firstIndex(where: { NumberMatch.writes([$0], second, level: true) }),
                      at != bt, isCountAndBase(pair.sentence, from: out[a.index].column - pair.origin + first.text.count,
                                               to: out[b.index].column - pair.origin) else { continue }
                for member in [a, b] {
                    out[member.index].verdict = .mismatch
                    out[member.index].expected = written(member.arm)
                    out[member.index].message = "\(out[a.index].text) and \(out[b.index].text) come from different groups of \(slug): "
                        + "it writes \(out[member.index].text) for \(label(member.arm)), with \(written(member.arm))"
                }
            }
            // "sent 2004 applications with an LGB+ affiliation and got 518 callbacks" (B8): a
            // clause that names one arm and writes, with that arm's number, another arm's number
            // of another role (a base with a count) gives it to the named group: a mismatch
            // naming the group's own figure. Numbers of one role ("287 against 385") compare.
            if let named = pair.named, armsWritten.contains(named.arm) {
                let ownPositions = Set(pair.members.filter { $0.arm == named.arm }.compactMap(position))
                for member in pair.members where member.arm != named.arm && out[member.index].verdict == .supported {
                    guard let at = position(member), !ownPositions.contains(at) else { continue }
                    let figures = pair.arms.arms[named.arm].numbers
                    let expected = at < figures.count ? figures[at].text : written(named.arm)
                    out[member.index].verdict = .mismatch
                    out[member.index].expected = expected
                    out[member.index].message = "the clause gives \(out[member.index].text) to \(label(named.arm)) with "
                        + pair.members.filter { $0.arm == named.arm }.map { out[$0.index].text }.joined(separator: " and ")
                        + "; \(slug) writes \(out[member.index].text) for \(label(member.arm)), and \(expected) for \(label(named.arm))"
                }
            }
            // "childless women got 69 callbacks from 288 applications and mothers 65 from 288":
            // both groups in one clause, each number's own stretch (up to the "and" that joins
            // them) names a group; a number given to the other arm's group is not supported —
            // not a mismatch on its own, as the stretch is the page's grammar read loosely (trial 6,
            // item 2), but when each of two groups' numbers is given to the other (below).
            if pair.named == nil {
                var swapped: [(member: (index: Int, arm: Int), named: Int)] = []
                for member in pair.members where out[member.index].verdict == .supported {
                    guard let number = out[member.index].number else { continue }
                    // Under "respectively" each number's group is the one in its place (trial 14, B2).
                    let offset = out[member.index].column - pair.origin
                    let respective = respectiveClause(pair.sentence, numberAt: offset)
                    let stretch = respective != pair.sentence ? respective : clause(at: offset, in: pair.sentence)
                    guard let named = armNamed(in: stretch, of: pair.arms, besides: [number]), named.arm != member.arm else { continue }
                    out[member.index].verdict = .unsupported
                    out[member.index].message = "\(slug) writes \(out[member.index].text) for \(label(member.arm)), but the page's clause names "
                        + "\(label(named.arm)), so the KB cannot tell whether it gives the number to the right group"
                    swapped.append((member, named.arm))
                }
                // Two groups' counts each given to the other group, as the claim writes them ("mothers got 21
                // callbacks and childless women 10" for 10 and 21): the page swapped them, a mismatch of each
                // (trial 19, m2), where one number alone read loosely is not.
                let positions = swapped.compactMap { position($0.member) }
                if swapped.count == 2, swapped.count == pair.members.count, swapped[0].member.arm == swapped[1].named,
                   swapped[1].member.arm == swapped[0].named, positions.count == 2, positions[0] == positions[1] {
                    for swap in swapped {
                        let figures = pair.arms.arms[swap.named].numbers
                        let expected = positions[0] < figures.count ? figures[positions[0]].text : written(swap.named)
                        out[swap.member.index].verdict = .mismatch
                        out[swap.member.index].expected = expected
                        out[swap.member.index].message = "the page gives \(out[swap.member.index].text) to \(label(swap.named)) and the other "
                            + "group's figure to \(label(swap.member.arm)); \(slug) writes \(out[swap.member.index].text) for "
                            + "\(label(swap.member.arm)) and \(expected) for \(label(swap.named))"
                    }
                }
            }
        } else if pair.named == nil, let arm = armsWritten.first {
            unsupported(arm)
        }
    }

    /// Whether the page's words between a count and the next number make it that count's base:
    /// "196 callbacks from 3147", "196 callbacks came from 3147", "196 of 3147", "196 out of
    /// 3147" (at most two words, then "from", "of" or "out of"; as ``NumberReader/isPairedCount``).
    static func isCountAndBase(_ sentence: String, from start: Int, to end: Int) -> Bool {
        let c = Array(sentence)
        guard start >= 0, end <= c.count, start <= end else { return false }
        var words = String(c[start..<end]).lowercased().split(separator: " ").map(String.init)
        guard let last = words.popLast(), last == "from" || last == "of" else { return false }
        if last == "of", words.last == "out" { words.removeLast() }
        return words.count <= 2
    }

    /// The claim's arms, read once a page.
    mutating func arms(of claim: EvidenceClaim) -> ClaimArms? {
        if let known = armsByClaim[claim.id] { return known }
        let arms = ClaimArms(statement: claim.statement)
        armsByClaim[claim.id] = arms
        return arms
    }

    /// The number with no sign, to ask whether a claim states it but for its sign.
    static func unsigned(_ number: ProseNumber) -> ProseNumber {
        ProseNumber(value: number.value, upper: number.upper, scale: number.scale, decimals: number.decimals,
                    kind: number.kind, sign: .unstated, isApproximate: false, column: 0, text: "")
    }

    /// The nouns that, right after a count, say it counts a study's sample ("8500 applications").
    /// What a study counts among its results ("callbacks", "firms" called back) is not one.
    /// The words a sample's description does not run across ("453 of the professionals").
    static let bridgeStops: Set<String> = ["of", "from", "to", "in", "per", "for", "among", "at", "by", "with", "and", "or", "the", "a", "an",
                                           "than", "who", "that", "were", "was"]

    static let sampleNouns: Set<String> = ["applications", "applicants", "participants", "respondents", "workers", "employees", "subjects",
                                           "observations", "resumes", "résumés", "individuals", "people", "persons", "cvs", "students",
                                           "patients", "interviewees", "households", "adults", "children", "writers", "professionals",
                                           "jobseekers", "seekers", "candidates", "graduates", "volunteers", "consultants", "teachers",
                                           "nurses", "managers"]

    /// The verbs that make the count after them a sample's size: what a study sent out or
    /// drew, never what it got back ("received 8002 callbacks" is a result).
    static let samplingVerbs: Set<String> = ["sent", "tested", "recruited", "studied", "surveyed", "sampled", "enrolled", "mailed", "submitted",
                                             "interviewed", "observed", "followed"]
    /// What a study counts among its results, which a sample noun after it does not make a sample.
    static let countNounsOfResults: Set<String> = ["callbacks", "responses", "replies", "interviews", "invitations", "offers", "of", "from", "out"]

    /// Whether the page says the count is a sample's size: a sample noun right after it ("sent
    /// 8500 applications"), "sample of" right before it, or "in total" right after it ("8500 in
    /// total", "8500 applications in total"); whole words only. "250 callbacks in total", "for
    /// example" and "sampled" elsewhere in the clause do not make a count a sample's size.
    static func countsSample(_ number: ProseNumber, in line: String) -> Bool {
        countsSample(number, characters: Array(line))
    }

    /// ``countsSample(_:in:)`` of a line already split into characters (a long line's numbers
    /// each ask: ``characters(of:)``).
    static func countsSample(_ number: ProseNumber, characters c: [Character]) -> Bool {
        let start = number.column - 1
        let end = start + number.text.count
        guard start >= 0, end <= c.count else { return false }
        let after = NumberReader.words(after: end, in: c, count: 3).map { $0.lowercased() }
        let before = NumberReader.words(before: start, in: c, count: 3).map { $0.lowercased() }
        if let next = after.first, sampleNouns.contains(next) { return true }
        // "tested 1237 older applicants", "recruited 1543 women": a sampling verb before it, or
        // a sample noun after one word (trial 8, bug 3).
        if let verb = NumberReader.wordsOfClause(before: start, in: c, count: 1).last?.lowercased(), samplingVerbs.contains(verb) { return true }
        // "we surveyed a total of 45 managers", "45 managers were surveyed" (B10).
        if NumberReader.isDrawnSample(c, first: start, after: end) { return true }
        if after.count >= 2, sampleNouns.contains(after[1]), !countNounsOfResults.contains(after[0]) { return true }
        // "with 453 college-educated professionals": two words of description before the noun
        // (trial 11, B5), none a result's noun or a word that starts another phrase.
        if after.count >= 3, sampleNouns.contains(after[2]),
           !after[..<2].contains(where: { countNounsOfResults.contains($0) || Self.bridgeStops.contains($0) }) { return true }
        if after.starts(with: ["job", "seekers"]) { return true }
        if after.starts(with: ["in", "total"]) { return true }
        if before.suffix(2) == ["sample", "of"] || before.suffix(3) == ["sample", "size", "of"] { return true }
        return false
    }

    /// The claims that share the most of `words`, best first: ranked over the sentence's
    /// selective words (each held by at most ``selectiveCap`` claims, the rarest first, within
    /// ``rankedBudget``); a sentence of common words only is held to the claims that hold the
    /// most of its rarest words (``claims(sharingMost:limit:)``). On a KB where every word is
    /// selective (the seed KB) this is the ranked
    /// search over all of them.
    mutating func claims(sharingWords words: [String], limit: Int) throws -> [EvidenceClaim] {
        let counted = try rarestWords(words)
        var selective: [String] = []
        var budget = Self.rankedBudget
        for word in counted {
            let count = frequencies[word] ?? 0
            guard count <= Self.selectiveCap, count <= budget else { break }
            selective.append(word)
            budget -= count
        }
        if !selective.isEmpty { return try index.claims(sharingAny: selective, limit: limit) }
        guard counted.count >= 2 else { return [] }
        return try claims(sharingMost: Array(counted.prefix(Self.commonTerms)), limit: limit)
    }

    /// How many of a sentence's rarest words a sentence of common words is searched with.
    static let commonTerms = 3

    /// The claims that hold the most of `terms` (the rarest first, each common): those that hold
    /// all of them first, then all but the last, down to the first two. The choice then follows
    /// how many of the sentence's rarest words a claim holds, not which claims were stored first
    /// (only claims that hold as many are taken in id order). Each step reads no more than
    /// `limit` matches, so common words cost little (ranking them by BM25 would read every
    /// match); when fewer than `limit` claims hold the first two, they are all of the candidates.
    /// The narrower steps are searched first: when they fill `limit`, the first two terms'
    /// matches (a superset, the terms being plain words or digit phrases) fill it too, so the
    /// answer is theirs and that search is not run (on a KB whose words are all common it was
    /// the larger half of a sentence's searches: issue 17). When they do not, both are run.
    mutating func claims(sharingMost terms: [String], limit: Int) throws -> [EvidenceClaim] {
        guard terms.count > 2 else { return try index.claims(sharingAll: Array(terms.prefix(2)), limit: limit) }
        var out: [EvidenceClaim] = []
        var seen = Set<Int64>()
        for count in stride(from: terms.count, through: 3, by: -1) where out.count < limit {
            for claim in try index.claims(sharingAll: Array(terms.prefix(count)), limit: limit)
            where out.count < limit && seen.insert(claim.id).inserted {
                out.append(claim)
            }
        }
        if out.count >= limit { return out }
        let pair = try index.claims(sharingAll: Array(terms.prefix(2)), limit: limit)
        guard pair.count >= limit else { return pair }
        for claim in pair where out.count < limit && seen.insert(claim.id).inserted { out.append(claim) }
        return out
    }

    /// The distinct searchable words of `words` that some claim holds, rarest first.
    mutating func rarestWords(_ words: [String]) throws -> [String] {
        var counted: [(word: String, count: Int)] = []
        for word in Set(words) where word.count >= 4 && word.allSatisfy(\.isWordLetter) {
            let count = try frequency(word)
            if count > 0 { counted.append((word, count)) }
        }
        return counted.sorted { ($0.count, $0.word) < ($1.count, $1.word) }.map(\.word)
    }

    /// How many claims hold `word` (up to just past ``selectiveCap``), looked up once a page.
    mutating func frequency(_ word: String) throws -> Int {
        if let known = frequencies[word] { return known }
        let count = try index.claimCount(containing: word, upTo: Self.selectiveCap)
        frequencies[word] = count
        return count
    }

    /// The number's digit groups as a claim's text would hold them: "-22.5%" is "22 5",
    /// "~2,900" is "2 900", "n=453" is "453".
    static func digitPhrase(_ number: ProseNumber) -> String? {
        let groups = number.text.split { !$0.isASCIIDigit }.map(String.init)
        return groups.isEmpty ? nil : groups.joined(separator: " ")
    }

    /// Whether a level claim (``NumberMatch/isLevel(_:)``) states the page's change as its
    /// level: the same digits, read without the change's sign.
    static func holdsAsLevel(_ claim: EvidenceClaim, _ number: ProseNumber) -> Bool {
        guard NumberMatch.isLevel(claim) else { return false }
        var level = number
        level.sign = .unstated
        level.isChange = false
        return NumberMatch.statesAsValue(claim, level, asSample: false)
    }

    /// Whether the claim states the number (``NumberMatch/states(_:_:)``), its text read once;
    /// a count as its study's n only `asSample` (``NumberMatch/statesAsValue(_:_:asSample:)``).
    /// A count the page writes neither as a sample's size nor as a pair's base (`asBase`
    /// false: "576 employer replies") is not stated by a number the claim's text writes as its
    /// sample or base ("from 576 applications"; trial 6, item 7).
    mutating func states(_ claim: EvidenceClaim, _ number: ProseNumber, asSample: Bool = true, asBase: Bool = true, sampleOnly: Bool = false) -> Bool {
        // "shifted writing time by 40%": a change whose direction is not read is stated only
        // by a claim whose own text writes it so ("changed by 18%", as a CSV import stores a
        // finding), not by a claim with a direction.
        if number.isDirectionUnread {
            if writtenByClaim[claim.id] == nil { writtenByClaim[claim.id] = index.written(by: claim) }
            return NumberMatch.writes((writtenByClaim[claim.id] ?? []).filter(\.isDirectionUnread), number, level: false)
        }
        if NumberMatch.statesAsValue(claim, number, asSample: asSample) { return !isTieStatedExactlyBySibling(claim, number) }
        guard number.upper == nil else { return false }
        if writtenByClaim[claim.id] == nil { writtenByClaim[claim.id] = index.written(by: claim) }
        let written = writtenByClaim[claim.id] ?? []
        let level = NumberMatch.readsAsLevel(claim, number)
        guard !asBase || sampleOnly, number.kind == .count else { return NumberMatch.writes(written, number, level: level) }
        if basesByClaim[claim.id] == nil { basesByClaim[claim.id] = Self.bases(claim) }
        let bases = basesByClaim[claim.id] ?? []
        if sampleOnly { return NumberMatch.writes(bases, number, level: level) }
        return NumberMatch.writes(written.filter { !bases.contains($0) }, number, level: level)
    }

    /// The numbers a claim's text writes as a sample's size ("576 applications") or as the
    /// base of a count ("405 from 2494").
    static func bases(_ claim: EvidenceClaim) -> [ProseNumber] {
        [claim.statement, claim.quote].compactMap { $0 }.flatMap { raw -> [ProseNumber] in
            let text = FloatArtefacts.tidied(raw)
            let c = Array(text)
            return NumberReader.numbers(in: text).filter { held in
                let before = NumberReader.words(before: held.column - 1, in: c, count: 1).last?.lowercased() ?? ""
                return countsSample(held, in: text) || before == "from" || before == "of"
            }
        }
    }

    /// Whether the page writes a count as a pair's count or base ("291 callbacks from 2494",
    /// "38 from 324") or as a sample's size: only then may it be a number the claim writes as
    /// a base.
    static func writtenAsBase(_ number: ProseNumber, in line: String) -> Bool {
        writtenAsBase(number, characters: Array(line))
    }

    /// ``writtenAsBase(_:in:)`` of a line already split into characters.
    static func writtenAsBase(_ number: ProseNumber, characters c: [Character]) -> Bool {
        guard number.kind == .count else { return true }
        let start = number.column - 1
        let end = start + number.text.count
        guard start >= 0, end <= c.count else { return true }
        if countsSample(number, characters: c) || NumberReader.isPairedCount(c, start: start, end: end) { return true }
        // "1924 from 4946": a base after "from" or "of", whatever the count before it looks like.
        if let before = NumberReader.words(before: start, in: c, count: 1).last?.lowercased(), before == "from" || before == "of" { return true }
        // "sent 4855 and 3147 applications": a list of counts with a sample noun after its last.
        let rest = String(c[end..<min(c.count, end + 60)])
        guard let list = rest.range(of: #"^(?:\s*(?:,|and|or)\s*\d[\d,]*)+\s+\p{L}+"#, options: .regularExpression) else { return false }
        let noun = rest[list].split { !$0.isWordLetter }.last.map { $0.lowercased() } ?? ""
        return sampleNouns.contains(noun)
    }

    /// Why a claim backs a statement only weakly, or nil.
    static func weakness(_ claim: EvidenceClaim, _ work: CitedWork?) -> String? {
        if work?.isRetracted == true { return "\(claim.slug) comes from a retracted work (\(work?.slug ?? ""))" }
        if claim.replication == .failed { return "\(claim.slug) failed to replicate" }
        if claim.grade == .veryLow, claim.sourceID != nil, claim.studyN == nil, work == nil {
            return "\(claim.slug) is very-low evidence"
        }
        return nil
    }

    /// The words around a number: those of its clause (the stretch between commas, semicolons,
    /// colons, parentheses and the conjunctions that join two findings) and of its sentence.
    struct Context {
        var clauseWords: [String]
        var sentenceWords: [String]

        init(clause: String, sentence: String) {
            clauseWords = Array(Set(PageChecker.words(clause))).sorted()
            sentenceWords = Array(Set(PageChecker.words(sentence))).sorted()
        }

        /// The context without `words` (a cited work's authors' names).
        func without(_ words: Set<String>) -> Context {
            var out = self
            out.clauseWords.removeAll { words.contains($0) }
            out.sentenceWords.removeAll { words.contains($0) }
            return out
        }
    }

    /// The claim the context is most about: the most clause words shared, then the most sentence
    /// words (at least `atLeast` in all), then the first stored — never the id order alone when
    /// the words tell the claims apart.
    mutating func best(_ claims: [EvidenceClaim], in context: Context, atLeast: Int = 0) -> EvidenceClaim? {
        var best: (claim: EvidenceClaim, clause: Int, sentence: Int)?
        for claim in claims {
            let clause = affinity(claim, context.clauseWords)
            let sentence = affinity(claim, context.sentenceWords)
            guard sentence >= atLeast || clause >= atLeast else { continue }
            if best.map({ (clause, sentence) > ($0.clause, $0.sentence) }) ?? true { best = (claim, clause, sentence) }
        }
        return best?.claim
    }

    /// How many of `words` the claim's text (statement, quote, metric, baseline) holds, a word
    /// counting when it shares its stem with one of the claim's ("transformed" and
    /// "transformation", "high" and "highest").
    /// Whether `words` (a clause's) hold a word of `claim` that not every other claim of its
    /// work holds ("output", "quality" of a writing-quality claim; not "ChatGPT", which each
    /// of the work's claims names).
    mutating func names(_ claim: EvidenceClaim, among claims: [EvidenceClaim], _ words: [String]) -> Bool {
        let others = claims.filter { $0.id != claim.id }
        return words.contains { word in held(by: claim, word) && (others.isEmpty || !others.allSatisfy { held(by: $0, word) }) }
    }

    mutating func affinity(_ claim: EvidenceClaim, _ words: [String]) -> Int {
        return words.count { held(by: claim, $0) }
    }

    /// Whether the claim's text holds `word` or a word of its stem (`strictly`: only with an
    /// inflection's ending, see ``sameStem(_:_:strictly:)``).
    mutating func held(by claim: EvidenceClaim, _ word: String, strictly: Bool = false) -> Bool {
        let held = contentWords(of: claim)
        return held.contains(word) || held.contains { Self.sameStem($0, word, strictly: strictly) }
    }

    /// The content words of the claim's text (statement, quote, metric, baseline), read once a page.
    mutating func contentWords(of claim: EvidenceClaim) -> Set<String> {
        if let known = claimWords[claim.id] { return known }
        let words = Set(Self.words([claim.statement, claim.quote ?? "", claim.metric ?? "", claim.baseline ?? ""].joined(separator: " ")))
        claimWords[claim.id] = words
        return words
    }

    /// Whether the claim's text holds the word in another form by ``roughStem(_:)``
    /// ("exposure" for "exposed").
    mutating func heldLoosely(by claim: EvidenceClaim, _ word: String) -> Bool {
        if held(by: claim, word) { return true }
        let stem = Self.roughStem(word)
        return stem.count >= 4 && (claimWords[claim.id] ?? []).contains { Self.roughStem($0) == stem }
    }

    /// A word without one common ending ("exposed", "exposure" → "expos"), at least four letters left.
    static func roughStem(_ word: String) -> String {
        for ending in ["ation", "ure", "ing", "ed", "es", "ly", "s", "e"] where word.hasSuffix(ending) && word.count - ending.count >= 4 {
            return String(word.dropLast(ending.count))
        }
        return word
    }

    /// The endings that make another form of one word ("face"/"faces", "high"/"highest").
    static let inflections: Set<String> = ["s", "es", "d", "ed", "ing", "er", "ers", "est", "ly"]

    /// Whether two words are one stem: one is the other with an inflection's ending ("face",
    /// "faces"; "high", "highest"), or — unless `strictly` — both open with the same seven
    /// letters and are of a like length ("transformed", "transformation"), which keeps apart
    /// "internal" and "international", "product" and "productivity", "transfer" and "transform".
    static func sameStem(_ a: String, _ b: String, strictly: Bool = false) -> Bool {
        if a == b { return true }
        // Either way the two share their first character: two words that open with different
        // ASCII letters are not one stem (most pairs; the test is a byte, not a grapheme).
        if let x = a.utf8.first, let y = b.utf8.first, x < 0x80, y < 0x80, x != y { return false }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if short.count >= 4, long.hasPrefix(short), inflections.contains(String(long.dropFirst(short.count))) { return true }
        // A word that names who does something ("employers", "workers") is one stem only with its
        // own inflections: "employers" is not "employed" (trial 13, item 7).
        guard !strictly, short.count >= 7, short.prefix(7) == long.prefix(7), !namesAnAgent(short), !namesAnAgent(long) else { return false }
        return Double(short.count) / Double(long.count) >= 0.75
    }

    /// Whether a word reads as one naming who does something: an "-er" or "-ee" noun ("-or" is
    /// left out: "behavior" and "behavioral" are one word).
    static func namesAnAgent(_ word: String) -> Bool {
        ["er", "ers", "ee", "ees"].contains { word.hasSuffix($0) }
    }

    /// The clause of `sentence` around the character at `offset` (0-based): the text inside the
    /// parentheses that hold it, else the stretch between clause breaks with parenthesised
    /// asides left out ("26% of jobs face high GenAI transformation (Indeed, ~2,900 skills)").
    static func clause(at offset: Int, in sentence: String) -> String {
        clauseAndStart(at: offset, in: sentence).text
    }

    /// The clause at `offset` (see ``clause(at:in:)``) and the offset in `sentence` of its first
    /// character, so a number's place in it is known (review 18, m2).
    static func clauseAndStart(at offset: Int, in sentence: String) -> (text: String, start: Int) {
        let c = Array(sentence)
        guard offset >= 0, offset < c.count else { return (sentence, 0) }
        var depth = 0
        var open: Int?
        for i in stride(from: offset - 1, through: 0, by: -1) {
            if c[i] == ")" { depth += 1 } else if c[i] == "(" {
                if depth == 0 { open = i; break }
                depth -= 1
            }
        }
        var text = c
        var lower = 0
        var upper = c.count
        if let open {
            lower = open + 1
            upper = c[lower...].firstIndex(of: ")") ?? c.count
        } else {
            // Asides in parentheses are not the clause's words.
            var level = 0
            for i in c.indices {
                if c[i] == "(" { level += 1 }
                if level > 0 { text[i] = " " }
                if c[i] == ")", level > 0 { level -= 1 }
            }
        }
        let breaks: Set<Character> = [";", ":", ","]
        var start = offset
        while start > lower, !(breaks.contains(text[start - 1]) && (start >= text.count || text[start] == " ")) { start -= 1 }
        var end = offset
        while end < upper, !(breaks.contains(text[end]) && (end + 1 >= text.count || text[end + 1] == " ")) { end += 1 }
        // "… time by 40% and raised quality by 18%": the conjunctions that join two findings, and
        // the words that set one group's figures against another's ("… got 138 callbacks from 952
        // applications against 85 from 952 for Anglo-Saxon names": trial 14, B1).
        var from = start
        var to = max(start, end)
        var i = start
        while i < to {
            guard text[i].isWordLetter, i == start || !text[i - 1].isWordLetter else { i += 1; continue }
            var j = i
            while j < text.count, text[j].isWordLetter { j += 1 }
            if ["and", "while", "whereas", "but", "against", "versus", "vs"].contains(String(text[i..<j]).lowercased()) {
                if j <= offset { from = j } else if i > offset { to = i; break }
            }
            i = j
        }
        return (String(text[from..<to]), from)
    }

    /// The claim whose words the sentence shares most (at least `atLeast` words).
    mutating func closest(_ claims: [EvidenceClaim], to sentence: String, atLeast: Int = 0) -> EvidenceClaim? {
        let words = Set(Self.words(sentence))
        var best: (EvidenceClaim, Int)?
        for claim in claims {
            let shared = contentWords(of: claim).intersection(words).count
            if shared >= atLeast, best.map({ shared > $0.1 }) ?? true { best = (claim, shared) }
        }
        return best?.0
    }

    static let stopWords: Set<String> = ["the", "and", "that", "this", "with", "from", "have", "were", "their", "they", "them", "than", "which",
                                         "into", "over", "more", "most", "less", "what", "when", "where", "reports", "following", "about",
                                         "every", "each", "only", "also", "been", "will", "would", "could", "should", "your", "such"]

    /// The lowercased content words of `text` (four letters or more, no stop words).
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isWordLetter }.map(String.init).filter { $0.count >= 4 && !stopWords.contains($0) }
    }

    // MARK: Statements

    /// The works the citations of a sentence (its columns on the line) name.
    static func works(citedIn sentence: ClosedRange<Int>, _ placed: [Placed]) -> [CitedWork] {
        placed.filter { sentence.contains($0.citation.column) }.compactMap(\.work)
    }

    /// The claims that share the most of a sentence's words, the candidates a sentence without
    /// numbers may say (none for a sentence of fewer than four content words).
    mutating func statementCandidates(_ sentence: String) throws -> [EvidenceClaim] {
        let words = Self.words(sentence)
        guard words.count >= 4 else { return [] }
        return try claims(sharingWords: words, limit: 12)
    }

    /// A sentence with no number: reported when it says what a claim says (its quote, or
    /// nearly all of its statement's words).
    /// `sharingWords`: the claims that share its words (``statementCandidates(_:)``), when
    /// a ``StatementPass`` searched them already.
    mutating func statementFindings(_ sentence: (text: String, range: ClosedRange<Int>), works: [CitedWork], file: String, line: Int,
                                    sharingWords searched: [EvidenceClaim]? = nil) throws -> [CheckFinding] {
        let words = Self.words(sentence.text)
        guard words.count >= 4 else { return [] }
        var candidates = try searched ?? statementCandidates(sentence.text)
        for work in works { candidates += try claims(of: work) }
        let folded = Self.folded(sentence.text)
        var out: [CheckFinding] = []
        var seen = Set<Int64>()
        for claim in candidates where !seen.contains(claim.id) {
            seen.insert(claim.id)
            guard let at = Self.says(sayings(of: claim), folded: folded) else { continue }
            let column = sentence.range.lowerBound + at
            let text = String(sentence.text.dropFirst(at).prefix(80))
            let work = works.first { $0.id == claim.sourceID }
            let verdict: CheckFinding.Verdict
            let message: String
            if claim.sourceID == nil {
                verdict = .unsupported
                message = "the KB holds this only as an unsourced assertion (\(claim.slug)); no study backs it"
            } else if let weakness = Self.weakness(claim, work) {
                verdict = .weak
                message = weakness
            } else {
                verdict = .supported
                message = "\(claim.slug) (\(claim.grade.rawValue)) says this"
            }
            out.append(CheckFinding(file: file, line: line, column: column, verdict: verdict, subject: .statement, text: text, claim: claim.slug,
                                    grade: claim.grade, source: work?.slug, message: message, sentence: sentence.text))
        }
        return out
    }

    /// Where in the folded sentence the first of `sayings` (``readSayings(of:)``, a claim's quote,
    /// then its statement) stands, as a character offset; nil when it holds neither.
    static func says(_ sayings: [String], folded: String) -> Int? {
        for quote in sayings {
            if let at = PlainText.offset(of: quote, in: folded) { return at }
        }
        return nil
    }

    /// The claim's quote and statement as a sentence must hold them to say what it says:
    /// folded, without the spaces and stops at their ends, each of 20 characters or more.
    static func readSayings(of claim: EvidenceClaim) -> [String] {
        [claim.quote, claim.statement].compactMap { $0 }
            .map { Substring(Self.folded($0)).trimmingScalars { $0 == " " || $0 == "." } }
            .filter { $0.count >= 20 }
    }

    /// ``readSayings(of:)``, once a page per claim.
    mutating func sayings(of claim: EvidenceClaim) -> [String] {
        if let known = sayingsByClaim[claim.id] { return known }
        let read = Self.readSayings(of: claim)
        sayingsByClaim[claim.id] = read
        return read
    }

    /// The characters of `line`, split once for all the numbers read in it: a page written as
    /// one long line (a minified HTML page) would otherwise split it once per number.
    mutating func characters(of line: String) -> [Character] {
        if let last = lineCharacters, last.line == line { return last.characters }
        let characters = Array(line)
        lineCharacters = (line, characters)
        return characters
    }

    /// Lowercased, with typographic quotes and dashes made plain (lengths kept).
    static func folded(_ text: String) -> String {
        let lowered = text.lowercased()
        // Each typographic quote's UTF-8 starts with 0xE2: a text without one has none to make plain.
        guard lowered.utf8.contains(0xE2) else { return lowered }
        return String(lowered.map { ch -> Character in
            switch ch {
            case "\u{2019}", "\u{2018}": "'"
            case "\u{201C}", "\u{201D}": "\""
            default: ch
            }
        })
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
