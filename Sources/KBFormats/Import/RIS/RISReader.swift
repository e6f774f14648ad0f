import KBDomain
import KBStore
import KBQuery

/// Reads RIS (`TY  - JOUR` … `ER  - `) into sources: all common tags, repeated tags, values
/// wrapped onto continuation lines, CRLF line ends and a byte-order mark.
enum RISReader {
    static let typeMap: [String: String] = [
        "JOUR": "article-journal", "JFULL": "periodical", "INPR": "article", "ABST": "article", "BOOK": "book",
        "EBOOK": "book", "EDBOOK": "book", "SER": "book", "CHAP": "chapter", "ECHAP": "chapter", "CONF": "paper-conference",
        "CPAPER": "paper-conference", "RPRT": "report", "GOVDOC": "report", "THES": "thesis", "ELEC": "webpage", "WEB": "webpage",
        "ICOMM": "post", "GEN": "document", "DATA": "dataset", "DBASE": "dataset", "COMP": "software", "NEWS": "article-newspaper",
        "MGZN": "article-magazine", "UNPB": "manuscript", "MANSCPT": "manuscript", "BLOG": "post-weblog", "STAT": "legislation",
        "LEGAL": "legislation", "BILL": "bill", "CASE": "legal_case", "HEAR": "hearing", "PAT": "patent", "MAP": "map",
        "VIDEO": "motion_picture", "MPCT": "motion_picture", "SOUND": "song", "MUSIC": "musical_score", "ART": "graphic",
        "STAND": "standard", "STD": "standard", "ENCYC": "entry-encyclopedia", "DICT": "entry-dictionary", "PCOMM": "personal_communication",
        "PAMP": "pamphlet", "CTLG": "pamphlet", "AGGR": "dataset", "ANCIENT": "classic", "CLSWK": "classic", "FIGURE": "figure",
        "SLIDE": "speech", "EJOUR": "article-journal", "MULTI": "motion_picture", "CHART": "figure", "EQUA": "document", "INTERVIEW": "interview",
    ]

    struct Record {
        var line: Int
        var tags: [(tag: String, value: String, line: Int)] = []

        func all(_ names: String...) -> [String] { tags.filter { names.contains($0.tag) }.map(\.value).filter { !$0.isEmpty } }
        func first(_ names: String...) -> String? {
            for name in names { if let value = tags.first(where: { $0.tag == name && !$0.value.isEmpty })?.value { return value } }
            return nil
        }
    }

    /// A tag line: two characters (letters or a letter and a digit), two spaces, a hyphen.
    static func tag(of line: Substring) -> (String, Substring)? {
        let characters = Array(line.prefix(6))
        guard characters.count >= 5, characters[0].isASCII, characters[0].isUppercase, characters[1].isASCII,
              characters[1].isUppercase || characters[1].isNumber, characters[2] == " ", characters[3] == " ", characters[4] == "-" else { return nil }
        let rest = line.dropFirst(5)
        return (String(characters[0...1]), rest.first == " " ? rest.dropFirst() : rest)
    }

    static func read(_ text: SourceText, skipInvalid: Bool) throws -> ImportBatch {
        let parsed = try Parsed(text, skipInvalid: skipInvalid)
        return try parsed.part(0..<parsed.recordCount, markingDuplicateKeys: false)
    }

    /// A file checked whole, its records not yet converted (``RecordsInParts``): of each record
    /// only where it is and its key are kept, and a part's records are read again as it is
    /// converted. Reading fails here or never.
    struct Parsed: RecordsInParts {
        let text: SourceText
        /// Each record's bytes, from its `TY` line to the end of its `ER` line, and its first line.
        private let spans: [(start: Int, end: Int, line: Int)]
        private let skipped: [Diagnostic]
        /// ``ImportBatch/duplicateKeyLines(_:)`` of the whole file.
        private let duplicateKeys: [String: [Int]]

        init(_ text: SourceText, skipInvalid: Bool) throws {
            var spans: [(start: Int, end: Int, line: Int)] = []
            var keys: [(key: String?, line: Int)] = []
            skipped = try RISReader.scan(text, skipInvalid: skipInvalid) { record, start, end in
                spans.append((start, end, record.line))
                keys.append((record.first("ID"), record.line))
            }
            self.text = text
            self.spans = spans
            duplicateKeys = ImportBatch.duplicateKeyLines(keys)
        }

        var recordCount: Int { spans.count }

        func part(_ range: Range<Int>) throws -> ImportBatch {
            try part(range, markingDuplicateKeys: true)
        }

        func part(_ range: Range<Int>, markingDuplicateKeys: Bool) throws -> ImportBatch {
            var batch = ImportBatch(file: text.name, format: .ris)
            if range.lowerBound == 0 {
                batch.recordsRead = spans.count + skipped.count
                batch.skipped = skipped
            } else {
                batch.isContinuation = true
            }
            for index in range {
                let span = spans[index]
                var records = 0
                _ = try RISReader.scan(text, from: span.start, to: span.end, firstLine: span.line, skipInvalid: false) { record, _, _ in
                    records += 1
                    let source = convert(record, file: text, warnings: &batch.warnings)
                    batch.sources.append(IncomingSource(source: source, reference: "#\(index)", key: record.first("ID"), hasExplicitSlug: false))
                }
                // Read again from a file mapped (``InputBytes``): one that changed under the import is not imported.
                guard records == 1 else {
                    throw text.diagnostic("ris.read-again", "the file changed while it was imported: record \(index) is not where it was", line: span.line, length: 2)
                }
            }
            if markingDuplicateKeys { batch.markDuplicateKeys(duplicateKeys) }
            return batch
        }
    }

