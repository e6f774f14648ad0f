import Foundation
import KBDomain
import KBQuery
import KBStore

/// The encodings kb reads: UTF-8 (a byte-order mark is dropped) and the legacy 8-bit
/// encodings real files still come in.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1 = "latin-1"

    /// Accepts common spellings: `utf8`, `UTF-8-sig`, `cp1252`, `iso-8859-1`...
    public init?(name: String) {
        switch Slug.fold(name) {
        case "utf-8", "utf8", "utf-8-sig", "utf8-sig": self = .utf8
        case "windows-1252", "cp1252", "win-1252", "windows1252": self = .windows1252
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": self = .latin1
        default: return nil
        }
    }

    /// Decodes `bytes`; invalid UTF-8 is an error at its line and column that suggests
    /// declaring the encoding. NUL bytes are refused in any encoding: no text format kb reads has them.
    public func decode(_ bytes: [UInt8], file: String) throws -> String {
        var body = bytes[...]
        if self == .utf8, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes.dropFirst(3) }
        if let nul = body.firstIndex(of: 0) {
            let text = SourceText(name: file, bytes: Array(bytes[..<nul]) + [0x20])
            throw text.diagnostic("import.nul-byte", "file contains a NUL byte (binary data?)", at: nul,
                                  help: "kb imports text files: BibTeX, RIS, CSL-JSON, CSV or kb YAML")
        }
        switch self {
        case .utf8:
            if let offset = Self.firstInvalidUTF8(body) {
                let text = SourceText(name: file, bytes: Array(bytes[..<offset]) + [0x20])
                throw text.diagnostic("import.invalid-utf8", String(format: "invalid UTF-8 (byte 0x%02X)", bytes[offset]), at: offset,
                                      help: "if the file is in a legacy encoding, declare it (e.g. --encoding windows-1252)")
            }
            return String(decoding: body, as: UTF8.self)
        case .windows1252:
            return String(String.UnicodeScalarView(body.map { Self.windows1252Scalar($0) }))
        case .latin1:
            return String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
        }
    }

    /// Decodes `bytes` as ``decode(_:file:)`` does, into a ``SourceText``: well-formed UTF-8
    /// without a byte-order mark is used as it is (copied once, into the text's own storage).
    func sourceText(_ bytes: [UInt8], file: String) throws -> SourceText {
        if self == .utf8, !bytes.starts(with: [0xEF, 0xBB, 0xBF]), !bytes.contains(0), Self.firstInvalidUTF8(bytes[...]) == nil {
            return SourceText(name: file, bytes: bytes)
        }
        return SourceText(name: file, text: try decode(bytes, file: file))
    }

    /// The file at `path` mapped as a ``SourceText`` (``InputBytes/mapping(path:name:dropDistance:)``) when it
    /// is well-formed UTF-8 without NUL bytes (its byte-order mark left out); nil when it is not,
    /// or is empty: it is then read whole, and ``decode(_:file:)`` gives the error at its line.
    static func mappedSourceText(path: String, file: String, dropDistance: Int = InputBytes.dropDistance) throws -> SourceText? {
        guard let bytes = try InputBytes.mapping(path: path, name: file, dropDistance: dropDistance), !bytes.contains(0), firstInvalidUTF8(bytes) == nil else { return nil }
        return SourceText(name: file, bytes: bytes)
    }

    /// Offset of the first byte that is not well-formed UTF-8, or nil.
    static func firstInvalidUTF8<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int? where Bytes.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            let length: Int
            let minimum: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= end else { return index }
            var scalar = UInt32(byte) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return index }
            index += length
        }
        return nil
    }

    /// Windows-1252: Latin-1 except 0x80–0x9F, which hold typographic characters.
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        windows1252Table[Int(byte)]
    }

    static let windows1252Table: [Unicode.Scalar] = {
        let upper: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        return (0..<256).map { byte in
            let value = (0x80..<0xA0).contains(byte) ? upper[byte - 0x80] : UInt32(byte)
            return Unicode.Scalar(value) ?? Unicode.Scalar(UInt8(byte))
        }
    }()
}
