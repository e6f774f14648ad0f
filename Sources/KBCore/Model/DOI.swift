import Foundation

/// Digital Object Identifiers as kb stores them: lower case, without resolver prefix.
public enum DOI {
    /// Normalises the ways DOIs are written — `https://doi.org/…`, `http://dx.doi.org/…`, `doi:…`,
    /// URL-encoded (`10.1000%2Fabc`), upper case, surrounding spaces — to `10.prefix/suffix` in
    /// lower case. Returns `nil` when what remains is not a DOI.
    public static func normalize(_ raw: String) -> String? {
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
