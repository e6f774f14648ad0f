import Foundation
import KBCore

/// The relation ids ("FROM KIND TO") the change log has ever named, by their second end: a
/// claim's page finds the changes of links to it since removed by these ids (through the log's
/// index), as the log cannot be searched by a relation's second end (review 13 m4: a `LIKE
/// '%claim%'` scanned the whole log on every claim page). Read once, then only the changes
/// logged since (the log is append-only, its ids growing), under a lock.
final class RelationTargets: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Int64 = 0
    private var byTarget: [String: Set<String>] = [:]
    /// Changes read per round.
    static let batch = 5000

    /// The relation ids whose second end is `claim`, the log followed up to now first.
    func ids(to claim: String, in service: KBService) throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        while true {
            let changes = try service.curator.changes(after: seen, limit: Self.batch)
            for change in changes where change.recordKind == "relation" {
                let ends = change.recordId.split(separator: " ", omittingEmptySubsequences: false)
                if ends.count == 3 { byTarget[String(ends[2]), default: []].insert(change.recordId) }
            }
            seen = changes.last?.id ?? seen
            if changes.count < Self.batch { break }
        }
        return byTarget[claim].map { $0.sorted() } ?? []
    }
}
