import Foundation
import KBDomain

/// A number's candidate citations and works, the claims of a work, and a range read as its two ends.
extension PageChecker {
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

    /// Whether the work `source` names is given to the number by a citation of another sentence
    /// of its line (its paragraph, read whole) and by none of its own sentence, which does not
    /// refer back to it either (``referringOpenings``): ``CheckFinding/isSourceCitedElsewhere``.
    /// A citation on another line (a card's caption under its headline) is the number's own.
    static func isCitedElsewhere(_ source: String?, sentence: (text: String, range: ClosedRange<Int>), line: Int, places: [Placed]) -> Bool {
        guard let source else { return false }
        let naming = places.filter { place in
            ([place.work].compactMap { $0 } + place.alternatives + place.yearCandidates).contains { $0.slug == source }
        }
        guard let giver = naming.first, giver.line == line, !sentence.range.contains(giver.citation.column) else { return false }
        guard !naming.contains(where: { $0.line == line && sentence.range.contains($0.citation.column) }) else { return false }
        let opening = sentence.text.lowercased().split { !$0.isWordLetter }.prefix(3).map(String.init)
        return !referringOpenings.contains { opening.starts(with: $0) }
    }

    /// The openings of a sentence that continues the one before about the same work ("They also
    /// found …", "The authors report …", "In the same study, …").
    static let referringOpenings: [[String]] = [
        ["they"], ["their"], ["its"], ["the", "authors"], ["the", "study"], ["the", "same"], ["in", "the", "same"], ["this", "study"],
        ["these", "authors"], ["the", "researchers"], ["the", "experiment"], ["the", "paper"], ["both", "studies"], ["he"], ["she"],
        ["it"], ["in", "that", "study"], ["in", "this", "study"], ["that", "study"], ["there"],
    ]

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
}
