import GRDB
import GRDBSQLite
import KBDomain

/// A statement prepared once and run many times with values bound straight through SQLite's C
/// API: the bulk write path (one import writes hundreds of thousands of rows) without the
/// per-call costs of looking the statement up and boxing its arguments; and the records a
/// result prints (``GraphReader``), read by column position with each value's kind checked
/// (GRDB's copied rows look every column up by its lowercased name).
///
/// Only kb's own SQL text is prepared here; every value is bound, never spliced.
/// Finalize it (``finalize()``) before the transaction ends.
package final class PreparedStatement {
    private var handle: OpaquePointer?
    private let connection: OpaquePointer?
    private var index: Int32 = 0
    /// Tells SQLite to copy bound text (the Swift string is gone when the call returns).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        connection = db.sqliteConnection
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }

    /// A statement that reads records, compiled by GRDB (which owns and finalizes it) and read
    /// here by column position. GRDB's authorizer, which every compilation on the connection
    /// calls, gathers the columns a statement reads until GRDB's next compilation starts it
    /// afresh: compiled past GRDB, several reading statements in a row gathered each other's
    /// columns again and again.
    init(reading db: Database, _ sql: String) throws {
        connection = db.sqliteConnection
        let statement = try db.makeStatement(sql: sql)
        owner = statement
        handle = statement.sqliteStatement
    }

    /// The GRDB statement that owns ``handle``, for statements made by ``init(reading:_:)``.
    private var owner: Statement?

    deinit {
        if owner == nil { sqlite3_finalize(handle) }
    }

    func finalize() {
        if owner == nil { sqlite3_finalize(handle) }
        owner = nil
        handle = nil
    }

    /// Texts bound since the last run, back to back: `run()` hands SQLite pointers into this
    /// buffer (no copy per value), `step()` and `fetchInt64()` let SQLite copy them.
    private var texts: [UInt8] = []
    private var pendingTexts: [(index: Int32, offset: Int, count: Int)] = []

    @discardableResult
    package func bind(_ value: String?) -> Self {
        index += 1
        if let value {
            var value = value
            let offset = texts.count
            value.withUTF8 { texts.append(contentsOf: $0) }
            pendingTexts.append((index, offset, texts.count - offset))
        } else {
            sqlite3_bind_null(handle, index)
        }
        return self
    }

    /// Binds the pending texts, pointing into `buffer` (which must outlive the step) or, with
    /// `copy`, copied by SQLite.
    private func bindTexts(_ buffer: UnsafeBufferPointer<UInt8>, copy: Bool) {
        for text in pendingTexts {
            // An empty string still needs a non-null pointer, or SQLite stores NULL.
            guard text.count > 0, let base = buffer.baseAddress else {
                _ = sqlite3_bind_text(handle, text.index, "", 0, Self.transient)
                continue
            }
            let start = UnsafeRawPointer(base + text.offset).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(handle, text.index, start, Int32(text.count), copy ? Self.transient : nil)
        }
    }

    private func bindTextsCopying() {
        texts.withUnsafeBufferPointer { bindTexts($0, copy: true) }
        texts.removeAll(keepingCapacity: true)
        pendingTexts.removeAll(keepingCapacity: true)
    }

    @discardableResult
    package func bind(_ value: Int64?) -> Self {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        return self
    }

    @discardableResult
    func bind(_ value: Int?) -> Self { bind(value.map(Int64.init)) }

    @discardableResult
    func bind(_ value: Bool?) -> Self { bind(value.map { $0 ? Int64(1) : Int64(0) }) }

    @discardableResult
    func bind(_ value: Double?) -> Self {
        index += 1
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        return self
    }

    /// Runs the statement with the values bound since the last run.
    package func run() throws {
        defer {
            texts.removeAll(keepingCapacity: true)
            pendingTexts.removeAll(keepingCapacity: true)
            index = 0
        }
        // The texts stay where they are until the statement is reset: SQLite reads them in place.
        let failure = texts.withUnsafeBufferPointer { buffer -> DatabaseError? in
            bindTexts(buffer, copy: false)
            let code = sqlite3_step(handle)
            let failure = code == SQLITE_DONE || code == SQLITE_ROW ? nil
                : DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            return failure
        }
        if let failure { throw failure }
    }

    /// Runs the statement and returns the first column of its first row as an integer, if any.
    func fetchInt64() throws -> Int64? {
        bindTextsCopying()
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            index = 0
        }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return sqlite3_column_type(handle, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 0)
        case SQLITE_DONE: return nil
        default: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    // MARK: Reading rows

    /// Steps to the next row: true while there is one (read it with ``text(_:)`` and
    /// ``int(_:)``), false at the end, when the statement is reset for its next use.
    func step() throws -> Bool {
        if !pendingTexts.isEmpty { bindTextsCopying() }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE:
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            index = 0
            return false
        default:
            let error = DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
            sqlite3_reset(handle)
            throw error
        }
    }

    /// The column of the current row as text (nil for NULL). A number or a blob there is
    /// refused (``mismatch(_:holds:)``), as GRDB's rows refuse it: read as text it would be a
    /// different value from the one stored.
    func string(_ column: Int32) throws -> String? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            guard let bytes = sqlite3_column_text(handle, column) else { return nil }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        case let type: throw mismatch(column, holds: type, where: "text")
        }
    }

    /// The column of the current row as an integer (nil for NULL): a whole real number is taken,
    /// text, a blob or a fraction is refused. SQLite's own conversion would read the text `12a`
    /// as 12 and `abc` as 0: a number an evidence base must not show.
    func int64(_ column: Int32) throws -> Int64? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return sqlite3_column_int64(handle, column)
        case SQLITE_FLOAT:
            guard let whole = Int64(exactly: sqlite3_column_double(handle, column)) else {
                throw mismatch(column, holds: SQLITE_FLOAT, where: "an integer")
            }
            return whole
        case let type: throw mismatch(column, holds: type, where: "an integer")
        }
    }

    func int(_ column: Int32) throws -> Int? { try int64(column).map(Int.init) }

    /// The column of the current row as a number (nil for NULL); text or a blob is refused.
    func double(_ column: Int32) throws -> Double? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER, SQLITE_FLOAT: return sqlite3_column_double(handle, column)
        case let type: throw mismatch(column, holds: type, where: "a number")
        }
    }

    /// A 0/1 column as a truth value (any other integer is true, as SQLite's own tests take it).
    func bool(_ column: Int32) throws -> Bool? { try int64(column).map { $0 != 0 } }

    /// The error for a stored value of the wrong kind: SQLite's "datatype mismatch", naming the
    /// column, what it holds and what belongs there (exit 4, a database error).
    private func mismatch(_ column: Int32, holds type: Int32, where expected: String) -> DatabaseError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "column \(column + 1)"
        let table = sqlite3_column_table_name(handle, column).map { String(cString: $0) + "." } ?? ""
        let held = switch type {
        case SQLITE_INTEGER: "an integer"
        case SQLITE_FLOAT: "the number \(sqlite3_column_double(handle, column))"
        case SQLITE_TEXT: "the text '\(sqlite3_column_text(handle, column).map { String(cString: $0) } ?? "")'"
        default: "a blob"
        }
        // The statements read by id first: name the row by it.
        let row = column > 0 && sqlite3_column_type(handle, 0) == SQLITE_INTEGER
            ? " (\(sqlite3_column_name(handle, 0).map { String(cString: $0) } ?? "id") \(sqlite3_column_int64(handle, 0)))" : ""
        return DatabaseError(resultCode: .SQLITE_MISMATCH, message: "\(table)\(name)\(row) holds \(held) where \(expected) belongs")
    }
}
