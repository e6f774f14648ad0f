import ArgumentParser
import KBCore

extension Severity: ExpressibleByArgument {}
extension AuditRenderer.Format: ExpressibleByArgument {}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find what is missing, suspect, duplicated, retracted or unreplicated.",
        discussion: """
            Runs the audit rules over the whole knowledge base, or over the claims or sources a \
            query selects (with the studies and sources behind them). Findings are grouped by \
            subject; each has its rule, severity, message, evidence and a fix. --fail-on makes \
            kb exit 1 when a finding is at or above that severity (a CI gate). --rules lists the \
            rules; --rule (repeatable; an id or a prefix like source.) runs only those.

            Examples:
              kb audit
              kb audit "claims for ml-platform-engineer" --fail-on warning
              kb audit --rule study.missing-n --rule claim. --format json
              kb audit --rules
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    var global: GlobalOptions { local.merged(with: root.global) }

    @Argument(help: "Audit only what this query selects (default: everything).")
    var query: String?

    @Option(help: "Output format: table, json or markdown.", transform: Choice.parse)
    var format: AuditRenderer.Format = .table

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this severity: error, warning or info.")
    var failOn: Severity?

    @Option(name: .customLong("rule"), help: ArgumentHelp("Run only this rule (an id, or a prefix ending in '.'); repeatable.", valueName: "id"))
    var ruleNames: [String] = []

    @Flag(help: "List the rules instead of running them.")
    var rules = false

    @Option(help: ArgumentHelp("A profile for the query: a YAML file, a stored profile or a role slug.", valueName: "file|slug"))
    var profile: String?

    func run() throws {
        let chosen = try Auditor.rules(named: ruleNames)
        if rules {
            Console.write(AuditRenderer.catalogue(chosen, format: format))
            return
        }
        let knowledgeBase = try global.open()
        let profileSpec = try ResultOptions.loadProfile(profile, engine: QueryEngine(knowledgeBase))
        var renderer = AuditRenderer(format: format) { Console.write($0) }
        try renderer.begin(query: query)
        var gate = 0
        let counts = try Auditor(knowledgeBase).run(rules: chosen, query: query, profile: profileSpec) { finding in
            if let failOn, finding.severity >= failOn { gate += 1 }
            try renderer.add(finding)
        }
        try renderer.finish(counts: counts, rules: query == nil ? chosen : chosen.filter { [.source, .study, .claim].contains($0.subject) })
        if let failOn, gate > 0 { throw AuditGate(count: gate, severity: failOn) }
    }
}

/// Findings reached `--fail-on`: exit 1.
struct AuditGate: Error {
    let count: Int
    let severity: Severity
}
