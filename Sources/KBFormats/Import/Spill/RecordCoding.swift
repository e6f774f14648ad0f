import KBDomain

/// A ``Source`` as bytes and back, for the records kept aside on disk (``RecordArchive``):
/// length-prefixed UTF-8 strings and varints, every field in declaration order. JSON took about
/// 15 µs a record (3.6 s of a 200,000-entry BibTeX import); this takes about 1. A field added to
/// `Source` must be added here: `RecordCodingTests` fills every field and checks the round trip.
enum RecordCoding {
    static func encode(_ source: Source, into bytes: inout [UInt8]) {
        var writer = Writer(bytes: bytes)
        bytes = []
        writer.optional(source.id) { $0.integer(Int($1)) }
        writer.string(source.slug)
        writer.string(source.type)
        for text in [source.title, source.containerTitle, source.publisher, source.publisherPlace, source.volume, source.issue, source.page] {
            writer.optional(text) { $0.string($1) }
        }
        writer.optional(source.issued) { writer, date in
            writer.integer(date.year)
            writer.optional(date.month) { $0.integer($1) }
            writer.optional(date.day) { $0.integer($1) }
        }
        for text in [source.doi, source.url, source.accessed] { writer.optional(text) { $0.string($1) } }
        writer.optional(source.isPeerReviewed) { $0.integer($1 ? 1 : 0) }
        writer.optional(source.extra) { $0.string($1) }
        writer.optional(source.note) { $0.string($1) }
        writer.integer(source.contributors.count)
        for person in source.contributors {
            writer.string(person.role)
            for text in [person.family, person.given, person.droppingParticle, person.particle, person.suffix, person.literal] {
                writer.optional(text) { $0.string($1) }
            }
        }
        writer.integer(source.notices.count)
        for notice in source.notices {
            writer.string(notice.kind.rawValue)
            for text in [notice.date, notice.reason, notice.url] { writer.optional(text) { $0.string($1) } }
        }
        writer.optional(source.origin) { writer, origin in
            writer.string(origin.file)
            writer.integer(origin.line)
        }
        bytes = writer.bytes
    }

    static func decode(_ bytes: ArraySlice<UInt8>) throws -> Source {
        var reader = Reader(bytes: bytes)
        let id = try reader.optional { Int64(try $0.integer()) }
        var source = Source(slug: try reader.string(), type: try reader.string())
        source.id = id
        source.title = try reader.optional { try $0.string() }
        source.containerTitle = try reader.optional { try $0.string() }
        source.publisher = try reader.optional { try $0.string() }
        source.publisherPlace = try reader.optional { try $0.string() }
        source.volume = try reader.optional { try $0.string() }
        source.issue = try reader.optional { try $0.string() }
        source.page = try reader.optional { try $0.string() }
        source.issued = try reader.optional { reader in
            PartialDate(year: try reader.integer(), month: try reader.optional { try $0.integer() }, day: try reader.optional { try $0.integer() })
        }
        source.doi = try reader.optional { try $0.string() }
        source.url = try reader.optional { try $0.string() }
        source.accessed = try reader.optional { try $0.string() }
        source.isPeerReviewed = try reader.optional { try $0.integer() != 0 }
        source.extra = try reader.optional { try $0.string() }
        source.note = try reader.optional { try $0.string() }
        let contributors = try reader.integer()
        source.contributors.reserveCapacity(contributors)
        for _ in 0..<contributors {
            let role = try reader.string()
            var fields: [String?] = []
            for _ in 0..<6 { fields.append(try reader.optional { try $0.string() }) }
            source.contributors.append(Contributor(role: role, family: fields[0], given: fields[1], droppingParticle: fields[2], particle: fields[3],
                                                   suffix: fields[4], literal: fields[5]))
        }
        let notices = try reader.integer()
        for _ in 0..<notices {
            guard let kind = NoticeKind(rawValue: try reader.string()) else { throw Reader.Damaged() }
            source.notices.append(Notice(kind: kind, date: try reader.optional { try $0.string() }, reason: try reader.optional { try $0.string() },
                                         url: try reader.optional { try $0.string() }))
        }
        source.origin = try reader.optional { Origin(file: try $0.string(), line: try $0.integer()) }
        guard reader.isAtEnd else { throw Reader.Damaged() }
        return source
    }

    private struct Writer {
        var bytes: [UInt8]

        /// Zigzag varint: small numbers in one byte, negative ones too.
        mutating func integer(_ value: Int) {
            var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
            while rest >= 0x80 {
                bytes.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        mutating func string(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                integer(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optional<T>(_ value: T?, _ write: (inout Writer, T) -> Void) {
            guard let value else {
                bytes.append(0)
                return
            }
            bytes.append(1)
            write(&self, value)
        }
    }

    private struct Reader {
        struct Damaged: Error {}
        let bytes: ArraySlice<UInt8>
        var index: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        var isAtEnd: Bool { index == bytes.endIndex }

        mutating func byte() throws -> UInt8 {
            guard index < bytes.endIndex else { throw Damaged() }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func integer() throws -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = try byte()
                guard shift < 64 else { throw Damaged() }
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            return Int(Int64(bitPattern: value >> 1) ^ -Int64(value & 1))
        }

        mutating func string() throws -> String {
            let count = try integer()
            guard count >= 0, count <= bytes.endIndex - index else { throw Damaged() }
            defer { index += count }
            return String(decoding: bytes[index..<(index + count)], as: UTF8.self)
        }

        mutating func optional<T>(_ read: (inout Reader) throws -> T) throws -> T? {
            switch try byte() {
            case 0: return nil
            case 1: return try read(&self)
            default: throw Damaged()
            }
        }
    }
}
