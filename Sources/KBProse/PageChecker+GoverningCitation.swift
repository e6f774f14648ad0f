extension PageChecker {
    /// The citations of a sentence that cites two or more works that govern the number at
    /// `column`: the page attributes each number to one of them, not to whichever happens to
    /// state it (trial 18, B1: "Kline et al. (2022) found 12.2% for straight applicants, and
    /// Bailey et al. (2013) found 25.5% …" gives 12.2% to Kline's work, which states 25.5%).
    /// - A citation right after the number, with no other number between, governs it when it
    ///   is tied to it (``ties(_:)``: "10.5% in Gaulke et al. (2019)", "16.3% for gay applicants
    ///   in Tilcsik (2011)", "10.5%[1]") or closes its clause (parenthetical: "9.2% for men
    ///   (Gaulke et al., 2019)"; a marker before punctuation: "for men<sup>4</sup>;"), with the
    ///   citations listed with it ("(Tilcsik, 2011; Bailey et al., 2013)": any of them; under
    ///   "respectively", by position).
    /// - Otherwise the nearest citation before it that leads its clause ("Bertrand and
    ///   Mullainathan (2004) found 10.5% …", "According to [1], …"), with the citations listed
    ///   with it by "and" or a comma ("Bailey et al. (2013) and Wright et al. (2013) found 18.3%
    ///   and 12.2% …, respectively": by position).
    /// A citation of a work the KB lacks governs as any other: its numbers are then held to no
    /// work (an empty list). Nil when the sentence cites fewer than two works, or neither rule
    /// picks a citation: the number's candidates are then its sentence's citations, nearest
    /// first, as before.
    static func governingPlaces(for number: ProseNumber, sentence: ClosedRange<Int>, here: [Placed], numbers: [ProseNumber],
                                characters: [Character]) -> [Placed]? {
        let cited = here.filter { sentence.contains($0.citation.column) && ($0.work != nil || !$0.yearCandidates.isEmpty || $0.citation.isDefinite) }
            .sorted { $0.citation.column < $1.citation.column }
        guard cited.count >= 2 else { return nil }
        var works = Set<String>()
        for place in cited {
            let known = Self.works(of: [place]).map(\.slug)
            if known.isEmpty { works.insert("?" + place.citation.text) } else { works.formUnion(known) }
        }
        guard works.count >= 2 else { return nil }
        let numberColumns = numbers.filter { sentence.contains($0.column) }.map { ($0.column, $0.column + max(0, $0.text.count - 1)) }
        func numberBetween(_ from: Int, _ to: Int) -> Bool { numberColumns.contains { $0.0 > from && $0.0 < to } }
        func text(_ from: Int, _ to: Int) -> String {
            let low = max(1, from), high = min(characters.count + 1, to)
            guard low < high else { return "" }
            return String(characters[(low - 1)..<(high - 1)])
        }
        // A citation closes the clause before it: parenthetical, one tied to the number before
        // it, or a marker ("[4]", "<sup>4</sup>") that punctuation or the sentence's end follows
        // or that punctuation precedes — unless a pointer leads to it ("According to [1], …").
        func closes(_ place: Placed) -> Bool {
            if Self.isParenthetical(place.citation) { return true }
            if let previous = numberColumns.last(where: { $0.1 < place.citation.column }),
               !numberBetween(previous.1, place.citation.column), Self.ties(text(previous.1 + 1, place.citation.column)) { return true }
            guard place.citation.form != .authorYear || Self.isMarker(place.citation) else { return false }
            let lead = text(max(sentence.lowerBound, place.citation.column - 20), place.citation.column).split { !$0.isLetter }.map { $0.lowercased() }
            if let last = lead.last, ["per", "in", "by", "from"].contains(last) || lead.suffix(2) == ["according", "to"] { return false }
            let before = text(sentence.lowerBound, place.citation.column).reversed().drop { $0 == " " || $0 == "[" }
            let after = text(place.citation.span.upperBound + 1, sentence.upperBound + 1).drop { $0 == " " || $0 == "]" }
            return before.first.map { !$0.isLetter } ?? false || after.first.map { !$0.isLetter } ?? true
        }
        // Citations listed together: only ";", ",", "and" or "&" between them.
        func listed(_ a: Placed, _ b: Placed) -> Bool {
            let between = text(a.citation.span.upperBound + 1, b.citation.column)
            return between.split { !$0.isLetter }.allSatisfy { $0.lowercased() == "and" } && between.allSatisfy { ";,&() ".contains($0) || $0.isLetter }
                && !numberBetween(a.citation.column, b.citation.column)
        }
        let mentionsRespectively = text(sentence.lowerBound, sentence.upperBound + 1).lowercased().contains("respectively")
        // Under "respectively", listed works pair with the run of numbers beside them.
        func paired(_ group: [Placed], run: [(Int, Int)]) -> [Placed]? {
            guard group.count >= 2, mentionsRespectively, run.count == group.count,
                  let position = run.firstIndex(where: { $0.0 == number.column }) else { return nil }
            return [group[position]]
        }
        let end = number.column + max(0, number.text.count - 1)
        let leading = cited.last { $0.citation.column < number.column && !closes($0) }
        func chain(from first: Placed) -> [Placed] {
            var chain = [first]
            for place in cited where place.citation.column > first.citation.column {
                guard let last = chain.last, listed(last, place) else { break }
                chain.append(place)
            }
            return chain
        }
        // "7.2% and 16.3% in Tilcsik (2011) and Bailey et al. (2013), respectively": the run of
        // numbers before the works pairs with them by position.
        let previousCitation = cited.last { $0.citation.column < number.column }?.citation.span.upperBound ?? sentence.lowerBound - 1
        if mentionsRespectively, let after = cited.first(where: { $0.citation.column > end }) {
            let run = numberColumns.filter { $0.0 > previousCitation && $0.0 < after.citation.column }
            if let last = run.last, Self.ties(text(last.1 + 1, after.citation.column)) || closes(after),
               let one = paired(chain(from: after), run: run) { return one }
        }
        // The first citation after the number, before any other number.
        if let after = cited.first(where: { $0.citation.column > end }), !numberBetween(end, after.citation.column) {
            let chain = chain(from: after)
            let tied = Self.ties(text(end + 1, after.citation.column))
            if tied || closes(after) {
                // "X (2019) report 547 … (Gaddis, 2015)": the clause's lead may be meant as well.
                if !tied, let leading, !numberBetween(leading.citation.column, number.column) { return [leading] + chain }
                return chain
            }
        }
        // Else the nearest citation before it that leads its clause, and those listed with it.
        guard let nearest = leading else { return nil }
        var group = [nearest]
        for place in cited.reversed() where place.citation.column < nearest.citation.column {
            guard let first = group.first, !closes(place), listed(place, first) else { break }
            // The link nearest the number is "and" or "&": "Unlike Bailey et al. (2013), Tilcsik
            // (2011) found …" lists nothing (review 26, B1).
            if group.count == 1, !text(place.citation.span.upperBound + 1, first.citation.column).lowercased()
                .split(whereSeparator: { !$0.isLetter && $0 != "&" }).contains(where: { $0 == "and" || $0 == "&" }) { break }
            group.insert(place, at: 0)
        }
        if let last = group.last {
            let next = cited.first { $0.citation.column > last.citation.column }
            let run = numberColumns.filter { columns in columns.0 > last.citation.column && (next.map { columns.0 < $0.citation.column } ?? true) }
            if let one = paired(group, run: run) { return one }
        }
        return group.reversed()
    }

    /// An author–year citation written inside parentheses ("(Gaulke et al., 2019)"): its
    /// text holds no parenthesis of its own, as the narrative form's "(2019)" does.
    static func isParenthetical(_ citation: Citation) -> Bool {
        citation.form == .authorYear && !citation.text.hasSuffix(")") && citation.year != nil
    }

    /// A numbered reference's marker in the text ("[4]", `<sup>4</sup>`), placed as a citation
    /// of its entry's work (``markNumbered(_:page:entries:)``).
    static func isMarker(_ citation: Citation) -> Bool {
        citation.year == nil && !citation.text.isEmpty && citation.text.allSatisfy { $0.isASCIIDigit || $0 == "[" || $0 == "]" }
    }

    /// Text between a number and a citation after it that makes the citation the number's:
    /// ``isPointerGlue(_:)``, or the number's own phrase ending in "in", "by", "from" or
    /// "according to" with no clause break ("16.3% for gay applicants in Tilcsik (2011)"; not
    /// "9.2% for white applicants, and in Gaulke et al. (2019) …": trial 19, B1).
    static func ties(_ text: String) -> Bool {
        guard !isPointerGlue(text) else { return true }
        let words = text.split { !$0.isLetter }.map { $0.lowercased() }
        let according = words.suffix(2) == ["according", "to"]
        guard !text.contains(where: { (according ? ";.!?()" : ",;.!?()").contains($0) }) else { return false }
        guard let last = words.last, ["in", "by", "from"].contains(last) || according else { return false }
        return !words.contains { ["and", "or", "while", "whereas", "but", "whilst", "than", "against", "versus", "vs"].contains($0) }
    }

    /// Text between a number and a citation that ties them: punctuation and the words "in",
    /// "by", "from", "see", "according to", "per", "cf" only.
    static func isPointerGlue(_ text: String) -> Bool {
        // Not across a sentence's end ("18%.</p><p>Indeed Hiring Lab (2025) …", its tags blanked).
        let plain = text.replacingOccurrences(of: "e.g.", with: "").replacingOccurrences(of: "cf.", with: "")
        guard !plain.contains(where: { ".!?;".contains($0) }) else { return false }
        let words = text.split { !$0.isLetter }.map { $0.lowercased() }
        return words.allSatisfy { ["in", "by", "from", "see", "according", "to", "per", "cf", "eg", "e", "g"].contains($0) }
    }
}

