import ArgumentParser
import Foundation
import KBCore

extension CheckRenderer.Format: ExpressibleByArgument {}

/// `kb check FILE…`: a page's numbers, citations and holes held to the KB (DESIGN §12).
struct Check: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a page's numbers, citations and statements against the knowledge base.",
        discussion: """
            Reads Markdown, HTML or plain text (- for standard input) and reports every \
            quantified statement, citation and placeholder with its line:column, each as \
            supported (the claim and its grade), mismatch (the KB's number or citation differs), \
            unsupported (no claim backs it), placeholder (a number stripped out), weak (only \
            very-low, failed-replication or retracted evidence) or unknown-citation (a work the KB \
            lacks). Numbers are compared as written and sign-aware: "cut time by 40%" is -40.

            --fail-on makes kb exit 1 when a finding is at or above that level (mismatch, \
            placeholder and unknown-citation are errors; unsupported and weak are warnings). \
            --emit-claims writes the unsupported numbers as kb YAML for kb add --from, with a \
            source only when the KB holds the cited work.

            Examples:
              kb check page.md
              kb check page.html --format sarif > check.sarif
              kb check page.txt --fail-on error
              curl -s URL | kb check - --format markdown
              kb check page.md --emit-claims new-claims.yaml
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Argument(help: ArgumentHelp("The pages to check (- for standard input).", valueName: "file"))
    var files: [String]

    @Option(help: "Output format: table, json, markdown (the page annotated) or sarif.", transform: Choice.parse)
    var format: CheckRenderer.Format = .table

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this level: error, warning or info.")
    var failOn: Severity?

    @Option(name: .customLong("emit-claims"), help: ArgumentHelp("Write the unsupported numbers as kb YAML to this file.", valueName: "file"))
    var emitClaims: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("name a page to check, or - for standard input") }
    }

    func run() throws {
        let emitFile = try emitClaims.map { try OutputFile($0, option: "--emit-claims", knowledgeBase: global.path, inputs: files) }
        let pages = try KBService.pages(paths: files)
        let service = try global.openSnapshot()
        let checks = try service.check(pages)
        Console.write(CheckRenderer.render(checks, format: format))
        if let emitClaims {
            let emitted = ClaimEmitter.emit(checks)
            try emitFile?.write(emitted.yaml)
            let count = emitted.count
            Console.error("wrote \(count) unsupported statement\(count == 1 ? "" : "s") to \(emitClaims)"
                + (emitted.left > 0 ? " (\(emitted.left) left out, each listed with its reason in the file's '# Not emitted:' comment)" : ""))
        }
        if format != .table { Console.error(CheckRenderer.summary(checks)) }
        if let failOn {
            let gate = checks.flatMap(\.findings).count { finding in finding.verdict.severity.map { $0 >= failOn } ?? false }
            if gate > 0 { throw AuditGate(count: gate, severity: failOn) }
        }
    }
}
