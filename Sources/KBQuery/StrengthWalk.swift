import GRDB
import KBStore

/// One relevance tier's best rows found by walking claims in strength order, so that a tier
/// holding 122,000 claims (role-0010's direct claims at 10M) is answered from the few hundred
/// strongest of them instead of reading every one's row, study and cohort links.
///
/// Within one tier (no full-text terms, ranked by relevance or score) the order is: claims
/// with a source first, then score = tier × strength — the same order as strength — then
/// strength, the larger sample and the id (``QueryCompiler/claimOrderAfterRankKeys(_:)``).
/// So the tier's best rows are among its strongest members. The walk reads the ids of the
/// claims about the tier's nodes (`members`, an index range of `claimAbout`), then `claim`'s
/// strength index from the top, keeping the members it passes (the *window*), and runs the
/// tier's own statement (`rows`) on the window only. The answer is the tier's when the walk
/// reached the end of the index, or when the window's last sourced row (the limit-th) is
/// stronger than the last claim the walk passed: every member left out is weaker, so ranks
/// below it. Otherwise the window grows (×4, at most to ``Settings/maximumWindow``) and the
/// statement runs again. The walk gives up — the tier's single statement answers — when the
/// tier is small (reading it whole is cheap), the largest window gave no answer, or the walk passes more claims than
/// ``Settings/scanPerMember`` × members (a filter few of the strong members pass).
///
/// On a server (``SQLDialect/walksStrengthInOneStatement``) the window is found by the engine in
/// one statement — the strength index read from the top, each claim tested against a hash of
/// the members, at most ``Settings/scanPerMember`` × members passed — so neither the members nor
/// the claims passed cross the wire; the rule for the answer is the same, and so is the answer.
public struct StrengthWalk: Sendable {
    /// `SELECT claimId FROM claimAbout WHERE entityId IN (the tier's nodes)`.
    public var members: SQLFragment
    /// The tier's statement over the claims in `walkWindow(id)`, a CTE the walk puts before it.
    public var rows: SQLFragment
    /// Whether each window is found in one statement on the engine (a server) rather than by
    /// reading the members and the strength index into kb (SQLite, in-process).
    public var inOneStatement: Bool

    public init(members: SQLFragment, rows: SQLFragment, inOneStatement: Bool = false) {
        self.members = members
        self.rows = rows
        self.inOneStatement = inOneStatement
    }

    /// How far the walk goes before it leaves a tier to its single statement.
    package struct Settings: Sendable {
        /// Tiers with fewer members are read whole.
        package var minimumMembers = 4096
        /// The first window: this many members per row wanted.
        package var firstWindowPerRow = 16
        /// The largest window the tier's statement is run on (each id is a bound value).
        package var maximumWindow = 8192
        /// Claims passed per statement on the strength index (the in-process walk's pages).
        package var scanChunk = 8192
        /// The walk passes at most this many claims per member.
        package var scanPerMember = 8
        /// The most member links a one-statement walk hashes (``StrengthWalk/inOneStatement``: a
        /// claim about two of the tier's nodes is two); a tier with more is walked in-process.
        package var maximumHashedLinks = 1_000_000

        package static let standard = Settings()

        package init(minimumMembers: Int = 4096, firstWindowPerRow: Int = 16, maximumWindow: Int = 8192, scanChunk: Int = 8192, scanPerMember: Int = 8,
                     maximumHashedLinks: Int = 1_000_000) {
            self.minimumMembers = minimumMembers
            self.firstWindowPerRow = firstWindowPerRow
            self.maximumWindow = maximumWindow
            self.scanChunk = scanChunk
            self.scanPerMember = scanPerMember
            self.maximumHashedLinks = maximumHashedLinks
        }
    }

    /// The tier's best `wanted` rows in the tier statement's order, or nil when the walk gives
    /// up (see the type's documentation) and the tier's single statement must answer.
    func rows(wanted: Int, settings: Settings, in executor: any StatementExecutor) throws -> [SQLRow]? {
        if inOneStatement { return try rowsFromWindowStatements(wanted: wanted, settings: settings, in: executor) }
        return try inProcessRows(wanted: wanted, settings: settings, in: executor)
    }

