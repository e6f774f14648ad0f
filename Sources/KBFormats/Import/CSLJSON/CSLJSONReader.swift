import Foundation
import KBDomain
import KBQuery
import KBStore

/// Reads CSL-JSON (an array of items, as Zotero, pandoc and citeproc write it) into sources.
/// Items must have an `id` and a CSL `type`; CSL 1.1 and Zotero extras (`citation-key`,
/// string date parts, `literal` dates) are accepted. An invalid item is an error that names it,
/// its position in the array and its line.
enum CSLJSONReader {
    /// Variables with a column of their own; the other CSL variables go to `extra`.
    static let columns: Set<String> = ["id", "type", "title", "container-title", "publisher", "publisher-place", "volume", "issue",
                                       "page", "issued", "DOI", "URL", "accessed", "note", "citation-key"]

    static func read(_ text: SourceText, skipInvalid: Bool) throws -> ImportBatch {
        var batch = ImportBatch(file: text.name, format: .cslJSON)
        // The grammar first, for the place and what was expected there (``JSONSyntax``).
        if let failure = JSONSyntax.firstError(in: text.bytes) {
            throw text.diagnostic("csl.invalid-json", "not valid JSON: expected \(failure.expected)", at: failure.offset,
                                  help: "CSL-JSON is a JSON array of items; check the file with a JSON validator")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: text.bytes.withUnsafeBufferPointer { Data(buffer: $0) }, options: [.fragmentsAllowed])
        } catch {
            let offset = JSONItemLocator.syntaxErrorOffset(text.bytes) ?? 0
            throw text.diagnostic("csl.invalid-json", "not valid JSON", at: offset, help: "check the file with a JSON validator; CSL-JSON is a JSON array of items")
        }
        if let nul = JSONItemLocator.nulEscapeOffset(text.bytes) {
            throw text.diagnostic("import.nul-character", "a value holds a NUL character (U+0000), which kb does not store", at: nul, length: 6,
                                  help: "remove the \\u0000 escape")
        }
        guard let items = object as? [Any] else {
            let keys = (object as? [String: Any]).map { $0.keys.sorted().joined(separator: ", ") } ?? ""
            throw text.diagnostic("csl.not-an-array", "expected a CSL-JSON array of items, found " + (keys.isEmpty ? "a single value" : "an object with keys \(keys)"),
                                  at: JSONItemLocator.firstValueOffset(text.bytes),
                                  help: keys.contains("sources") ? "this looks like an RStudio bibliography index; its 'sources' array is CSL-JSON" : "CSL-JSON starts with '['")
        }
        let offsets = JSONItemLocator.arrayElementOffsets(text.bytes)
        batch.recordsRead = items.count
        try add(items.enumerated().map { (index: $0.offset, element: $0.element, offset: $0.offset < offsets.count ? offsets[$0.offset] : 0) },
                to: &batch, text: text, skipInvalid: skipInvalid)
        return batch
    }

    /// Converts `items` (each with its index in the array and the offset it starts at) into
    /// `batch`'s sources; invalid ones are skipped (listed) or, unless `skipInvalid`, thrown together.
    static func add(_ items: [(index: Int, element: Any, offset: Int)], to batch: inout ImportBatch, text: SourceText, skipInvalid: Bool) throws {
        var invalid: [Diagnostic] = []
        for item in items {
            do {
                let (source, key) = try convert(item.element, index: item.index, offset: item.offset, text: text, warnings: &batch.warnings)
                batch.sources.append(IncomingSource(source: source, reference: "#\(item.index)", key: key, hasExplicitSlug: false))
            } catch let problem as Diagnostic {
                invalid.append(problem)
            }
        }
        if !invalid.isEmpty {
            guard skipInvalid else { throw DiagnosticList(invalid) }
            batch.skipped += invalid
        }
    }

    /// A file checked whole, its items not yet converted (``RecordsInParts``): of each item only
    /// where it starts and its key are kept, and a part's items are parsed as it is converted
    /// (issue 18: 200,000 items parsed whole took 3.2 GB). Reading fails here or never: an
    /// invalid item (not an object, no or an unknown type) is told by its members.
    struct Parsed: RecordsInParts {
        let text: SourceText
        let skipInvalid: Bool
        /// Where each item of the array starts.
        private let offsets: [Int]
        /// Where the array's `]` is.
        private let closing: Int
        /// ``ImportBatch/duplicateKeyLines(_:)`` of the whole file's valid items.
        private let duplicateKeys: [String: [Int]]

        init(_ text: SourceText, skipInvalid: Bool) throws {
            let bytes = text.bytes
            if let failure = JSONSyntax.firstError(in: bytes) {
                throw text.diagnostic("csl.invalid-json", "not valid JSON: expected \(failure.expected)", at: failure.offset,
                                      help: "CSL-JSON is a JSON array of items; check the file with a JSON validator")
            }
            let first = JSONItemLocator.firstValueOffset(bytes)
            guard first < bytes.count, bytes[first] == UInt8(ascii: "[") else {
                // Not an array: reading it whole says what it is.
                _ = try CSLJSONReader.read(text, skipInvalid: skipInvalid)
                throw text.diagnostic("csl.not-an-array", "expected a CSL-JSON array of items", at: first, help: "CSL-JSON starts with '['")
            }
            if let nul = JSONItemLocator.nulEscapeOffset(bytes) {
                throw text.diagnostic("import.nul-character", "a value holds a NUL character (U+0000), which kb does not store", at: nul, length: 6,
                                      help: "remove the \\u0000 escape")
            }
            self.text = text
            self.skipInvalid = skipInvalid
            offsets = JSONItemLocator.arrayElementOffsets(bytes)
            var closing = bytes.count - 1
            while closing > 0, bytes[closing] != UInt8(ascii: "]") { closing -= 1 }
            self.closing = closing
            var keys: [(key: String?, line: Int)] = []
            var invalid: [Diagnostic] = []
            for (index, offset) in offsets.enumerated() {
                let members = JSONItemLocator.members(["id", "citation-key", "type"], ofObjectAt: offset, before: index + 1 < offsets.count ? offsets[index + 1] : closing, in: bytes)
                // An invalid item fails the reading here, as reading the file whole does (before
                // any other file's error): what makes one invalid is its being an object, its id
                // and its type, which the members hold.
                if !skipInvalid {
                    var ignored: [Diagnostic] = []
                    do {
                        _ = try CSLJSONReader.convert(members.map { $0 as Any } ?? NSNull(), index: index, offset: offset, text: text, warnings: &ignored)
                    } catch let problem as Diagnostic {
                        invalid.append(problem)
                    }
                }
                // Only a valid item becomes a source (``convert(_:index:offset:text:warnings:)``).
                guard let members, let type = members["type"] as? String, CSLTypes.set.contains(type) else { continue }
                let citationKey = (members["citation-key"] as? String).flatMap { $0.trimmed.nilIfEmpty } ?? (members["citation-key"] as? NSNumber)?.stringValue
                let id = (members["id"] as? String) ?? (members["id"] as? NSNumber)?.stringValue
                keys.append((citationKey ?? id, text.line(of: offset)))
            }
            if !invalid.isEmpty { throw DiagnosticList(invalid) }
            duplicateKeys = ImportBatch.duplicateKeyLines(keys)
        }

        var recordCount: Int { offsets.count }

        func part(_ range: Range<Int>) throws -> ImportBatch {
            var batch = ImportBatch(file: text.name, format: .cslJSON)
            if range.lowerBound == 0 { batch.recordsRead = offsets.count } else { batch.isContinuation = true }
            guard !range.isEmpty else { return batch }
            // The part's items as an array of their own: from the first's start to the next
            // part's first (or the array's end), without the comma between.
            var end = range.upperBound < offsets.count ? offsets[range.upperBound] : closing
            let bytes = text.bytes
            while end > offsets[range.lowerBound], [0x20, 0x09, 0x0A, 0x0D, 0x2C].contains(bytes[end - 1]) {
                end -= 1
                if bytes[end] == 0x2C { break }
            }
            var slice: [UInt8] = [UInt8(ascii: "[")]
            slice.reserveCapacity(end - offsets[range.lowerBound] + 2)
            slice += bytes.array(offsets[range.lowerBound]..<end)
            slice.append(UInt8(ascii: "]"))
            guard let items = try? JSONSerialization.jsonObject(with: Data(slice), options: [.fragmentsAllowed]) as? [Any], items.count == range.count else {
                throw text.diagnostic("csl.invalid-json", "not valid JSON", at: offsets[range.lowerBound], help: "check the file with a JSON validator; CSL-JSON is a JSON array of items")
            }
            try CSLJSONReader.add(zip(range, items).map { (index: $0.0, element: $0.1, offset: offsets[$0.0]) }, to: &batch, text: text, skipInvalid: skipInvalid)
            batch.markDuplicateKeys(duplicateKeys)
            return batch
        }
    }

    static func convert(_ element: Any, index: Int, offset: Int, text: SourceText, warnings: inout [Diagnostic]) throws -> (Source, String?) {
        guard let item = element as? [String: Any] else {
            throw text.diagnostic("csl.invalid-item", "item \(index) (zero-based) is not an object", at: offset)
        }
        let id = (item["id"] as? String) ?? (item["id"] as? NSNumber)?.stringValue
        let label = "item \(index) (zero-based)" + (id.map { ", id '\($0)'" } ?? "")
        guard let type = item["type"] as? String, !type.isEmpty else {
            throw text.diagnostic("csl.missing-type", "\(label) has " + (item["type"] == nil ? "no 'type'" : "an empty 'type'"), at: offset,
                                  help: "every CSL item needs a type, e.g. \"article-journal\", \"book\", \"report\"")
        }
        guard CSLTypes.set.contains(type) else {
            throw text.diagnostic("csl.unknown-type", "\(label) has unknown type '\(type)'", at: offset,
                                  help: Suggestions.nearest(to: type, in: CSLTypes.all).first.map { "did you mean '\($0)'?" } ?? "see the CSL 1.0.2 type list")
        }
        if id == nil {
            warnings.append(text.diagnostic("csl.missing-id", "\(label) has no 'id'", at: offset))
        }
        var source = Source(slug: "", type: type, origin: Origin(file: text.name, line: text.line(of: offset)))
        func string(_ key: String) -> String? {
            if let value = item[key] as? String { return value.trimmed.nilIfEmpty }
            if let value = item[key] as? NSNumber { return value.stringValue }
            return nil
        }
        source.title = string("title")
        source.containerTitle = string("container-title")
        source.publisher = string("publisher")
        source.publisherPlace = string("publisher-place")
        source.volume = string("volume")
        source.issue = string("issue")
        source.page = string("page").map(BibTeXConverter.normalizePages)
        source.issued = date(item["issued"])
        source.accessed = date(item["accessed"])?.iso
        source.note = string("note")
        if let raw = string("DOI") {
            if let doi = DOI.normalize(raw) { source.doi = doi } else {
                warnings.append(text.diagnostic("csl.invalid-doi", "\(label): DOI '\(raw)' is not a DOI; kept aside", at: offset))
            }
        }
        source.url = string("URL")
        if let url = source.url, let doi = source.doi, BibTeXConverter.doiFromURL(url) == doi { source.url = nil }
        for (variable, role) in CSLVariables.nameVariables {
            guard let names = item[variable] as? [Any] else { continue }
            for entry in names {
                guard let name = entry as? [String: Any] else { continue }
                let person = Contributor(role: role, family: (name["family"] as? String)?.nilIfEmpty, given: (name["given"] as? String)?.nilIfEmpty,
                                         droppingParticle: (name["dropping-particle"] as? String)?.nilIfEmpty,
                                         particle: (name["non-dropping-particle"] as? String)?.nilIfEmpty,
                                         suffix: (name["suffix"] as? String)?.nilIfEmpty, literal: (name["literal"] as? String)?.nilIfEmpty)
                if person.family == nil, person.literal == nil {
                    if let given = person.given { source.contributors.append(Contributor(role: role, literal: given)) }
                    continue
                }
                source.contributors.append(person)
            }
        }
        var extra: [String: Any] = [:]
        for (key, value) in item where !columns.contains(key) && !CSLVariables.nameVariables.contains(where: { $0.0 == key }) {
            if CSLVariables.knownVariables.contains(key) { extra[key] = value }
        }
        // kb's own mark of an incomplete author list (``ExportFields/cslCustomIncomplete``).
        if var custom = extra["custom"] as? [String: Any], custom[ExportFields.cslCustomIncomplete] != nil {
            if custom[ExportFields.cslCustomIncomplete] as? Bool == true { extra[SourceExtra.authorsIncomplete] = true }
            custom[ExportFields.cslCustomIncomplete] = nil
            extra["custom"] = custom.isEmpty ? nil : custom
        }
        if let written = item["DOI"] as? String, DOI.writingQuirk(written, texAllowed: false) != nil { extra[SourceExtra.doiAsWritten] = written }
        source.extra = SourceExtra.encode(extra)
        return (source, string("citation-key") ?? id)
    }

    /// `{"date-parts": [[2025, 9, 23]]}` (numbers or numeric strings), `{"raw": "2025-09-23"}`,
    /// `{"literal": "2025"}`.
    static func date(_ value: Any?) -> PartialDate? {
        guard let object = value as? [String: Any] else { return nil }
        if let parts = (object["date-parts"] as? [Any])?.first as? [Any], !parts.isEmpty {
            let numbers = parts.map { part -> Int? in
                if let number = part as? NSNumber { return number.intValue }
                if let text = part as? String { return Int(text.trimmed) }
                return nil
            }
            guard let year = numbers.first ?? nil else { return nil }
            var date = PartialDate(year: year)
            if numbers.count > 1, let month = numbers[1], (1...12).contains(month) { date.month = month }
            if numbers.count > 2, let month = date.month, let day = numbers[2], (1...PartialDate.days(inMonth: month, of: year)).contains(day) { date.day = day }
            return date
        }
        for key in ["raw", "literal"] {
            if let text = object[key] as? String {
                if let parsed = PartialDate(parsing: String(text.prefix(10))) { return parsed }
                if let year = BibTeXConverter.firstYear(text) { return PartialDate(year: year) }
            }
        }
        return nil
    }
}

