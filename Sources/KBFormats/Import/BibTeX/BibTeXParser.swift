import KBDomain
import KBStore
import KBQuery

/// One `@type{key, field = value, …}` entry as written: field values are raw BibTeX text
/// (macros expanded, `#` concatenated, outer delimiters removed, inner braces kept).
struct BibTeXEntry: Sendable, Equatable {
    var type: String
    var key: String
    var fields: [String: String]
    /// Field names in file order (lower case).
    var order: [String]
    /// Byte offset of the `@`.
    var offset: Int
}

/// What a `.bib` file holds, plus what the parser noticed without failing.
struct BibTeXFile: Sendable {
    var entries: [BibTeXEntry] = []
    var preambles: [String] = []
    var warnings: [Diagnostic] = []
    /// Entries that could not be read (with `--skip-invalid`), with the reason.
    var skipped: [Diagnostic] = []
    /// Where to start reading again to get the entries from a given one on, every
    /// ``BibTeXParser/checkpointEvery`` entries (``BibTeXParser/entries(from:skipping:count:)``).
    var checkpoints: [BibTeXParser.Checkpoint] = []
}

/// A byte-level BibTeX reader: `@string` macros (with BibTeX's month macros predefined),
/// `#` concatenation, braced and quoted values with nested braces, `@comment`, `@preamble`,
/// `{…}` and `(…)` delimiters, and text between entries ignored as BibTeX ignores it.
///
/// Errors are ``Diagnostic``s at `file:line:column`. An entry with an error is skipped and reading
/// resumes at the next line that starts with `@`: with `skipInvalid` it is listed, else the reading
/// fails at the end with every such error (``parse()``).
struct BibTeXParser {
    let text: SourceText
    let skipInvalid: Bool
    /// ``text``'s bytes, held apart: read through `text` on every byte, they were retained and
    /// released on every byte (a third of the reading of 10,000 entries).
    private let bytes: InputBytes
    private var position = 0
    private var macros: [String: String] = BibTeXParser.monthMacros
    /// In the entry being read: a braced value that runs over a line that looks like the start
    /// of another field (`  year = …`) — the likely place of an unclosed brace.
    private var suspiciousBrace: (offset: Int, field: String)?
    /// False: each entry is kept without its fields but `crossref` (a first reading of a large
    /// file, which checks it whole and says where each part starts: ``BibTeXReader/Parsed``).
    var keepsFields = true
    /// Entries between two ``Checkpoint``s noted in ``BibTeXFile/checkpoints`` (nil: none noted).
    var checkpointEvery: Int?

    /// The state the parser is in at the `@` of an entry: reading from there with these macros
    /// gives the entries from that one on as the whole reading gave them.
    struct Checkpoint: Sendable {
        var offset: Int
        var macros: [String: String]
    }

    static let monthMacros: [String: String] = [
        "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
        "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
    ]

    init(text: SourceText, skipInvalid: Bool = false) {
        self.text = text
        bytes = text.bytes
        self.skipInvalid = skipInvalid
    }

    /// Without `skipInvalid`, every invalid entry is still read past and listed, and the reading
    /// fails at the end with all of them (one ``Diagnostic``, or a ``DiagnosticList`` of several),
    /// so that an analyst mends a file in one go, as a CSL-JSON file's invalid items are told.
    mutating func parse() throws -> BibTeXFile {
        var file = BibTeXFile()
        parseItems(into: &file, before: nil)
        return try finished(file)
    }

    /// `file`, or the error of its invalid entries when they are not to be skipped.
    private func finished(_ file: BibTeXFile) throws -> BibTeXFile {
        guard !skipInvalid, let first = file.skipped.first else { return file }
        if file.skipped.count == 1 { throw first }
        throw DiagnosticList(file.skipped)
    }

    /// Files at least this large (bytes) are read in two halves at once (``parseInHalves(from:)``).
    static let halvesFrom = 256 << 10

    /// Whether the last ``parseInHalves(from:)`` kept its second half's reading (a test's view).
    private(set) var readInHalves = false

