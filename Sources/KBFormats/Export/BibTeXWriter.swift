import KBDomain

/// BibTeX entries that bibtexparser, pybtex and BibTeX itself accept: the entry type that fits
/// the CSL type and the fields present (falling back to `@misc` rather than writing an entry
/// without its required fields), readable citation keys (the source's id), LaTeX specials
/// escaped, non-ASCII kept as UTF-8, and acronyms and protected words in titles braced.
enum BibTeXWriter {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func entry(_ source: Source) -> String {
        let type = entryType(source)
        var fields: [(String, String)] = []
        func add(_ name: String, _ value: String?, escape: Bool = true) {
            guard let value, !value.isEmpty else { return }
            fields.append((name, "{" + (escape ? escaped(value) : value) + "}"))
        }
        let authors = source.authors
        let editors = source.contributors.filter { $0.role == "editor" }
        // biblatex's `entrysubtype` (ignored by BibTeX and the standard styles) keeps the CSL
        // type an entry type cannot say (`@misc` for a web page), so that kb reads it back.
        let subtype = BibTeXTypes.typeMap[type] == source.type ? nil : source.type
        if !authors.isEmpty {
            fields.append(("author", "{" + names(authors, incomplete: ExportFields.authorsIncomplete(source)) + "}"))
        }
        if !editors.isEmpty { fields.append(("editor", "{" + names(editors, incomplete: false) + "}")) }
        fields.append(("title", "{" + title(ExportFields.title(source), protected: ExportFields.protectedWords(source)) + "}"))
        let extra = ExportFields.cslExtra(source)
        switch type {
        case "article": add("journal", source.containerTitle)
        case "incollection", "inproceedings": add("booktitle", source.containerTitle)
        // Other entry types have no container field; `journal` is ignored by BibTeX there and
        // read back by kb.
        default: add("journal", source.containerTitle)
        }
        if type == "misc" { add("howpublished", extra["medium"] as? String) }
        switch type {
        case "techreport": add("institution", source.publisher ?? authors.first?.literal)
        case "phdthesis", "mastersthesis": add("school", source.publisher)
        default: add("publisher", source.publisher)
        }
        add("address", source.publisherPlace)
        add("series", extra["collection-title"] as? String)
        add("edition", extra["edition"] as? String)
        if let year = source.issued?.year { fields.append(("year", "{\(year)}")) }
        if let month = source.issued?.month { fields.append(("month", months[month - 1])) }
        if let day = source.issued?.day { fields.append(("day", "{\(day)}")) }
        add("volume", source.volume)
        // @article's number is the issue (an article number goes to biblatex's eid); elsewhere
        // number is the report or series number and the issue biblatex's issue.
        if type == "article" {
            add("number", source.issue)
            add("eid", extra["number"] as? String)
        } else {
            add("number", extra["number"] as? String)
            add("issue", source.issue)
        }
        // Page ranges take BibTeX's en dash, "--"; the rest of the field is escaped as usual.
        add("pages", source.page.map { $0.split(separator: "-", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "--") },
            escape: false)
        add("doi", source.doi, escape: false)
        add("url", source.url, escape: false)
        add("urldate", source.accessed)
        add("type", extra["genre"] as? String)
        add("isbn", extra["ISBN"] as? String)
        add("issn", extra["ISSN"] as? String)
        add("language", extra["language"] as? String)
        add("keywords", extra["keyword"] as? String)
        add("abstract", extra["abstract"] as? String)
        add("note", source.note)
        add("entrysubtype", subtype, escape: false)
        let width = fields.map(\.0.count).max() ?? 0
        let body = fields.map { name, value in "  " + name + String(repeating: " ", count: width - name.count) + " = " + value }
        return "@\(type){\(source.slug),\n" + body.joined(separator: ",\n") + "\n}\n"
    }

    /// The BibTeX type for a CSL type, given the fields the source has.
    static func entryType(_ source: Source) -> String {
        let hasAuthor = !source.authors.isEmpty
        let hasYear = source.issued != nil
        let hasContainer = source.containerTitle != nil
        switch source.type {
        case "article-journal", "article", "article-magazine", "article-newspaper", "review", "review-book", "periodical":
            return hasAuthor && hasYear && hasContainer ? "article" : "misc"
        case "book", "classic", "collection":
            return (hasAuthor || source.contributors.contains { $0.role == "editor" }) && hasYear && source.publisher != nil ? "book" : "misc"
        case "chapter", "entry", "entry-encyclopedia", "entry-dictionary":
            return hasAuthor && hasYear && hasContainer && source.publisher != nil ? "incollection" : "misc"
        case "paper-conference":
            return hasAuthor && hasYear && hasContainer ? "inproceedings" : "misc"
        case "report":
            return hasYear && (hasAuthor || source.publisher != nil) ? "techreport" : "misc"
        case "thesis":
            guard hasAuthor && hasYear && source.publisher != nil else { return "misc" }
            let genre = (ExportFields.cslExtra(source)["genre"] as? String ?? "").lowercased()
            return genre.contains("master") ? "mastersthesis" : "phdthesis"
        case "manuscript":
            return hasAuthor && source.note != nil ? "unpublished" : "misc"
        case "pamphlet":
            return "booklet"
        default:
            return "misc"
        }
    }

    /// `Family, Given and {Organisation} and van der Berg, Jr., Jan [and others]`.
    static func names(_ people: [Contributor], incomplete: Bool) -> String {
        var parts = people.map(name)
        if incomplete { parts.append("others") }
        return parts.joined(separator: " and ")
    }

