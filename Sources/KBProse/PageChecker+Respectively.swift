/// "Women and men were called back at 10.9% and 9% respectively", "9.2% and 6.4% for white and
/// African American applicants respectively" (trial 12, B2): two numbers paired in order with
/// two groups. Each number is held to its own group only: the other group's words are blanked
/// out of its clause (with spaces, so a number's offset in the clause is kept).
extension PageChecker {
    /// The words that end a group's phrase after its "and" ("men were …", "… applicants respectively").
    static let respectiveStops: Set<String> = ["were", "was", "are", "is", "got", "get", "had", "have", "received", "respectively", "at",
                                               "with", "of", "in", "on", "to", "by", "from", "than", "for", "saw", "faced"]

    /// The clause as the number at `offset` (0-based, in the clause) reads it under
    /// "respectively": the other group blanked; the clause itself when it pairs no two groups
    /// with two numbers.
    static func respectiveClause(_ clause: String, numberAt offset: Int) -> String {
        guard clause.range(of: "respectively", options: .caseInsensitive) != nil else { return clause }
        let numbers = NumberReader.numbers(in: clause)
        guard numbers.count == 2, let mine = numbers.firstIndex(where: { $0.column - 1 == offset }) else { return clause }
        let c = Array(clause)
        let spans = numbers.map { ($0.column - 1)..<($0.column - 1 + $0.text.count) }
        // Words with their ranges.
        var words: [(text: String, range: Range<Int>)] = []
        var i = 0
        while i < c.count {
            guard c[i].isWordLetter else { i += 1; continue }
            var j = i
            while j < c.count, c[j].isWordLetter || c[j] == "-" || c[j] == "'" { j += 1 }
            words.append((String(c[i..<j]), i..<j))
            i = j
        }
        // The "and" that joins the groups: not the one between the two numbers, nor one of a
        // citation's authors ("Bertrand and Mullainathan (2004) found …": trial 13).
        let cited = CitationReader.citations(in: clause).map(\.span)
        guard let and = words.firstIndex(where: { word in
            word.text.lowercased() == "and" && !(word.range.lowerBound > spans[0].upperBound && word.range.upperBound <= spans[1].lowerBound)
                && !cited.contains { $0.contains(word.range.lowerBound + 1) }
        }), and > 0, and + 1 < words.count else { return clause }
        // Neither item may cross a number.
        let left = words[and - 1]
        var rightEnd = and + 1
        while rightEnd + 1 < words.count, !respectiveStops.contains(words[rightEnd + 1].text.lowercased()),
              !spans.contains(where: { $0.lowerBound >= words[rightEnd].range.upperBound && $0.upperBound <= words[rightEnd + 1].range.lowerBound }) {
            rightEnd += 1
        }
        guard !respectiveStops.contains(left.text.lowercased()), !respectiveStops.contains(words[and + 1].text.lowercased()) else { return clause }
        // A noun both share ("white and African American applicants") stays.
        if rightEnd > and + 1, ["applicants", "workers", "names", "candidates", "people", "employees"].contains(words[rightEnd].text.lowercased()) {
            rightEnd -= 1
        }
        let blank = mine == 0 ? words[and + 1].range.lowerBound..<words[rightEnd].range.upperBound : left.range
        var out = c
        for k in blank { out[k] = " " }
        return String(out)
    }
}
