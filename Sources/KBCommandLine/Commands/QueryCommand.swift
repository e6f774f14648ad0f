import ArgumentParser
import KBCore

struct QueryCommand: KBCommand {
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
    @OptionGroup var options: ResultOptions

    @Argument(help: "The query, e.g. \"claims for ml-platform-engineer where cohort=older\".")
    var query: String

    func run() throws {
        try QueryPrinting.run(query, options: options.settings, database: global.database)
    }
}

/// Runs a query and prints it: shared by `kb query` and `kb run`.
enum QueryPrinting {
    static func run(_ text: String, options: ResultSettings, database: DatabaseChoice) throws {
        let service: any QueryAnswering
        let request: QueryRequest
        if StoreLocation.isPostgres(database.path) {
            service = try NetworkStacks.postgres(database.path)
            request = QueryRequest(text, limit: options.limit, profile: options.profile, total: options.total)
        } else {
            service = try database.openForReading()
            // One query of one command: its cut-off total is counted on the machine's other core.
            request = QueryRequest(text, limit: options.limit, profile: options.profile, total: options.total, countsBeside: true)
        }
        if options.explain {
            Console.write(render(try service.explain(request)))
            return
        }
        let width = Console.width(drawingTable: options.format == .table)
        if service.isGrouped(request) {
            let grouped = try service.group(request)
            Console.write(GroupRenderer(format: options.format, width: width).render(asRun(grouped.outcome, limit: options.limit)))
            if let notice = grouped.notice { Console.error(notice) }
            return
        }
        let answer = try service.run(request)
        Console.write(ResultRenderer(format: options.format, width: width).render(asRun(answer.outcome, limit: options.limit)))
        if let notice = answer.notice { Console.error(notice.message) }
    }

    /// The outcome with its printed query as it ran: `--limit N` in place of the query's own
    /// `limit` (`claims limit 10 --limit 3` printed `limit 10` beside three results). Only the
    /// CLI's own option: `kb serve` pages with a limit it does not print.
    static func asRun(_ outcome: QueryOutcome, limit: Int?) -> QueryOutcome {
        var outcome = outcome
        if let limit { outcome.compiled.query.limit = limit }
        return outcome
    }

    static func asRun(_ outcome: GroupedOutcome, limit: Int?) -> GroupedOutcome {
        var outcome = outcome
        if let limit { outcome.compiled.query.limit = limit }
        return outcome
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
        if let count = explanation.count {
            let reach = explanation.countBound.map { "; it counts up to \($0) matches and one more, to say \"more than \($0)\" past them (--exact-total counts every match)" }
                ?? "; it counts every match (--exact-total)"
            out += "count sql (run when the limit cuts the answer off, for \"showing the first N of M\"\(reach)):\n"
                + count.sql.split(separator: "\n").map { "  \($0)\n" }.joined()
            out += "count arguments:\n  [" + count.arguments.joined(separator: ", ") + "]\n"
            out += "count plan:\n" + count.plan.map { "  \($0)\n" }.joined()
        }
        return out
    }
}
