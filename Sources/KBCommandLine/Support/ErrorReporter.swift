import KBCore

/// Prints kb's own errors and picks their exit code (from ``ErrorCategory``); returns nil for
/// errors the library does not know (argument-parser errors).
enum ErrorReporter {
    static func report(_ error: any Error) -> Int32? {
        guard let category = ErrorCategory(of: error) else { return nil }
        let renderer = DiagnosticRenderer(useColor: Console.useColor)
        switch error {
        case let diagnostic as Diagnostic:
            Console.errorRaw(renderer.render(diagnostic))
        case let list as DiagnosticList:
            for diagnostic in list.diagnostics { Console.errorRaw(renderer.render(diagnostic)) }
            Console.error("\(list.diagnostics.count) error\(list.diagnostics.count == 1 ? "" : "s"); nothing was written")
        case let gate as AuditGate:
            Console.error("\(gate.count) finding\(gate.count == 1 ? "" : "s") at or above \(gate.severity.rawValue) (--fail-on \(gate.severity.rawValue))")
        default:
            if let message = ErrorCategory.message(for: error) { Console.error(message) }
        }
        return category.exitStatus
    }
}
