import KBCore

/// A record for a page or API answer of one kind (`/claims/ID`, `/sources/ID`,
/// `/nodes/KIND/SLUG`): when nothing has the id, a 404 that names the kind looked for and links
/// the ids of that kind nearest to it (trial 21: a node's typo had no did-you-mean, a claim's
/// suggested a study id as text).
enum RecordLookUp {
    static func record(_ id: String, _ wanted: Catalog.Wanted, in service: any ServedKnowledgeBase) throws -> Catalog.Record {
        do {
            return try service.record(id, wanted: wanted)
        } catch let KBError.notFound(what, name, suggestions) {
            throw ServeError.missing(what, name, suggestions: suggestions, page: page(of: wanted))
        }
    }

    /// The node `slug` of the kind named `kind` (a taxonomy kind's name, as in its URL).
    static func node(_ kind: String, _ slug: String, in service: any ServedKnowledgeBase) throws -> Catalog.EntityDetail {
        guard let entityKind = EntityKind(rawValue: kind) else { throw unknownKind(kind, slug: slug) }
        let record = try record("\(kind):\(slug)", .node(entityKind), in: service)
        guard case let .entity(detail) = record else { throw ServeError.notFound("no \(kind) '\(slug)'") }
        return detail
    }

    /// 404 for `/nodes/KIND/…` with a kind kb does not have, linking the same slug under the
    /// nearest kinds (`cohorts` → `cohort`).
    static func unknownKind(_ kind: String, slug: String) -> ServeError {
        let kinds = EntityKind.allCases.map(\.rawValue)
        var error = ServeError.missing("kind of taxonomy node", kind, suggestions: Suggestions.nearest(to: kind, in: kinds),
                                       page: { URLText.node($0, slug) })
        error.help = (error.help.map { $0 + "; " } ?? "") + "the kinds: " + kinds.joined(separator: ", ")
        return error
    }

    /// The page of an id of the kind `wanted` names.
    static func page(of wanted: Catalog.Wanted) -> ((String) -> String)? {
        switch wanted {
        case .any: nil
        case .claim: URLText.claim
        case .source: URLText.source
        case let .node(kind): { URLText.node(kind.rawValue, $0) }
        }
    }
}