    /// ``parse()``'s file, its second half read on a thread of its own while this one reads the
    /// first: the reading is the one step of an import that nothing else overlaps (a tenth of a
    /// 10,000-entry import). The second half starts at an `@` opening a line past the middle,
    /// and is kept only when this thread's reading of the first half ends just before it with
    /// no `@string` read: the second half was then read from the position and with the macros a
    /// whole reading would have had. Otherwise (the `@` was inside a value, or a macro was
    /// defined) this thread reads on to the end and the second half's reading is dropped. The
    /// file and any error are ``parse()``'s: the first half's error first, then the second's.
    /// Files read again in parts, mapped files and files under `minimum` bytes are read whole.
    mutating func parseInHalves(from minimum: Int = BibTeXParser.halvesFrom) throws -> BibTeXFile {
        readInHalves = false
        guard checkpointEvery == nil, keepsFields, !bytes.isMapped, bytes.count >= max(2, minimum), let split = secondHalfStart() else {
            return try parse()
        }
        // Its own copy of the name: the second half's entries and diagnostics are freed on
        // other threads (``SourceText/renamed()``).
        let (text, skipInvalid) = (self.text.renamed(), self.skipInvalid)
        let secondHalf = OwnThread.start {
            var parser = BibTeXParser(text: text, skipInvalid: skipInvalid)
            parser.position = split
            var rest = BibTeXFile()
            parser.parseItems(into: &rest, before: nil)
            return rest
        }
        var file = BibTeXFile()
        parseItems(into: &file, before: split)
        // The second half's thread has ended before this reading returns or throws.
        let second = Result { try secondHalf.wait() }
        guard nextAt() == split, macros == Self.monthMacros else {
            parseItems(into: &file, before: nil)
            return try finished(file)
        }
        let rest = try second.get()
        file.entries += rest.entries
        file.preambles += rest.preambles
        file.warnings += rest.warnings
        file.skipped += rest.skipped
        readInHalves = true
        return try finished(file)
    }

    /// The first `@` past the middle that opens a line, if any.
    private func secondHalfStart() -> Int? {
        var index = max(1, bytes.count / 2)
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "@"), bytes[index - 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }

    /// Reads the items whose `@` is before `limit` (all when nil); an invalid one is listed in
    /// ``BibTeXFile/skipped`` and the reading resumes at the next line that starts with `@`.
    private mutating func parseItems(into file: inout BibTeXFile, before limit: Int?) {
        while let at = nextAt(), at < limit ?? Int.max {
            position = at + 1
            do {
                try parseItem(at: at, into: &file)
            } catch {
                file.skipped.append(error as? Diagnostic ?? text.diagnostic("bibtex.invalid", "\(error)", at: at))
                position = resumePoint(after: at)
            }
        }
    }

    /// `count` entries from the `skipping`-th after `checkpoint` on, read again as the whole
    /// reading read them (its warnings and skipped entries are the whole reading's to say).
    mutating func entries(from checkpoint: Checkpoint, skipping: Int, count: Int) throws -> [BibTeXEntry] {
        position = checkpoint.offset
        macros = checkpoint.macros
        keepsFields = true
        checkpointEvery = nil
        var file = BibTeXFile()
        file.entries.reserveCapacity(skipping + count)
        while file.entries.count < skipping + count, let at = nextAt() {
            position = at + 1
            do {
                try parseItem(at: at, into: &file)
            } catch let diagnostic as Diagnostic {
                guard skipInvalid else { throw diagnostic }
                position = resumePoint(after: at)
            }
        }
        return Array(file.entries.dropFirst(skipping).prefix(count))
    }

    /// Adds an entry read, noting a checkpoint before every `checkpointEvery`-th (its `@`, the
    /// macros so far: an entry does not change them).
    private func append(_ entry: BibTeXEntry, to file: inout BibTeXFile) {
        if let every = checkpointEvery, file.entries.count % every == 0 {
            file.checkpoints.append(Checkpoint(offset: entry.offset, macros: macros))
        }
        if keepsFields {
            file.entries.append(entry)
        } else {
            var skeleton = BibTeXEntry(type: entry.type, key: entry.key, fields: [:], order: [], offset: entry.offset)
            if let crossref = entry.fields["crossref"] { skeleton.fields["crossref"] = crossref }
            file.entries.append(skeleton)
        }
    }

