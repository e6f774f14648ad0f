/// An error of a layer the facade does not link (the PostgreSQL store, KBPostgres), which says
/// itself what kind of failure it is and how a face shows it, so that ``ErrorCategory`` (KBCore)
/// classifies it without naming its type.
public protocol SelfReportingError: Error {
    /// True when the user's command must change (exit 2, HTTP 400); false when the database
    /// failed or refused (exit 4, HTTP 503).
    var isUsage: Bool { get }
    /// The one line a face shows for it ("database error: …", "error: …").
    var reportLine: String { get }
}
