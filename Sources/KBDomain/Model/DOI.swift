import Foundation

/// Digital Object Identifiers as kb stores them: lower case, without resolver prefix.
public enum DOI {
    /// Normalises the ways DOIs are written — `https://doi.org/…`, `http://dx.doi.org/…`, `doi:…`,
    /// URL-encoded (`10.1000%2Fabc`), upper case, surrounding spaces — to `10.prefix/suffix` in
    /// lower case. Returns `nil` when what remains is not a DOI.
    public static func normalize(_ raw: String) -> String? {
        if let plain = plainASCII(raw) { return plain }
        var text = raw.trimmed
        if text.contains("%"), let decoded = text.removingPercentEncoding { text = decoded }
        text = text.trimmed
        let lowered = text.lowercased()
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "dx.doi.org/", "doi:", "doi "] {
            if lowered.hasPrefix(prefix) {
                text = String(text.dropFirst(prefix.count)).trimmed
                break
            }
        }
        text = removingTeX(text).lowercased()
        return isDOI(text) ? text : nil
    }

    /// "10.1007/978-1-4612-4380-9{\\_}16" (a BibTeX escape that reached a Zotero export) →
    /// "10.1007/978-1-4612-4380-9_16": DOIs hold no braces or backslashes.
    static func removingTeX(_ text: String) -> String {
        guard text.contains(where: { $0 == "{" || $0 == "\\" }) else { return text }
        return text.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: "\\", with: "")
    }

    /// What is wrong with a DOI as a file wrote it, when it normalises but was not written
    /// cleanly: "leading space", "trailing space", "space inside", "URL-encoded", "TeX escapes".
    /// A resolver prefix (`https://doi.org/`) or upper case is a normal spelling, not a quirk;
    /// TeX escapes are normal in BibTeX (`texAllowed`).
    public static func writingQuirk(_ raw: String, texAllowed: Bool) -> String? {
        // Every quirk needs a space, a `%` or a TeX character.
        guard raw.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "\\") || $0 >= 0x80 }) else {
            return nil
        }
        guard normalize(raw) != nil else { return nil }
        var quirks: [String] = []
        if raw.first?.isWhitespace == true { quirks.append("leading space") }
        if raw.last?.isWhitespace == true { quirks.append("trailing space") }
        var body = raw.trimmed
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:", "doi "]
        where body.lowercased().hasPrefix(prefix) {
            body = String(body.dropFirst(prefix.count)).trimmed
            break
        }
        if body.contains(where: \.isWhitespace) { quirks.append("space inside") }
        if raw.range(of: "%2f", options: .caseInsensitive) != nil { quirks.append("URL-encoded") }
        if !texAllowed, raw.contains(where: { $0 == "{" || $0 == "\\" }) { quirks.append("TeX escapes") }
        return quirks.isEmpty ? nil : quirks.joined(separator: ", ")
    }

    /// The common case in one pass over the bytes: a DOI written bare (`10.…/…`), in printable
    /// ASCII without spaces, `%` or TeX characters, is its own normal form in lower case. Nil
    /// for anything else (the general path decides).
    private static func plainASCII(_ raw: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var slash: Int?
        for byte in raw.utf8 {
            guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "%"), byte != UInt8(ascii: "{"), byte != UInt8(ascii: "}"),
                  byte != UInt8(ascii: "\\") else { return nil }
            if byte == UInt8(ascii: "/"), slash == nil { slash = bytes.count }
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        // "10." + 4–9 digits (dotted sub-codes allowed) + "/" + a non-empty suffix.
        guard let slash, bytes.count > slash + 1, bytes.starts(with: Array("10.".utf8)) else { return nil }
        var digits = 0
        var first = true
        for byte in bytes[3..<slash] {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, !first || (4...9).contains(digits) else { return nil }
                first = false
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0, !first || (4...9).contains(digits) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `10.` + a registrant code of 4–9 digits (optionally with dotted sub-codes) + `/` + a
    /// non-empty suffix without whitespace.
    public static func isDOI(_ text: String) -> Bool {
        guard text.hasPrefix("10."), let slash = text.firstIndex(of: "/") else { return false }
        let registrant = text[text.index(text.startIndex, offsetBy: 3)..<slash]
        let suffix = text[text.index(after: slash)...]
        let parts = registrant.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, (4...9).contains(first.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return false }
        return !suffix.isEmpty && !suffix.contains(where: \.isWhitespace)
    }
}
