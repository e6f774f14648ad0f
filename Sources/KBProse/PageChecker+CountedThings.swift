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

    /// The kinds of outcome a field experiment counts, by their nouns (``NumberReader/outcomeNouns``):
    /// a callback is a positive response, not an interview, an offer or a rejection.
    static let outcomeKinds: [String: String] = [
        "callbacks": "callbacks", "responses": "callbacks", "interviews": "interviews", "invitations": "interviews",
        "offers": "offers", "rejections": "rejections",
    ]

    /// The outcome nouns the claim's text writes for a count equal to `number`, in the order
    /// written: the noun right after it ("'Mother' applicants got 10 callbacks": "callbacks" for
    /// 10), else the outcome of the count before it ("'Childless woman' applicants 21 from 320":
    /// "callbacks" for 21, review 27, B1).
    static func outcomeNouns(_ claim: EvidenceClaim, writing number: ProseNumber) -> [String] {
        var nouns: [String] = []
        for text in [claim.statement, claim.quote].compactMap({ $0 }) {
            let tidied = FloatArtefacts.tidied(text)
            let c = Array(tidied)
            var earlier: String?
            for held in NumberReader.numbers(in: tidied) where held.kind == .count && held.upper == nil {
                let own = outcomeNoun(held, characters: c)
                if NumberMatch.equal(held.value * held.scale, number.value * number.scale, decimals: 0), let noun = own ?? earlier { nouns.append(noun) }
                earlier = own ?? earlier
            }
        }
        return nouns
    }

    /// The outcome noun after the page's count ("mothers got 10 interviews": "interviews"; "21 and
    /// 10 interviews": "interviews" for the 21 too), or, for a gapped count, the outcome of the
    /// count before it ("… and childless women 21"). `c` is the line's characters.
    static func outcomeNoun(_ number: ProseNumber, in c: [Character]) -> String? {
        if let own = outcomeNoun(number, characters: c) { return own }
        let first = number.column - 1
        guard first >= 0, first + number.text.count <= c.count else { return nil }
        if let listed = NumberReader.listedOutcome(c, end: first + number.text.count) { return listed }
        return NumberReader.gappedOutcome(c, first: first, after: first + number.text.count)
    }

    /// The outcome noun right after the count in `c`.
    static func outcomeNoun(_ number: ProseNumber, characters c: [Character]) -> String? {
        let end = number.column - 1 + number.text.count
        guard number.column >= 1, end <= c.count else { return nil }
        return NumberReader.outcomeNoun(NumberReader.words(after: end, in: c, count: 2))
    }

    /// What the claim's count counts, as the KB writes it ("skills", "million roles", or the
    /// outcome its text writes after the count: "callbacks").
    static func countedNoun(_ claim: EvidenceClaim, _ number: ProseNumber) -> String {
        if let outcome = outcomeNouns(claim, writing: number).first { return outcome }
        let isN = claim.studyN.map { Double($0) == number.value * number.scale } ?? false
        let unit = ((isN ? claim.studyNUnit : claim.unit) ?? "").split(separator: " ").filter { !["million", "billion", "thousand"].contains($0.lowercased()) }
        return unit.isEmpty ? "another thing" : unit.joined(separator: " ")
    }

    /// The page's outcome noun for the count ("interviews"), or its noun of a known kind after
    /// the number ("workers"). `c` is the line's characters.
    static func writtenNoun(_ number: ProseNumber, in c: [Character]) -> String {
        let end = number.column - 1 + number.text.count
        guard number.column >= 1, end <= c.count else { return "things" }
        if number.kind == .count, let outcome = outcomeNoun(number, in: c) { return outcome }
        return NumberReader.words(after: end, in: c, count: 3).first { countedKinds[$0.lowercased()] != nil } ?? "things"
    }

    /// Whether the page's count names a kind of thing other than the one the claim counts.
    ///
    /// A count of an outcome ("10 interviews", "21 and 10 interviews", "… and childless women
    /// 21") is of another thing when the claim's text writes that count of another outcome only
    /// ("10 callbacks": trial 19, m4), whatever follows the outcome ("10 interviews from 320
    /// applications", "31 interviews for women": review 28, B1–B3); a claim that writes no
    /// outcome for it decides nothing. Otherwise the three words after the number are held to
    /// the study's n unit (when the count is that n) or the claim's unit ("surveyed 2,900
    /// workers" is not 2,900 skills). `c` is the line's characters.
    static func countsOtherThings(_ claim: EvidenceClaim, _ number: ProseNumber, in c: [Character]) -> Bool {
        guard number.kind == .count || number.kind == .sampleSize else { return false }
        let end = number.column - 1 + number.text.count
        guard number.column >= 1, end <= c.count else { return false }
        if number.kind == .count, let outcome = outcomeNoun(number, in: c).flatMap({ outcomeKinds[$0] }) {
            let held = Set(outcomeNouns(claim, writing: number).compactMap { outcomeKinds[$0] })
            if !held.isEmpty { return !held.contains(outcome) }
        }
        guard let written = countedKind(NumberReader.words(after: end, in: c, count: 3)) else { return false }
        let isN = claim.studyN.map { Double($0) == number.value * number.scale } ?? false
        let unit = isN ? claim.studyNUnit : claim.unit
        guard let held = countedKind((unit ?? "").split(separator: " ").map(String.init)) else { return false }
        return held != written
    }
}
