/// What a count counts (trial 12, B6): "Indeed Hiring Lab (2025) surveyed 2,900 workers" is not
/// the 2,900 skills its study analysed, nor "surveyed 170 million workers" the 170 million
/// roles a forecast creates. The page's noun after the count and the claim's (its unit, or its
/// study's n unit when the count is that n) are sorted into a few kinds of thing; a count of
/// one kind is not a claim's count of another. A noun of no known kind decides nothing.
extension PageChecker {
    /// The kinds of things a count may count, by their nouns.
    static let countedKinds: [String: String] = {
        let kinds: [String: [String]] = [
            "people": ["workers", "professionals", "participants", "people", "persons", "respondents", "subjects", "employees", "individuals",
                       "writers", "applicants", "students", "adults", "men", "women", "jobseekers", "candidates", "graduates", "volunteers"],
            "documents": ["applications", "resumes", "résumés", "cvs", "postings", "vacancies", "adverts", "advertisements", "listings"],
            "skills": ["skills"],
            "jobs": ["roles", "jobs", "positions", "occupations"],
            "organisations": ["employers", "firms", "companies", "businesses", "organisations", "organizations"],
        ]
        var out: [String: String] = [:]
        for (kind, nouns) in kinds {
            for noun in nouns { out[noun] = kind }
        }
        return out
    }()

    /// The kind of the first noun of a known kind among `words`.
    static func countedKind(_ words: [String]) -> String? {
        words.lazy.compactMap { countedKinds[$0.lowercased()] }.first
    }

    /// What the claim's count counts, as the KB writes it ("skills", "million roles").
    static func countedNoun(_ claim: EvidenceClaim, _ number: ProseNumber) -> String {
        let isN = claim.studyN.map { Double($0) == number.value * number.scale } ?? false
        let unit = ((isN ? claim.studyNUnit : claim.unit) ?? "").split(separator: " ").filter { !["million", "billion", "thousand"].contains($0.lowercased()) }
        return unit.isEmpty ? "another thing" : unit.joined(separator: " ")
    }

    /// The page's noun of a known kind after the number ("workers").
    static func writtenNoun(_ number: ProseNumber, in line: String) -> String {
        let c = Array(line)
        let end = number.column - 1 + number.text.count
        guard number.column >= 1, end <= c.count else { return "things" }
        return NumberReader.words(after: end, in: c, count: 3).first { countedKinds[$0.lowercased()] != nil } ?? "things"
    }

    /// Whether the page's count names a kind of thing other than the one the claim counts:
    /// the three words after the number against the study's n unit (when the count is that n)
    /// or the claim's unit ("million roles").
    static func countsOtherThings(_ claim: EvidenceClaim, _ number: ProseNumber, in line: String) -> Bool {
        guard number.kind == .count || number.kind == .sampleSize else { return false }
        let c = Array(line)
        let end = number.column - 1 + number.text.count
        guard number.column >= 1, end <= c.count else { return false }
        guard let written = countedKind(NumberReader.words(after: end, in: c, count: 3)) else { return false }
        let isN = claim.studyN.map { Double($0) == number.value * number.scale } ?? false
        let unit = isN ? claim.studyNUnit : claim.unit
        guard let held = countedKind((unit ?? "").split(separator: " ").map(String.init)) else { return false }
        return held != written
    }
}