extension PageChecker {
    /// Whether a number that `claim` states only as a tie rounded down ("24%" of 'under 40''s
    /// 24.5%) is stated exactly by another claim of the same work ('over 40''s 24%): the page then means
    /// that claim, and the tie is not accepted (trial 17, B4; trial 18, M1: accepted both
    /// ways otherwise, as "24.6%" of 24.65% is what R and Python write).
    mutating func isTieStatedExactlyBySibling(_ claim: EvidenceClaim, _ number: ProseNumber) -> Bool {
        // Half up ("25.5%" of 'white female''s 25.45%) is how a paper rounds, whatever another
        // claim states ('straight''s 25.5%): only the lower rounding gives way.
        guard let value = claim.signedValue, NumberMatch.isTie(value, number), number.value < abs(value), let work = claim.sourceID else { return false }
        if siblingsByWork[work] == nil { siblingsByWork[work] = claimsByWork[work] ?? (try? index.claims(of: work)) ?? [] }
        let siblings = siblingsByWork[work] ?? []
        return siblings.contains { sibling in
            guard sibling.id != claim.id, sibling.isPercent == claim.isPercent, sibling.unit == claim.unit, let other = sibling.signedValue,
                  !NumberMatch.isTie(other, number) else { return false }
            // Exactly: 'Iraq''s 7.99% does not make "8.0%" of 'China''s 8.05% the other's.
            return abs(abs(other) - number.value) <= 1e-9 * max(1, abs(other)) && NumberMatch.statesAsValue(sibling, number, asSample: false)
        }
    }
}
