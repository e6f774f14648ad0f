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
public struct StrengthWalk: Sendable {
    /// `SELECT claimId FROM claimAbout WHERE entityId IN (the tier's nodes)`.
    public var members: SQLFragment
    /// The tier's statement over the claims in `walkWindow(id)`, a CTE the walk puts before it.
    public var rows: SQLFragment

    /// How far the walk goes before it leaves a tier to its single statement.
    package struct Settings: Sendable {
        /// Tiers with fewer members are read whole.
        package var minimumMembers = 4096
        /// The first window: this many members per row wanted.
        package var firstWindowPerRow = 16
        /// The largest window the tier's statement is run on (each id is a bound value).
        package var maximumWindow = 8192
        /// Claims passed per statement on the strength index.
        package var scanChunk = 8192
        /// The walk passes at most this many claims per member.
        package var scanPerMember = 8

        package static let standard = Settings()

        package init(minimumMembers: Int = 4096, firstWindowPerRow: Int = 16, maximumWindow: Int = 8192, scanChunk: Int = 8192, scanPerMember: Int = 8) {
            self.minimumMembers = minimumMembers
            self.firstWindowPerRow = firstWindowPerRow
            self.maximumWindow = maximumWindow
            self.scanChunk = scanChunk
            self.scanPerMember = scanPerMember
        }
    }

    /// The tier's best `wanted` rows in the tier statement's order, or nil when the walk gives
    /// up (see the type's documentation) and the tier's single statement must answer.
    func rows(wanted: Int, settings: Settings, in executor: any StatementExecutor) throws -> [SQLRow]? {
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
        while true {
            while window.count < target, !exhausted {
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
                        if window.count >= target {
                            stopped = true
                            return false
                        }
                    }
                    return true
                }
                passed += read
                if !stopped, read < settings.scanChunk { exhausted = true }
            }
            guard !window.isEmpty else { return [] }
            let found = try executor.rows("WITH walkWindow(id) AS (VALUES \(window.map { id -> SQLFragment in "(\(id))" }.joined(separator: ", ")))\n" + rows)
            if exhausted { return found }
            if found.count >= wanted, !found[wanted - 1][CompiledQuery.OutputColumn.sourceId.name].isNull,
               let id = found[wanted - 1].int64(CompiledQuery.OutputColumn.claimId.name), let strength = strengths[id],
               let last, strength > last.strength {
                return found
            }
            // Grown ×4 but never past the largest window, which is tried before giving up: a
            // run of equal strengths longer than the last window but shorter than the largest
            // (8,176 claims at strength 1 for role-0000 at 10M) is answered from it (review 20, M1).
            guard window.count < settings.maximumWindow else { return nil }
            target = min(window.count * 4, settings.maximumWindow)
        }
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
