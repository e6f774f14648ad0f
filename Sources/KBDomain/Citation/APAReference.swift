/// One APA 7 reference-list entry, following the official CSL style (`apa.csl`, the style
/// Zotero uses) macro by macro for the variables kb keeps: author (or its substitutes), date,
/// title with identifier and description, source, DOI or URL.
///
/// CSL's rules are applied as the specification states them, also where citeproc-py does not:
/// a variable that substitutes for the author is not repeated, a group whose variables are all
/// empty is left out, and punctuation that ends a title is not doubled. `.ci/check-exports`
/// lists those known citeproc-py differences.
package struct APAReference {
    let source: Source
    let yearSuffix: String
    /// The author list is known to be incomplete (`and others`, a label's `et al.`).
    let authorsIncomplete: Bool
    private let extra: [String: Any]
    private let authors: [Contributor]
    private let editors: [Contributor]
    private let translators: [Contributor]
    private let containerAuthors: [Contributor]
    private let collectionEditors: [Contributor]

    package init(_ source: Source, yearSuffix: String = "") {
        self.source = source
        self.yearSuffix = yearSuffix
        self.extra = ExportFields.cslExtra(source)
        self.authorsIncomplete = ExportFields.authorsIncomplete(source)
        self.authors = source.contributors.filter { $0.role == "author" }
        self.editors = source.contributors.filter { $0.role == "editor" }
        self.translators = source.contributors.filter { $0.role == "translator" }
        self.containerAuthors = source.contributors.filter { $0.role == "container-author" }
        self.collectionEditors = source.contributors.filter { $0.role == "collection-editor" }
    }

    // MARK: Variables

    var type: String { source.type }
    var title: String? { ExportFields.title(source) }
    var container: String? { source.containerTitle }
    func text(_ key: String) -> String? { (extra[key] as? String)?.trimmed.nilIfEmpty }
    var genre: String? { text("genre") }
    var medium: String? { text("medium") }
    var number: String? { type == "article-journal" ? nil : text("number") }
    var collectionTitle: String? { text("collection-title") }
    var hasEditors: Bool { !editors.isEmpty || !collectionEditors.isEmpty }
    /// The year suffix the source itself gives (CSL's `year-suffix`, kept from a register label
    /// such as "Baert et al. (2016c)" or "Drydakis (2010b)"), honoured only while the authors are
    /// the label's — family names without given names: then the letter is what tells the
    /// register's works apart. Once a full author list is known, APA's rule assigns letters.
    var givenYearSuffix: String? {
        guard !authors.isEmpty, authors.allSatisfy({ $0.given == nil && $0.family != nil }), let letter = text("year-suffix"), letter.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return nil }
        return letter
    }

    static let serialTypes: Set<String> = ["article-journal", "article-magazine", "article-newspaper", "periodical", "post-weblog", "review", "review-book"]
    var isSerial: Bool { Self.serialTypes.contains(type) }
    /// `paper-conference` and `interview` count as serial unless they have editors.
    var isSerialLike: Bool { isSerial || (!hasEditors && (type == "paper-conference" || type == "interview")) }
    var isWeb: Bool { type == "post" || type == "webpage" }

    /// CSL title case applies to English items only (no language, or one starting with "en").
    var isEnglish: Bool {
        guard let language = text("language") else { return true }
        return language.hasPrefix("en")
    }

    func titleCased(_ text: String?) -> String? {
        guard let text else { return nil }
        return isEnglish ? CSLText.titleCase(text) : text
    }

    // MARK: Entry

    /// What stands in for a missing author (`apa.csl`'s `substitute` list, for the variables kb
    /// keeps), so that it is not repeated later in the entry.
    enum Substitute { case none, editors, collectionEditors, publisher, title }

    var substitute: Substitute {
        if !authors.isEmpty { return .none }
        if ["entry-dictionary", "entry-encyclopedia"].contains(type), source.publisher != nil { return .publisher }
        if container != nil, ["book", "classic", "entry", "entry-dictionary", "entry-encyclopedia"].contains(type) { return .title }
        if !editors.isEmpty { return .editors }
        if !collectionEditors.isEmpty { return .collectionEditors }
        if ["software", "webpage"].contains(type), source.publisher != nil { return .publisher }
        return .title
    }

    /// - Parameter author: `author()`, when the caller has it already.
    package func render(author rendered: StyledText?? = nil) -> StyledText {
        let main = join([rendered ?? author(), date(), titleAndDescriptions(), sourcePart()], ". ", suffix: ".")
        return join([main, doiOrURL()], " ") ?? StyledText()
    }

    // MARK: 1. Author

    package func author() -> StyledText? {
        switch substitute {
        case .none:
            return .plain(Self.names(authors, sortOrder: true, incomplete: authorsIncomplete))
        case .editors:
            return .plain(Self.names(editors, sortOrder: true) + (editors.count == 1 ? " (Ed.)" : " (Eds.)"))
        case .collectionEditors:
            return .plain(Self.names(collectionEditors, sortOrder: true) + (collectionEditors.count == 1 ? " (Ed.)" : " (Eds.)"))
        case .publisher:
            return source.publisher.map(StyledText.plain)
        case .title:
            return join([titleMacro(), identifier()], " ")
        }
    }

    /// "Noy, S., & Zhang, W." (sort order) or "D. E. Knuth & R. Roe" (display order); from 21
    /// names on, the first 19, an ellipsis and the last.
    ///
    /// An incomplete list (`incomplete`) ends in "et al." instead: APA lists every author (up to
    /// 20), but kb does not know the missing ones and must not print the known ones as if they
    /// were all. The known names are listed (the first 19 when 20 or more are known, as the last
    /// author APA would add after the ellipsis is unknown), without "&", which would claim the
    /// last name shown is the last author. "et al." follows a comma after an inverted name or
    /// two names ("Noy, S., et al.", "Noy, S., Zhang, W., et al."), as after a family name alone
    /// it does not ("Albert et al.", the label's own form).
    static func names(_ people: [Contributor], sortOrder: Bool, incomplete: Bool = false) -> String {
        let formatted = people.map { sortOrder ? sortOrderName($0) : displayName($0) }
        if incomplete, let first = people.first {
            let shown = formatted.count >= 20 ? Array(formatted.prefix(19)) : formatted
            let inverted = sortOrder && (first.given != nil || first.suffix != nil || first.droppingParticle != nil)
            return shown.joined(separator: ", ") + (shown.count > 1 || inverted ? ", et al." : " et al.")
        }
        switch formatted.count {
        case 0: return ""
        case 1: return formatted[0]
        case 2: return sortOrder ? "\(formatted[0]), & \(formatted[1])" : "\(formatted[0]) & \(formatted[1])"
        case 3...20: return formatted.dropLast().joined(separator: ", ") + ", & " + formatted[formatted.count - 1]
        default: return formatted.prefix(19).joined(separator: ", ") + ", … " + formatted[formatted.count - 1]
        }
    }

    /// The author as the reference list sorts it, when that is not the printed author: an
    /// incomplete list sorts as if its unknown authors were one last author whose name follows
    /// every name (U+10FFFF), so after the lists that continue its known names with a known one
    /// ("Baert" < "Baert, & Vujić" < "Baert et al."), as citeproc sorts such a list.
    var sortAuthor: String? {
        guard authorsIncomplete, substitute == .none else { return nil }
        return Self.names(authors + [Contributor(literal: "\u{10FFFF}")], sortOrder: true)
    }

    /// "van der Berg, J.-P." / "Beethoven, L. van" / "King, M. L., Jr.".
    static func sortOrderName(_ person: Contributor) -> String {
        guard let family = person.family else { return person.literal ?? "" }
        if NameScript.isWithoutInitials(family) { return nativeOrderName(person, family: family) }
        var text = [person.particle, family].compactMap { $0 }.joined(separator: " ")
        let given = [person.given.map(initials), person.droppingParticle].compactMap { $0 }.joined(separator: " ")
        if !given.isEmpty { text += ", " + given }
        if let suffix = person.suffix { text += ", " + suffix }
        return text
    }

    /// "D. E. Knuth" / "J.-P. van der Berg".
    static func displayName(_ person: Contributor) -> String {
        guard let family = person.family else { return person.literal ?? "" }
        if NameScript.isWithoutInitials(family) { return nativeOrderName(person, family: family) }
        let parts = [person.given.map(initials), person.droppingParticle, person.particle, family].compactMap { $0 }
        return parts.joined(separator: " ") + (person.suffix.map { ", " + $0 } ?? "")
    }

    /// A name whose family name is in a script without Latin, Greek, Cyrillic, Hebrew or Arabic
    /// letters ("王" + "小明"): family then given, no comma, no initials, and no space unless the
    /// given name is romanised ("王小明", "王 Xiaoming"), in sort and display order alike, as
    /// citeproc-js (Zotero) prints it. APA writes such names as their bearers do; initials are a
    /// convention of the alphabetic scripts.
    static func nativeOrderName(_ person: Contributor, family: String) -> String {
        let last = [person.particle, family].compactMap { $0 }.joined(separator: " ")
        guard let given = person.given else { return last }
        return last + (NameScript.startsRomanesque(given) ? " " : "") + given
    }

    /// CSL `initialize-with=". "`: "Jean-Paul" → "J.-P.", "Martin Luther" → "M. L.", "J.D.E." →
    /// "J. D. E.", "S." → "S."; a word that does not start with a letter (a nickname in
    /// parentheses, say) gives no initial, and a word in a script without initials (Han, Hangul,
    /// kana, …: see ``NameScript``) is kept whole ("Kim, 민수"), as citeproc-js keeps it.
    static func initials(_ given: String) -> String {
        given.utf8.allSatisfy({ $0 < 0x80 }) ? initialsASCII(given) : initialsCharacters(given)
    }

    /// ``initials(_:)`` on the bytes of an ASCII name.
    static func initialsASCII(_ given: String) -> String {
        var out: [UInt8] = []
        var atWordStart = true  // after a space: a new word, joined by " "
        var atPieceStart = true  // after a space, hyphen or period: the next letter is an initial
        var pendingSeparator: UInt8?
        var wroteInWord = false
        for byte in given.utf8 {
            switch byte {
            case 0x20:
                atWordStart = true
                atPieceStart = true
                wroteInWord = false
            case 0x2D:  // "-": the next initial joins with a hyphen, if this word has one already
                atPieceStart = true
                if wroteInWord { pendingSeparator = 0x2D }
            case 0x2E:  // ".": "J.D." is two initials
                atPieceStart = true
            default:
                guard atPieceStart else { continue }
                atPieceStart = false
                let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                guard isLetter else { continue }
                if !out.isEmpty {
                    if let separator = pendingSeparator, !atWordStart { out.append(separator) } else { out.append(0x20) }
                }
                out.append(byte)
                out.append(0x2E)
                pendingSeparator = nil
                atWordStart = false
                wroteInWord = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ``initials(_:)`` for any name, character by character.
    static func initialsCharacters(_ given: String) -> String {
        given.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).compactMap { word -> String? in
            if let first = word.first, first.isLetter, !NameScript.startsRomanesque(String(first)) { return String(word) }
            let pieces = word.split(separator: "-", omittingEmptySubsequences: true).compactMap { piece -> String? in
                let letters = piece.split(separator: ".").compactMap { part -> String? in
                    guard let first = part.first, first.isLetter else { return nil }
                    return String(first) + "."
                }
                return letters.isEmpty ? nil : letters.joined(separator: " ")
            }
            return pieces.isEmpty ? nil : pieces.joined(separator: "-")
        }.joined(separator: " ")
    }

    // MARK: 2. Date

    static let monthDayTypes: Set<String> = ["article-magazine", "article-newspaper", "broadcast", "collection", "document", "event",
                                             "motion_picture", "pamphlet", "performance", "personal_communication", "post", "post-weblog",
                                             "song", "speech", "webpage"]

    var showsMonthAndDay: Bool {
        if Self.monthDayTypes.contains(type) { return true }
        let published = hasEditors || source.issue != nil || source.page != nil || source.volume != nil
        return !published && (type == "interview" || type == "paper-conference")
    }

    func date() -> StyledText? {
        guard let issued = source.issued else { return .plain("(n.d." + (yearSuffix.isEmpty ? "" : "-\(yearSuffix)") + ")") }
        var parts = ["\(issued.year)\(yearSuffix)"]
        if showsMonthAndDay, let month = issued.month {
            parts.append(CSLText.months[month - 1] + (issued.day.map { " \($0)" } ?? ""))
        }
        return .plain("(" + parts.joined(separator: ", ") + ")")
    }

    // MARK: 3. Title and descriptions

    func titleAndDescriptions() -> StyledText? {
        if substitute == .title { return description() }
        return join([titleMacro(), identifier(), description()], " ")
    }

    func titleMacro() -> StyledText? {
        guard let title else { return nil }
        // A description in square brackets stands in for a missing title and is not
        // italicised (APA 7, 9.21: "[Untitled work; …]" is no title).
        if ExportFields.isUntitledPlaceholder(title) { return .plain(title) }
        // Web items are italic; serial items when they stand alone; monographic items when they
        // have no container. CSL rich text in the title is kept (``StyledText/title(_:italic:)``).
        return StyledText.title(title, italic: isWeb || container == nil)
    }

    /// "(Working Paper No. 12; 2nd ed.; pp. 5–9)": contributors, number, edition, series, volume, pages.
    func identifier() -> StyledText? {
        var parts: [String?] = []
        if isWeb {
            parts = [identifierContributors(), identifierNumber()]
        } else if type == "report", container != nil {
            parts = [identifierContributors()]
        } else if type == "report" {
            parts = [identifierContributors(), identifierNumber(), identifierMonographic()]
        } else if container != nil {
            parts = [identifierContributors()]
        } else {
            parts = [identifierContributors(), identifierNumber(), identifierMonographic()]
        }
        let present = parts.compactMap { $0 }.filter { !$0.isEmpty }
        return present.isEmpty ? nil : .plain("(" + present.joined(separator: "; ") + ")")
    }

    func identifierContributors() -> String? {
        var parts: [String] = []
        if isSerialLike {
            if !translators.isEmpty { parts.append(Self.names(translators, sortOrder: false) + ", Trans.") }
        } else if container != nil {
            if !translators.isEmpty { parts.append(Self.names(translators, sortOrder: false) + ", Trans.") }
        } else {
            if !containerAuthors.isEmpty { parts.append("By " + Self.names(containerAuthors, sortOrder: false)) }
            if !editors.isEmpty, substitute != .editors {
                parts.append(Self.names(editors, sortOrder: false) + (editors.count == 1 ? ", Ed." : ", Eds."))
            }
            if !translators.isEmpty { parts.append(Self.names(translators, sortOrder: false) + ", Trans.") }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// "Working Paper No. 12" — only with a number (a genre alone is a description).
    func identifierNumber() -> String? {
        guard let number else { return nil }
        let label = CSLText.isNumeric(number) ? "No. \(number)" : CSLText.capitalizeFirst(number)
        if type == "thesis", genre != nil { return "Publication " + label }
        return [genre.map(CSLText.titleCase), label].compactMap { $0 }.joined(separator: " ")
    }

    /// Version, edition, series, volume and pages of a monographic item.
    func identifierMonographic() -> String? {
        let omitted: Set<String> = ["article-journal", "article-magazine", "article-newspaper", "broadcast", "event", "patent", "performance",
                                    "periodical", "post", "post-weblog", "review", "review-book", "speech", "webpage"]
        if omitted.contains(type) { return nil }
        if !hasEditors && (type == "interview" || type == "paper-conference") { return nil }
        var parts: [String] = []
        if let version = text("version") { parts.append("Version " + version) }
        if let edition = text("edition") {
            parts.append(Int(edition).map { CSLText.ordinal($0) + " ed." } ?? edition)
        }
        if ["document", "report", "standard"].contains(type), let series = collectionTitle {
            parts.append([CSLText.titleCase(series), text("collection-number")].compactMap { $0 }.joined(separator: " "))
        }
        if let volume = source.volume {
            parts.append(CSLText.isNumeric(volume) ? "Vol. \(volume)" : CSLText.capitalizeFirst(volume))
        }
        if let issue = source.issue { parts.append("Issue \(issue)") }
        if let page = source.page { parts.append(pageLabel(page) + " " + CSLText.pageRange(page)) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    func pageLabel(_ page: String) -> String {
        page.contains("-") || page.contains("–") || page.contains(",") || page.contains("&") ? "pp." : "p."
    }

    /// "[Dataset]", "[Computer software]", "[Doctoral dissertation, University]"...
    func description() -> StyledText? {
        var inside: String?
        if type == "thesis" {
            let first = [genre.map(CSLText.capitalizeFirst), source.doi != nil || source.url != nil ? source.publisher : nil].compactMap { $0 }
            inside = [first.isEmpty ? nil : first.joined(separator: ", "), medium.map(CSLText.capitalizeFirst)].compactMap { $0 }.joined(separator: "; ").nilIfEmpty
        } else if isSerial {
            inside = descriptionFormat()
        } else if container == nil {
            inside = descriptionFormat()
        } else if ["document", "report", "software", "standard"].contains(type) {
            inside = nil
        } else if ["event", "paper-conference", "performance", "speech"].contains(type) {
            let published = hasEditors || source.issue != nil || source.page != nil || source.volume != nil
            inside = published ? descriptionFormat() : nil
        } else {
            inside = descriptionFormat()
        }
        return inside.map { .plain("[" + $0 + "]") }
    }

    func descriptionFormat() -> String? {
        if genre != nil || medium != nil {
            let parts = [number == nil ? genre.map(CSLText.capitalizeFirst) : nil, medium.map(CSLText.capitalizeFirst)].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }
        switch type {
        case "dataset": return "Dataset"
        case "software": return "Computer software"
        case "post": return "Online post"
        case "figure": return "Figure"
        case "graphic": return "Graphic"
        case "map": return "Map"
        case "motion_picture": return "Motion picture"
        case "collection": return "Collection"
        case "broadcast": return "Broadcast"
        case "song": return "Song"
        case "review": return "Review"
        case "review-book": return "Review of the book"
        case "manuscript":
            let accessible = container != nil || source.doi != nil || number != nil || source.publisher != nil || source.url != nil
            return accessible ? nil : "Unpublished manuscript"
        default: return nil
        }
    }

    // MARK: 4. Source

    func sourcePart() -> StyledText? {
        var parts: [StyledText?] = []
        if isWeb {
            parts = []
        } else if isSerial {
            parts = [sourceSerial()]
        } else if hasEditors {
            parts = [sourceMonographic()]
        } else if type == "interview" || type == "paper-conference" {
            parts = [sourceSerial()]
        } else {
            parts = [sourceMonographic()]
        }
        parts.append(publisher().map(StyledText.plain))
        if isWeb { parts.append(titleCased(container).map(StyledText.plain)) }
        return join(parts, ". ")
    }

    /// "*Science*, *381*(6654), 187–192" — the container in title case.
    func sourceSerial() -> StyledText? {
        let names = [titleCased(container), titleCased(collectionTitle)].compactMap { $0 }
        var volumeIssue: StyledText?
        if let volume = source.volume {
            volumeIssue = .italic(volume) + (source.issue.map { .plain("(\($0))") } ?? StyledText())
        } else if let issue = source.issue {
            volumeIssue = .plain("(\(issue))")
        }
        let locator: StyledText? = (type == "article-journal" ? text("number") : number).map { .plain("Article \($0)") }
            ?? source.page.map { .plain(CSLText.pageRange($0)) }
        return join([names.isEmpty ? nil : .italic(names.joined(separator: ", ")), volumeIssue, locator], ", ")
    }

    /// "In D. E. Knuth (Ed.), *The Book* (pp. 5–9)".
    func sourceMonographic() -> StyledText? {
        guard let container else { return nil }
        var who: String?
        if !containerAuthors.isEmpty {
            who = Self.names(containerAuthors, sortOrder: false)
        } else if !editors.isEmpty, substitute != .editors {
            who = Self.names(editors, sortOrder: false) + (editors.count == 1 ? " (Ed.)" : " (Eds.)")
        } else if !collectionEditors.isEmpty, substitute != .collectionEditors {
            who = Self.names(collectionEditors, sortOrder: false) + (collectionEditors.count == 1 ? " (Ed.)" : " (Eds.)")
        }
        var out = StyledText.plain("In ")
        if let who { out += .plain(who + ", ") }
        out += .italic(container)
        let identifier = [identifierNumber(), identifierMonographic()].compactMap { $0 }
        if !identifier.isEmpty { out += .plain(" (" + identifier.joined(separator: "; ") + ")") }
        if ["document", "report", "software", "standard"].contains(type), let format = descriptionFormat() {
            out += .plain(" [" + format + "]")
        }
        return out
    }

    func publisher() -> String? {
        if substitute == .publisher { return nil }
        if type == "thesis" { return source.doi == nil && source.url == nil ? source.publisher : nil }
        if isSerial { return nil }
        if hasEditors { return source.publisher }
        if type == "interview" { return source.publisher }
        if type == "paper-conference" { return nil }
        return source.publisher
    }

    // MARK: 5. DOI or URL

    func doiOrURL() -> StyledText? {
        if let doi = source.doi { return .plain("https://doi.org/" + doi) }
        guard let url = ExportFields.url(source) else { return nil }
        if source.issued == nil {
            if let accessed = source.accessed.flatMap(PartialDate.init(parsing:)), let month = accessed.month {
                let date = CSLText.months[month - 1] + (accessed.day.map { " \($0)" } ?? "") + ", \(accessed.year)"
                return .plain("Retrieved \(date), from \(url)")
            }
            return .plain("Retrieved \(url)")
        }
        return .plain(url)
    }

    // MARK: Joining

    /// CSL `group`: the present parts joined, or nothing; a period is not doubled.
    func join(_ parts: [StyledText?], _ delimiter: String, suffix: String = "") -> StyledText? {
        let present = parts.compactMap { $0 }.filter { !$0.isEmpty }
        guard !present.isEmpty else { return nil }
        var out = StyledText()
        for (index, part) in present.enumerated() {
            if index > 0 { out += Self.punctuate(out, delimiter) }
            out += part
        }
        out += Self.punctuate(out, suffix)
        return out
    }

    /// The delimiter or suffix, without a period the text already ends with (or that would
    /// follow a question or exclamation mark, as APA writes it).
    static func punctuate(_ text: StyledText, _ addition: String) -> StyledText {
        guard addition.hasPrefix("."), let last = text.lastCharacter, ".?!".contains(last) else { return .plain(addition) }
        return .plain(String(addition.dropFirst()))
    }
}

extension APAReference {
    /// `apa.csl`'s `date-sort`: the year for works cited by year, "YYYY-MM-DD" for the rest.
    func sortDate(_ issued: PartialDate) -> String {
        let yearOnly = Self.yearOnlySortTypes
        let published = hasEditors || source.issue != nil || source.page != nil || source.volume != nil
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        let year = padded(issued.year, 4)
        if yearOnly.contains(type) || (type == "paper-conference" && published) { return year }
        return [year, issued.month.map { padded($0, 2) }, issued.day.map { padded($0, 2) }].compactMap { $0 }.joined(separator: "-")
    }

    static let yearOnlySortTypes: Set<String> = ["article", "article-journal", "book", "chapter", "entry", "entry-dictionary", "entry-encyclopedia", "dataset",
                                     "figure", "graphic", "manuscript", "map", "musical_score", "patent", "report", "review", "review-book", "thesis"]
}
