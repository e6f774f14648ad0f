import Foundation
import GRDB
import KBCore

/// Prints kb's own errors and picks their exit code; returns nil for argument-parser errors.
enum ErrorReporter {
    static func report(_ error: any Error) -> Int32? {
        let renderer = DiagnosticRenderer(useColor: Console.useColor)
        switch error {
        case let diagnostic as Diagnostic:
            Console.errorRaw(renderer.render(diagnostic))
            return diagnostic.id.hasPrefix("query.") ? ExitStatus.usage : ExitStatus.invalidInput
        case let list as DiagnosticList:
            for diagnostic in list.diagnostics { Console.errorRaw(renderer.render(diagnostic)) }
            Console.error("\(list.diagnostics.count) error\(list.diagnostics.count == 1 ? "" : "s"); nothing was written")
            return ExitStatus.invalidInput
        case let kbError as KBError:
            Console.error("error: \(kbError.description)")
            switch kbError {
            case .usage, .notFound: return ExitStatus.usage
            case .invalidInput: return ExitStatus.invalidInput
            case .newerSchema, .needsMigration, .notAKnowledgeBase: return ExitStatus.database
            }
        case let gate as AuditGate:
            Console.error("\(gate.count) finding\(gate.count == 1 ? "" : "s") at or above \(gate.severity.rawValue) (--fail-on \(gate.severity.rawValue))")
            return ExitStatus.findings
        case let databaseError as DatabaseError:
            Console.error("database error: \(databaseError.message ?? databaseError.description)")
            return ExitStatus.database
        case let cocoa as CocoaError:
            Console.error("error: \(cocoa.localizedDescription)")
            return ExitStatus.invalidInput
        default:
            return nil
        }
    }
}
