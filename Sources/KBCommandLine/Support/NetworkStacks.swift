import KBCore
import Synchronization

/// What only the `kb-net` executable links: the PostgreSQL store (postgres-nio, NIO) and
/// `kb serve`'s HTTP server (Hummingbird). `kb` leaves them out, which makes each of its
/// commands start faster (BENCHMARKS.md, "kb and kb-net"); a command that needs one of them is
/// handed to kb-net before it runs (``NetworkHandOver``), and kb-net installs its stacks here
/// before it parses.
package protocol NetworkStack: Sendable {
    /// The PostgreSQL knowledge base at `location` (`postgresql://…`).
    func postgres(_ location: String) throws -> any PostgresKnowledgeBase
    /// Runs `kb serve` as parsed, until it is stopped.
    func serve(_ command: Serve) throws
}

/// The one place the stacks are installed (kb-net's `main`) and read (the commands).
package enum NetworkStacks {
    private static let current = Mutex<(any NetworkStack)?>(nil)

    package static func install(_ stack: any NetworkStack) {
        current.withLock { $0 = stack }
    }

    /// Whether this executable runs PostgreSQL and `kb serve` itself (kb-net) or hands them over (kb).
    static var areInstalled: Bool { current.withLock { $0 != nil } }

    /// The installed stacks. In `kb` a command that needs them has been handed to kb-net before it
    /// ran, so not having them is a hand-over that was missed: said as such, not a crash.
    static func installed() throws -> any NetworkStack {
        guard let stack = current.withLock({ $0 }) else {
            throw KBError.usage("this command needs kb-net (PostgreSQL and kb serve), and kb did not hand it over")
        }
        return stack
    }

    /// The PostgreSQL knowledge base at `location`.
    static func postgres(_ location: String) throws -> any PostgresKnowledgeBase {
        try installed().postgres(location)
    }
}
