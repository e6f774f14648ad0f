import ArgumentParser
import Foundation
import KBCore

extension Severity: ExpressibleByArgument {}
extension AuditRenderer.Format: ExpressibleByArgument {}

struct Audit: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Find what is missing, suspect, duplicated, retracted or unreplicated.",
        discussion: """
            Runs the audit rules over the whole knowledge base, or over the claims or sources a \
            query selects (with the studies and sources behind them). Findings are grouped by \
            subject; each has its rule, severity, message, evidence and a fix. --fail-on makes \
            kb exit 1 when a finding is at or above that severity (a CI gate). --rules lists the \
            rules; --rule (repeatable; an id or a prefix like source.) runs only those, and \
            --rule '!ID' or '!PREFIX.' runs all but those.

            A baseline accepts today's findings so that CI fails only on new ones: \
            --write-baseline FILE writes every finding of the run to FILE (and the run exits 0); \
            --baseline FILE leaves out (of the output and of --fail-on) the findings FILE lists. \
            A finding is keyed by rule, subject id and a fingerprint of its evidence, so it stays \
            accepted across runs and re-imports until what it reports changes.

            Examples:
              kb audit
              kb audit "claims for ml-platform-engineer" --fail-on warning
              kb audit --rule study.missing-n --rule claim. --format json
              kb audit --rule '!study.missing-design' --rule '!taxonomy.' --fail-on warning
              kb audit --write-baseline audit-baseline.txt
              kb audit --baseline audit-baseline.txt --fail-on warning
              kb audit --rules
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Argument(help: "Audit only what this query selects (default: everything).")
    var query: String?

    @Option(help: "Output format: table, json or markdown.", transform: Choice.parse)
    var format: AuditRenderer.Format = .table

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this severity: error, warning or info.")
    var failOn: Severity?

    @Option(name: .customLong("rule"), help: ArgumentHelp("Run only this rule (an id, or a prefix ending in '.'), or with '!' all but it; repeatable.", valueName: "id"))
    var ruleNames: [String] = []

    @Option(help: ArgumentHelp("Leave out the findings this baseline file accepts (from the output and from --fail-on).", valueName: "file"))
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Write every finding of this run to a baseline file (accepting them all).", valueName: "file"))
    var writeBaseline: String?

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
        let baselineFile = try writeBaseline.map { try OutputFile($0, option: "--write-baseline", knowledgeBase: global.path, inputs: OutputFile.profileFile(profile)) }
        var accepted = try baseline.map { try AuditBaseline(contentsOf: $0) }
        let service = try global.openSnapshot()
        let knowledgeBase = service.knowledgeBase
        let profileSpec = try service.loadProfile(profile)
        var renderer = AuditRenderer(format: format) { Console.write($0) }
        // Begun at the first finding (or the end): a query the auditor refuses prints nothing
        // on standard output before its error.
        var begun = false
        var gate = 0
        var shown: [String: Int] = [:]
        var acceptedCount = 0
        var keys = Set<String>()
        let ran = query == nil ? chosen : chosen.filter { [.source, .study, .claim].contains($0.subject) }
        try Auditor(knowledgeBase).run(rules: chosen, query: query, profile: profileSpec) { finding in
            if writeBaseline != nil { keys.insert(AuditBaseline.key(for: finding)) }
            if accepted?.admits(finding) == false {
                acceptedCount += 1
                return
            }
            if let failOn, finding.severity >= failOn, writeBaseline == nil { gate += 1 }
            shown[finding.rule, default: 0] += 1
            if !begun {
                try renderer.begin(query: query)
                begun = true
            }
            try renderer.add(finding)
        }
        if !begun { try renderer.begin(query: query) }
        let summary = accepted.map { AuditRenderer.BaselineSummary(accepted: acceptedCount, unmet: $0.unmet(among: ran)) }
        try renderer.finish(counts: shown, rules: ran, baseline: summary)
        if let writeBaseline {
            try baselineFile?.write(AuditBaseline.file(keys: keys))
            Console.error("wrote \(keys.count) accepted finding\(keys.count == 1 ? "" : "s") to \(writeBaseline)")
        }
        if let failOn, gate > 0 { throw AuditGate(count: gate, severity: failOn) }
    }
}