    /// The next `@` outside any entry.
    private func nextAt() -> Int? {
        var index = position
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "@") { return index }
            index += 1
        }
        return nil
    }

    /// After a bad entry: the next `@` at the start of a line (after optional spaces).
    private func resumePoint(after at: Int) -> Int {
        var index = at + 1
        var lineStart = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { lineStart = true } else if byte == UInt8(ascii: "@") && lineStart { return index } else if byte != 0x20 && byte != 0x09 && byte != 0x0D { lineStart = false }
            index += 1
        }
        return bytes.count
    }

    private mutating func parseItem(at: Int, into file: inout BibTeXFile) throws {
        skipWhitespace()
        let typeStart = position
        let type = readIdentifier().lowercased()
        skipWhitespace()
        guard !type.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "{") || bytes[position] == UInt8(ascii: "(") else {
            // An '@' in free text (an e-mail address, a note): BibTeX skips it too.
            if !type.isEmpty && type != "comment" {
                file.warnings.append(text.diagnostic("bibtex.stray-at", "'@\(type)' is not followed by '{' or '('; skipped as text", at: at, length: type.count + 1))
            }
            position = max(position, typeStart)
            return
        }
        let open = bytes[position]
        let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
        switch type {
        case "comment":
            try skipBalanced(from: position)
            return
        case "preamble":
            position += 1
            skipWhitespace()
            file.preambles.append(try readValue(field: "preamble"))
            skipWhitespace()
            try expect(close, context: "to close @preamble", openedAt: at)
        case "string":
            position += 1
            skipWhitespace()
            let nameStart = position
            let name = readFieldName().lowercased()
            guard !name.isEmpty else { throw text.diagnostic("bibtex.expected-name", "expected a macro name after @string{", at: nameStart) }
            skipWhitespace()
            try expect(UInt8(ascii: "="), context: "after macro name '\(name)'", openedAt: nil)
            skipWhitespace()
            macros[name] = try readValue(field: name)
            skipWhitespace()
            try expect(close, context: "to close @string", openedAt: at)
        default:
            position += 1
            skipWhitespace()
            suspiciousBrace = nil
            let key = readKey(close: close, warnings: &file.warnings)
            // Room for a dozen fields from the start: grown one field at a time, the dictionary
            // was copied and rehashed three times an entry.
            var entry = BibTeXEntry(type: type, key: key, fields: Dictionary(minimumCapacity: 12), order: [], offset: at)
            entry.order.reserveCapacity(12)
            skipWhitespace()
            if position < bytes.count, bytes[position] == close {
                position += 1
                append(entry, to: &file)
                return
            }
            try expect(UInt8(ascii: ","), context: "after the citation key '\(key)'", openedAt: nil)
            while true {
                skipWhitespace()
                guard position < bytes.count else {
                    if let brace = suspiciousBrace {
                        throw text.diagnostic("bibtex.unbalanced-brace", "the '{' opening '\(brace.field)' in entry '\(key)' is probably never closed: its value runs into the next field",
                                              at: brace.offset, help: "close the value with '}' before the next field")
                    }
                    throw text.diagnostic("bibtex.unclosed-entry", "entry '\(key)' is never closed", at: at, length: type.count + 1,
                                          help: "add '\(Character(Unicode.Scalar(close)))' after its last field")
                }
                if bytes[position] == close { position += 1; break }
                let nameStart = position
                let name = readFieldName().lowercased()
                guard !name.isEmpty else {
                    throw text.diagnostic("bibtex.expected-field", "expected a field name or '\(Character(Unicode.Scalar(close)))' in entry '\(key)'", at: nameStart,
                                          help: "fields are written name = {value}, separated by commas")
                }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                    throw text.diagnostic("bibtex.expected-equals", "expected '=' after field name '\(name)' in entry '\(key)'", at: position < bytes.count ? position : nameStart,
                                          help: "a field is written name = {value}; a comma or space inside the citation key also ends up here")
                }
                position += 1
                skipWhitespace()
                let value = try readValue(field: name)
                if entry.fields[name] == nil {
                    entry.fields[name] = value
                    entry.order.append(name)
                } else {
                    file.warnings.append(text.diagnostic("bibtex.duplicate-field", "field '\(name)' appears twice in entry '\(key)'; the first is kept", at: nameStart, length: name.count))
                }
                skipWhitespace()
                guard position < bytes.count else { continue }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == close { position += 1; break }
                if bytes[position] == UInt8(ascii: "@") {
                    throw text.diagnostic("bibtex.unclosed-entry", "entry '\(key)' is not closed before the next entry (line \(text.line(of: position)))",
                                          at: suspiciousBrace?.offset ?? at, length: 1,
                                          help: "check the braces in entry '\(key)': a '{' without its '}' swallows the entry's end")
                }
                throw text.diagnostic("bibtex.expected-comma", "expected ',' or '\(Character(Unicode.Scalar(close)))' after the value of '\(name)' in entry '\(key)'", at: position,
                                      help: "separate fields with commas")
            }
            append(entry, to: &file)
        }
    }

    private mutating func expect(_ byte: UInt8, context: String, openedAt: Int?) throws {
        guard position < bytes.count, bytes[position] == byte else {
            let found = position < bytes.count ? "'\(String(decoding: [bytes[position]], as: UTF8.self))'" : "end of file"
            throw text.diagnostic("bibtex.expected", "expected '\(Character(Unicode.Scalar(byte)))' \(context), found \(found)", at: position)
        }
        position += 1
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 } else { break }
        }
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
    }

    private mutating func readIdentifier() -> String {
        let start = position
        while position < bytes.count, Self.isIdentifierByte(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Field and macro names: letters, digits and `_ - : . + /` (and any non-ASCII byte).
    private mutating func readFieldName() -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isIdentifierByte(byte) || byte == 0x3A || byte == 0x2E || byte == 0x2B || byte == 0x2F || byte >= 0x80 { position += 1 } else { break }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// A citation key: anything up to a comma, whitespace or the closing delimiter.
    private mutating func readKey(close: UInt8, warnings: inout [Diagnostic]) -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x2C || byte == close || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { break }
            position += 1
        }
        // "@misc{de leeuw_parsons_2025," (FReD's DOI service writes such keys): BibTeX keys have no
        // spaces, but when the rest of the line runs to the comma, that is the key.
        if position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 {
            var end = position
            while end < bytes.count, ![0x2C, 0x0A, 0x0D, 0x3D, 0x7B, 0x7D, close].contains(bytes[end]) { end += 1 }
            if end < bytes.count, bytes[end] == 0x2C {
                let key = String(decoding: bytes[start..<end], as: UTF8.self).trimmed
                warnings.append(text.diagnostic("bibtex.key-with-space", "citation key '\(key)' contains a space; read up to the comma",
                                                     at: start, length: end - start, help: "keys have no spaces; replace them with '_'"))
                position = end
                return key
            }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// `piece { # piece }`: braced, quoted, a number or a macro name.
    private mutating func readValue(field: String) throws -> String {
        var value = ""
        while true {
            guard position < bytes.count else {
                throw text.diagnostic("bibtex.expected-value", "expected a value for '\(field)', found end of file", at: position)
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"):
                let start = position
                try skipBalanced(from: start)
                let content = bytes[(start + 1)..<(position - 1)]
                if suspiciousBrace == nil, Self.runsIntoAnotherField(content) { suspiciousBrace = (start, field) }
                value += String(decoding: content, as: UTF8.self)
            case UInt8(ascii: "\""):
                let start = position
                position += 1
                var depth = 0
                while true {
                    guard position < bytes.count else {
                        throw text.diagnostic("bibtex.unclosed-quote", "the '\"' opening the value of '\(field)' is never closed", at: start,
                                              help: "close it with '\"' (a '\"' inside the value must be in braces: {\"})")
                    }
                    let current = bytes[position]
                    if current == UInt8(ascii: "{") { depth += 1 } else if current == UInt8(ascii: "}") {
                        depth -= 1
                        if depth < 0 { throw text.diagnostic("bibtex.unbalanced-brace", "unbalanced '}' in the value of '\(field)'", at: position) }
                    } else if current == UInt8(ascii: "\""), depth == 0 { break }
                    position += 1
                }
                value += String(decoding: bytes[(start + 1)..<position], as: UTF8.self)
                position += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
                value += String(decoding: bytes[start..<position], as: UTF8.self)
            default:
                let start = position
                let name = readFieldName().lowercased()
                guard !name.isEmpty else {
                    throw text.diagnostic("bibtex.expected-value", "expected a value for '\(field)': '{…}', '\"…\"', a number or a macro name", at: start)
                }
                if let macro = macros[name] {
                    value += macro
                } else {
                    throw text.diagnostic("bibtex.undefined-macro", "undefined macro '\(name)' in the value of '\(field)'", at: start, length: name.count,
                                          help: "define it with @string{\(name) = {…}} before this entry, or put the value in braces")
                }
            }
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "#") {
                position += 1
                skipWhitespace()
                continue
            }
            return value
        }
    }

    /// Whether braced content holds a line that starts like a field (`  name = `) or an entry (`@`).
    static func runsIntoAnotherField<Bytes: BidirectionalCollection<UInt8>>(_ content: Bytes) -> Bool where Bytes.Index == Int, Bytes.SubSequence: Collection<UInt8> {
        var index = content.startIndex
        while let newline = content[index...].firstIndex(of: 0x0A) {
            var cursor = newline + 1
            while cursor < content.endIndex, content[cursor] == 0x20 || content[cursor] == 0x09 { cursor += 1 }
            if cursor < content.endIndex, content[cursor] == UInt8(ascii: "@") { return true }
            let nameStart = cursor
            while cursor < content.endIndex, isIdentifierByte(content[cursor]) { cursor += 1 }
            if cursor > nameStart {
                while cursor < content.endIndex, content[cursor] == 0x20 || content[cursor] == 0x09 { cursor += 1 }
                if cursor < content.endIndex, content[cursor] == UInt8(ascii: "=") { return true }
            }
            index = newline + 1
        }
        return false
    }

    /// Moves past a `{…}` group (nested), starting at its `{`.
    private mutating func skipBalanced(from start: Int) throws {
        let open = bytes[start]
        let close: UInt8 = open == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
        var depth = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == open { depth += 1 } else if byte == close {
                depth -= 1
                if depth == 0 {
                    position = index + 1
                    return
                }
            }
            index += 1
        }
        throw text.diagnostic("bibtex.unbalanced-brace", "the '\(Character(Unicode.Scalar(open)))' here is never closed", at: start,
                              help: "every '{' needs a matching '}' (a literal brace is written \\{ … \\})")
    }
}
