import Foundation
import KBDomain
import KBQuery
import KBStore

/// Turns parsed BibTeX entries into kb sources: CSL types and variables, names, dates, DOIs
/// (from `doi`, a doi.org `url`, or a `DOI:` in `note`), `crossref` inheritance, and the
/// protected (braced) words of the title, kept in `extra` for BibTeX export.
struct BibTeXConverter {
    let text: SourceText


    /// The entries a `crossref` names (the first of each key) and the warnings for keys used
    /// twice: what converting any part of a file needs from the whole file.
    struct Parents: Sendable {
        var byKey: [String: BibTeXEntry] = [:]
        var warnings: [Diagnostic] = []

        /// `duplicateKeys`: ``ImportBatch/duplicateKeyLines(_:)`` of the file's entries. Only the
        /// entries some `crossref` names are kept, and the entries are walked again only when a
        /// key is used twice or a `crossref` is written (a file of 10,000 entries without either
        /// spent 10% of its reading on a second dictionary of every key).
        init(_ file: BibTeXFile, text: SourceText, duplicateKeys: [String: [Int]]) {
            let named = Set(file.entries.compactMap { $0.fields["crossref"].map { LaTeX.text($0).lowercased() } })
            let emptyKeys = file.entries.lazy.filter(\.key.isEmpty).prefix(2).count
            guard !named.isEmpty || !duplicateKeys.isEmpty || emptyKeys > 1 else { return }
            var met: Set<String> = []
            // Each key's first line, not its offset: a file read from its mapping reads forward
            // (a line asked for far back would have its pages read again: ``InputBytes``).
            var firstEmptyKeyLine: Int?
            for entry in file.entries {
                let key = entry.key.lowercased()
                let earlier: Int?
                if key.isEmpty {
                    earlier = firstEmptyKeyLine
                    if earlier == nil { firstEmptyKeyLine = text.line(of: entry.offset) }
                } else {
                    earlier = duplicateKeys[key].flatMap { met.insert(key).inserted ? nil : $0.first }
                }
                if let earlier {
                    warnings.append(text.diagnostic("bibtex.duplicate-key", "citation key '\(entry.key)' is used twice (first at line \(earlier)); both entries are read, not merged",
                                                    at: entry.offset, length: 1, help: "give each entry its own key"))
                } else if named.contains(key) {
                    byKey[key] = entry
                }
            }
        }
    }

    /// The sources of some of the file's entries, in file order: the parts in order give the
    /// file's sources and, after `parents`' warnings, its warnings.
    func sources(from entries: ArraySlice<BibTeXEntry>, parents: Parents, warnings: inout [Diagnostic]) -> [Source] {
        var sources: [Source] = []
        sources.reserveCapacity(entries.count)
        for entry in entries {
            var fields = entry.fields
            if let parentKey = fields["crossref"].map({ LaTeX.text($0).lowercased() }) {
                if let parent = parents.byKey[parentKey] {
                    for (name, value) in parent.fields where fields[name] == nil && name != "crossref" && name != "key" {
                        fields[name] = value
                    }
                    if fields["booktitle"] == nil, let title = parent.fields["title"], ["book", "proceedings", "collection", "mvbook"].contains(parent.type) {
                        fields["booktitle"] = title
                    }
                } else {
                    warnings.append(text.diagnostic("bibtex.missing-crossref", "entry '\(entry.key)' has crossref '\(parentKey)', which is not in the file",
                                                    at: entry.offset))
                }
            }
            sources.append(source(entry: entry, fields: fields, warnings: &warnings))
        }
        return sources
    }

