import Foundation
import Testing
@testable import KBDomain

/// kb's one JSON string escaper (``JSONString``) in its two styles: kb's own JSON, and
/// Foundation's as `kb check`'s reports are written.
struct JSONStringTests {
    static let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
    static let text = "quote \" back \\ slash / line\u{2028}para\u{2029} café 🙂 " + controls

    @Test func kbsJSONEscapesControlsAndTheLineSeparators() throws {
        let written = JSONValue.string(Self.text).compact
        #expect(written.hasPrefix(#""quote \" back \\ slash / line\u2028para\u2029 café 🙂 \u0000\u0001"#))
        #expect(written.contains(#"\u0007\u0008\t\n\u000b\u000c\r\u000e"#) && written.hasSuffix(#"\u001f""#))
        // It reads back as the text it was.
        let read = try JSONSerialization.jsonObject(with: Data(written.utf8), options: .fragmentsAllowed) as? String
        #expect(read == Self.text)
        #expect(JSONValue.string("plain text").compact == #""plain text""#)
    }

    @Test func foundationsStyleIsJSONSerializationsBytes() throws {
        for sample in [Self.text, "plain", "", "\u{8}\u{c}", "tab\tend", "e\u{301}"] {
            var written = ""
            JSONString.quote(sample, into: &written, style: .foundation)
            let foundation = try JSONSerialization.data(withJSONObject: [sample], options: [.withoutEscapingSlashes])
            #expect("[" + written + "]" == String(decoding: foundation, as: UTF8.self), "\(sample.unicodeScalars.map { $0.value })")
        }
    }
}
