import ArgumentParser
import KBCore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a query: claims, sources or citations, ranked and explained.",
        discussion: """
            Examples:
              kb query "claims for ml-platform-engineer where cohort=older"
              kb query "claims for pytorch where preregistered and n >= 400" --format json
              kb query "sources where missing n or replication=unknown"
              kb query "citations for ml-platform-engineer where not retracted"
              kb query "claims for ml-platform-engineer" --profile me.yaml --explain
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    var global: GlobalOptions { local.merged(with: root.global) }
    @OptionGroup var options: ResultOptions

    @Argument(help: "The query, e.g. \"claims for ml-platform-engineer where cohort=older\".")
    var query: String

    func run() throws {
        try QueryPrinting.run(query, options: options, global: global)
    }
}

/// Runs a query and prints it: shared by `kb query` and `kb run`.
enum QueryPrinting {
    /// Results shown when neither the query nor --limit says how many.
    static let defaultLimit = 50

    static func run(_ text: String, options: ResultOptions, global: GlobalOptions) throws {
        let engine = QueryEngine(try global.open())
        let profile = try options.loadProfile(engine)
        if options.explain {
            let explanation = try engine.explain(text, profile: profile, limit: options.limit)
            Console.write(render(explanation))
            return
        }
        let parsedLimit = try Parser.parse(text).limit
        let limit = options.limit ?? (parsedLimit == nil ? defaultLimit : nil)
        let outcome = try engine.run(text, profile: profile, limit: limit)
        Console.write(ResultRenderer(format: options.format, width: Console.width).render(outcome))
        let noun = outcome.compiled.query.target == .claims ? "claim" : outcome.compiled.query.target == .sources ? "source" : "citation"
        if outcome.count == 0 {
            Console.error("no \(noun)s match" + (outcome.emptyHint.map { "; \($0)" } ?? ""))
        } else if outcome.isTruncated {
            // How many match in all; the advice to raise the limit only when the limit is kb's
            // default — a user who wrote `limit N` or --limit N already chose how many to see.
            let chosen = options.limit != nil || parsedLimit != nil
            Console.error("showing the first \(outcome.count) of \(outcome.total) \(noun)s"
                          + (chosen ? "" : " (add 'limit N' to the query or --limit N for more)"))
        }
    }

    static func render(_ explanation: QueryExplanation) -> String {
        var out = "query:\n  \(explanation.canonicalQuery)\n"
        if !explanation.subjects.isEmpty {
            out += "subjects:\n" + explanation.subjects.map { "  \($0)\n" }.joined()
            out += "reach (taxonomy nodes the subjects reach, with relevance):\n"
            out += explanation.reach.map { "  \(ResultRenderer.fixed($0.relevance))  \($0.path.rawValue): \($0.explanation)\n" }.joined()
        }
        out += "sql:\n" + explanation.sql.split(separator: "\n").map { "  \($0)\n" }.joined()
        out += "arguments:\n  [" + explanation.arguments.joined(separator: ", ") + "]\n"
        out += "plan:\n" + explanation.plan.map { "  \($0)\n" }.joined()
        return out
    }
}
