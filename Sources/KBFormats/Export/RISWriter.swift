import KBDomain

/// RIS records as Zotero and EndNote write them: the TY that fits the CSL type, one tag per line,
/// repeated AU/A2/KW, dates as PY and DA, and ER closing each record.
enum RISWriter {
    static let types: [String: String] = [
        "article-journal": "JOUR", "article": "INPR", "review": "JOUR", "review-book": "JOUR", "article-magazine": "MGZN",
        "article-newspaper": "NEWS", "book": "BOOK", "classic": "CLSWK", "collection": "EDBOOK", "periodical": "JFULL",
        "chapter": "CHAP", "entry": "GEN", "entry-encyclopedia": "ENCYC", "entry-dictionary": "DICT", "paper-conference": "CPAPER",
        "report": "RPRT", "thesis": "THES", "webpage": "ELEC", "post": "ICOMM", "post-weblog": "BLOG", "dataset": "DATA",
        "software": "COMP", "manuscript": "UNPB", "pamphlet": "PAMP", "patent": "PAT", "map": "MAP", "motion_picture": "MPCT",
        "broadcast": "MPCT", "song": "SOUND", "musical_score": "MUSIC", "graphic": "ART", "figure": "FIGURE", "legislation": "STAT",
        "regulation": "STAT", "treaty": "STAT", "bill": "BILL", "legal_case": "CASE", "hearing": "HEAR", "standard": "STAND",
        "personal_communication": "PCOMM", "interview": "GEN", "speech": "SLIDE", "event": "GEN", "performance": "GEN",
        "document": "GEN",
    ]


    static func record(_ source: Source) -> String {
        var lines: [String] = []
        func add(_ tag: String, _ value: String?) {
            guard let value = value.map(oneLine), !value.isEmpty else { return }
            lines.append("\(tag)  - \(value)")
        }
        add("TY", types[source.type] ?? "GEN")
        for person in source.authors { add("AU", name(person)) }
        for person in source.contributors where person.role == "editor" { add("A2", name(person)) }
        for person in source.contributors where person.role == "translator" { add("A4", name(person)) }
        add("TI", RichText.plain(ExportFields.title(source)))
        let extra = ExportFields.cslExtra(source)
        if RISTypes.monographTypes.contains(source.type) {
            add("T2", extra["collection-title"] as? String)
            add("BT", source.containerTitle)
        } else {
            add("T2", source.containerTitle)
            add("T3", extra["collection-title"] as? String)
        }
        if let issued = source.issued {
            add("PY", String(format: "%04d", issued.year))
            if let month = issued.month {
                add("DA", String(format: "%04d/%02d/", issued.year, month) + (issued.day.map { String(format: "%02d", $0) } ?? "") + "/")
            }
        }
        add("VL", source.volume)
        add("IS", source.issue)
        add("M1", extra["number"] as? String)
        if let page = source.page {
            let parts = page.split(separator: "-", maxSplits: 1).map(String.init)
            add("SP", parts.first)
            if parts.count > 1 { add("EP", parts[1]) }
        }
        add("ET", extra["edition"] as? String)
        add("DO", source.doi)
        add("UR", source.url)
        add("Y2", source.accessed.map { $0.replacingOccurrences(of: "-", with: "/") })
        add("PB", source.publisher)
        add("CY", source.publisherPlace)
        add("SN", (extra["ISBN"] as? String) ?? (extra["ISSN"] as? String))
        add("LA", extra["language"] as? String)
        add("M3", extra["genre"] as? String)
        add("AB", extra["abstract"] as? String)
        for keyword in (extra["keyword"] as? String)?.split(separator: ",").map({ $0.trimmed }) ?? [] { add("KW", keyword) }
        add("N1", source.note)
        if ExportFields.authorsIncomplete(source), !source.authors.isEmpty { add("N1", ExportFields.risIncompleteNote) }
        add("ID", source.slug)
        return lines.joined(separator: "\n") + "\nER  - \n"
    }

    /// "Noy, S." / "van der Berg, Jan, Jr." / "Albert," / "World Economic Forum".
    static func name(_ person: Contributor) -> String {
        guard let family = person.family else { return person.literal ?? "" }
        let last = [person.droppingParticle, person.particle, family].compactMap { $0 }.joined(separator: " ")
        // "Last, First, Suffix": a suffix without a given name keeps the empty middle part.
        if let suffix = person.suffix { return [last, person.given ?? "", suffix].joined(separator: ", ") }
        // A person known by the family name alone keeps the comma: without one, RIS readers
        // (kb's, Zotero's) take the name for an organisation's.
        guard let given = person.given else { return last + "," }
        return last + ", " + given
    }

    /// RIS values live on one line.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 }).trimmed
    }
}
