import Foundation

/// A country the page names that the matching claim is not about (trial 6, P:11): "In Peru,
/// obese applicants got 362 callbacks from 976 applications" is not Busetta et al. (2020)'s
/// Italian row, though the counts agree. A register's statement names its study's country
/// ("Busetta et al. (2020), Italy: …"); when the page's sentence names countries and the
/// statement names others, none of the page's, the number is not supported by that claim.
extension PageChecker {
    /// Country names as a page or a statement writes them, each with the country it names
    /// (aliases share one). Names that are also common words, given names or surnames
    /// ("Georgia", "Jordan", "Chad", "Holland") are left out: a false place would call a right
    /// number unsupported. "Korea" alone names neither Korea (review 12, m2); "US" is read with
    /// its capitals only.
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
            "United States": ["United States", "USA", "US", "U.S.", "U.S.A."],
            "United Kingdom": ["United Kingdom", "UK", "U.K.", "Britain", "England", "Scotland", "Wales"],
            "Czechia": ["Czech Republic"], "Russia": ["Russia", "Russian Federation"],
            "New Zealand": ["New Zealand"], "South Africa": ["South Africa"], "South Korea": ["South Korea"], "North Korea": ["North Korea"],
            "Saudi Arabia": ["Saudi Arabia"], "Costa Rica": ["Costa Rica"], "Sri Lanka": ["Sri Lanka"],
        ]
        for (country, names) in aliases { for name in names { out[name] = country } }
        return out
    }()

    /// The countries `text` names: each name as whole words with its capitals, not an author's
    /// name before a citation's year or "et al." ("Israel (2019)"). One pass over the words,
    /// each capitalised one tried as the start of a name of up to four words.
    static func countriesNamed(in text: String) -> Set<String> {
        let punctuation: Set<Character> = [",", ";", ":", "(", ")", "\"", "'", "\u{2019}", "!", "?"]
        // "Peru's" is Peru.
        let plain = text.replacingOccurrences(of: "'s ", with: " ").replacingOccurrences(of: "\u{2019}s ", with: " ")
        let words = plain.split(whereSeparator: \.isWhitespace).map { String($0.filter { !punctuation.contains($0) }) }
        let raw = plain.split(whereSeparator: \.isWhitespace)
        var out = Set<String>()
        for start in words.indices where words[start].first?.isUppercase == true {
            var name = ""
            for length in 1...4 where start + length <= words.count {
                let word = words[start + length - 1]
                name = length == 1 ? word : name + " " + word
                // "Italy." ends a sentence; "U.S." keeps its points.
                guard let country = countries[name] ?? countries[name.hasSuffix(".") ? String(name.dropLast()) : name] else { continue }
                let next = start + length < raw.count ? raw[start + length] : ""
                if next.hasPrefix("et") && next.count <= 3 || (next.hasPrefix("(") && next.dropFirst().first?.isNumber == true) { continue }
                // "England and Lee (2019)", "as England and Lee had found": authors, unless the
                // name after "and" is a country too ("Italy and Spain"; review 12, M6).
                if next == "and", start + length + 1 < words.count, let other = words[start + length + 1].first, other.isUppercase,
                   !countryStarts(words, at: start + length + 1) { continue }
                out.insert(country)
            }
        }
        return out
    }

    /// Whether a country's name starts at `index` of `words`.
    static func countryStarts(_ words: [String], at index: Int) -> Bool {
        var name = ""
        for length in 1...4 where index + length <= words.count {
            name = length == 1 ? words[index] : name + " " + words[index + length - 1]
            if countries[name] != nil || (name.hasSuffix(".") && countries[String(name.dropLast())] != nil) { return true }
        }
        return false
    }

    /// The countries the page's sentence names when the claim's statement names others and
    /// none of them (nil otherwise): the page and the claim are about different places.
    mutating func placeConflict(_ claim: EvidenceClaim, sentence: String) -> (page: Set<String>, claim: Set<String>)? {
        let page = places(in: sentence)
        guard !page.isEmpty else { return nil }
        let held = places(in: claim.statement)
        guard !held.isEmpty, held.isDisjoint(with: page) else { return nil }
        return (page, held)
    }

    /// ``countriesNamed(in:)``, read once a page per sentence or statement.
    mutating func places(in text: String) -> Set<String> {
        if let known = placesByText[text] { return known }
        let found = Self.countriesNamed(in: text)
        placesByText[text] = found
        return found
    }

    /// The message of a number whose claim is about another country than the page's.
    static func placeMessage(_ claim: EvidenceClaim, _ number: ProseNumber, _ conflict: (page: Set<String>, claim: Set<String>)) -> String {
        "\(number.text) is what \(claim.slug) states for \(conflict.claim.sorted().joined(separator: " and ")), but the page writes it for "
            + "\(conflict.page.sorted().joined(separator: " and ")); the KB does not state it for that place"
    }
}
