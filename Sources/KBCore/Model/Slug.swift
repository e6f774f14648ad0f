/// Slugs and name folding: how kb turns "ML Platform Engineer", "ml_platform engineer" or
/// "Müller" into the keys it looks names up by.
public enum Slug {
    /// Lower case, diacritics removed, every run of characters other than letters and digits
    /// replaced by one `-`, no leading or trailing `-`: "ML Platform Engineer" → "ml-platform-engineer".
    public static func fold(_ text: String) -> String {
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

    /// Whether `text` is already a well-formed slug (what seeds must use as ids).
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && fold(text) == text
    }
}
