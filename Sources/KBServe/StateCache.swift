import KBCore

/// Answers computed once per state of the knowledge base. A gap map is a pass over every claim
/// it counts (about 1.8 s of CPU for all claims at 1M), and the home page's counts and lists read
/// every node's claims; none of them changes until the knowledge base does, so they are kept by
/// ``ContentVersion``, which every write changes (also one by another process on the file).
/// Requests that ask for an answer being computed wait for that computation instead of starting
/// their own. One that fails (a query error, the time limit) is not kept: the next request tries
/// again.
actor StateCache<Key: Hashable & Sendable, Value: Sendable> {
    /// Answers kept for one version, at most (the oldest computed goes first).
    let capacity: Int
    private var version: ContentVersion?
    fileprivate var computations: [Key: Task<Value, any Error>] = [:]
    fileprivate var order: [Key] = []
    /// How many answers were computed (not taken from the cache), for tests.
    private(set) var computed = 0

    init(capacity: Int = 32) {
        self.capacity = capacity
    }

    /// The answer for `key` at `version`: the one computed for that version, or `compute()`'s.
    /// A version other than the cached one drops every answer computed before.
    func value(_ key: Key, version: ContentVersion, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if version != self.version {
            computations = [:]
            order = []
            self.version = version
        }
        let computation: Task<Value, any Error>
        if let pending = computations[key] {
            computation = pending
        } else {
            computed += 1
            computation = Task { try await compute() }
            computations[key] = computation
            order.append(key)
            if order.count > capacity { computations[order.removeFirst()] = nil }
        }
        do {
            return try await computation.value
        } catch {
            if computations[key] == computation {
                computations[key] = nil
                order.removeAll { $0 == key }
            }
            throw error
        }
    }
}

extension StateCache {
    /// Drops the answer for `key` (one too large to keep).
    func forget(_ key: Key) {
        computations[key] = nil
        order.removeAll { $0 == key }
    }
}

/// What a gap map is kept by: its two fields and its query, as the request gave them.
struct MapKey: Hashable, Sendable {
    var rows: String
    var columns: String
    var query: String
}
