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
    static func section(_ relations: [ClaimRelationItem], of claim: String) -> HTML {
        guard !relations.isEmpty else { return .empty }
        let items = relations.map { relation -> HTML in
            let from: HTML = relation.from == claim ? "this claim" : "<a href=\"\(URLText.claim(relation.from))\">\(relation.from)</a>"
            let to: HTML = relation.to == claim ? "this claim" : "<a href=\"\(URLText.claim(relation.to))\">\(relation.to)</a>"
            return "<li>\(from) \(relation.kind) \(to)\(relation.note.map { " — \($0)" } ?? "")</li>"
        }
        return "<h2>Links</h2><ul class=\"plain\">\(items)</ul>"
    }
}