/// Finds byte offsets in JSON text without a full parser: where each element of the top-level
/// array starts, and roughly where a syntax error is.
enum JSONItemLocator {
    static func firstValueOffset(_ bytes: InputBytes) -> Int {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index
    }

    /// The values of the members `names` of the object at `start` (in bytes that parsed as
    /// JSON, the object ending before `end`), as Foundation reads them; the last of a name
    /// given twice. Nil when the value there is not an object.
    static func members(_ names: Set<String>, ofObjectAt start: Int, before end: Int, in bytes: InputBytes) -> [String: Any]? {
        var index = start
        func skipSpace() { while index < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 } }
        /// Past the string starting at `index` (its `"`); the range of its bytes with the quotes.
        func skipString() -> Range<Int> {
            let first = index
            index += 1
            while index < end, bytes[index] != 0x22 { index += bytes[index] == 0x5C ? 2 : 1 }
            index += 1
            return first..<min(index, end)
        }
        func skipValue() {
            var depth = 0
            repeat {
                guard index < end else { return }
                switch bytes[index] {
                case 0x22: _ = skipString(); continue
                case 0x5B, 0x7B: depth += 1
                case 0x5D, 0x7D: depth -= 1
                case 0x2C where depth == 0: return
                default: break
                }
                index += 1
            } while depth > 0 || (index < end && ![0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]))
        }
        func decode(_ range: Range<Int>) -> Any? {
            let token = bytes[range]
            if token.first == 0x22, !token.contains(0x5C), token.count >= 2 { return String(decoding: token.dropFirst().dropLast(), as: UTF8.self) }
            return try? JSONSerialization.jsonObject(with: Data(token), options: [.fragmentsAllowed])
        }
        skipSpace()
        guard index < end, bytes[index] == 0x7B else { return nil }
        index += 1
        var found: [String: Any] = [:]
        while true {
            skipSpace()
            guard index < end, bytes[index] == 0x22 else { return found }
            let name = decode(skipString()) as? String
            skipSpace()
            index += 1
            skipSpace()
            let valueStart = index
            skipValue()
            if let name, names.contains(name) { found[name] = decode(valueStart..<index) }
            skipSpace()
            guard index < end, bytes[index] == 0x2C else { return found }
            index += 1
        }
    }

    /// Offsets of the elements of the top-level array.
    static func arrayElementOffsets(_ bytes: InputBytes) -> [Int] {
        var offsets: [Int] = []
        var depth = 0
        var inString = false
        var escaped = false
        var expectingElement = false
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if expectingElement && !isSpace && byte != 0x5D {
                offsets.append(index)
                expectingElement = false
            }
            switch byte {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth == 1 && byte == 0x5B { expectingElement = true }
            case 0x5D, 0x7D: depth -= 1
            case 0x2C where depth == 1: expectingElement = true
            default: break
            }
        }
        return offsets
    }

    /// Offset of the first `\u0000` escape (U+0000, which PostgreSQL's text cannot hold, so no
    /// store takes it), or nil. For text that parsed as JSON, where every backslash is in a
    /// string and starts an escape of two bytes or more.
    static func nulEscapeOffset(_ bytes: InputBytes) -> Int? {
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == 0x5C else {
                index += 1
                continue
            }
            if bytes[index + 1] == UInt8(ascii: "u"), index + 6 <= bytes.count, bytes[(index + 2)..<(index + 6)].allSatisfy({ $0 == UInt8(ascii: "0") }) {
                return index
            }
            index += 2
        }
        return nil
    }

    /// A best guess at where a JSON syntax error is: the first unbalanced bracket or stray byte.
    static func syntaxErrorOffset(_ bytes: InputBytes) -> Int? {
        var stack: [UInt8] = []
        var inString = false
        var escaped = false
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false } else if byte < 0x20 { return index }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case 0x5B, 0x7B: stack.append(byte)
            case 0x5D: if stack.popLast() != 0x5B { return index }
            case 0x7D: if stack.popLast() != 0x7B { return index }
            default: break
            }
        }
        return stack.isEmpty ? (inString ? bytes.count : nil) : bytes.count
    }
}
