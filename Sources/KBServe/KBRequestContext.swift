import Hummingbird

/// Hummingbird's basic context plus the client's host, which `/login` throttles wrong tokens
/// by (``LoginThrottle``).
public struct KBRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (no port: a client opens a new connection per guess), or "unknown"
    /// where there is no socket (the router tests).
    let clientHost: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientHost = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
