/// Slugs and name folding: how kb turns "ML Platform Engineer", "ml_platform engineer" or
/// "Müller" into the keys it looks names up by.
public enum Slug {
    /// Lower case, diacritics removed, every run of characters other than letters and digits
    /// replaced by one `-`, no leading or trailing `-`: "ML Platform Engineer" → "ml-platform-engineer".
    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return foldASCII(text) }
        var out = ""
        var pendingDash = false
        for scalar in text.decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return out
    }

    /// The same folding for ASCII text, on bytes.
    static func foldASCII(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for byte in text.utf8 {
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if (lowered >= 0x61 && lowered <= 0x7A) || (lowered >= 0x30 && lowered <= 0x39) {
                if pendingDash && !out.isEmpty { out.append(0x2D) }
                pendingDash = false
                out.append(lowered)
            } else {
                pendingDash = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` is already a well-formed slug (what seeds must use as ids).
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && fold(text) == text
    }
}
