import Foundation
import KBCore

/// The relation ids ("FROM KIND TO") the change log has ever named, by their second end: a
/// claim's page finds the changes of links to it since removed by these ids (through the log's
/// index), as the log cannot be searched by a relation's second end (review 13 m4: a `LIKE
/// '%claim%'` scanned the whole log on every claim page). The log is append-only, its ids
/// growing: it is read once, along its primary key and only each row's id and record id (in
/// ranges of `range` changes, the server warming it at start), then only what was logged since.
///
/// The log is read outside the lock, each range merged under it (review 16 m3: holding it across
/// the warm-up's reads, seconds at 2M changes, blocked every claim page's thread until it ended,
/// and an `NSLock` wait is covered by no time limit). While the first reading of the log is under
/// way, a claim page does not wait for it: it is answered with what has been read so far (its
/// removed incoming links may be missing from its history until then).
final class RelationTargets: @unchecked Sendable {
    private let lock = NSLock()
    /// The last change read, and merged into `byTarget`.
    private var seen: Int64 = 0
    private var byTarget: [String: Set<String>] = [:]
    /// Whether the log has been read to its end once.
    private var warm = false
    /// Whether a reading from the log's start (the warm-up) is under way.
    private var warming = false
    /// Moved on when the log turns out to be another knowledge base's and is read afresh, so a
    /// range read before then is not merged after.
    private var generation = 0
    /// Changes read per round.
    let range: Int64

    init(range: Int64 = 50_000) {
        self.range = range
    }

    /// The relation ids whose second end is `claim`, the log followed up to now first (or, while
    /// another caller reads it for the first time, as far as it has been read).
    func ids(to claim: String, in service: any ServedKnowledgeBase) throws -> [String] {
        try ids(to: claim) { try service.relationIDs(after: $0, through: $1) }
    }

    /// ``ids(to:in:)`` with the log's reader given: `read(after, through)` answers the relation
    /// changes in (after, through] and the last change's id.
    func ids(to claim: String, read: (Int64, Int64) throws -> (ids: [(id: Int64, recordId: String)], last: Int64)) throws -> [String] {
        let (start, first, warmingHere) = lock.withLock { () -> (Int64?, Int, Bool) in
            if !warm && warming { return (nil, self.generation, false) }
            if !warm { warming = true }
            return (seen, self.generation, !warm)
        }
        var (from, reading) = (start, first)
        defer { if warmingHere { lock.withLock { warming = false } } }
        while var after = from {
            let (ids, last) = try read(after, after + range)
            let through = min(after + range, last)
            let done = lock.withLock { () -> Bool in
                guard reading == generation else { return true }
                // A log shorter than where this reading started is another knowledge base's:
                // read it afresh. Not `last < seen`: a reader that read before another merged
                // sees an older end of the same log (review 17, M2: the cache reset itself under
                // concurrent writes and re-read 2M changes inside a page request).
                if last < after {
                    (seen, byTarget, warm) = (0, [:], false)
                    generation += 1
                    reading = generation
                    after = 0
                    return false
                }
                for (_, recordId) in ids {
                    let ends = recordId.split(separator: " ", omittingEmptySubsequences: false)
                    if ends.count == 3 { byTarget[String(ends[2]), default: []].insert(recordId) }
                }
                seen = max(seen, through)
                after = through
                if through >= last { warm = true }
                return through >= last
            }
            from = done ? nil : after
        }
        // Sorted outside the lock: a claim with 100k incoming links held every page's lock
        // while its ids were sorted (review 17, M1).
        let found = lock.withLock { byTarget[claim] ?? [] }
        return found.sorted()
    }
}
