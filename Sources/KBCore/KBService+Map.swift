import Foundation

extension KBService {
    /// Whether `request` asks for groups (`… group by FIELD`): a face then shows
    /// ``group(_:)``'s answer instead of ``run(_:)``'s. A query that does not parse is not
    /// grouped; running it reports the error.
    public func isGrouped(_ request: QueryRequest) -> Bool {
        guard let query = try? Parser.parse(request.text) else { return false }
        return !query.grouping.isEmpty
    }

    /// Runs a `group by` query: one row per group, at most the limit (``QueryLimit``, the same
    /// rule as ``run(_:)``) — the limit counts groups.
    public func group(_ request: QueryRequest) throws -> GroupedAnswer {
        let profile = try loadProfile(request.profile)
        let limit = QueryLimit(requested: request.limit, queryLimit: try Parser.parse(request.text).limit)
        let outcome = try engine.group(request.text, profile: profile, limit: limit.override)
        return GroupedAnswer(outcome: outcome, limitChosen: limit.isChosen)
    }

    /// The evidence gap map of two fields over what `query` matches (all claims when nil).
    /// - Throws: ``GapMapTooLarge`` before counting anything when the map would have more than
    ///   `maxCells` cells (nil: no limit).
    public func map(rows: String, columns: String, query: String?, profile: String? = nil,
                    maxCells: Int? = GapMapTooLarge.defaultLimit) throws -> GapMap {
        try engine.gapMap(rows: rows, columns: columns, query: query ?? "claims", profile: try loadProfile(profile), maxCells: maxCells)
    }

    /// What identifies a map request whatever its spelling: the fields' canonical names and the
    /// query printed back (`q=claims%20` and `q=claims` are one map); texts that do not parse
    /// stay as given (drawing them reports the error).
    public static func mapIdentity(rows: String, columns: String, query: String) -> (rows: String, columns: String, query: String) {
        (Field.named(rows)?.rawValue ?? rows, Field.named(columns)?.rawValue ?? columns, QueryEngine.canonicalMapQuery(query) ?? query)
    }
}

/// A `group by` answer with what a face should say beside it.
public struct GroupedAnswer: Sendable {
    public var outcome: GroupedOutcome
    public var limitChosen: Bool

    package init(outcome: GroupedOutcome, limitChosen: Bool) {
        self.outcome = outcome
        self.limitChosen = limitChosen
    }

    /// What to say besides the groups (on standard error), if anything.
    public var notice: String? {
        let noun = outcome.compiled.query.target == .sources ? "sources" : "claims"
        if outcome.rows.isEmpty { return "no \(noun) match, so there are no groups" }
        if outcome.isTruncated {
            return "showing the \(outcome.rows.count) largest of \(outcome.total) groups" + (limitChosen ? "" : " (add 'limit N' to the query or --limit N for more)")
        }
        return nil
    }
}
