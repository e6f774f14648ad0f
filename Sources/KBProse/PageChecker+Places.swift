import Foundation

/// A country the page names that the matching claim is not about (trial 6, P:11): "In Peru,
/// obese applicants got 362 callbacks from 976 applications" is not Busetta et al. (2020)'s
/// Italian row, though the counts agree. A register's statement names its study's country
/// ("Busetta et al. (2020), Italy: …"); when the page's sentence names countries and the
/// statement names others, none of the page's, the number is not supported by that claim.
extension PageChecker {
    /// Country names as a page or a statement writes them, each with the country it names
    /// (aliases share one). Names that are also common words or given names ("Georgia",
    /// "Jordan", "Chad") are left out: a false place would call a right number unsupported.
    static let countries: [String: String] = {
        var out: [String: String] = [:]
        let names = ["Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bangladesh", "Belarus", "Belgium",
                     "Bolivia", "Bosnia", "Brazil", "Bulgaria", "Cambodia", "Cameroon", "Canada", "Chile", "China", "Colombia", "Croatia",
                     "Cuba", "Cyprus", "Czechia", "Denmark", "Ecuador", "Egypt", "Estonia", "Ethiopia", "Finland", "France", "Germany",
                     "Ghana", "Greece", "Guatemala", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Italy",
                     "Jamaica", "Japan", "Kazakhstan", "Kenya", "Latvia", "Lebanon", "Lithuania", "Luxembourg", "Malaysia", "Malta",
                     "Mexico", "Moldova", "Morocco", "Nepal", "Netherlands", "Nigeria", "Norway", "Pakistan", "Panama", "Paraguay", "Peru",
                     "Philippines", "Poland", "Portugal", "Romania", "Senegal", "Serbia", "Singapore", "Slovakia", "Slovenia", "Spain",
                     "Sweden", "Switzerland", "Taiwan", "Tanzania", "Thailand", "Tunisia", "Turkey", "Uganda", "Ukraine", "Uruguay",
                     "Venezuela", "Vietnam", "Zambia", "Zimbabwe"]
        for name in names { out[name] = name }
        let aliases: [String: [String]] = [
            "United States": ["United States", "USA", "U.S.", "U.S.A.", "America"],
            "United Kingdom": ["United Kingdom", "UK", "U.K.", "Britain", "England", "Scotland", "Wales"],
            "Czechia": ["Czech Republic"], "Russia": ["Russia", "Russian Federation"], "Netherlands": ["Holland"],
            "New Zealand": ["New Zealand"], "South Africa": ["South Africa"], "South Korea": ["South Korea", "Korea"],
            "Saudi Arabia": ["Saudi Arabia"], "Costa Rica": ["Costa Rica"], "Sri Lanka": ["Sri Lanka"],
        ]
        for (country, names) in aliases { for name in names { out[name] = country } }
        return out
    }()

    /// The countries `text` names: each name as whole words with its capitals, not an author's
    /// name before a citation's year or "et al." ("Israel (2019)").
    static func countriesNamed(in text: String) -> Set<String> {
        var out = Set<String>()
        for (name, country) in countries where text.contains(name) {
            var from = text.startIndex
            while let found = text.range(of: name, range: from..<text.endIndex) {
                from = found.upperBound
                let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
                let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
                guard !(before?.isLetter ?? false), !(after?.isLetter ?? false) else { continue }
                let rest = text[found.upperBound...].drop { $0 == " " }
                if rest.hasPrefix("et al") || (rest.hasPrefix("(") && rest.dropFirst().first?.isNumber == true) { continue }
                out.insert(country)
                break
            }
        }
        return out
    }

    /// The countries the page's sentence names when the claim's statement names others and
    /// none of them (nil otherwise): the page and the claim are about different places.
    static func placeConflict(_ claim: EvidenceClaim, sentence: String) -> (page: Set<String>, claim: Set<String>)? {
        let page = countriesNamed(in: sentence)
        guard !page.isEmpty else { return nil }
        let held = countriesNamed(in: claim.statement)
        guard !held.isEmpty, held.isDisjoint(with: page) else { return nil }
        return (page, held)
    }

    /// The message of a number whose claim is about another country than the page's.
    static func placeMessage(_ claim: EvidenceClaim, _ number: ProseNumber, _ conflict: (page: Set<String>, claim: Set<String>)) -> String {
        "\(number.text) is what \(claim.slug) states for \(conflict.claim.sorted().joined(separator: " and ")), but the page writes it for "
            + "\(conflict.page.sorted().joined(separator: " and ")); the KB does not state it for that place"
    }
}
