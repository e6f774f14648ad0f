import Foundation

/// APA 7 reference-list entries, as Zotero (citeproc-js) and citeproc-py with the official
/// `apa.csl` print them: authors, date, title, source, DOI or URL.
///
/// `yearSuffixes` ("a", "b") come from ``APAStyle/references(for:)``, which also sorts.
public enum APAStyle {
    /// A whole reference list: sorted as APA sorts (first author, then year, then title),
    /// with `a`/`b` year suffixes for the same authors in the same year.
    public static func references(for sources: [Source]) -> [StyledText] {
        let sorted = sources.sorted { sortKey($0).lexicographicallyPrecedes(sortKey($1)) }
        var suffixes: [Int: String] = [:]
        var index = 0
        while index < sorted.count {
            var end = index + 1
            while end < sorted.count && groupKey(sorted[end]) == groupKey(sorted[index]) { end += 1 }
            if end - index > 1, sorted[index].issued != nil {
                for offset in index..<end { suffixes[offset] = Self.suffix(offset - index) }
            }
            index = end
        }
        return sorted.enumerated().map { reference(for: $0.element, yearSuffix: suffixes[$0.offset] ?? "") }
    }

    /// One entry.
    public static func reference(for source: Source, yearSuffix: String = "") -> StyledText {
        var out = StyledText()
        let authors = source.authors
        let editors = source.contributors.filter { $0.role == "editor" }
        let isItalicTitle = italicTitleTypes.contains(source.type)
        let title = titleText(source)
        var titleUsed = false
        if !authors.isEmpty {
            out += .plain(terminated(names(authors)))
        } else if !editors.isEmpty, source.type != "chapter" {
            out += .plain(names(editors) + (editors.count == 1 ? " (Ed.)." : " (Eds.)."))
        } else if !title.isEmpty {
            out += isItalicTitle ? .italic(title) : .plain(title)
            out += .plain(title.last.map { ".?!".contains($0) } == true ? "" : ".")
            titleUsed = true
        }
        out += .plain(" (\(date(source, suffix: yearSuffix))).")
        if !titleUsed, !title.isEmpty {
            out += .plain(" ")
            var styledTitle = isItalicTitle ? StyledText.italic(title) : StyledText.plain(title)
            if let descriptor = bracketDescriptor(source) { styledTitle += .plain(" [\(descriptor)]") }
            out += styledTitle
            if styledTitle.lastCharacter.map({ ".?!".contains($0) }) != true { out += .plain(".") }
        }
        out += container(source, authors: authors, editors: editors)
        if let doi = source.doi {
            out += .plain(" https://doi.org/\(doi)")
        } else if let url = source.url {
            out += .plain(" \(url)")
        }
        return out
    }

    static let italicTitleTypes: Set<String> = ["book", "report", "thesis", "dataset", "software", "webpage", "post", "post-weblog",
                                                "motion_picture", "graphic", "map", "musical_score", "pamphlet", "manuscript", "standard"]

    static func titleText(_ source: Source) -> String {
        (source.title ?? "").trimmed
    }

    static func bracketDescriptor(_ source: Source) -> String? {
        switch source.type {
        case "dataset": "Data set"
        case "software": "Computer software"
        default: nil
        }
    }

    /// "(2023)", "(2025, September 23)" for dated web items, "(n.d.)".
    static func date(_ source: Source, suffix: String) -> String {
        guard let issued = source.issued else { return "n.d." + (suffix.isEmpty ? "" : "-\(suffix)") }
        var text = "\(issued.year)\(suffix)"
        if dayPrecisionTypes.contains(source.type), let month = issued.month {
            text += ", \(monthNames[month - 1])"
            if let day = issued.day { text += " \(day)" }
        }
        return text
    }

