/// At most `width` of a kind of work at a time; the others wait their turn, first come first
/// served. Gap maps are drawn through one: each is a pass over every claim it counts, and
/// Dispatch would otherwise run as many at once as requests arrive, each holding a reader and
/// its memory, all slower for it.
actor DrawingSlots {
    let width: Int
    private var busy = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// The most requests that were ever drawing at once, for tests.
    private(set) var mostBusy = 0

    init(width: Int) {
        self.width = max(1, width)
    }

    /// Runs `body` once a slot is free.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy >= width {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy += 1
        }
        mostBusy = max(mostBusy, busy)
        defer { release() }
        return try await body()
    }

    /// Hands the slot to the first waiting request, else frees it.
    private func release() {
        if waiting.isEmpty {
            busy -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
