/// Slugs and name folding: how kb turns "ML Platform Engineer", "ml_platform engineer" or
/// "Müller" into the keys it looks names up by.
public enum Slug {
    /// Lower case, diacritics removed, every run of characters other than letters and digits
    /// replaced by one `-`, no leading or trailing `-`: "ML Platform Engineer" → "ml-platform-engineer".
    public static func fold(_ text: String) -> String {
        if text.isAllASCII { return foldASCII(text) }
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
    /// Written straight into the string's storage (no array between): at most one byte out
    /// per byte in.
    static func foldASCII(_ text: String) -> String {
        text.withUTF8Bytes { bytes in
            String(unsafeUninitializedCapacity: Swift.max(bytes.count, 1)) { out in
                var count = 0
                var pendingDash = false
                for byte in bytes {
                    let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    if (lowered >= 0x61 && lowered <= 0x7A) || (lowered >= 0x30 && lowered <= 0x39) {
                        if pendingDash && count > 0 {
                            out[count] = 0x2D
                            count += 1
                        }
                        pendingDash = false
                        out[count] = lowered
                        count += 1
                    } else {
                        pendingDash = true
                    }
                }
                return count
            }
        }
    }

    /// Whether `text` is already a well-formed slug (what seeds must use as ids).
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && fold(text) == text
    }
}
