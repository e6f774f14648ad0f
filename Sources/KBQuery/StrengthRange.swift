import KBStore

/// A claims query without subjects (one tier: every claim with relevance 1), read from the
/// strongest claims down instead of every match: `claims where n >= 100 limit 20` read and
/// sorted every claim with a sample of 100 or more (1.15 s at 1M claims) for the 20 strongest.
///
/// Without subjects (nor full-text terms, profile facets or a `rank by` beyond relevance) the
/// order is: claims with a source first, then score = strength, then the larger sample and the
/// id (``QueryCompiler/claimOrderAfterRankKeys(_:)``). So the answer is among the strongest
/// claims that match. The range reads, through the strength index, every claim at least as
/// strong as the `size`-th strongest claim (`walkFloor`: all of that strength, so a run of equal
/// strengths is never cut), and runs the query's own statement on them. Its rows are the query's
/// when its `wanted`-th row has a source: every claim outside the range is weaker than that row,
/// so ranks below it. Otherwise the range grows (×8, up to ``Settings/maximumRange``) and the
/// statement runs again; past it, the query's single statement answers.
///
/// Where few claims match, the single statement (through the condition's own index) reads less
/// than a range would, so a **probe** decides first: the statement on the `size` strongest
/// claims alone (`walkWindow`). No match among them, and the range is not tried. That also
/// leaves to the statement a query whose matches are all weak: strength follows the grade, so
/// `grade = moderate` matches nothing among the strongest claims (all graded high).
public struct StrengthRange: Sendable {
    /// The query's statement over the claims in `walkWindow(id)`.
    public var probe: SQLFragment
    /// The query's statement over the claims at least as strong as `walkFloor(strength)`, read
    /// through the strength index.
    public var range: SQLFragment
    /// `claim c` read through the strength index (``SQLDialect/claimsByStrength``): without it,
    /// SQLite at 10M claims planned the floor's `SELECT strength … OFFSET` as a scan of every
    /// claim and a sort (1.9 s), though it reads `SELECT id …` from the index.
    public var claims: String

    public init(probe: SQLFragment, range: SQLFragment, claims: String) {
        self.probe = probe
        self.range = range
        self.claims = claims
    }

    package struct Settings: Sendable {
        /// The probe's and the first range's size: this many claims per row wanted.
        package var firstRangePerRow = 16
        /// Each range this many times the last.
        package var growth = 8
        /// The largest range tried before the single statement answers.
        package var maximumRange = 262_144

        package static let standard = Settings()

        package init(firstRangePerRow: Int = 16, growth: Int = 8, maximumRange: Int = 262_144) {
            self.firstRangePerRow = firstRangePerRow
            self.growth = growth
            self.maximumRange = maximumRange
        }
    }

    /// The query's best `wanted` rows in its statement's order, or nil when the single
    /// statement must answer (see the type's documentation).
    ///
    /// The probe's window is a subquery on the strength index (one bound value, not one per
    /// claim: a limit of 16,000 would bind 256,000, past SQLite's 250,000). A range that holds
    /// `wanted` matches and not one with a source (`missing source`) ends the ranges: sourced
    /// matches rank first, so none was at least as strong as the floor, and the statement, not
    /// ever larger ranges, answers such a query.
    func rows(wanted: Int, settings: Settings, in executor: any StatementExecutor) throws -> [SQLRow]? {
        guard wanted > 0, settings.growth > 1 else { return nil }
        // A limit past the largest range (16,384 rows) is left to the statement, before the
        // product could overflow (`--limit` of 2^59 trapped here).
        let (product, overflows) = wanted.multipliedReportingOverflow(by: max(settings.firstRangePerRow, 1))
        guard !overflows, product <= settings.maximumRange else { return nil }
        var size = max(product, 1)
        // Fewer claims than the probe: the statement reads them all at once.
        guard var floor = try floor(size, in: executor) else { return nil }
        let window: SQLFragment = "WITH walkWindow(id) AS (SELECT c.id FROM \(sql: claims) ORDER BY c.strength DESC, c.id DESC LIMIT \(size))\n"
        guard !(try executor.rows(window + probe)).isEmpty else { return nil }
        while true {
            let found = try executor.rows("WITH walkFloor(strength) AS (VALUES (\(floor)))\n" + range)
            let sourced = found.prefix { !$0[CompiledQuery.OutputColumn.sourceId.name].isNull }.count
            if sourced >= wanted { return found }
            if sourced == 0, found.count >= wanted { return nil }
            size *= settings.growth
            // Past the largest range, or a range that would be every claim.
            guard size <= settings.maximumRange, let next = try self.floor(size, in: executor) else { return nil }
            floor = next
        }
    }

    /// The strength of the `size`-th strongest claim; nil when there are fewer claims.
    private func floor(_ size: Int, in executor: any StatementExecutor) throws -> Double? {
        try executor.rows("SELECT c.strength FROM \(sql: claims) ORDER BY c.strength DESC, c.id DESC LIMIT 1 OFFSET \(size - 1)").first?[0].double
    }
}