    static let dayPrecisionTypes: Set<String> = ["article-newspaper", "article-magazine", "post", "post-weblog", "webpage", "broadcast", "interview", "personal_communication"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// The part after the title: journal, volume(issue), pages; or book/report publisher.
    static func container(_ source: Source, authors: [Contributor], editors: [Contributor]) -> StyledText {
        var out = StyledText()
        switch source.type {
        case "article-journal", "article-magazine", "article-newspaper", "article", "review", "review-book":
            guard let journal = source.containerTitle else { break }
            out += .plain(" ") + .italic(journal)
            if let volume = source.volume {
                out += .plain(", ") + .italic(volume)
                if let issue = source.issue { out += .plain("(\(issue))") }
            } else if let issue = source.issue {
                out += .plain(", (\(issue))")
            }
            if let page = source.page { out += .plain(", \(pageRange(page))") }
            out += .plain(".")
        case "chapter", "entry", "entry-encyclopedia", "entry-dictionary", "paper-conference":
            if let container = source.containerTitle {
                out += .plain(" In ")
                if !editors.isEmpty { out += .plain(editorNames(editors) + (editors.count == 1 ? " (Ed.), " : " (Eds.), ")) }
                out += .italic(container)
                if let page = source.page { out += .plain(" (\(page.contains("-") || page.contains("–") ? "pp." : "p.") \(pageRange(page)))") }
                out += .plain(".")
            }
            if let publisher = source.publisher, !isAuthor(publisher, authors) { out += .plain(" \(terminated(publisher))") }
        default:
            if let publisher = source.publisher, !isAuthor(publisher, authors) { out += .plain(" \(terminated(publisher))") }
            else if source.type == "webpage" || source.type == "post", let site = source.containerTitle, !isAuthor(site, authors) {
                out += .plain(" \(terminated(site))")
            }
        }
        return out
    }

    static func isAuthor(_ name: String, _ authors: [Contributor]) -> Bool {
        authors.count == 1 && authors[0].literal == name
    }

    /// "187-192" → "187–192".
    static func pageRange(_ page: String) -> String {
        page.replacingOccurrences(of: "--", with: "–").replacingOccurrences(of: "-", with: "–")
    }

    /// "Noy, S., & Zhang, W." — up to 20 names; then the first 19, an ellipsis and the last.
    static func names(_ people: [Contributor]) -> String {
        let formatted = people.map(name)
        switch formatted.count {
        case 0: return ""
        case 1: return formatted[0]
        case 2: return "\(formatted[0]), & \(formatted[1])"
        case 3...20: return formatted.dropLast().joined(separator: ", ") + ", & " + formatted[formatted.count - 1]
        default: return formatted.prefix(19).joined(separator: ", ") + ", . . . " + formatted[formatted.count - 1]
        }
    }

    /// Editors in a chapter: "A. Editor & B. Editor" (initials first).
    static func editorNames(_ people: [Contributor]) -> String {
        let formatted = people.map { person -> String in
            guard let family = person.family else { return person.literal ?? "" }
            let last = [person.particle, family].compactMap { $0 }.joined(separator: " ")
            return [person.given.map(initials), last].compactMap { $0 }.joined(separator: " ")
        }
        switch formatted.count {
        case 0: return ""
        case 1: return formatted[0]
        case 2: return "\(formatted[0]) & \(formatted[1])"
        default: return formatted.dropLast().joined(separator: ", ") + ", & " + formatted[formatted.count - 1]
        }
    }

    /// "Noy, S." / "van der Berg, J.-P., Jr." / "World Economic Forum".
    static func name(_ person: Contributor) -> String {
        guard let family = person.family else { return person.literal ?? "" }
        var text = [person.particle, family].compactMap { $0 }.joined(separator: " ")
        if let given = person.given, !given.isEmpty { text += ", " + initials(given) }
        if let dropping = person.droppingParticle { text += " " + dropping }
        if let suffix = person.suffix { text += ", " + suffix }
        return text
    }

    /// "Shakked" → "S.", "Jean-Paul" → "J.-P.", "S." → "S.", "W. Edwards" → "W. E.".
    static func initials(_ given: String) -> String {
        given.split(whereSeparator: { $0 == " " || $0 == "." }).map { part -> String in
            part.split(separator: "-").compactMap { piece in piece.first.map { "\(String($0).uppercased())." } }.joined(separator: "-")
        }.joined(separator: " ")
    }

    /// Adds a final period unless the text already ends with one.
    static func terminated(_ text: String) -> String {
        text.hasSuffix(".") ? text : text + "."
    }

    static func sortKey(_ source: Source) -> [String] {
        let authors = source.authors.isEmpty ? source.contributors.filter { $0.role == "editor" } : source.authors
        let nameKey = authors.isEmpty ? Slug.fold(source.title ?? "") : authors.map { Slug.fold(($0.family ?? $0.literal ?? "") + " " + ($0.given ?? "")) }.joined(separator: " ")
        return [nameKey, source.issued.map { String(format: "%04d", $0.year) } ?? "9999", Slug.fold(source.title ?? ""), source.slug]
    }

    static func groupKey(_ source: Source) -> [String] {
        Array(sortKey(source).prefix(2))
    }

    static func suffix(_ index: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return index < letters.count ? String(letters[index]) : String(letters[index / letters.count - 1]) + String(letters[index % letters.count])
    }

    /// The in-text form: "Noy & Zhang (2023)", "World Economic Forum (2025)", "Smith et al. (2020)".
    public static func inText(_ source: Source) -> String {
        let authors = source.authors
        let family = { (person: Contributor) in [person.particle, person.family].compactMap { $0 }.joined(separator: " ").isEmpty ? (person.literal ?? "") : [person.particle, person.family].compactMap { $0 }.joined(separator: " ") }
        let who: String = switch authors.count {
        case 0: source.title.map { "\"\($0.count > 40 ? String($0.prefix(40)) + "…" : $0)\"" } ?? source.slug
        case 1: family(authors[0])
        case 2: "\(family(authors[0])) & \(family(authors[1]))"
        default: "\(family(authors[0])) et al."
        }
        return "\(who) (\(source.issued.map { String($0.year) } ?? "n.d."))"
    }
}
