import Foundation
import KBStore
import PostgresNIO

/// kb's statements on one PostgreSQL connection, run synchronously: the query engine and the
/// compiler's store are synchronous (as GRDB is), so each statement is sent with postgres-nio's
/// EventLoopFuture interface and the calling thread waits for its rows. The waiting happens on
/// the caller's thread while NIO's event loop does the work, so it needs no Swift-concurrency
/// thread; callers are the CLI's main thread or a plain thread (never an event loop, where
/// `wait()` would deadlock — NIO traps that).
///
/// Placeholders are PostgreSQL's `$1…$n` (``SQLFragment/sql(placeholder:)``); every value of a
/// fragment is bound, never written into the text.
package final class PostgresExecutor: StatementExecutor, Sendable {
    let connection: PostgresConnection
    /// The location for messages (password redacted).
    let location: String
    /// The session's `statement_timeout`, as a time limit set it.
    let timeout = StatementTimeout()

    init(connection: PostgresConnection, location: String) {
        self.connection = connection
        self.location = location
    }

    /// Connects to `location`, waiting for the connection.
    package static func connect(_ location: PostgresLocation) throws -> PostgresExecutor {
        var configuration = try PostgresConnector.configuration(location)
        // Under a time limit the connection counts toward it too.
        if let remaining = QueryDeadline.remaining() {
            guard remaining > 0.001 else { throw QueryDeadline.interruption() }
            configuration.options.connectTimeout = .milliseconds(Int64(min(remaining, 10) * 1000) + 1)
        }
        do {
            let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                                                            id: 1, logger: PostgresConnector.logger).wait()
            return PostgresExecutor(connection: connection, location: location.redacted)
        } catch {
            // A connect that ran out of the request's time limit is the limit's, not the network's.
            if let remaining = QueryDeadline.remaining(), remaining < 0.05 { throw QueryDeadline.interruption() }
            throw PostgresConnector.connectionFailure(error, location: location)
        }
    }

    package func close() {
        try? connection.close().wait()
    }

    /// Closes the connection without waiting for it (the connection is kept until it is closed,
    /// as postgres-nio requires).
    func closeInBackground() {
        let connection = connection
        let closing = connection.close() as EventLoopFuture<Void>
        closing.whenComplete { (_: Result<Void, any Error>) in withExtendedLifetime(connection) {} }
    }

    /// Closes the connection waiting at most a few seconds: after a failure that may have left
    /// it mid-protocol (a COPY whose server went away), where a statement could wait forever.
    /// The server rolls back the session's open transaction and releases its advisory locks as
    /// the session ends.
    package func abandon() {
        let connection = connection
        let done = DispatchSemaphore(value: 0)
        let closing = connection.close() as EventLoopFuture<Void>
        // The connection is kept until closed (postgres-nio requires it).
        closing.whenComplete { (_: Result<Void, any Error>) in
            withExtendedLifetime(connection) {}
            done.signal()
        }
        _ = done.wait(timeout: .now() + 5)
    }

    /// The statement as postgres-nio sends it: `$n` placeholders and typed bindings.
    static func query(_ statement: SQLFragment) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: statement.arguments.count)
        for value in statement.arguments {
            switch value {
            case .null: bindings.appendNull()
            case let .integer(number): bindings.append(number)
            case let .real(number): bindings.append(number)
            case let .text(text): bindings.append(text)
            }
        }
        return PostgresQuery(unsafeSQL: statement.sql { "$\($0)" }, binds: bindings)
    }

    /// Planned without parallel workers, inside the read's transaction (`set_config(…, true)`,
    /// as `SET LOCAL`), then with the setting it had before, the session's own (`SET LOCAL … TO
    /// DEFAULT` would drop a session's `SET`). A total counted up to a bound stops at its
    /// `LIMIT`, but a parallel plan's workers each start and build the same hash of the reached
    /// links first: at 1M claims on two cores the benchmark's subject counts took 15–40% less
    /// without them (28 ms against 45–50 ms for role-0000's; BENCHMARKS.md, "Fewer round trips").
    package func limitedRows(_ statement: SQLFragment) throws -> [SQLRow] {
        try rows(statement, setting: "max_parallel_workers_per_gather", to: "'0'")
    }

    /// Planned with `work_mem` at least 64MB (a larger setting of the session or role stays),
    /// inside the read's transaction and then as it was (as ``limitedRows(_:)`` sets its
    /// setting). The strength walk's window tests each claim against a hash of the tier's member
    /// links (at most ``StrengthWalk/Settings/maximumHashedLinks``), which PostgreSQL builds only
    /// when its estimate of the hash fits `work_mem` × `hash_mem_multiplier` (with PostgreSQL 15's
    /// defaults, a few hundred thousand links, fewer than a broad skill holds at 10M claims); past
    /// it, the plan would scan the members again for every claim passed.
    package func hashingRows(_ statement: SQLFragment) throws -> [SQLRow] {
        try rows(statement, setting: "work_mem", to: "CASE WHEN pg_size_bytes(setting) < pg_size_bytes('64MB') THEN '64MB' ELSE setting END")
    }

    /// `statement`'s rows with the setting `name` at `newValue` (an expression that may read the
    /// value before as `setting`) for that statement only: set transaction-locally
    /// (`set_config(…, true)`, as `SET LOCAL`), then set back to the value it had before — the
    /// session's own, which `SET LOCAL … TO DEFAULT` would drop.
    private func rows(_ statement: SQLFragment, setting name: String, to newValue: String) throws -> [SQLRow] {
        // The CTE's row, the setting before, is read before the projection changes it.
        let before = try value("""
            WITH before AS MATERIALIZED (SELECT current_setting(\(name)) AS setting)
            SELECT setting, set_config(\(name), \(sql: newValue), true) FROM before
            """)?.string
        guard let before else { throw PostgresStoreError.statementFailed(location: location, reason: "\(name) has no value") }
        let rows = try rows(statement)
        try run("SELECT set_config(\(name), \(before), true)")
        return rows
    }

    /// Every row is read before `body` sees the first: the EventLoopFuture interface collects
    /// them (a reader that stops early saves its own work, not the server's).
    package func forEachRow(_ statement: SQLFragment, _ body: (SQLRow) throws -> Bool) throws {
        for row in try collect(statement) {
            guard try body(row) else { return }
        }
    }

    /// Every row of `statement` through a cursor, `rowsPerPart` rows a fetch: ``forEachRow(_:_:)``
    /// holds a statement's rows all at once, which for a table copied whole is the table (about
    /// 0.8 GB of a 1M-claim KB's claims; ten times that at 10M). Inside the caller's transaction
    /// (a cursor lives in one); the cursor is closed however the reading ends.
    package func forEachRowInParts(_ statement: SQLFragment, rowsPerPart: Int, _ body: (SQLRow) throws -> Bool) throws {
        let cursor = "kb_part_\(UInt64.random(in: 0...UInt64.max))"
        try run(SQLFragment(sql: "DECLARE \(cursor) NO SCROLL CURSOR FOR ") + statement)
        defer { _ = try? send(SQLFragment(sql: "CLOSE \(cursor)")) }
        let fetch = SQLFragment(sql: "FETCH FORWARD \(max(1, rowsPerPart)) FROM \(cursor)")
        while true {
            var (count, stopped) = (0, false)
            try forEachRow(fetch) { row in
                count += 1
                stopped = try !body(row)
                return !stopped
            }
            if stopped || count < rowsPerPart { return }
        }
    }

    /// The statement's rows as kb's values, each converted as it arrives. postgres-nio's own
    /// collection (`query(…).wait()`, ``run(_:)``) copies its whole buffer of rows again on
    /// each read from the socket: quadratic in the rows, 45% of the CPU of copying a 1M-claim
    /// database into memory (`kb audit` on PostgreSQL, perf). Every row is still read before
    /// the caller sees the first, so a caller may send other statements while it reads them.
    private func collect(_ statement: SQLFragment) throws -> [SQLRow] {
        try followDeadline()
        let collector = RowCollector()
        do {
            _ = try connection.query(Self.query(statement), logger: PostgresConnector.logger) { collector.add($0) }.wait()
        } catch {
            throw failure(error)
        }
        return collector.rows
    }

    /// Runs `statement` (any statement: DDL, a transaction's BEGIN, an INSERT) and returns its result.
    ///
    /// Under a time limit on the calling thread (``QueryDeadline``, `kb serve --time-limit`) each
    /// statement runs with the session's `statement_timeout` at what is left of it (within
    /// ``StatementTimeout/tolerance``), so a read of many statements stops at the deadline as
    /// SQLite's progress handler stops it; a statement the server cancels then (SQLSTATE 57014)
    /// throws the same interruption.
    @discardableResult
    package func run(_ statement: SQLFragment) throws -> PostgresQueryResult {
        try followDeadline()
        return try send(statement)
    }

    /// Before a statement under a time limit: the interruption once it has run out, else the
    /// session's `statement_timeout` set to what is left of it (when it has moved, ``StatementTimeout``).
    private func followDeadline() throws {
        let remaining = QueryDeadline.remaining()
        if let remaining, remaining <= 0.001 { throw QueryDeadline.interruption() }
        if let setting = timeout.setting(for: remaining) { try send(setting) }
    }

    /// Rolls the open transaction back. A `SET` of the session's timeout inside it is undone
    /// with it, so the timeout is set again before the next statement.
    package func rollback() throws {
        defer { timeout.forget() }
        try send("ROLLBACK")
    }

    @discardableResult
    private func send(_ statement: SQLFragment) throws -> PostgresQueryResult {
        do {
            return try connection.query(Self.query(statement), logger: PostgresConnector.logger).wait()
        } catch {
            throw failure(error)
        }
    }

    /// The error a failed statement is reported as: the time limit's interruption when the server
    /// cancelled it at the deadline, else the store's error with the server's message.
    private func failure(_ error: any Error) -> any Error {
        timeout.forget()
        if PostgresConnector.sqlState(error) == Self.queryCanceledSQLState, let remaining = QueryDeadline.remaining(), remaining < 0.05 {
            return QueryDeadline.interruption()
        }
        return PostgresConnector.failure(error, location: location) { .statementFailed(location: location, reason: $0) }
    }

    /// query_canceled: a statement stopped by `statement_timeout` (or a cancel request).
    static let queryCanceledSQLState = "57014"

    /// A row's cells as kb's values: integers and booleans (as 0/1, SQLite's flags) as integers,
    /// floating point and numeric (PostgreSQL's type for a literal such as `1.0`) as reals,
    /// everything else as text.
    static func row(_ row: PostgresRow) -> SQLRow {
        Self.row(row, names: row.map { $0.columnName.lowercased() })
    }

    /// ``row(_:)`` with the statement's column names, lower case, already made.
    static func row(_ row: PostgresRow, names: [String]) -> SQLRow {
        var values: [SQLValue] = []
        values.reserveCapacity(names.count)
        for cell in row {
            values.append(value(cell))
        }
        return SQLRow(lowercasedNames: names, values: values)
    }

    static func value(_ cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8:
            return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null
        case .bool:
            return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        case .float4, .float8:
            return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
        case .numeric:
            // Through its exact decimal text: Decimal's own conversion to Double can be off in
            // the last place, and scores are compared to 1e-9 with SQLite's.
            return (try? cell.decode(Decimal.self)).flatMap { Double("\($0)") }.map(SQLValue.real) ?? .null
        default:
            return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null
        }
    }
}

/// The rows of one statement as they arrive on the connection's event loop, converted to kb's
/// values there; read by the calling thread only after the statement has finished (the wait
/// for its future orders the two).
private final class RowCollector: @unchecked Sendable {
    /// The statement's column names, lower case, from its first row: once per statement, not
    /// per row (the strength walk reads tens of thousands of rows of two columns).
    private var names: [String]?
    private(set) var rows: [SQLRow] = []

    func add(_ row: PostgresRow) {
        let rowNames = names ?? row.map { $0.columnName.lowercased() }
        names = rowNames
        rows.append(PostgresExecutor.row(row, names: rowNames))
    }
}