    static func name(_ person: Contributor) -> String {
        guard let family = person.family else { return "{" + escaped(person.literal ?? "") + "}" }
        let von = [person.droppingParticle, person.particle].compactMap { $0 }.joined(separator: " ")
        // A family name with a word in lower case, or with "and", a comma or a no-break space
        // (which BibTeX writes `~` and splits names at), is braced so that BibTeX does not read
        // it as a "von" part or split it.
        var last = escaped(family)
        if family.split(separator: " ").contains(where: { $0.first?.isLowercase == true }) || family.contains(",") || family.contains("\u{00A0}")
            || family.lowercased().split(separator: " ").contains("and") {
            last = "{" + last + "}"
        }
        var text = (von.isEmpty ? "" : escaped(von) + " ") + last
        if let suffix = person.suffix { text += ", " + escaped(suffix) }
        if let given = person.given {
            var first = escaped(given)
            if given.first?.isLowercase == true || given.contains(",") || given.contains("\u{00A0}") { first = "{" + first + "}" }
            text += ", " + first
        } else if person.suffix != nil {
            text += ", "
        } else if family.contains(" ") {
            // "Lopez Bóo," — the comma makes every word the family name ("Lopez Bóo" alone
            // would be given name Lopez, family name Bóo).
            text += ","
        }
        return text
    }

    /// LaTeX for plain text: specials escaped, sequences BibTeX would read as dashes or quotes
    /// broken up, runs of white space written as one space.
    static func escaped(_ text: String) -> String {
        var out = ""
        var previous: Character?
        for character in text {
            switch character {
            case "&", "%", "$", "#", "_": out += "\\" + String(character)
            // BibTeX counts braces even after a backslash, so `\{` would unbalance the field.
            case "{": out += "\\textbraceleft{}"
            case "}": out += "\\textbraceright{}"
            case "\\": out += "\\textbackslash{}"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "`": out += "{\\textasciigrave}"
            case "\u{00A0}": out += "~"
            case "-" where previous == "-": out += "{}-"
            case "'" where previous == "'": out += "{}'"
            // BibTeX reads any run of white space as one space; writing it so keeps a round trip exact.
            case " ", "\t", "\n", "\r", "\r\n":
                if previous != " " { out.append(" ") }
                previous = " "
                continue
            default: out.append(character)
            }
            previous = character
        }
        return out
    }

    /// The title with acronyms and mixed-case words (`AI`, `GenAI`, `DNA`), and the words the
    /// source's own BibTeX protected, in braces so that BibTeX styles keep their case.
    static func title(_ text: String, protected: [String]) -> String {
        guard RichText.hasMarkup(text) else { return plainTitle(text, protected: protected) }
        return RichText.segments(text).map { segment in
            var out = plainTitle(segment.text, protected: protected)
            for (style, command) in latexCommands where segment.styles.contains(style) {
                out = command + "{" + out + "}"
            }
            return out
        }.joined()
    }

    /// CSL rich text as LaTeX, innermost first: `<i>` → `\textit{}`, `<b>` → `\textbf{}`,
    /// small caps (`<scp>`, the CSL span) → `\textsc{}`, `<sup>`/`<sub>` →
    /// `\textsuperscript{}`/`\textsubscript{}`, and `nocase` → braces, BibTeX's protection
    /// from case changes. kb's BibTeX reader turns these commands back into the CSL tags.
    static let latexCommands: [(RichText.Style, String)] = [(.italic, "\\textit"), (.bold, "\\textbf"), (.smallCaps, "\\textsc"),
                                                          (.noCase, ""), (.superscript, "\\textsuperscript"), (.subscript, "\\textsubscript")]

    /// ``title(_:protected:)`` for text without markup.
    static func plainTitle(_ text: String, protected: [String]) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let phrases = protected.filter { $0.contains(" ") }
        let singles = Set(protected.filter { !$0.contains(" ") })
        var out: [String] = []
        var index = 0
        while index < words.count {
            // A protected phrase: brace the whole run of words.
            if let phrase = phrases.first(where: { phrase in
                let count = phrase.split(separator: " ").count
                return index + count <= words.count && words[index..<(index + count)].joined(separator: " ") == phrase
            }) {
                let count = phrase.split(separator: " ").count
                out.append("{" + escaped(phrase) + "}")
                index += count
                continue
            }
            out.append(protect(String(words[index]), singles: singles))
            index += 1
        }
        return out.joined(separator: " ")
    }

    static func protect(_ word: String, singles: Set<String>) -> String {
        // Keep leading and trailing punctuation outside the braces: "(GenAI):" → "({GenAI}):".
        let characters = Array(word)
        guard let first = characters.firstIndex(where: { $0.isLetter || $0.isNumber }),
              let last = characters.lastIndex(where: { $0.isLetter || $0.isNumber }) else { return escaped(word) }
        let core = String(characters[first...last])
        let before = escaped(String(characters[..<first]))
        let after = escaped(String(characters[(last + 1)...]))
        if singles.contains(core) || isCaseSensitive(core) {
            return before + "{" + escaped(core) + "}" + after
        }
        if let prefix = singles.filter({ core.hasPrefix($0) && !$0.isEmpty }).max(by: { $0.count < $1.count }) {
            return before + "{" + escaped(prefix) + "}" + escaped(String(core.dropFirst(prefix.count))) + after
        }
        return escaped(word)
    }

    /// Words whose case a style must not change: more than one capital, or a capital after the first letter.
    static func isCaseSensitive(_ word: String) -> Bool {
        let letters = word.filter(\.isLetter)
        return letters.dropFirst().contains { $0.isUppercase }
    }
}
