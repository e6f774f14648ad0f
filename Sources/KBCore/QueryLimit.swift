/// The default-limit rule, in one place: how many results a query shows, and whether the user
/// chose that number (then a cut-short answer does not advise raising it). A limit given with
/// the request (`--limit N`, an API parameter) wins over the query's own `limit N`; with
/// neither, kb shows ``defaultLimit``.
public struct QueryLimit: Sendable, Equatable {
    /// Results shown when neither the query nor the request says how many.
    public static let defaultLimit = 50

    /// The limit to run the query with in place of its own, or nil to keep the query's.
    public var override: Int?
    /// Whether the user set the limit (in the query or the request), not kb's default.
    public var isChosen: Bool

    public init(requested: Int?, queryLimit: Int?) {
        override = requested ?? (queryLimit == nil ? Self.defaultLimit : nil)
        isChosen = requested != nil || queryLimit != nil
    }

    /// How many results the query shows.
    public func shown(queryLimit: Int?) -> Int { override ?? queryLimit ?? Self.defaultLimit }
}
