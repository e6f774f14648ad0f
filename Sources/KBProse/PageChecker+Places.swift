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
    /// "Korea" is South Korea unless "North" precedes it, "Holland" the Netherlands (review 14,
    /// M3); "US" is read with its capitals only, and not in an all-caps clause ("HELP US", m2).
    static let countries: [String: String] = {
        var out: [String: String] = [:]
        let names = ["Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bangladesh", "Belarus", "Belgium",
                     "Bolivia", "Bosnia", "Brazil", "Bulgaria", "Cambodia", "Cameroon", "Canada", "Chile", "China", "Colombia", "Croatia",
                     "Cuba", "Cyprus", "Czechia", "Denmark", "Ecuador", "Egypt", "Estonia", "Ethiopia", "Finland", "France", "Germany",
                     "Gambia", "Ghana", "Greece", "Guatemala", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
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
            "New Zealand": ["New Zealand"], "South Africa": ["South Africa"], "South Korea": ["South Korea", "Korea"], "North Korea": ["North Korea"],
            "Netherlands": ["Netherlands", "Holland"], "Hong Kong": ["Hong Kong"],
            "Saudi Arabia": ["Saudi Arabia"], "Costa Rica": ["Costa Rica"], "Sri Lanka": ["Sri Lanka"],
        ]
        for (country, names) in aliases { for name in names { out[name] = country } }
        return out
    }()

    /// The countries `text` names: each name as whole words with its capitals, not an author's
    /// name. Whether a name is an author's is read from the citation's structure, not from
    /// whether the next name is a country: a list of names ("England and Lee", "Lee, England and
    /// Park") followed by a year or "et al.", or with one of `authors` (the cited work's family
    /// names, lowercased) among them (review 14, M3, m1). One pass over the words, each
    /// capitalised one tried as the start of a name of up to four words.
    static func countriesNamed(in text: String, authors: Set<String> = []) -> Set<String> {
        let punctuation: Set<Character> = [",", ";", ":", "(", ")", "\"", "'", "\u{2019}", "!", "?"]
        // "Peru's" is Peru.
        let plain = text.contains("'" as Character) || text.contains("\u{2019}" as Character)
            ? text.replacingOccurrences(of: "'s ", with: " ").replacingOccurrences(of: "\u{2019}s ", with: " ") : text
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
                if name == "Korea", start > 0, words[start - 1] == "North" { continue }
                if isShouted(words, raw, start: start, end: start + length) { continue }
                if isAuthorList(words, raw, start: start, end: start + length, authors: authors) { continue }
                out.insert(country)
            }
        }
        return out
    }

    /// "et al.", "(2019)": what follows an author's name in a citation.
    static func isCitationTail(_ next: Substring) -> Bool {
        next.hasPrefix("et") && next.count <= 3 || (next.hasPrefix("(") && next.dropFirst().first?.isNumber == true)
    }

    /// Whether the name at `start..<end` (alone or in a list of names: "A and B", "A, B and
    /// C", "A & B") is an author's: the list holds one of `authors`, or "et al." or a year
    /// follows it. A list made only of countries before "(2019)" or "(2016-2017)" is places,
    /// not authors ("In Spain and Chile (2016-2017)", "In Korea (2019)"; review 15, M5),
    /// unless one of them is the cited work's author.
    static func isAuthorList(_ words: [String], _ raw: [Substring], start: Int, end: Int, authors: Set<String>) -> Bool {
        func capitalised(_ index: Int) -> Bool { index >= 0 && index < words.count && words[index].first?.isUppercase == true }
        // "In Greece, Drydakis et al. (2017)": a place the sentence opens with, before its
        // comma, is the lead-in CitationReader drops, not the first author (trial 11, B6).
        if start > 0, raw[end - 1].hasSuffix(","),
           ["in", "across", "among", "throughout", "within"].contains(words[start - 1].lowercased()) { return false }
        var members = [start]
        var last = end - 1
        var index = end
        while index < words.count {
            if ["and", "&"].contains(words[index]), capitalised(index + 1) {
                members.append(index + 1)
                last = index + 1
                index += 2
            } else if raw[last].hasSuffix(","), capitalised(index) {
                members.append(index)
                last = index
                index += 1
            } else {
                break
            }
        }
        index = start - 1
        while index >= 0 {
            if ["and", "&"].contains(words[index]), capitalised(index - 1) {
                members.append(index - 1)
                index -= 2
            } else if raw[index].hasSuffix(","), capitalised(index) {
                members.append(index)
                index -= 1
            } else {
                break
            }
        }
        let named = members.contains { authors.contains(words[$0].lowercased()) }
        let tail = last + 1 < raw.count ? raw[last + 1] : ""
        if isCitationTail(tail) {
            return named || !tail.hasPrefix("(") || !members.allSatisfy { inCountry(words, at: $0) }
        }
        return members.count >= 2 && named
    }

    /// Whether the word at `index` is part of a country's name ("Zealand" in "New Zealand").
    static func inCountry(_ words: [String], at index: Int) -> Bool {
        (max(0, index - 3)...index).contains { start in
            var name = ""
            for end in start..<min(words.count, start + 4) {
                name = end == start ? words[end] : name + " " + words[end]
                if end >= index, countries[name] != nil || (name.hasSuffix(".") && countries[String(name.dropLast())] != nil) { return true }
            }
            return false
        }
    }

    /// Whether an all-caps name ("US") stands in a clause written all in capitals ("…, HELP
    /// US (…)"), where it is a word, not a country. One acronym beside it is not shouting: "US
    /// AI firms", "In US HR departments" name the country (review 15, M5). The clause runs
    /// between punctuation marks; it must hold another all-caps word and no lower-case one.
    static func isShouted(_ words: [String], _ raw: [Substring], start: Int, end: Int) -> Bool {
        guard words[start].contains(where: \.isLowercase) == false else { return false }
        let breaks: Set<Character> = [",", ";", ":", ".", "(", ")", "!", "?"]
        var first = start
        while first > 0, raw[first - 1].last.map({ !breaks.contains($0) }) ?? true, raw[first].first != "(" { first -= 1 }
        var last = end - 1
        while last + 1 < raw.count, raw[last].last.map({ !breaks.contains($0) }) ?? true, raw[last + 1].first != "(" { last += 1 }
        let others = (first...last).filter { $0 < start || $0 >= end }.map { words[$0].filter(\.isWordLetter) }.filter { !$0.isEmpty }
        return !others.isEmpty && others.allSatisfy { $0.allSatisfy(\.isUppercase) }
    }

    /// The countries the page's sentence names when the claim's statement names others and
    /// none of them (nil otherwise): the page and the claim are about different places.
    mutating func placeConflict(_ claim: EvidenceClaim, sentence: String) -> (page: Set<String>, claim: Set<String>)? {
        let authors = Set((claim.sourceID.flatMap { citedWorks[$0] }?.authors ?? []).flatMap { Self.letterWords($0) })
        let page = places(in: sentence, authors: authors)
        guard !page.isEmpty else { return nil }
        let held = places(in: claim.statement)
        guard !held.isEmpty, held.isDisjoint(with: page) else { return nil }
        return (page, held)
    }

    /// ``countriesNamed(in:)``, read once a page per sentence or statement.
    mutating func places(in text: String, authors: Set<String> = []) -> Set<String> {
        let key = authors.isEmpty ? text : text + "\u{0}" + authors.sorted().joined(separator: " ")
        if let known = placesByText[key] { return known }
        let found = Self.countriesNamed(in: text, authors: authors)
        placesByText[key] = found
        return found
    }

    /// The message of a number whose claim is about another country than the page's.
    static func placeMessage(_ claim: EvidenceClaim, _ number: ProseNumber, _ conflict: (page: Set<String>, claim: Set<String>)) -> String {
        "\(number.text) is what \(claim.slug) states for \(conflict.claim.sorted().joined(separator: " and ")), but the page writes it for "
            + "\(conflict.page.sorted().joined(separator: " and ")); the KB does not state it for that place"
    }
}
