import Foundation
import KBCore

/// What each request last cost, in seconds of CPU of the threads that ran its reads, at the
/// knowledge base's current state: how ``RequestScheduler`` tells a 2 ms results page from a
/// 3 s one before running it. CPU time rather than wall time, so that a request measured while
/// 16 others shared the cores is not taken for an expensive one.
///
/// Forgotten when the knowledge base changes (``observe(_:)``, ``forget()``): a write or an
/// import can make a cheap query expensive. Should a remembered cost be wrong all the same, the
/// request runs once in the wrong lane and is measured again. Bounded: past ``capacity``
/// entries, everything is forgotten (a server asked that many different questions learns the
/// frequent ones again within one request each).
final class CostMemory: @unchecked Sendable {
    /// One measurement: seconds of CPU, and whether the request ran in the cheap lane.
    struct Cost: Sendable, Equatable {
        var seconds: Double
        var cheap: Bool
    }

    let capacity: Int
    private let lock = NSLock()
    private var costs: [String: Cost] = [:]
    private var version: ContentVersion?

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The last measured cost of `key`, if it was measured at the current state.
    func cost(of key: String) -> Cost? {
        lock.withLock { costs[key] }
    }

    func remember(_ key: String, _ cost: Cost) {
        lock.withLock {
            if costs[key] == nil && costs.count >= capacity { costs = [:] }
            costs[key] = cost
        }
    }

    /// Forgets every cost when `version` is not the state they were measured at.
    func observe(_ version: ContentVersion) {
        lock.withLock {
            if version != self.version {
                costs = [:]
                self.version = version
            }
        }
    }

    /// Forgets every cost (after a write through the server).
    func forget() {
        lock.withLock {
            costs = [:]
            version = nil
        }
    }

    var count: Int { lock.withLock { costs.count } }
}
