import Foundation
import KBCore

/// stdout for results, stderr for messages (prefixed `kb: `). A closed pipe (`kb … | head`)
/// ends the process quietly with success, as in ripgrep; but not once a command has failed:
/// its error is written where it still can be, and the exit code is the error's (a trial had
/// `kb import bad.bib 2>&1 | head -1` exit 0). Any other failed write of the results (a full
/// disk) is said on stderr and exits 2.
enum Console {
    nonisolated(unsafe) private static var buffer: [UInt8] = []
    /// Whether writing the results to stdout failed (said once; the command then exits 2).
    nonisolated(unsafe) private(set) static var writeFailed = false

    static func write(_ text: String) {
        buffer.append(contentsOf: Array(text.utf8))
        if buffer.count > 1 << 16 { flush() }
    }

    /// Whether stdout and stderr are terminals, asked once: what goes to one has its control
    /// characters made visible (``TerminalText``), so that imported text cannot drive it.
    private static let terminals = (out: isatty(STDOUT_FILENO) == 1, error: isatty(STDERR_FILENO) == 1)

    /// Writes what is buffered for stdout. A closed pipe there ends the process with success,
    /// unless `failing` (a command that failed: its exit code must stay the error's).
    static func flush(failing: Bool = false) {
        guard !buffer.isEmpty else { return }
        let data = terminals.out ? TerminalText.neutralized(buffer) : buffer
        buffer.removeAll(keepingCapacity: true)
        writeAll(data, to: STDOUT_FILENO, exitingWhenClosed: !failing)
    }

    /// A message on stderr: `kb: <message>`.
    static func error(_ message: String) {
        flush(failing: true)
        let text = message.hasSuffix("\n") ? message : message + "\n"
        writeError(Array(("kb: " + text).utf8))
    }

    /// Text on stderr as is: rendered diagnostics, whose renderer shows the input's control
    /// characters and may colour its own parts.
    static func errorRaw(_ text: String) {
        flush(failing: true)
        writeAll(Array(text.utf8), to: STDERR_FILENO, exitingWhenClosed: false)
    }

    /// kb's own control sequence on stderr (the progress bar's carriage return and line erase),
    /// with `text` neutralized around it: `control` is written as it is.
    static func errorControl(_ control: String, _ text: String = "") {
        flush(failing: true)
        writeAll(Array(control.utf8) + (terminals.error ? TerminalText.neutralized(Array(text.utf8)) : Array(text.utf8)),
                 to: STDERR_FILENO, exitingWhenClosed: false)
    }

    private static func writeError(_ bytes: [UInt8]) {
        writeAll(terminals.error ? TerminalText.neutralized(bytes) : bytes, to: STDERR_FILENO, exitingWhenClosed: false)
    }

    /// Writes `bytes` whole; on a closed pipe, ends the process with success when
    /// `exitingWhenClosed`, else gives up on the rest (stderr: a message, and warnings, must not
    /// turn an error's exit code into 0).
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, exitingWhenClosed: Bool) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { pointer in
                Foundation.write(descriptor, pointer.baseAddress, pointer.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE, exitingWhenClosed { Foundation.exit(0) }
                // The results could not be written (a full disk, a device error): say so and
                // fail, rather than end with success and the results lost. (After a command's
                // own error, its code stands.)
                if descriptor == STDOUT_FILENO, errno != EPIPE, !writeFailed {
                    writeFailed = true
                    let reason = String(cString: strerror(errno))
                    writeAll(Array("kb: could not write the results to standard output: \(reason)\n".utf8), to: STDERR_FILENO, exitingWhenClosed: false)
                    if exitingWhenClosed { Foundation.exit(ErrorCategory.usage.exitStatus) }
                }
                return
            }
            offset += written
        }
    }

    static var isTerminal: Bool { terminals.out }
    static var isErrorTerminal: Bool { terminals.error }

    /// Colour only on a terminal and never with NO_COLOR.
    static var useColor: Bool {
        isErrorTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// The width tables are fitted to (``TableWidth``): `$COLUMNS`, else the terminal's width,
    /// else 120. Found once; a `$COLUMNS` that is not a width is said on stderr then.
    static let tableWidth: TableWidth = {
        var size = winsize()
        let terminal = isTerminal && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
        let width = TableWidth.resolve(columns: ProcessInfo.processInfo.environment["COLUMNS"], terminal: terminal)
        if let warning = width.warning { error(warning) }
        return width
    }()

    /// ``tableWidth`` in characters.
    static var width: Int { tableWidth.columns }

    /// The width an output is rendered at: ``width`` when it draws a table, else the standard
    /// width, without reading `$COLUMNS`, so that JSON or CSV is never warned about a width.
    static func width(drawingTable: Bool) -> Int {
        drawingTable ? width : TableWidth.standard
    }
}
