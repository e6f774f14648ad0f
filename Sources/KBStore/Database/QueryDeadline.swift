import Foundation
import GRDB
import GRDBSQLite

/// A time limit for the statements the current thread runs, enforced by SQLite's progress
/// handler: a server must stop a query that runs too long (`kb serve --time-limit`) without
/// stopping the other requests' queries, which `DatabasePool.interrupt()` would. The deadline is
/// thread-local because GRDB runs a synchronous read on the calling thread; connections without
/// a deadline (the CLI) pay one thread-local read per thousand SQLite instructions.
public enum QueryDeadline {
    /// SQLite virtual-machine instructions between two looks at the clock.
    static let instructionsPerCheck: Int32 = 1000

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` with statements on this thread interrupted once `seconds` have passed (an
    /// interrupted statement throws a `DatabaseError` that ``isInterruption(_:)`` recognises).
    public static func withLimit<T>(_ seconds: Double?, _ body: () throws -> T) rethrows -> T {
        guard let seconds, seconds > 0 else { return try body() }
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(min(seconds, 1e6) * 1e9)
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: UInt(deadline)))
        defer { pthread_setspecific(key, previous) }
        return try body()
    }

    /// Throws what an interrupted statement throws once this thread's deadline has passed: for
    /// work done in memory after the SQL (a gap map's assembly), which no progress handler sees.
    public static func check() throws {
        guard let raw = pthread_getspecific(key), DispatchTime.now().uptimeNanoseconds > UInt64(UInt(bitPattern: raw)) else { return }
        throw interruption()
    }

    /// The seconds left before this thread's deadline (negative once passed), nil without one:
    /// for a store whose server enforces the limit itself (PostgreSQL's `statement_timeout`).
    public static func remaining() -> Double? {
        guard let raw = pthread_getspecific(key) else { return nil }
        let deadline = UInt64(UInt(bitPattern: raw))
        let now = DispatchTime.now().uptimeNanoseconds
        return now > deadline ? -Double(now - deadline) / 1e9 : Double(deadline - now) / 1e9
    }

    /// What a statement stopped by its deadline throws, whichever store ran it
    /// (``isInterruption(_:)`` recognises it).
    public static func interruption() -> any Error {
        DatabaseError(resultCode: .SQLITE_INTERRUPT, message: "interrupted")
    }

    /// Whether `error` is a statement stopped by its deadline.
    public static func isInterruption(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_INTERRUPT
    }

    /// Installs the progress handler on a new connection.
    static func install(in db: Database) {
        sqlite3_progress_handler(db.sqliteConnection, instructionsPerCheck, { _ in
            guard let raw = pthread_getspecific(QueryDeadline.key) else { return 0 }
            return DispatchTime.now().uptimeNanoseconds > UInt64(UInt(bitPattern: raw)) ? 1 : 0
        }, nil)
    }
}
