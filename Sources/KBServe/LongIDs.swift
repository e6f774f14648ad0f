import KBCore

/// Ids too long to look for a near miss (trial 9 bug 1): the did-you-mean of an unknown id
/// compares it with every id, in time that grows with its length — 21 s for a 20,000-character
/// id on a 3,000-claim KB, beyond any time limit, and eight such requests starved the short
/// pages. A longer id is looked up exactly instead (a record called so is still found), and
/// an unknown one is a 404 at once, without suggestions.
enum LongIDs {
    /// The longest id, in UTF-8 bytes, that gets a did-you-mean when unknown.
    static let longestSuggested = 128

    /// Throws 404 when `id` is too long for a did-you-mean and names no stored claim, source or
    /// study; `what` names what was looked for ("claim", "source").
    static func check(_ id: String, _ what: String, in service: any ServedKnowledgeBase) throws {
        guard id.utf8.count > longestSuggested else { return }
        // An id the exact lookup cannot settle (two kinds share it) goes the usual way.
        let found: Bool
        do {
            found = try service.recordVersion(id) != nil
        } catch {
            return
        }
        guard !found else { return }
        throw ServeError.notFound("no \(what) '\(id.prefix(40))…' (\(id.utf8.count) bytes; an id that long is looked up exactly, without suggestions)")
    }

    /// Throws 404 when a taxonomy node's `slug` is too long to look up (node names are words
    /// of a taxonomy, short; there is no exact lookup to fall back on).
    static func checkNode(_ kind: String, _ slug: String) throws {
        guard slug.utf8.count > longestSuggested else { return }
        throw ServeError.notFound("no \(kind) '\(slug.prefix(40))…' (\(slug.utf8.count) bytes; node names longer than \(longestSuggested) bytes are not looked up)")
    }
}
