import Foundation
import KBCore

/// The relation ids ("FROM KIND TO") the change log has ever named, by their second end: a
/// claim's page finds the changes of links to it since removed by these ids (through the log's
/// index), as the log cannot be searched by a relation's second end (review 13 m4: a `LIKE
/// '%claim%'` scanned the whole log on every claim page). The log is append-only, its ids
/// growing: it is read once, along its primary key and only each row's id and record id (in
/// ranges of `range` changes, the server warming it at start), then only what was logged since.
final class RelationTargets: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Int64 = 0
    private var byTarget: [String: Set<String>] = [:]
    /// Changes read per round.
    let range: Int64

    init(range: Int64 = 50_000) {
        self.range = range
    }

    /// The relation ids whose second end is `claim`, the log followed up to now first.
    func ids(to claim: String, in service: KBService) throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        while true {
            let (ids, last) = try service.curator.relationIDs(after: seen, through: seen + range)
            // A log shorter than what was read is another knowledge base's: read it afresh.
            if last < seen {
                (seen, byTarget) = (0, [:])
                continue
            }
            for (_, recordId) in ids {
                let ends = recordId.split(separator: " ", omittingEmptySubsequences: false)
                if ends.count == 3 { byTarget[String(ends[2]), default: []].insert(recordId) }
            }
            seen = min(seen + range, last)
            if seen >= last { break }
        }
        return byTarget[claim].map { $0.sorted() } ?? []
    }
}
