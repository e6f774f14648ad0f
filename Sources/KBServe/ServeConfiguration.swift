import Foundation
import KBCore

/// How `kb serve` runs (DESIGN §11).
public struct ServeConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Whether the write forms and endpoints are on (`--write`; they come with curation).
    public var allowsWrites: Bool
    /// Required for a host other than loopback: the API takes it as a Bearer token, pages after
    /// a login form.
    public var token: String?
    /// Seconds a request's statements may run before they are stopped (503).
    public var timeLimit: Double
    /// Seconds a write's audit gate may run: the larger of this and ``timeLimit``.
    public var auditTimeLimit: Double = 60
    /// Seconds the audit of the whole KB (`/audit`, `/api/audit`; about a minute of CPU at 1M
    /// claims, more while requests share the cores) may run in the background: the larger of
    /// this and ``timeLimit``. No request waits for it (``auditWait``).
    public var auditComputationTimeLimit: Double = 600
    /// Seconds a request for the audit waits for a computation under way before it is answered
    /// 503 with `Retry-After` (a small KB's audit is done well within them).
    public var auditWait: Double = 2
    /// Seconds a gap map (the home page's, `/map`, `/api/map`: a pass over every claim it counts,
    /// about 1.8 s of CPU at 1M claims, more while other requests share the cores) and the home
    /// page's counts may run: the larger of this and ``timeLimit``. They are computed once per
    /// state of the knowledge base (``StateCache``), so only the first request after a write
    /// waits for them.
    public var mapTimeLimit: Double = 30
    /// The most cells a gap map may have (rows × columns, counted before drawing); a larger one
    /// is answered 400 `map-too-large`.
    public var maximumMapCells: Int = GapMapTooLarge.defaultLimit
    /// The most cells the maps kept for the knowledge base's current state may have together
    /// (about 114 bytes each: 500,000 is some 60 MB).
    public var keptMapCells: Int = 500_000
    /// How many gap maps are drawn at once; other requests for a map wait their turn.
    public var mapDrawings: Int = 2
    /// How many threads the expensive and the cheap lane have (``RequestScheduler``): by default
    /// as many as cores, and twice that.
    public var lanes: LaneWidths = .forCores()
    /// The largest request body accepted (413 beyond).
    public var maximumBodyBytes: Int
    /// Results per page (pages and `/api/query`'s default `limit`, the CLI's).
    public var pageSize: Int
    /// How many matches a results page's facets are counted over per second of ``timeLimit``
    /// (counting takes about 5 s per million claims in a release build, so this leaves room
    /// for the results and a busy machine): 100,000 under the default 2 s.
    public var facetMatchesPerSecond: Double = 50_000
    /// A results page counts its facets only up to this many matches: beyond, counting them
    /// all would take longer than the page can wait, so the page says they were skipped instead
    /// (trial 7 bug 5). It follows ``timeLimit`` (review 11 m4) unless set.
    public var facetMatchLimit: Int {
        get { fixedFacetMatchLimit ?? Int(min(timeLimit * facetMatchesPerSecond, Double(Int32.max))) }
        set { fixedFacetMatchLimit = newValue }
    }
    private var fixedFacetMatchLimit: Int?
    /// The clock the token throttle (``LoginThrottle``) measures its waits by: a test's own, so
    /// that a loaded machine's slow request cannot outlast a wait.
    var throttleClock: @Sendable () -> Date = LoginThrottle.monotonic
    /// Who the change log names for a write (`--author`, else `$KB_AUTHOR`, else the OS user),
    /// unless the login gave a name.
    public var author: String = "kb serve"
    /// Where the one line per request goes (the CLI writes it to standard error).
    public var log: @Sendable (String) -> Void
    /// `--access-log FILE`: one line per request with its query string and milliseconds,
    /// buffered and written off the request path.
    public var accessLog: AccessLog?

    public init(host: String = "127.0.0.1", port: Int = 8080, allowsWrites: Bool = false, token: String? = nil,
                timeLimit: Double = 2, maximumBodyBytes: Int = 64 * 1024, pageSize: Int = 50,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.host = host
        self.port = port
        self.allowsWrites = allowsWrites
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.timeLimit = timeLimit
        self.maximumBodyBytes = maximumBodyBytes
        self.pageSize = pageSize
        self.log = log
    }

    /// Whether `host` names the loopback interface only.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        return lowered == "localhost" || lowered == "::1" || lowered == "[::1]" || lowered.hasPrefix("127.")
    }

    /// The limit a write's audit gate runs under.
    var auditLimit: Double { max(timeLimit, auditTimeLimit) }

    /// The limit the background audit of the whole KB runs under.
    var auditComputationLimit: Double { max(timeLimit, auditComputationTimeLimit) }

    /// The limit a gap map is drawn under.
    var mapLimit: Double { max(timeLimit, mapTimeLimit) }

    /// Why this configuration must not start, if it must not.
    public var refusal: String? {
        if !Self.isLoopback(host) && token == nil {
            return "refusing to serve on \(host) without --token: a host other than loopback is reachable by others (use --token SECRET, or --host 127.0.0.1)"
        }
        // 0: any free port, said on standard error once listening.
        if !(0...65535).contains(port) { return "--port must be between 0 (any free port) and 65535" }
        if !(timeLimit > 0) { return "--time-limit must be more than 0 seconds" }
        return nil
    }
}
