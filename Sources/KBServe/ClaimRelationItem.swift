import KBCore

/// One `kb link` relation a claim is an end of, listed on its page: a link made through the
/// form (or `kb link`) is otherwise seen only when removing the claim (trial 9 bug 3).
struct ClaimRelationItem: Sendable, Equatable {
    let from: String
    let kind: String
    let to: String
    let note: String?

    /// "Links": each relation in its own direction, the other claim linked
    /// ("this claim supports B", "A contradicts this claim"); nothing when there are none.
    /// At most ``shown`` of them (a hub claim may have thousands), and how many more there are.
    static func section(_ relations: [ClaimRelationItem], of claim: String, shown: Int = shown) -> HTML {
        guard !relations.isEmpty else { return .empty }
        let items = relations.prefix(shown).map { relation -> HTML in
            let from: HTML = relation.from == claim ? "this claim" : "<a href=\"\(URLText.claim(relation.from))\">\(relation.from)</a>"
            let to: HTML = relation.to == claim ? "this claim" : "<a href=\"\(URLText.claim(relation.to))\">\(relation.to)</a>"
            return "<li>\(from) \(words(relation.kind)) \(to)\(relation.note.map { " — \($0)" } ?? "")</li>"
        }
        let more: HTML = relations.count > shown
            ? "<p class=\"muted\">The first \(shown) of \(relations.count) links; all of them are in <a href=\"/api\(URLText.claim(claim))\">this claim as JSON</a>.</p>" : .empty
        return "<h2>Links</h2><ul class=\"plain\">\(items)</ul>\(more)"
    }

    /// Links a claim page lists at most.
    static let shown = 500

    /// A relation's kind in words: "fails to replicate", not the flag's "fails-to-replicate".
    static func words(_ kind: String) -> String {
        kind.replacingOccurrences(of: "-", with: " ")
    }
}
