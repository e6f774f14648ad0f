import Foundation
import Hummingbird

/// Where each request's reads run (README, "Serving", "Lanes"): two lanes of threads of their
/// own, so that short pages never wait behind long queries, and a third for the background
/// audit.
///
/// - The **expensive** lane (``LaneWidths/expensive`` threads, as many as cores) runs what is
///   known or expected to take long: results pages, `/api/query`, exports and maps not yet
///   measured, anything measured above ``cheapLimit`` (twice that after a run in the cheap
///   lane), and writes.
/// - The **cheap** lane (``LaneWidths/cheap`` threads) runs the record pages (claim, source,
///   taxonomy node, change log, home, audit from memory) and every request last measured at no
///   more than ``cheapLimit`` seconds of CPU at this state of the knowledge base (``CostMemory``).
///   A cheap request shares the cores with the expensive lane's, whose threads run at a lower
///   CPU priority (``expensiveNiceness``), and never waits for one of those threads.
/// - The **background** lane (one thread) computes the audit of the whole KB.
///
/// Within a lane, the waiting request with the highest response ratio goes first (``Lane``).
final class RequestScheduler: Sendable {
    /// Seconds of CPU at most which a measured request runs in the cheap lane; one measured
    /// there stays up to twice as much (``ticket(method:path:key:)``).
    static let cheapLimit = 0.1
    /// The estimate of an unmeasured request in the expensive lane.
    static let unknownCost = 1.0
    /// The estimate of an unmeasured record page.
    static let recordCost = 0.01
    /// How much lower the expensive lane's CPU priority is than the rest of the server's: a
    /// thread at +10 gets about a tenth of the share of one at +0 while both want a core.
    static let expensiveNiceness: Int32 = 10
    /// The background audit's: lower still, as no request waits for it.
    static let backgroundNiceness: Int32 = 15

    enum Kind: Sendable {
        case cheap, expensive, background
    }

    let cheap: Lane
    let expensive: Lane
    let background: Lane
    let costs = CostMemory()

    init(widths: LaneWidths) {
        cheap = Lane(name: "cheap", width: widths.cheap)
        expensive = Lane(name: "expensive", width: widths.expensive, niceness: Self.expensiveNiceness)
        background = Lane(name: "background", width: 1, niceness: Self.backgroundNiceness)
    }

    func lane(_ kind: Kind) -> Lane {
        switch kind {
        case .cheap: cheap
        case .expensive: expensive
        case .background: background
        }
    }

    /// A request's lane and estimate: by its last measured cost when there is one, else by its
    /// route. A request measured in the cheap lane stays there up to twice ``cheapLimit``, and
    /// one measured in the expensive lane moves at ``cheapLimit``: a query costing about the
    /// limit, measured a little above it one time and a little below the next, would otherwise
    /// change lanes at every request (and in the expensive lane, which yields the cores to the
    /// cheap one, wait behind its own copies).
    func ticket(method: HTTPRequest.Method, path: String, key: String) -> Ticket {
        if let cost = costs.cost(of: key) {
            let limit = cost.cheap ? 2 * Self.cheapLimit : Self.cheapLimit
            return Ticket(kind: cost.seconds <= limit ? .cheap : .expensive, estimate: cost.seconds, key: key)
        }
        return Self.isRecordPage(method: method, path: path)
            ? Ticket(kind: .cheap, estimate: Self.recordCost, key: key)
            : Ticket(kind: .expensive, estimate: Self.unknownCost, key: key)
    }

    /// The pages that read one record or what is kept in memory: cheap until measured otherwise.
    static func isRecordPage(method: HTTPRequest.Method, path: String) -> Bool {
        guard method == .get || method == .head else { return false }
        if ["/", "/audit", "/api/audit", "/changes", "/api/changes", "/login"].contains(path) { return true }
        return ["/claims/", "/sources/", "/nodes/", "/api/claims/", "/api/sources/", "/static/"].contains { path.hasPrefix($0) }
    }

    /// Runs `body` in `kind`'s lane, or the current request's (``Ticket/current``), adding its
    /// CPU time to the request's cost when it runs for the request. With a `limit`, the time
    /// counts from now, queueing included: `body` gets what remains when its turn comes, and a
    /// job whose turn comes after it is not run (``Lane/Refusal/expired``).
    func run<T: Sendable>(_ kind: Kind?, limit: Double? = nil,
                          _ body: @escaping @Sendable (_ remaining: Double?) throws -> T) async throws -> T {
        let ticket = Ticket.current
        let lane = lane(kind ?? ticket?.kind ?? .expensive)
        let meter = kind == nil ? ticket?.meter : nil
        let deadline = limit.map { DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, $0) * 1e9) }
        return try await lane.run(estimate: ticket?.estimate ?? Self.unknownCost, deadline: deadline) { remaining in
            let start = Self.threadCPUTime()
            defer { meter?.add(Self.threadCPUTime() - start) }
            return try body(remaining)
        }
    }

    /// Seconds of CPU the calling thread has used.
    static func threadCPUTime() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// How many threads each lane has.
public struct LaneWidths: Sendable, Equatable {
    /// Requests expected to be long, run at once: as many as cores, so each runs at full speed.
    public var expensive: Int
    /// Short requests run at once: twice the cores, so that one rarely waits for another.
    public var cheap: Int

    public init(expensive: Int, cheap: Int) {
        self.expensive = max(1, expensive)
        self.cheap = max(1, cheap)
    }

    /// For `cores` cores (by default the machine's).
    public static func forCores(_ cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> LaneWidths {
        LaneWidths(expensive: max(1, cores), cheap: max(2, 2 * cores))
    }

    /// The readers all lanes can use at once (the background lane's one included): the default
    /// of `kb serve --readers`.
    public var readers: Int { expensive + cheap + 1 }
}

/// The lane of one request, what it was expected to cost and what it cost.
struct Ticket: Sendable {
    let kind: RequestScheduler.Kind
    let estimate: Double
    let key: String
    let meter = CostMeter()

    @TaskLocal static var current: Ticket?
}

/// Seconds of CPU a request's reads used, added up over its calls.
final class CostMeter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0.0
    private var calls = 0

    func add(_ seconds: Double) {
        lock.withLock {
            total += max(0, seconds)
            calls += 1
        }
    }

    /// The cost, or nil when the request read nothing.
    var seconds: Double? { lock.withLock { calls == 0 ? nil : total } }
}

/// Gives each request its ``Ticket`` (lane and estimate) and remembers what it cost.
struct SchedulingMiddleware<Context: RequestContext>: RouterMiddleware {
    let scheduler: RequestScheduler

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = "\(request.method.rawValue) \(request.uri.description)"
        let generation = scheduler.costs.generation
        let ticket = scheduler.ticket(method: request.method, path: request.uri.path, key: key)
        // Only reads are remembered: a write's cost says nothing of the next write (same key,
        // another body), and writes run in the expensive lane by their method.
        let remembers = request.method == .get || request.method == .head
        func remember() {
            guard remembers, let seconds = ticket.meter.seconds else { return }
            scheduler.costs.remember(key, CostMemory.Cost(seconds: seconds, cheap: ticket.kind == .cheap), generation: generation)
        }
        do {
            let response = try await Ticket.$current.withValue(ticket) { try await next(request, context) }
            // A 4xx says nothing of what the request costs when it succeeds; a 503 (stopped at
            // the limit) says it is expensive.
            if (200..<300).contains(response.status.code) || response.status.code == 503 { remember() }
            return response
        } catch {
            if ServeError.isTimeLimit(error) || (error as? ServeError)?.status == 503 { remember() }
            throw error
        }
    }
}
