import KBDomain

/// A write kb refuses because the knowledge base is not in the state the writer expected: a
/// record changed since the version the writer read (`--if-version`), a record something else
/// depends on (`kb remove` without `--cascade`), a change a later change overrode (`kb undo`
/// without `--force`). Faces report it as a conflict (exit 4): nothing was written, and retrying
/// the same command will not help until the writer looks again.
public struct CurationConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A write whose audit findings block it (`--strict`): nothing was written.
public struct CurationBlocked: Error, Sendable, Equatable, CustomStringConvertible {
    public var findings: [String]

    public var description: String {
        "\(findings.count) audit finding\(findings.count == 1 ? "" : "s") block the write (--strict); nothing was written"
    }
}
