import Foundation
import KBCore

/// What each request last cost, in seconds of CPU of the threads that ran its reads, at the
/// knowledge base's current state: how ``RequestScheduler`` tells a 2 ms results page from a
/// 3 s one before running it. CPU time rather than wall time, so that a request measured while
/// 16 others shared the cores is not taken for an expensive one.
///
/// Forgotten when the knowledge base changes (``observe(_:)``, ``forget()``): a write or an
/// import can make a cheap query expensive. A measurement taken at an older state (a request
/// that began before the change) is dropped (``generation``). Should a remembered cost be wrong
/// all the same, the request runs once in the wrong lane and is measured again.
///
/// Bounded in bytes as well as in entries: keys longer than ``longestKey`` are not remembered
/// (such a request runs by its route, as an unmeasured one), and past ``capacity`` entries the
/// oldest one is forgotten, one at a time, so a stream of one-off URLs does not wipe the costs
/// of the frequent ones.
final class CostMemory: @unchecked Sendable {
    /// One measurement: seconds of CPU, and whether the request ran in the cheap lane.
    struct Cost: Sendable, Equatable {
        var seconds: Double
        var cheap: Bool
    }

    /// The longest key remembered, in UTF-8 bytes (a request line NIO accepts may be 80 KB).
    static let longestKey = 1024

    let capacity: Int
    private let lock = NSLock()
    private var costs: [String: Cost] = [:]
    /// Keys in the order they were first remembered (from `head` on); may hold keys since
    /// forgotten, skipped when evicting.
    private var order: [String] = []
    private var head = 0
    private var version: ContentVersion?
    private var currentGeneration: UInt64 = 0

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// The last measured cost of `key`, if it was measured at the current state.
    func cost(of key: String) -> Cost? {
        lock.withLock { costs[key] }
    }

    /// Which state the costs are for: read when a request starts, given back to ``remember``.
    var generation: UInt64 { lock.withLock { currentGeneration } }

    /// Remembers `cost` for `key`, unless it was measured at an older state than now
    /// (`generation` is ``generation`` as read when the request started; nil: now) or the key is
    /// too long.
    func remember(_ key: String, _ cost: Cost, generation: UInt64? = nil) {
        guard key.utf8.count <= Self.longestKey else { return }
        lock.withLock {
            guard generation ?? currentGeneration == currentGeneration else { return }
            if costs[key] == nil {
                while costs.count >= capacity && head < order.count {
                    costs.removeValue(forKey: order[head])
                    head += 1
                }
                order.append(key)
                if head > capacity {
                    order.removeFirst(head)
                    head = 0
                }
            }
            costs[key] = cost
        }
    }

    /// Forgets every cost when `version` is not the state they were measured at.
    func observe(_ version: ContentVersion) {
        lock.withLock {
            if version != self.version {
                clear()
                self.version = version
            }
        }
    }

    /// Forgets every cost (after a write through the server).
    func forget() {
        lock.withLock {
            clear()
            version = nil
        }
    }

    /// With the lock held.
    private func clear() {
        costs = [:]
        order = []
        head = 0
        currentGeneration &+= 1
    }

    var count: Int { lock.withLock { costs.count } }
}
