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

    init(text: SourceText, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.text = text
        self.delimiter = delimiter
        if text.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The next record, or nil at the end. Blank lines are skipped.
    mutating func next() throws -> Record? {
        let bytes = text.bytes
        while position < bytes.count, bytes[position] == 0x0A || bytes[position] == 0x0D {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        var record = Record(line: line, fields: [], offsets: [])
        var field: [UInt8] = []
        while true {
            let start = position
            field.removeAll(keepingCapacity: true)
            if position < bytes.count, bytes[position] == 0x22 {
                position += 1
                while true {
                    guard position < bytes.count else {
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
            return record
        }
    }
}