    /// The walk in kb: the members read into a set, the strength index read in keyset pages.
    private func inProcessRows(wanted: Int, settings: Settings, in executor: any StatementExecutor) throws -> [SQLRow]? {
        var memberIDs = Set<Int64>()
        try Self.forEachPair(members, in: executor) { id, _ in
            memberIDs.insert(id)
            return true
        }
        guard memberIDs.count >= max(settings.minimumMembers, 1) else { return nil }
        var window: [Int64] = []
        var strengths: [Int64: Double] = [:]
        var last: (strength: Double, id: Int64)?
        var exhausted = false
        var passed = 0
        let budget = memberIDs.count * settings.scanPerMember
        guard settings.maximumWindow >= wanted else { return nil }
        var target = min(max(wanted * settings.firstWindowPerRow, 1), settings.maximumWindow)
        // Set when the window's `wanted`-th row is as strong as the last claim passed: the walk
        // then goes on to the end of that strength's run (see `tiedStrength`), not ×4.
        var runStrength: Double?
        while true {
            while runStrength.map({ run in last.map { $0.strength >= run } ?? true }) ?? (window.count < target), !exhausted {
                guard passed < budget else { return nil }
                var read = 0
                var stopped = false
                // Keyset pages down the strength index: (strength, id) descending.
                let page: SQLFragment = last.map { "SELECT id, strength FROM claim WHERE (strength, id) < (\($0.strength), \($0.id)) ORDER BY strength DESC, id DESC LIMIT \(settings.scanChunk)" }
                    ?? "SELECT id, strength FROM claim ORDER BY strength DESC, id DESC LIMIT \(settings.scanChunk)"
                try Self.forEachPair(page, in: executor) { id, strength in
                    read += 1
                    last = (strength ?? 0, id)
                    if memberIDs.contains(id) {
                        window.append(id)
                        strengths[id] = strength ?? 0
                        if runStrength == nil, window.count >= target {
                            stopped = true
                            return false
                        }
                    }
                    if let run = runStrength, (strength ?? 0) < run {
                        stopped = true
                        return false
                    }
                    return true
                }
                guard window.count <= settings.maximumWindow else { return nil }
                passed += read
                if !stopped, read < settings.scanChunk { exhausted = true }
            }
            guard !window.isEmpty else { return [] }
            let found = try windowRows(window, in: executor)
            if exhausted || Self.answers(found, wanted: wanted, strengths: strengths, last: last) { return found }
            if runStrength == nil, let tied = Self.tiedStrength(found, wanted: wanted, strengths: strengths, last: last) {
                runStrength = tied
                continue
            }
            // The run's end always answers (its rows are at least as strong as the run, every
            // member left out weaker); anything else leaves the tier to its statement.
            guard runStrength == nil else { return nil }
            // Grown ×4 but never past the largest window, which is tried before giving up: a
            // run of equal strengths longer than the last window but shorter than the largest
            // (8,176 claims at strength 1 for role-0000 at 10M) is answered from it (review 20, M1).
            guard window.count < settings.maximumWindow else { return nil }
            target = min(window.count * 4, settings.maximumWindow)
        }
    }

    /// The walk with each window found by the engine: the `target` strongest members, in
    /// (strength, id) order descending, among the first `scanPerMember` × members claims of the
    /// strength index, with the tier's member count. The members are exhausted when the window
    /// holds them all; a window short of both the target and the members ran out of its scan,
    /// and the walk gives up as the in-process walk does past its budget. Each window's
    /// statement hashes the members again: a tier answered in its first window (the common
    /// case) needs one statement, and a grown window is a few.
    private func rowsFromWindowStatements(wanted: Int, settings: Settings, in executor: any StatementExecutor) throws -> [SQLRow]? {
        guard settings.maximumWindow >= wanted else { return nil }
        var target = min(max(wanted * settings.firstWindowPerRow, 1), settings.maximumWindow)
        while true {
            let statement = windowStatement(target: target, scanPerMember: settings.scanPerMember, maximumHashedLinks: settings.maximumHashedLinks)
            var window: [Int64] = []
            var strengths: [Int64: Double] = [:]
            var memberCount = 0
            var linkCount = 0
            for row in try executor.hashingRows(statement) {
                guard let id = row[0].int64 else { continue }
                window.append(id)
                strengths[id] = row[1].double ?? 0
                memberCount = row[2].int64.map(Int.init) ?? 0
                linkCount = row[3].int64.map(Int.init) ?? 0
            }
            // The last claim the walk passed is the window's last member.
            let last = window.last.flatMap { id in strengths[id].map { (strength: $0, id: id) } }
            // No row says nothing of the members: the tier's statement answers (an empty tier at
            // once). A tier with more links than were hashed is walked in kb.
            guard !window.isEmpty, memberCount >= max(settings.minimumMembers, 1) else { return nil }
            guard linkCount <= settings.maximumHashedLinks else { return try inProcessRows(wanted: wanted, settings: settings, in: executor) }
            let exhausted = window.count >= memberCount
            guard exhausted || window.count >= target else { return nil }
            let found = try windowRows(window, in: executor)
            if exhausted || Self.answers(found, wanted: wanted, strengths: strengths, last: last) { return found }
            guard window.count < settings.maximumWindow else { return nil }
            target = min(window.count * 4, settings.maximumWindow)
        }
    }

