import Foundation

/// Query strings and paths, built and read here only.
enum URLText {
    /// The characters left as they are in a query-string value or a path segment.
    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// `path?key=value&…` with each value encoded; nil values are left out.
    static func link(_ path: String, _ parameters: [(String, String?)]) -> String {
        let pairs = parameters.compactMap { key, value in value.map { "\(key)=\(encode($0))" } }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// A query string or form body as key → value (the first of repeated keys), `+` read as a
    /// space as HTML forms write it.
    static func parameters(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let key = decode(parts[0])
            if out[key] == nil { out[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return out
    }

    /// The link to a query's results page.
    static func results(_ query: String, page: Int? = nil) -> String {
        link("/query", [("q", query), ("page", page.flatMap { $0 > 1 ? String($0) : nil })])
    }

    static func claim(_ slug: String) -> String { "/claims/" + encode(slug) }
    static func source(_ slug: String) -> String { "/sources/" + encode(slug) }
    static func node(_ kind: String, _ slug: String) -> String { "/nodes/" + encode(kind) + "/" + encode(slug) }
}

extension KBServer {
    /// A path parameter (`/claims/:id`) as the id it names: the router hands it over as it was
    /// in the URL, percent-encoded, and kb's own links encode every character outside
    /// `[A-Za-z0-9-._~]` (a BibTeX key's `:`), so it is decoded once here (review 39 m5: a
    /// suggestion's link was encoded twice, `%2520`).
    static func pathParameter(_ context: KBRequestContext, _ name: String) -> String {
        let raw = context.parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
