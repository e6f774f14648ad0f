import Foundation
import GRDB

/// What a curation step can run in: the curation store bound to a transaction, or (for the
/// steps the store's own tests call directly) the SQLite transaction itself. KBCuration takes
/// this handle instead of naming GRDB's `Database` (issue 13, D1).
package protocol CurationTransaction {
    var curationStore: SQLiteCurationStore { get }
}

extension SQLiteCurationStore: CurationTransaction {
    package var curationStore: SQLiteCurationStore { self }
}

extension Database: CurationTransaction {
    package var curationStore: SQLiteCurationStore { SQLiteCurationStore(self) }
}

extension KnowledgeBase {
    /// Runs `body` in one write transaction with the curation store bound to it, again (up to
    /// `retries` times, waiting `backoff` microseconds, doubling) when SQLite says the database
    /// is busy, so that a curator never sees "database is locked".
    package func curationWrite<T>(retries: Int, backoff: UInt32, _ body: (SQLiteCurationStore) throws -> T) throws -> T {
        var backoff = backoff
        var attempt = 0
        while true {
            do {
                return try writer.write { db in try body(SQLiteCurationStore(db)) }
            } catch let error as DatabaseError where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < retries {
                attempt += 1
                usleep(backoff)
                backoff *= 2
            }
        }
    }

    /// Runs `body` in one read transaction with the curation store bound to it.
    package func curationRead<T>(_ body: (SQLiteCurationStore) throws -> T) throws -> T {
        try reader.read { db in try body(SQLiteCurationStore(db)) }
    }
}
