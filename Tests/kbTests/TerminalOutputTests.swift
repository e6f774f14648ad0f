import Foundation
import Testing

/// What kb writes to a terminal cannot drive it: an imported title's escape sequence is shown
/// (`^[`), not obeyed; written to a pipe, the data is as it was imported.
@Suite(.serialized)
struct TerminalOutputTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    @Test func anImportedEscapeSequenceIsShownOnATerminalAndKeptInAPipe() throws {
        let entry = "@article{hostile2024, title = {Hiring \u{1B}]52;c;aGk=\u{07}with \u{1B}[8mhidden\u{1B}[0m text}, author = {Roe, R.}, journal = {J}, year = {2024}}\n"
        let imported = try KBProcess.run(["import", "-", "--format", "bibtex"], in: directory, stdin: entry, deadline: 60)
        #expect(imported.status == 0, "\(imported.stderr)")
        // Through a pseudo-terminal (util-linux `script`), as an analyst's shell runs it.
        let command = "exec \"$0\" show hostile2024"
        let terminal = try KBProcess.run(["-q", "-e", "-c", "sh -c '\(command.replacingOccurrences(of: "'", with: "'\\''"))' \(KBProcess.binary.path)", "/dev/null"],
                                         in: directory, executable: URL(fileURLWithPath: "/usr/bin/script"), deadline: 60)
        #expect(terminal.status == 0, "\(terminal.stderr)")
        #expect(terminal.stdout.contains("Roe, R. (2024). Hiring ^[]52;c;aGk=^Gwith ^[[8mhidden^[[0m text. J."), "\(terminal.stdout.debugDescription)")
        #expect(!terminal.stdout.contains("\u{1B}]52"), "\(terminal.stdout.debugDescription)")
        // A file that is a terminal (`-o /dev/tty`) is a terminal too; a CSV row's CRLF stays one.
        for (arguments, shown) in [("export 'sources where source=hostile2024' --style apa -o /dev/tty", "Hiring ^[]52;c;aGk=^Gwith"),
                                   ("query 'sources where source=hostile2024' --format csv", "source,citation")] {
            let written = try KBProcess.run(["-q", "-e", "-c", "\(KBProcess.binary.path) \(arguments)", "/dev/null"],
                                            in: directory, executable: URL(fileURLWithPath: "/usr/bin/script"), deadline: 60)
            #expect(written.status == 0 && written.stdout.contains(shown), "\(arguments): \(written.stdout.debugDescription)")
            #expect(!written.stdout.contains("\u{1B}]52") && !written.stdout.contains("^M"), "\(arguments): \(written.stdout.debugDescription)")
        }
        let piped = try KBProcess.run(["show", "hostile2024"], in: directory, deadline: 60)
        #expect(piped.stdout.contains("Hiring \u{1B}]52;c;aGk=\u{07}with \u{1B}[8mhidden"), "\(piped.stdout.debugDescription)")
    }
}
