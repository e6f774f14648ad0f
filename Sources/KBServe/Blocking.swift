import Dispatch

/// Runs the facade's synchronous calls (SQLite reads through GRDB) on Dispatch's threads, not on
/// Swift's cooperative pool, which a query that blocks for a second would otherwise starve.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
