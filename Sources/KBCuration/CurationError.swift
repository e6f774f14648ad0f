import KBDomain

/// A write kb refuses because the knowledge base is not in the state the writer expected: a
/// record changed since the version the writer read (`--if-version`), a record something else
/// depends on (`kb remove` without `--cascade`), a change a later change overrode (`kb undo`
/// without `--force`). Faces report it as a conflict (exit 4): nothing was written, and retrying
/// the same command will not help until the writer looks again.
public struct CurationConflict: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why, for a face that words the remedy itself (the web's forms and API have no flags):
    /// the command line's message is derived from the same values.
    public enum Reason: Sendable, Equatable {
        /// The record is at version `current`, not at the one the writer gave.
        case stale(current: Int)
        /// These records (each "KIND id") depend on the one to remove: all of them.
        case dependents([String])
        /// The change `change` to undo was overridden by a later one; `by` is the change to undo
        /// first (a batch's last change).
        case overridden(change: Int64, by: Int64)
        /// Any other conflict: `message` says it all.
        case other
    }

    /// The command line's words: `situation` and the remedy in flags.
    public var message: String
    /// What conflicts with what (who changed it when), without the remedy.
    public var situation: String
    public var reason: Reason

    public init(_ message: String) {
        self.message = message
        situation = message
        reason = .other
    }

    public init(situation: String, reason: Reason, remedy: String) {
        self.situation = situation
        self.reason = reason
        message = situation + remedy
    }

    /// `--if-version` named a version the record is not at.
    static func stale(_ situation: String, slug: String, current: Int) -> CurationConflict {
        CurationConflict(situation: situation, reason: .stale(current: current),
                         remedy: ": read it again (kb show \(slug)) and retry with --if-version \(current)")
    }

    /// The records that depend on the one to remove, the first five named.
    static func dependents(_ situation: String, _ lines: [String]) -> CurationConflict {
        CurationConflict(situation: situation, reason: .dependents(lines),
                         remedy: " (" + lines.prefix(5).joined(separator: ", ") + (lines.count > 5 ? ", …" : "")
                             + "); remove them first, or use --cascade to remove them too")
    }

    /// A later change overrode the one to undo.
    static func overridden(_ situation: String, change: Int64, by handle: Int64) -> CurationConflict {
        CurationConflict(situation: situation, reason: .overridden(change: change, by: handle),
                         remedy: "; undo change \(handle) first, or kb undo \(change) --force to restore it anyway")
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
