import KBDomain
import KBStore
import KBQuery

/// A fast RFC 4180 reader over UTF-8 bytes: quoted fields with doubled quotes and embedded
/// line breaks, CRLF or LF records, any one-byte delimiter. Every record knows its line, and a
/// malformed one is an error at its line and column.
struct CSVParser {
    struct Record {
        /// 1-based line where the record starts.
        var line: Int
        var fields: [String]
        /// Byte offset of each field's first byte, for error locations.
        var offsets: [Int]
    }

    let text: SourceText
    let delimiter: UInt8
    private var position = 0
    private var line = 1
    /// Whether the text ends where the file ends. When false (a window of a file read in parts,
    /// ``CSVFileWindows``), a record that runs into the end of the text — or ends on its last
    /// byte, where a CRLF may be cut — is not read: ``next()`` returns nil and leaves the cursor
    /// at its start, for the next window to begin there.
    var isFinal = true

    init(text: SourceText, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.text = text
        self.delimiter = delimiter
        self.line = text.firstLine
        if text.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Where the parser stands between two records: the byte after the last record's line end,
    /// and the line there.
    struct Cursor: Equatable {
        var position: Int
        var line: Int
    }

    var cursor: Cursor { Cursor(position: position, line: line) }

    /// A parser that starts at `cursor` (one this parser type reached, or ``boundary(after:from:)`` found).
    init(text: SourceText, delimiter: UInt8, at cursor: Cursor) {
        self.text = text
        self.delimiter = delimiter
        self.position = cursor.position
        self.line = cursor.line
    }

    /// The first place between two records at or after byte `offset`, walking the records from
    /// `start` the way ``next()`` reads them but without making fields; nil if there is no record
    /// after it, or if the text before it is malformed (``next()`` says how).
    func boundary(after offset: Int, from start: Cursor) -> Cursor? {
        text.bytes.withUnsafeBufferPointer { bytes in
            let end = bytes.count
            var position = start.position
            var line = start.line
            while position < offset {
                while position < end, bytes[position] == 0x0A || bytes[position] == 0x0D {
                    if bytes[position] == 0x0A { line += 1 }
                    position += 1
                }
                guard position < end else { return nil }
                while true {
                    if position < end, bytes[position] == 0x22 {
                        position += 1
                        while true {
                            guard position < end else { return nil }
                            let byte = bytes[position]
                            if byte == 0x22 {
                                if position + 1 < end, bytes[position + 1] == 0x22 {
                                    position += 2
                                    continue
                                }
                                position += 1
                                break
                            }
                            if byte == 0x0A { line += 1 }
                            position += 1
                        }
                        if position < end, bytes[position] != delimiter, bytes[position] != 0x0A, bytes[position] != 0x0D { return nil }
                    } else {
                        while position < end {
                            let byte = bytes[position]
                            if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                            if byte == 0x22 { return nil }
                            position += 1
                        }
                    }
                    if position < end, bytes[position] == delimiter {
                        position += 1
                        continue
                    }
                    if position < end, bytes[position] == 0x0D { position += 1 }
                    if position < end, bytes[position] == 0x0A {
                        position += 1
                        line += 1
                    }
                    break
                }
            }
            return position < end ? Cursor(position: position, line: line) : nil
        }
    }

    /// The next record, or nil at the end. Blank lines are skipped.
    mutating func next() throws -> Record? {
        let bytes = text.bytes
        while position < bytes.count, bytes[position] == 0x0A || bytes[position] == 0x0D {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let recordStart = cursor
        var record = Record(line: line, fields: [], offsets: [])
        var field: [UInt8] = []
        while true {
            let start = position
            field.removeAll(keepingCapacity: true)
            if position < bytes.count, bytes[position] == 0x22 {
                let openedOn = line
                position += 1
                while true {
                    guard position < bytes.count else {
                        if !isFinal {
                            (position, line) = (recordStart.position, recordStart.line)
                            return nil
                        }
                        throw text.diagnostic("csv.unclosed-quote", "the quoted field starting here is never closed", at: start,
                                              help: "close it with '\"'; a quote inside a field is written twice (\"\")")
                    }
                    let byte = bytes[position]
                    if byte == 0x22 {
                        if position + 1 < bytes.count, bytes[position + 1] == 0x22 {
                            field.append(0x22)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                    position += 1
                }
                if position < bytes.count, bytes[position] != delimiter, bytes[position] != 0x0A, bytes[position] != 0x0D {
                    // A quoted field that ran over lines before going wrong most likely never
                    // closed where it opened: the quote that opened it is where to look.
                    if line > openedOn {
                        throw text.diagnostic("csv.unbalanced-quote",
                                              "the quoted field starting here runs on to line \(line), where text follows its closing quote: is this quote unbalanced?",
                                              at: start, help: "close the field with '\"' on this line; a quote inside a field is written twice (\"\")")
                    }
                    throw text.diagnostic("csv.text-after-quote", "text after the closing quote of a field", at: position,
                                          help: "a field is either wholly quoted or not quoted; a quote inside a quoted field is written twice (\"\")")
                }
            } else {
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                    if byte == 0x22 {
                        throw text.diagnostic("csv.stray-quote", "a quote inside an unquoted field", at: position,
                                              help: "quote the whole field and double the inner quote: \"a \"\"b\"\" c\"")
                    }
                    field.append(byte)
                    position += 1
                }
            }
            record.fields.append(String(decoding: field, as: UTF8.self))
            record.offsets.append(start)
            if position < bytes.count, bytes[position] == delimiter {
                position += 1
                continue
            }
            if position < bytes.count, bytes[position] == 0x0D { position += 1 }
            if position < bytes.count, bytes[position] == 0x0A {
                position += 1
                line += 1
            }
            if !isFinal, position >= bytes.count {
                (position, line) = (recordStart.position, recordStart.line)
                return nil
            }
            return record
        }
    }
}