    func source(entry: BibTeXEntry, fields: [String: String], warnings: inout [Diagnostic]) -> Source {
        // A CSL type in `entrysubtype` (as kb writes it for types BibTeX has no entry type for) wins.
        let subtype = fields["entrysubtype"].map(LaTeX.text)
        let type = subtype.flatMap { CSLTypes.set.contains($0) ? $0 : nil } ?? BibTeXTypes.typeMap[entry.type] ?? "document"
        var source = Source(slug: "", type: type, origin: Origin(file: text.name, line: text.line(of: entry.offset)))
        var extra: [String: Any] = [:]
        func value(_ name: String) -> String? {
            guard let raw = fields[name] else { return nil }
            let decoded = LaTeX.text(raw)
            return decoded.isEmpty ? nil : decoded
        }
        if let rawTitle = fields["title"] {
            let decoded = LaTeX.decode(rawTitle, richText: true)
            source.title = decoded.text.isEmpty ? nil : decoded.text
            // Only what kb's writer would not protect by itself: a word with a capital after
            // its first letter (AI, GenAI) is braced on export anyway, and recording it made an
            // export read back into its own KB change every such source.
            let recorded = decoded.protected.filter { $0.contains(" ") || !BibTeXWriter.isCaseSensitive($0) }
            if !recorded.isEmpty { extra[SourceExtra.protectedWords] = recorded }
        }
        switch entry.type {
        case "article", "periodical":
            source.containerTitle = value("journal") ?? value("journaltitle")
        case "inproceedings", "conference", "incollection", "inbook", "bookinbook", "inreference":
            source.containerTitle = value("booktitle") ?? value("maintitle")
        default:
            source.containerTitle = value("journal") ?? value("journaltitle")
            if let series = value("series") { extra["collection-title"] = series }
        }
        if ["inproceedings", "incollection", "inbook"].contains(entry.type), let series = value("series") { extra["collection-title"] = series }
        source.publisher = value("publisher") ?? value("institution") ?? value("school") ?? value("organization")
        if entry.type == "online", source.publisher == nil, source.containerTitle == nil, let site = value("organization") { source.containerTitle = site }
        source.publisherPlace = value("address") ?? value("location")
        source.volume = value("volume")
        // @article's number is its issue (and eid its article number); elsewhere number is a
        // report or series number and biblatex's issue the issue.
        if entry.type == "article" || entry.type == "periodical" {
            source.issue = value("number") ?? value("issue")
            if let eid = value("eid") { extra["number"] = eid }
        } else {
            if let number = value("number") { extra["number"] = number }
            source.issue = value("issue")
        }
        source.page = value("pages").map(Self.normalizePages)
        source.issued = date(fields)
        source.accessed = value("urldate").flatMap { PartialDate(parsing: String($0.prefix(10)))?.iso }
        var people: [Contributor] = []
        var incomplete = false
        for (field, role) in [("author", "author"), ("editor", "editor"), ("translator", "translator")] {
            guard let raw = fields[field] else { continue }
            let parsed = BibTeXNames.parse(raw, role: role)
            people += parsed.people
            if parsed.isIncomplete && role == "author" { incomplete = true }
        }
        source.contributors = people
        // A report's institution that is its first author, a group, is not a publisher: kb's
        // writer fills BibTeX's required institution with that author when there is no
        // publisher, and APA 7 omits a publisher that is the author (reading it back added one
        // to every such report).
        if fields["publisher"] == nil, ["techreport", "report"].contains(entry.type), let institution = value("institution"),
           source.publisher == institution, people.first(where: { $0.role == "author" })?.literal == institution {
            source.publisher = nil
        }
        if incomplete { extra[SourceExtra.authorsIncomplete] = true }
        // DOI: the doi field, else a doi.org URL, else "DOI: 10.…" in a note.
        let rawDOI = fields["doi"].map(LaTeX.verbatim)
        if let written = fields["doi"], DOI.writingQuirk(written, texAllowed: true) != nil { extra[SourceExtra.doiAsWritten] = written }
        var url = fields["url"].map(LaTeX.verbatim).flatMap(\.nilIfEmpty) ?? fields["howpublished"].flatMap(Self.urlCommand)
        if let rawDOI, !rawDOI.isEmpty {
            if let doi = DOI.normalize(rawDOI) {
                source.doi = doi
            } else {
                extra[SourceExtra.invalidDOI] = rawDOI
                warnings.append(text.diagnostic("bibtex.invalid-doi", "doi '\(rawDOI)' in entry '\(entry.key)' is not a DOI; kept aside, not as the identifier",
                                                at: entry.offset))
            }
        }
        if source.doi == nil, let candidate = url, let doi = Self.doiFromURL(candidate) { source.doi = doi }
        if source.doi == nil, let note = value("note"), let doi = Self.doiInText(note) { source.doi = doi }
        if let candidate = url, let doi = source.doi, Self.doiFromURL(candidate) == doi { url = nil }
        source.url = url
        source.note = value("note")
        if let abstract = value("abstract") { extra["abstract"] = abstract }
        if let keywords = value("keywords") { extra["keyword"] = keywords }
        if let isbn = value("isbn") { extra["ISBN"] = isbn }
        if let issn = value("issn") { extra["ISSN"] = issn }
        if let edition = value("edition") { extra["edition"] = edition }
        if let language = value("language") ?? value("langid") { extra["language"] = language }
        if let genre = value("type") { extra["genre"] = genre }
        if let eventPlace = value("venue") { extra["event-place"] = eventPlace }
        if entry.type == "misc", let how = fields["howpublished"].map(LaTeX.text), !how.isEmpty, Self.urlCommand(fields["howpublished"] ?? "") == nil {
            extra["medium"] = how
        }
        source.extra = SourceExtra.encode(extra)
        return source
    }