    /// One error met by ``scan(_:from:to:firstLine:skipInvalid:_:)``: a record left out (not
    /// closed by `ER`), which `skipInvalid` skips, or lines outside any record, which it does not.
    private struct Problem {
        var diagnostic: Diagnostic
        var leavesOutARecord: Bool
    }

    /// Reads the records of `text.bytes[from..<to]` (whose first line is `firstLine`), giving
    /// each to `body` with the bytes it spans; returns the records skipped (`skipInvalid`).
    ///
    /// The reading goes on past every error, so that a file is mended in one go: a record not
    /// closed is left out, and lines outside a record are passed over up to the next `TY` or
    /// `ER`. It then fails with every error (one ``Diagnostic``, or a ``DiagnosticList`` of
    /// several); with `skipInvalid`, only with the errors outside records, if any.
    static func scan(_ text: SourceText, from: Int = 0, to: Int? = nil, firstLine: Int = 1, skipInvalid: Bool,
                     _ body: (Record, Int, Int) throws -> Void) throws -> [Diagnostic] {
        let bytes = text.bytes
        let end = to ?? bytes.count
        var problems: [Problem] = []
        var current: Record?
        var currentStart = from
        // Lines after an error outside a record belong to it up to the next `TY` or `ER`.
        var isPassingOver = false
        var lineNumber = firstLine - 1
        var lineStart = from
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd + 1
            defer { lineStart = next }
            lineNumber += 1
            var lineBytes = bytes[lineStart..<lineEnd]
            if lineBytes.last == 0x0D { lineBytes = lineBytes.dropLast() }
            let decoded = String(decoding: lineBytes, as: UTF8.self)
            var line = decoded[...]
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if let (tag, value) = tag(of: line) {
                let trimmed = value.trimmed
                if tag == "TY" {
                    if let open = current {
                        problems.append(Problem(diagnostic: text.diagnostic("ris.missing-er", "the record starting at line \(open.line) has no 'ER  - ' before the next 'TY'",
                                                                            line: open.line, length: 2, help: "end every record with a line 'ER  - '"),
                                                leavesOutARecord: true))
                    }
                    current = Record(line: lineNumber, tags: [(tag, trimmed, lineNumber)])
                    currentStart = lineStart
                    isPassingOver = false
                } else if tag == "ER" {
                    if let record = current {
                        try body(record, currentStart, min(next, end))
                        current = nil
                    } else if !isPassingOver {
                        problems.append(Problem(diagnostic: text.diagnostic("ris.unexpected-er", "'ER' with no record open (no 'TY' before it)", line: lineNumber, length: 2),
                                                leavesOutARecord: false))
                    }
                    isPassingOver = false
                } else if current != nil {
                    current?.tags.append((tag, trimmed, lineNumber))
                } else if !isPassingOver {
                    problems.append(Problem(diagnostic: text.diagnostic("ris.outside-record", "'\(tag)' outside a record; a record starts with 'TY  - '", line: lineNumber, length: 2,
                                                                        help: "start each record with a line such as 'TY  - JOUR'"),
                                            leavesOutARecord: false))
                    isPassingOver = true
                }
            } else if !line.trimmed.isEmpty {
                // A continuation line: the value of the previous tag goes on.
                if current != nil, let last = current?.tags.indices.last {
                    current?.tags[last].value += " " + line.trimmed
                } else if !isPassingOver {
                    problems.append(Problem(diagnostic: text.diagnostic("ris.expected-tag", "expected a tag line such as 'TY  - JOUR', found text", line: lineNumber,
                                                                        length: line.count, help: "RIS lines are 'XX  - value' (two letters, two spaces, a hyphen, a space)"),
                                            leavesOutARecord: false))
                    isPassingOver = true
                }
            }
        }
        if let open = current {
            problems.append(Problem(diagnostic: text.diagnostic("ris.missing-er", "the record starting at line \(open.line) is not closed by 'ER  - ' (the file ends)",
                                                                line: open.line, length: 2, help: "end every record with a line 'ER  - '"),
                                    leavesOutARecord: true))
        }
        return try finished(problems, skipInvalid: skipInvalid)
    }

    /// The records left out, or the error of every problem that is not to be skipped.
    private static func finished(_ problems: [Problem], skipInvalid: Bool) throws -> [Diagnostic] {
        let failing = skipInvalid ? problems.filter { !$0.leavesOutARecord } : problems
        guard let first = failing.first else { return problems.map(\.diagnostic) }
        if failing.count == 1 { throw first.diagnostic }
        throw DiagnosticList(failing.map(\.diagnostic))
    }

    static func convert(_ record: Record, file: SourceText, warnings: inout [Diagnostic]) -> Source {
        let typeTag = record.first("TY") ?? "GEN"
        let type = typeMap[typeTag.uppercased()] ?? {
            warnings.append(file.diagnostic("ris.unknown-type", "unknown RIS type '\(typeTag)'; read as a generic document", line: record.line, column: 7, length: typeTag.count))
            return "document"
        }()
        var source = Source(slug: "", type: type, origin: Origin(file: file.name, line: record.line))
        var extra: [String: Any] = [:]
        source.title = record.first("TI", "T1", "CT")
        let journal = record.first("JO", "JF", "JA", "J2", "J1")
        switch type {
        case "article-journal", "article-magazine", "article-newspaper", "article":
            source.containerTitle = journal ?? record.first("T2")
        case _ where RISTypes.monographTypes.contains(type):
            // A book's T2 is its series (as Zotero writes it); BT the work it is part of.
            source.containerTitle = record.first("BT") ?? journal
            if let series = record.first("T2", "T3") { extra["collection-title"] = series }
        default:
            source.containerTitle = record.first("T2", "BT") ?? journal
            if let series = record.first("T3") { extra["collection-title"] = series }
        }
        source.publisher = record.first("PB")
        source.publisherPlace = record.first("CY", "PP")
        source.volume = record.first("VL")
        source.issue = record.first("IS", "CP")
        // M1: a report's or article's number (as Zotero writes the report number).
        if let number = record.first("M1") { extra["number"] = number }
        if let start = record.first("SP") {
            let end = record.first("EP")
            source.page = BibTeXConverter.normalizePages(end.map { "\(start)-\($0)" } ?? start)
        }
        source.issued = date(record.first("DA", "PY", "Y1"), year: record.first("PY", "Y1"))
        source.accessed = record.first("Y2").flatMap { date($0, year: nil)?.iso }
        var people: [Contributor] = []
        for (tags, role) in [(["AU", "A1"], "author"), (["A2", "ED"], "editor"), (["A4"], "translator")] {
            for name in record.tags.filter({ tags.contains($0.tag) }).map(\.value) where !name.isEmpty {
                people.append(person(name, role: role))
            }
        }
        source.contributors = people
        if let raw = record.first("DO") {
            if DOI.writingQuirk(raw, texAllowed: false) != nil { extra[SourceExtra.doiAsWritten] = raw }
            if let doi = DOI.normalize(raw) { source.doi = doi } else { extra[SourceExtra.invalidDOI] = raw }
        }
        let urls = record.all("UR", "L2", "LK")
        source.url = urls.first { BibTeXConverter.doiFromURL($0) == nil || BibTeXConverter.doiFromURL($0) != source.doi }
        if source.doi == nil, let doi = urls.compactMap(BibTeXConverter.doiFromURL).first { source.doi = doi }
        // kb's own N1 for an incomplete author list is a flag, not a note.
        let notes = record.all("N1")
        if notes.contains(ExportFields.risIncompleteNote) { extra[SourceExtra.authorsIncomplete] = true }
        source.note = notes.filter { $0 != ExportFields.risIncompleteNote }.joined(separator: "\n").nilIfEmpty
        if let abstract = record.first("AB", "N2") { extra["abstract"] = abstract }
        let keywords = record.all("KW")
        if !keywords.isEmpty { extra["keyword"] = keywords.joined(separator: ", ") }
        if let serial = record.first("SN") {
            extra[serial.filter(\.isNumber).count >= 10 ? "ISBN" : "ISSN"] = serial
        }
        if let language = record.first("LA") { extra["language"] = language }
        if let edition = record.first("ET") { extra["edition"] = edition }
        if let genre = record.first("M3") { extra["genre"] = genre }
        source.extra = SourceExtra.encode(extra)
        return source
    }

    /// "Noy, S." → a person; "World Economic Forum" (no comma) → an organisation.
    static func person(_ name: String, role: String) -> Contributor {
        let parts = name.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map { $0.trimmed }
        guard parts.count >= 2, !parts[0].isEmpty else { return Contributor(role: role, literal: name.trimmed) }
        return Contributor(role: role, family: parts[0], given: parts[1].isEmpty ? nil : parts[1],
                           suffix: parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil)
    }

    /// "2025/09/23/", "2023///", "2023", "2025-09-23".
    static func date(_ text: String?, year: String?) -> PartialDate? {
        if let text {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmed }
            if parts.count > 1, let y = Int(parts[0].prefix(4)), parts[0].count >= 4 {
                var date = PartialDate(year: y)
                if parts.count > 1, let m = Int(parts[1]), (1...12).contains(m) { date.month = m }
                if parts.count > 2, let m = date.month, let d = Int(parts[2]), (1...PartialDate.days(inMonth: m, of: y)).contains(d) { date.day = d }
                return date
            }
            if let parsed = PartialDate(parsing: String(text.prefix(10))) { return parsed }
            if let y = BibTeXConverter.firstYear(text) { return PartialDate(year: y) }
        }
        return year.flatMap(BibTeXConverter.firstYear).map { PartialDate(year: $0) }
    }
}

import Foundation
