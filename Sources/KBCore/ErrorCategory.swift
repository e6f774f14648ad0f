import Foundation
import GRDB

/// What kind of failure an error is, for a face to report: the CLI turns it into an exit status
/// (README, "Exit codes"), a server into an HTTP status. One mapping, decided from the error's
/// type, so that faces never classify errors by their text.
public enum ErrorCategory: Sendable, Equatable, CaseIterable {
    /// An audit found problems at or above the severity the user asked to fail on.
    case findings
    /// A usage or query error: the user's command or query needs changing.
    case usage
    /// Invalid input data: seeds, imported files, mappings, profile files.
    case invalidInput
    /// The database: not a kb file, made by a newer kb, locked, corrupt.
    case database

    /// kb's exit status for the category (DESIGN §5).
    public var exitStatus: Int32 {
        switch self {
        case .findings: 1
        case .usage: 2
        case .invalidInput: 3
        case .database: 4
        }
    }

    /// The HTTP status a server answers with (DESIGN §11: bad input of any kind is 400).
    public var httpStatus: Int {
        switch self {
        case .findings: 200
        case .usage: 400
        case .invalidInput: 400
        case .database: 503
        }
    }

    /// The category of an error kb's library throws, or nil for one it does not know (an
    /// argument parser's, say), which the face then handles itself.
    public init?(of error: any Error) {
        switch error {
        case let diagnostic as Diagnostic:
            self = diagnostic.input == .query ? .usage : .invalidInput
        case is DiagnosticList:
            self = .invalidInput
        case let kbError as KBError:
            switch kbError {
            case .usage, .notFound: self = .usage
            case .invalidInput: self = .invalidInput
            case .newerSchema, .needsMigration, .notAKnowledgeBase: self = .database
            }
        case is AuditGate:
            self = .findings
        case is GapMapTooLarge:
            self = .usage
        case is CurationConflict:
            self = .database
        case is CurationBlocked:
            self = .invalidInput
        case let reporting as SelfReportingError:
            self = reporting.isUsage ? .usage : .database
        case is DatabaseError, is ImportScratchError:
            self = .database
        case is CocoaError:
            self = .invalidInput
        default:
            return nil
        }
    }
}

extension ErrorCategory {
    /// The one line a face shows for an error that is not a ``Diagnostic``, a
    /// ``DiagnosticList`` or an ``AuditGate`` (those carry positions or counts a face renders
    /// itself); nil for errors kb's library does not know.
    public static func message(for error: any Error) -> String? {
        switch error {
        case let kbError as KBError: "error: \(kbError.description)"
        case let tooLarge as GapMapTooLarge: "error: \(tooLarge.description)"
        case let conflict as CurationConflict: "error: \(conflict.description)"
        case let blocked as CurationBlocked: "error: \(blocked.description)\n" + blocked.findings.map { "  \($0)" }.joined(separator: "\n")
        case let databaseError as DatabaseError where databaseError.extendedResultCode == .SQLITE_READONLY_ROLLBACK:
            // A hot rollback journal (a fresh KB's import interrupted: FreshImportJournal) that a
            // read-only connection cannot put back.
            "database error: \(databaseError.message ?? databaseError.description): a write was interrupted and its saved pages wait in the -journal file beside the KB (keep that file with it); run a kb command without --read-only (`kb stats` will do) to put them back"
        case let databaseError as DatabaseError: "database error: \(databaseError.message ?? databaseError.description)"
        case let cocoa as CocoaError: "error: \(cocoa.localizedDescription)"
        case let reporting as SelfReportingError: reporting.reportLine
        case let scratch as ImportScratchError: "error: \(scratch.description)"
        default: nil
        }
    }
}

/// An audit that found `count` findings at or above `severity`, when the user asked to fail on it
/// (`kb audit --fail-on`): not a malfunction, but a result a script must be able to see.
public struct AuditGate: Error, Sendable, Equatable {
    public var count: Int
    public var severity: Severity

    public init(count: Int, severity: Severity) {
        self.count = count
        self.severity = severity
    }
}
