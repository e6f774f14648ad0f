import Foundation
import KBDomain
import KBQuery
import KBStore

/// How a CSV cell lists authors, and how to read it.
enum NameFormat: String, CaseIterable {
    /// `[{"family": "Eagly", "given": "Alice H."}, …]` (CSL / Crossref JSON).
    case cslJSON = "csl-json"
    /// `Eagly, Alice H. and Wood, Wendy` (BibTeX).
    case bibtex
    /// `Acquisti, Alessandro; Fong, Christina` (family, given; semicolon between names).
    case semicolon
    /// `AL Morris, ML Still` (initials then family; comma between names).
    case initialsFirst = "initials-first"
    /// `Neumark et al. (2019)`, `Jacquement & Yannelis (2012)`: an author-year label; `et al.`
    /// marks the list as incomplete. The names are family names of people (a label never gives
    /// initials), not organisations. A letter after the year (`Baert et al. (2016c)`) is the
    /// label's own disambiguation, kept as CSL's `year-suffix` (``yearSuffix(_:)``).
    case label
    /// One organisation's name.
    case literal

    func parse(_ text: String, role: String = "author") -> (people: [Contributor], incomplete: Bool) {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { return ([], false) }
        switch self {
        case .cslJSON:
            guard let array = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [[String: Any]] else { return ([], false) }
            let people = array.compactMap { name -> Contributor? in
                let family = (name["family"] as? String)?.trimmed.nilIfEmpty
                let given = (name["given"] as? String)?.trimmed.nilIfEmpty
                let literal = (name["literal"] as? String ?? name["name"] as? String)?.trimmed.nilIfEmpty
                if family == nil && literal == nil { return given.map { Contributor(role: role, literal: $0) } }
                return Contributor(role: role, family: family, given: given, suffix: (name["suffix"] as? String)?.nilIfEmpty, literal: family == nil ? literal : nil)
            }
            return (people, false)
        case .bibtex:
            let parsed = BibTeXNames.parse(trimmed, role: role)
            return (parsed.people, parsed.isIncomplete)
        case .semicolon:
            return (trimmed.split(separator: ";").map { RISReader.person(String($0), role: role) }.filter { $0.family != nil || !($0.literal ?? "").isEmpty }, false)
        case .initialsFirst:
            let people = trimmed.split(separator: ",").compactMap { part -> Contributor? in
                let words = part.split(separator: " ").map(String.init)
                guard let family = words.last else { return nil }
                let initials = words.dropLast().map { word -> String in
                    word.allSatisfy(\.isUppercase) && word.count <= 3 ? word.map { "\($0)." }.joined(separator: " ") : word
                }.joined(separator: " ")
                return Contributor(role: role, family: family, given: initials.nilIfEmpty)
            }
            return (people, false)
        case .label:
            var body = trimmed
            if let paren = body.firstIndex(of: "(") { body = String(body[..<paren]) }
            body = body.trimmed
            var incomplete = false
            for marker in ["et al.", "et al", "and colleagues"] where body.hasSuffix(marker) {
                body = String(body.dropLast(marker.count)).trimmed
                incomplete = true
            }
            let names = body.replacingOccurrences(of: " & ", with: ",").replacingOccurrences(of: " and ", with: ",")
                .split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
            return (names.map { Contributor(role: role, family: $0) }, incomplete)
        case .literal:
            return ([Contributor(role: role, literal: trimmed)], false)
        }
    }

    /// The letter after a label's year: "c" in `Baert et al. (2016c)`, "a" in `(n.d.-a)`; nil for
    /// other formats, a label without one, or one whose year is not the work's (`year`; nil for
    /// an undated work): the letter tells apart works of that year only. The APA export keeps it
    /// while the authors are the label's, so that kb's year suffixes never rename the register's
    /// works.
    func yearSuffix(_ text: String, year: Int?) -> String? {
        guard self == .label, let open = text.lastIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return nil }
        var letters = Substring(text[text.index(after: open)..<close].trimmed)
        if letters.hasPrefix("n.d.") {
            guard year == nil else { return nil }
            letters = letters.dropFirst(4)
            if letters.hasPrefix("-") { letters = letters.dropFirst() }
        } else {
            guard let year, letters.prefix(while: \.isNumber) == String(year) else { return nil }
            letters = letters.dropFirst(4)
        }
        guard (1...2).contains(letters.count), letters.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return nil }
        return String(letters)
    }
}
