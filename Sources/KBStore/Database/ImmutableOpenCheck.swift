import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a KB file may be opened immutable (SQLite's `immutable=1`, which reads the database
/// file as it is and never looks at `-wal` or `-shm`), told from the files alone — opening the
/// KB to ask would write into `-shm`, which is what the immutable open avoids (review 11 m5).
///
/// Two things make an immutable read wrong, and both are checked:
/// - a connection has the KB open (it holds SQLite's "dead man switch" read lock on byte 128 of
///   `-shm`): it may write at any moment, and the immutable reader would read stale or torn
///   pages;
/// - the `-wal` file holds changes not yet copied into the database file. A `-wal` that is not
///   empty but whose every page was copied (a checkpoint that did not truncate it) is fine: the
///   `-shm` header says so (its `nBackfill` reaches `mxFrame`, for the `-wal`'s own salt).
enum ImmutableOpenCheck {
    /// Why `path` must not be opened immutable, or nil when it may.
    static func refusal(_ path: String) -> String? {
        let wal = path + "-wal", shm = path + "-shm"
        if isLocked(shm) {
            return "\(path) is open elsewhere (a connection holds SQLite's lock on \(shm)): an immutable open reads the file as it is, and whatever has it open may write meanwhile; stop it first (a kb serve, a kb command still running), then open it immutable"
        }
        // A rollback journal left by a write that was interrupted (a fresh KB's import goes
        // through one: FreshImportJournal), or being written now: SQLite's immutable open ignores
        // it and would read the interrupted write's pages as if they had been committed.
        let journal = path + "-journal"
        let journalBytes = (try? FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int) ?? 0
        if journalBytes > 0 {
            return "\(journal) holds the pages of a write that has not ended (\(journalBytes) bytes: one interrupted, or running now): run `kb stats` without --read-only while no other process has the KB open, which puts them back, then open it immutable"
        }
        let walBytes = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        guard walBytes > 0 else { return nil }
        let advice = "run any kb command that writes, or `kb stats` without --read-only, while no other process has the KB open: its last connection copies them in"
        guard let pending = pendingPages(wal: wal, shm: shm) else {
            return "\(wal) is not empty (\(walBytes) bytes) and \(shm) cannot tell whether its changes are in \(path) yet: \(advice), then open it immutable"
        }
        guard pending == 0 else {
            return "\(wal) holds \(pending) pages of changes not yet copied into \(path): \(advice), then open it immutable"
        }
        return nil
    }

    /// Pages of the `-wal` not yet copied into the database file, from the `-shm` header; nil
    /// when the header cannot say (missing, not initialised, its two copies differ, or it is
    /// for another generation of the `-wal` than the file's).
    static func pendingPages(wal: String, shm: String) -> Int? {
        guard let header = try? FileHandle(forReadingFrom: URL(fileURLWithPath: shm)).read(upToCount: 100), header.count >= 100,
              let walHeader = try? FileHandle(forReadingFrom: URL(fileURLWithPath: wal)).read(upToCount: 32), walHeader.count >= 32 else {
            return nil
        }
        let bytes = [UInt8](header), walBytes = [UInt8](walHeader)
        // Two copies of the 48-byte WalIndexHdr, then WalCkptInfo (nBackfill first). Native byte order.
        guard bytes[0..<48] == bytes[48..<96], bytes[12] == 1 else { return nil }
        func native(_ offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        }
        // The salts (WAL header bytes 16–23, copied as they are into the -shm header at 32–39)
        // identify the -wal's generation.
        guard bytes[32..<40].elementsEqual(walBytes[16..<24]) else { return nil }
        let maxFrame = native(16), backfilled = native(96)
        return backfilled >= maxFrame ? 0 : Int(maxFrame - backfilled)
    }

    /// Whether a connection holds a lock on `shm`'s byte 128, which every SQLite connection with
    /// the WAL index open holds shared. On Linux the question is asked as an open file
    /// description lock, which sees this process's own connections too; elsewhere as a POSIX
    /// lock, which sees only other processes'.
    static func isLocked(_ shm: String) -> Bool {
        let descriptor = open(shm, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 128
        lock.l_len = 1
        #if os(Linux)
        let command: Int32 = 36 // F_OFD_GETLK
        #else
        let command = F_GETLK
        #endif
        guard fcntl(descriptor, command, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }
}
