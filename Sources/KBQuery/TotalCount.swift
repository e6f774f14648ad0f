/// How far a query's `total` (results matching without the limit) is counted.
///
/// Why bounded by default (a change to DESIGN §5's "`total` (results matching, without the
/// limit)"): at 10M claims the exact total of a broad subject query reads ~1.7M index entries
/// (0.8 s of the query's 0.9 s of CPU; BENCHMARKS.md, "The subject query's top-k"), and on
/// PostgreSQL at 1M it is half of a subject query's time, while the ranked page itself is found
/// in a few hundred rows. Counting up to a bound reads until one match more than the bound is
/// found and then says "more than N", as search engines do (Elasticsearch's `track_total_hits`).
/// `--exact-total` (CLI) and `exact_total=true` (API) count every match; `group by` counts
/// exactly what an analyst sizes evidence by.
public enum TotalCount: Sendable, Equatable {
    /// Every match counted.
    case exact
    /// Matches counted up to this many; past it, the total is "more than" this many.
    case atMost(Int)

    /// kb's default bound: "more than 1000" says that a query is broad as well as the exact
    /// number would, and a thousand matches are found in a few tens of milliseconds at 10M
    /// claims (BENCHMARKS.md, "The bounded total").
    public static let standardBound = 1_000
    public static let standard = TotalCount.atMost(standardBound)

    /// The bound for an answer that shows `shown` results and was cut off (so has at least one
    /// more): the bound, or `shown` when that is more — `--limit 2000` counts exactly up to 2000
    /// and says "more than 2000" past it. Nil for an exact count.
    func bound(shown: Int) -> Int? {
        guard case let .atMost(bound) = self else { return nil }
        return max(bound, shown)
    }
}
