/// RFC 8259's grammar, checked over the bytes: where the first syntax error is, and what was
/// expected there. Foundation's parser says only that a file is not JSON (and accepts a comma
/// before `]` or `}`, which pandoc's and Zotero's readers refuse), so a CSL-JSON import checks
/// the file with this first and points at the byte (a trial found a missing comma on line 3
/// reported at 1:1, and a trailing comma taken).
struct JSONSyntax {
    /// The first error: its byte offset and what the grammar wanted there.
    struct Failure: Error, Equatable {
        var offset: Int
        var expected: String
    }

    private let bytes: InputBytes
    private var index = 0
    /// Arrays and objects deeper than this are refused rather than overflowing the stack.
    static let maximumDepth = 512

    private init(_ bytes: InputBytes) {
        self.bytes = bytes
    }

    /// Nil when `bytes` is one JSON value with optional whitespace around it (a UTF-8 byte order
    /// mark first is allowed, as Foundation allows it).
    static func firstError(in bytes: InputBytes) -> Failure? {
        var checker = JSONSyntax(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { checker.index = 3 }
        do {
            checker.skipSpace()
            try checker.value(depth: 0)
            checker.skipSpace()
            if checker.index < bytes.count { throw Failure(offset: checker.index, expected: "the end of the file after the value") }
            return nil
        } catch let failure as Failure {
            return failure
        } catch {
            return Failure(offset: checker.index, expected: "a value")
        }
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private func fail(_ expected: String) -> Failure { Failure(offset: index, expected: expected) }

    private mutating func value(depth: Int) throws {
        guard let byte = current else { throw fail("a value") }
        switch byte {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("a value (an object, array, string, number, true, false or null)")
        }
    }

    private mutating func object(depth: Int) throws {
        guard try opens(closing: "}", depth: depth) else { return }
        while true {
            guard current == UInt8(ascii: "\"") else { throw fail("a member name in double quotes") }
            try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw fail("':' after the member name") }
            index += 1
            skipSpace()
            try value(depth: depth)
            guard try another(closing: "}", element: "member") else { return }
        }
    }

    private mutating func array(depth: Int) throws {
        guard try opens(closing: "]", depth: depth) else { return }
        while true {
            try value(depth: depth)
            guard try another(closing: "]", element: "value") else { return }
        }
    }

    /// Past an array's or an object's opening bracket: false when it is empty (its closing
    /// bracket read too), true when an element follows.
    private mutating func opens(closing: Unicode.Scalar, depth: Int) throws -> Bool {
        guard depth <= Self.maximumDepth else { throw fail("at most \(Self.maximumDepth) nested arrays and objects") }
        index += 1
        skipSpace()
        guard current == UInt8(ascii: closing) else { return true }
        index += 1
        return false
    }

    /// After an array's value or an object's member: true past a comma (another must follow:
    /// JSON allows none before the closing bracket), false past the closing bracket.
    private mutating func another(closing: Unicode.Scalar, element: String) throws -> Bool {
        skipSpace()
        if current == UInt8(ascii: ",") {
            index += 1
            skipSpace()
            if current == UInt8(ascii: closing) { throw fail("another \(element) after ',' (JSON allows no comma before '\(closing)')") }
            return true
        }
        guard current == UInt8(ascii: closing) else { throw fail("',' or '\(closing)' after the \(element)") }
        index += 1
        return false
    }

    private mutating func string() throws {
        index += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard let escape = current else { throw fail("an escape after '\\'") }
                if escape == UInt8(ascii: "u") {
                    try unicodeEscape()
                } else if !"\"\\/bfnrt".utf8.contains(escape) {
                    throw fail("an escape: \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX")
                }
                index += 1
            case 0..<0x20:
                throw fail("the closing '\"' (a control character or line break must be escaped in a string)")
            default:
                index += 1
            }
        }
        throw fail("the closing '\"' of the string")
    }

    /// `\uXXXX` with `index` at the `u`, leaving it at the last digit. A UTF-16 surrogate must
    /// be a pair, high then low (`\uD83D\uDE00`): a lone one is no character, and Foundation
    /// refuses the file, so it is refused here at its own place.
    private mutating func unicodeEscape() throws {
        let start = index - 1
        let unit = try hexQuad()
        if (0xDC00...0xDFFF).contains(unit) {
            throw Failure(offset: start, expected: "a character, not \\u\(Self.hex(unit)) alone (the second half of a surrogate pair)")
        }
        guard (0xD800...0xDBFF).contains(unit) else { return }
        let lone = Failure(offset: start, expected: "\\uDC00–\\uDFFF after \\u\(Self.hex(unit)) (the second half of its surrogate pair)")
        guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"), bytes[index + 2] == UInt8(ascii: "u") else { throw lone }
        index += 2
        guard (0xDC00...0xDFFF).contains(try hexQuad()) else { throw lone }
    }

    /// The four hexadecimal digits after a `u` at `index`, leaving `index` at the last one.
    private mutating func hexQuad() throws -> Int {
        var unit = 0
        for _ in 0..<4 {
            index += 1
            guard let digit = current, let value = Self.hexValue(digit) else { throw fail("four hexadecimal digits after '\\u'") }
            unit = unit * 16 + value
        }
        return unit
    }

    private static func hex(_ unit: Int) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private mutating func number() throws {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, Self.isDigit(first) else { throw fail("a digit") }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if current == UInt8(ascii: ".") {
            index += 1
            guard let digit = current, Self.isDigit(digit) else { throw fail("a digit after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let digit = current, Self.isDigit(digit) else { throw fail("a digit in the exponent") }
            skipDigits()
        }
        // Valid JSON that no reader holds (1e999): refused by Foundation too, here with its place.
        guard let number = Double(String(decoding: bytes[start..<index], as: UTF8.self)), number.isFinite else {
            throw Failure(offset: start, expected: "a number a double can hold (at most about 1.8e308)")
        }
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { index += 1 }
    }

    private mutating func literal(_ word: String) throws {
        for expected in word.utf8 {
            guard current == expected else { throw fail("'\(word)'") }
            index += 1
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