    /// Year, month and day from `date` (biblatex, ISO) or `year` + `month` (+ `day`).
    func date(_ fields: [String: String]) -> PartialDate? {
        if let raw = fields["date"].map(LaTeX.text) {
            if let parsed = PartialDate(parsing: String(raw.prefix(10))) { return parsed }
            // A day its month does not have (2024-02-30): the year and month, else the year.
            if fields["year"] == nil, let parsed = PartialDate(parsing: String(raw.prefix(7))) ?? Self.firstYear(raw).map({ PartialDate(year: $0) }) {
                return parsed
            }
        }
        guard let yearText = fields["year"].map(LaTeX.text), let year = Self.firstYear(yearText) else { return nil }
        var date = PartialDate(year: year)
        if let monthText = fields["month"].map(LaTeX.text) {
            date.month = Self.month(monthText)
            if date.month != nil, let day = Self.dayInMonthText(monthText) { date.day = day }
        }
        if date.month != nil, let day = fields["day"].flatMap({ Int(LaTeX.text($0)) }), (1...31).contains(day) { date.day = day }
        // Only a day its month has (not 30 February).
        if let month = date.month, let day = date.day, day > PartialDate.days(inMonth: month, of: year) { date.day = nil }
        return date
    }

    static func firstYear(_ text: String) -> Int? {
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                if digits.count == 4 { return Int(digits) }
            } else {
                digits = ""
            }
        }
        return nil
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func month(_ text: String) -> Int? {
        let lowered = text.lowercased()
        if let number = Int(lowered.trimmed), (1...12).contains(number) { return number }
        // Usually a month's name or abbreviation ("dec", "December"): its first three letters.
        if let index = monthNames.firstIndex(of: String(lowered.prefix(3))) { return index + 1 }
        for (index, name) in monthNames.enumerated() where lowered.range(of: name) != nil {
            return index + 1
        }
        return nil
    }

    /// "10 January" → 10.
    static func dayInMonthText(_ text: String) -> Int? {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 1, let day = digits.first, (1...31).contains(day), month(text) != nil, Int(text.trimmed) == nil else { return nil }
        return day
    }

    /// "187--192", "408–423" → "187-192"; abbreviated ranges are written out: "353-68" → "353-368".
    static func normalizePages(_ pages: String) -> String {
        // Dashes of any kind (and a spaced hyphen) between page numbers become one hyphen.
        var out = String.UnicodeScalarView()
        var previousDash = false
        for scalar in pages.unicodeScalars {
            if scalar == "-" || scalar == "\u{2013}" || scalar == "\u{2014}" {
                if !previousDash {
                    while out.last == " " { out.removeLast() }
                    out.append("-")
                }
                previousDash = true
            } else if scalar == " ", previousDash {
                continue
            } else {
                previousDash = false
                out.append(scalar)
            }
        }
        let dashed = String(out)
        let parts = dashed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), Int(parts[1]) != nil, parts[1].count < parts[0].count,
              let expanded = Int(parts[0].prefix(parts[0].count - parts[1].count) + parts[1]), expanded > start else { return dashed }
        return "\(start)-\(expanded)"
    }

    static func doiFromURL(_ url: String) -> String? {
        let lowered = url.lowercased()
        guard lowered.contains("doi.org/") else { return nil }
        return DOI.normalize(url)
    }

    /// "DOI:  10.3886/ICPSR05404 (accessed …)" → 10.3886/icpsr05404.
    static func doiInText(_ text: String) -> String? {
        guard let range = text.range(of: "10.", options: .caseInsensitive), text.lowercased().contains("doi") else { return nil }
        let candidate = text[range.lowerBound...].prefix { !$0.isWhitespace && $0 != ")" && $0 != "," && $0 != ";" }
        let trimmed = candidate.hasSuffix(".") ? String(candidate.dropLast()) : String(candidate)
        return DOI.normalize(trimmed)
    }

    /// `\url{…}` in howpublished → the URL.
    static func urlCommand(_ raw: String) -> String? {
        guard let range = raw.range(of: "\\url{") else { return nil }
        let rest = raw[range.upperBound...]
        guard let end = rest.firstIndex(of: "}") else { return nil }
        return String(rest[..<end])
    }
}