    /// The one-statement walk's window: `(id, strength, members, links)`, the `target` strongest
    /// members among the first `scanPerMember` × members claims of the strength index, with the
    /// tier's member count and its links' (a claim about two of the tier's nodes has two).
    ///
    /// The membership test is a hashed subplan, not a join: a planner turns `IN` into a
    /// semi-join and then reads every member's claim or probes claimAbout for each claim passed
    /// (BENCHMARKS.md, "The strength walk on the server"), and `IS TRUE` keeps it a test.
    /// The hashed links are at most `maximumHashedLinks` (the planner's estimate of the hash
    /// with them: the executor gives it the memory, ``StatementExecutor/hashingRows(_:)``); a
    /// tier with more is walked in kb. The member count is computed once (a materialised CTE)
    /// for the scan's limit and the row.
    func windowStatement(target: Int, scanPerMember: Int, maximumHashedLinks: Int) -> SQLFragment {
        "WITH walkMembers AS MATERIALIZED (SELECT count(DISTINCT claimId) AS members, count(*) AS links FROM (\(members)) m)\n"
            + "SELECT id, strength, (SELECT members FROM walkMembers) AS members, (SELECT links FROM walkMembers) AS links\n"
            + "FROM (SELECT id, strength FROM claim ORDER BY strength DESC, id DESC LIMIT (SELECT members * \(scanPerMember) FROM walkMembers)) p\n"
            + "WHERE (id IN (SELECT claimId FROM (\(members)) h LIMIT \(maximumHashedLinks))) IS TRUE\n"
            + "ORDER BY strength DESC, id DESC LIMIT \(target)"
    }

    /// The tier's statement run on the claims of `window`.
    private func windowRows(_ window: [Int64], in executor: any StatementExecutor) throws -> [SQLRow] {
        try executor.rows("WITH walkWindow(id) AS (VALUES \(window.map { id -> SQLFragment in "(\(id))" }.joined(separator: ", ")))\n" + rows)
    }

    /// Whether the window's rows are the tier's best `wanted`: its `wanted`-th row has a source
    /// and is stronger than `last`, the last claim the walk passed, so every member left out
    /// (weaker, or as strong and after it) ranks below it.
    private static func answers(_ found: [SQLRow], wanted: Int, strengths: [Int64: Double], last: (strength: Double, id: Int64)?) -> Bool {
        guard found.count >= wanted, !found[wanted - 1][CompiledQuery.OutputColumn.sourceId.name].isNull,
              let id = found[wanted - 1].int64(CompiledQuery.OutputColumn.claimId.name), let strength = strengths[id],
              let last else { return false }
        return strength > last.strength
    }

    /// The strength shared by the window's `wanted`-th row (sourced) and `last`, the last claim
    /// passed, when the window falls short only for that tie: members of that strength not yet
    /// passed could rank above the row (the order within a strength is by sample size, then id,
    /// not the walk's id order). Walking to the end of that strength's run — until a weaker
    /// claim is passed — then answers, since every member left out is weaker than the row.
    /// At 10M claims 60,980 claims have strength 1 (its cap): role-0010's first window ends
    /// inside that run, and ×4 would pass 104,000 claims where the run's end is at 61,000.
    private static func tiedStrength(_ found: [SQLRow], wanted: Int, strengths: [Int64: Double], last: (strength: Double, id: Int64)?) -> Double? {
        guard found.count >= wanted, !found[wanted - 1][CompiledQuery.OutputColumn.sourceId.name].isNull,
              let id = found[wanted - 1].int64(CompiledQuery.OutputColumn.claimId.name), let strength = strengths[id],
              let last, strength == last.strength else { return nil }
        return strength
    }

    /// Each row's first column as an id and its second (if any) as a number; SQLite's rows
    /// are read in place, without building a ``SQLRow`` for each of the walk's many rows.
    static func forEachPair(_ statement: SQLFragment, in executor: any StatementExecutor, _ body: (Int64, Double?) throws -> Bool) throws {
        if let sqlite = executor as? SQLiteStatementExecutor {
            let cursor = try Row.fetchCursor(sqlite.db, sql: statement.sql, arguments: statement.statementArguments)
            while let row = try cursor.next() {
                guard let id = row[0] as Int64? else { continue }
                guard try body(id, row.count > 1 ? row[1] as Double? : nil) else { return }
            }
            return
        }
        try executor.forEachRow(statement) { row in
            guard let id = row[0].int64 else { return true }
            return try body(id, row[1].double)
        }
    }
}
