import KBCore

/// Answers computed once per state of the knowledge base. A gap map is a pass over every claim
/// it counts (about 1.8 s of CPU for all claims at 1M), and the home page's counts and lists read
/// every node's claims; none of them changes until the knowledge base does, so they are kept by
/// ``ContentVersion``, which every write changes (also one by another process on the file).
/// Requests that ask for an answer being computed wait for that computation instead of starting
/// their own. One that fails (a query error, the time limit) is not kept: the next request tries
/// again.
///
/// What is kept is bounded by its total cost (a map's cells, which is what its memory grows
/// with), not by a count: a few large maps would otherwise hold hundreds of megabytes.
actor StateCache<Key: Hashable & Sendable, Value: Sendable> {
    /// The most cost kept for one version (the oldest computed goes first); an answer costing
    /// more on its own is computed for its request and not kept.
    let capacity: Int
    /// What an answer costs to keep.
    let cost: @Sendable (Value) -> Int
    private var version: ContentVersion?
    fileprivate var computations: [Key: Task<Value, any Error>] = [:]
    fileprivate var order: [Key] = []
    /// The cost of each finished answer kept.
    private var costs: [Key: Int] = [:]
    private var kept = 0
    /// How many answers were computed (not taken from the cache), for tests.
    private(set) var computed = 0

    init(capacity: Int = 32, cost: @escaping @Sendable (Value) -> Int = { _ in 1 }) {
        self.capacity = capacity
        self.cost = cost
    }

    /// The answer for `key` at `version`: the one computed for that version, or `compute()`'s.
    /// A newer version than the cached one drops every answer computed before; an older one (a
    /// request that read its version just before a write another request has already seen) is
    /// answered without touching the cache, which holds the newer answers.
    func value(_ key: Key, version: ContentVersion, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let current = self.version, Self.isOlder(version, than: current) {
            computed += 1
            return try await compute()
        }
        if version != self.version {
            computations = [:]
            order = []
            costs = [:]
            kept = 0
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
        }
        do {
            let value = try await computation.value
            if computations[key] == computation, costs[key] == nil { keep(key, costing: cost(value)) }
            return value
        } catch {
            if computations[key] == computation { forget(key) }
            throw error
        }
    }

    /// Counts a finished answer in, then drops the oldest finished ones until the kept cost fits
    /// (this one too when it is larger than the whole capacity).
    private func keep(_ key: Key, costing amount: Int) {
        costs[key] = amount
        kept += amount
        var index = 0
        while kept > capacity, index < order.count {
            let oldest = order[index]
            guard costs[oldest] != nil || oldest == key else {
                index += 1
                continue
            }
            forget(oldest)
        }
    }

    /// Whether `version` comes before `other`: both of its ids only grow.
    static func isOlder(_ version: ContentVersion, than other: ContentVersion) -> Bool {
        version != other && version.change <= other.change && version.importRun <= other.importRun
    }
}

extension StateCache {
    /// Drops the answer for `key`.
    func forget(_ key: Key) {
        computations[key] = nil
        order.removeAll { $0 == key }
        if let amount = costs.removeValue(forKey: key) { kept -= amount }
    }
}

/// What a gap map is kept by: its two fields and its query, canonical
/// (``KBService/mapIdentity(rows:columns:query:)``), so that spellings of one map share it.
struct MapKey: Hashable, Sendable {
    var rows: String
    var columns: String
    var query: String

    init(rows: String, columns: String, query: String) {
        (self.rows, self.columns, self.query) = KBService.mapIdentity(rows: rows, columns: columns, query: query)
    }
}
