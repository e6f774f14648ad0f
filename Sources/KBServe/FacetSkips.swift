import Foundation
import KBCore

/// The queries whose facets ran out of time at the knowledge base's current state (review 11
/// m4): counting them again would spend the rest of every request's time limit on an
/// expensive-lane thread only to throw the count away, so a results page for such a query skips
/// them at once, saying so. Forgotten when the knowledge base changes (``ContentVersion``): the
/// matches, and with them the count's cost, may have changed.
///
/// Only a count that had a fair share of the limit (``ServeConfiguration/timeLimit`` halved) is
/// remembered: one cut short because the results themselves took most of the time (a busy
/// machine) says little about the facets. Bounded like ``CostMemory``: long queries are not
/// remembered, and past ``capacity`` the set starts again.
final class FacetSkips: @unchecked Sendable {
    /// The longest query remembered, in UTF-8 bytes.
    static let longestQuery = 1024

    let capacity: Int
    private let lock = NSLock()
    private var version: ContentVersion?
    private var queries: Set<String> = []

    init(capacity: Int = 1000) {
        self.capacity = max(1, capacity)
    }

    /// Whether `query`'s facets ran out of time at `version`.
    func isSkipped(_ query: String, at version: ContentVersion) -> Bool {
        lock.withLock { self.version == version && queries.contains(query) }
    }

    /// Remembers that `query`'s facets ran out of time at `version` (a newer state than the one
    /// remembered starts the set again).
    func remember(_ query: String, at version: ContentVersion) {
        guard query.utf8.count <= Self.longestQuery else { return }
        lock.withLock {
            if version != self.version || queries.count >= capacity {
                queries = []
                self.version = version
            }
            queries.insert(query)
        }
    }
}
