import KBCore

/// `/query?q=…`: ranked results with grade, evidence and why; facets that toggle filters;
/// pages; or the query's error with a caret under the box.
enum ResultsPage {
    struct Paging {
        var page: Int
        var pageSize: Int
        /// How many results the query can show in all (its total, or its own `limit`).
        var available: Int
        /// False when more than `available` results match (the total counted up to a bound).
        var isExact = true
        var pageCount: Int { max(1, (available + pageSize - 1) / pageSize) }
        /// Whether a next page follows: one within `available`, or past it when more match.
        var hasNext: Bool { page < pageCount || !isExact }
    }

    /// A page's facets: counted, or skipped and why.
    enum Facets: Sendable {
        case counted([Facet])
        /// More matches than ``ServeConfiguration/facetMatchLimit``: not tried. The total, and
        /// whether it is exact (else more than it match).
        case tooMany(Int, exact: Bool)
        /// Tried, and the time limit ran out first.
        case outOfTime
    }

    static func render(query: String, answer: QueryAnswer, paging: Paging, facets: Facets) -> HTML {
        let outcome = answer.outcome
        let start = (paging.page - 1) * paging.pageSize
        let table: HTML
        switch outcome.rows {
        case let .claims(rows): table = claims(Array(rows.dropFirst(start).prefix(paging.pageSize)))
        case let .sources(rows): table = sources(Array(rows.dropFirst(start).prefix(paging.pageSize)))
        case let .citations(rows): table = citations(Array(rows.dropFirst(start).prefix(paging.pageSize)))
        }
        let shownEnd = min(start + paging.pageSize, outcome.count)
        let summary: HTML = outcome.count == 0
            ? "<p class=\"notice\" role=\"status\">\(answer.notice?.message ?? "no results")</p>"
            : "<p class=\"notice\" role=\"status\">Results \(start + 1)–\(shownEnd) of \(outcome.isTotalExact ? "" : "more than ")\(outcome.total) \(outcome.compiled.query.target.rawValue).</p>"
        let canonical = QueryPrinter.print(outcome.compiled.query)
        let exports = ExportStyle.allCases.map { style -> HTML in
            "<a class=\"button secondary\" href=\"\(URLText.link("/api/export", [("q", query), ("style", style.rawValue)]))\">\(style.rawValue)</a>"
        }
        return Layout.page(title: query, query: query, """
        <h1>\(canonical)</h1>
        \(summary)
        <div class="layout">
        <aside class="facets" aria-label="Facets">\(facetList(facets, query: query))</aside>
        <section aria-label="Results">
        \(table)
        \(pager(query: query, paging: paging))
        <p class="downloads">Download the sources as \(exports.joined(separator: " ")) · <a href="\(jsonLink(query: query, outcome: outcome))">JSON</a></p>
        </section>
        </div>
        """)
    }

    static func errorPage(query: String, error: HTML, status: Int) -> HTML {
        Layout.page(title: status == 503 ? "Query stopped" : "Query error", query: query, queryError: error, "")
    }

    /// A query diagnostic as the CLI shows it: the message, the query with a caret under the
    /// offending word, and the help.
    static func diagnostic(_ diagnostic: Diagnostic) -> HTML {
        let location = diagnostic.location
        let line = location.text.split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst(max(0, location.line - location.firstLineNumber)).first.map(String.init) ?? location.text
        let caret = String(repeating: " ", count: max(0, location.column - 1)) + String(repeating: "^", count: max(1, location.range.count))
        return """
        <div class="error" role="alert" id="query-error">
        <strong>error[\(diagnostic.id)]</strong>: \(diagnostic.message) <span class="muted">(line \(location.line), column \(location.column))</span>
        <pre>\(line)
        \(caret)</pre>
        \(diagnostic.help.map { help -> HTML in "<p>help: \(help)</p>" } ?? .empty)
        </div>
        """
    }

    static func message(_ text: String) -> HTML {
        "<div class=\"error\" role=\"alert\" id=\"query-error\">\(text)</div>"
    }

    /// The facets (counts over all the matches, from the engine's `group by`), each value a
    /// link that adds its filter or, when selected, removes it as the query wrote it.
    static func facetList(_ outcome: Facets, query: String) -> HTML {
        let facets: [Facet]
        switch outcome {
        case let .counted(counted): facets = counted
        case let .tooMany(total, exact):
            return "<p class=\"muted facets-skipped\">Facet counts skipped: \(exact ? "" : "more than ")\(total) results; narrow the query (a subject, a filter) to see them.</p>"
        case .outOfTime:
            return "<p class=\"muted facets-skipped\">Facet counts skipped: counting them over all the matches took longer than this server's time limit. Narrow the query to see them.</p>"
        }
        guard !facets.isEmpty else { return .empty }
        let groups = facets.map { facet -> HTML in
            let items = facet.entries.map { entry -> HTML in
                let target = (try? KBService.togglingFilter(facet.field, value: entry.written ?? entry.value, in: query)) ?? query
                let label: HTML = entry.isSelected ? "<span aria-hidden=\"true\">✕ </span>\(entry.value)<span class=\"skip\"> (remove filter)</span>" : "\(entry.value)"
                return "<li class=\"\(entry.isSelected ? "selected" : "")\"><a href=\"\(URLText.results(target))\">\(label)</a><span class=\"count\">\(entry.count)</span></li>"
            }
            return "<h2>\(facet.field.rawValue)</h2><ul>\(items)</ul>"
        }
        return "\(groups)"
    }

    /// The page's answer as JSON: `/api/query` counts up to 1000 matches, so a page that counted
    /// more exactly (up to its facet limit) links with `exact_total=true`, and both say the same
    /// total (trial: the page said 1024, its JSON "more than 1000").
    static func jsonLink(query: String, outcome: QueryOutcome) -> String {
        let exact = outcome.isTotalExact && outcome.total > TotalCount.standardBound
        return URLText.link("/api/query", [("q", query)] + (exact ? [("exact_total", "true")] : []))
    }

    static func pager(query: String, paging: Paging) -> HTML {
        guard paging.pageCount > 1 || paging.hasNext else { return .empty }
        let previous: HTML = paging.page > 1 ? "<a rel=\"prev\" href=\"\(URLText.results(query, page: paging.page - 1))\">← Previous</a>" : .empty
        let next: HTML = paging.hasNext ? "<a rel=\"next\" href=\"\(URLText.results(query, page: paging.page + 1))\">Next →</a>" : .empty
        // A total counted up to a bound gives no last page: only where the pages have come to.
        let position = paging.isExact ? "Page \(paging.page) of \(paging.pageCount)" : "Page \(paging.page) of more than \(paging.pageCount)"
        return "<nav class=\"pager\" aria-label=\"Pages\">\(previous)<span>\(position)</span>\(next)</nav>"
    }

    static func why(_ factors: [WhyFactor]) -> HTML {
        guard !factors.isEmpty else { return .empty }
        let items = factors.map { factor -> HTML in
            "<li>\(factor.factor): \(factor.value)\(factor.effect.map { " (\(ResultRenderer.fixed($0)))" } ?? "")</li>"
        }
        return "<details class=\"why\"><summary>why</summary><ul>\(items)</ul></details>"
    }

    static func claims(_ rows: [ClaimResult]) -> HTML {
        let body = rows.map { row -> HTML in
            let evidence = [row.study?.design?.rawValue, row.study?.n.map { "n=\($0)" },
                            row.study.map { "preregistered: \($0.preregistered.rawValue)" }, "replication: \(row.claim.replication.rawValue)"]
                .compactMap { $0 }.joined(separator: ", ")
            let source: HTML = row.source.map { source -> HTML in
                "<a href=\"\(URLText.source(source.slug))\">\(source.slug)</a>\(row.isRetracted ? HTML(" <span class=\"retracted\">retracted</span>") : HTML.empty)"
            } ?? "<span class=\"muted\">no source</span>"
            return """
            <tr><td class="num">\(row.rank)</td><td class="num">\(ResultRenderer.fixed(row.score))</td><td>\(Layout.gradeBadge(row.grade.rawValue))</td>
            <td><a href="\(URLText.claim(row.claim.slug))">\(row.claim.statement)</a>\(why(row.why))</td><td>\(evidence)</td><td>\(source)</td></tr>
            """
        }
        return """
        <table><caption class="skip">Ranked claims</caption>
        <thead><tr><th scope="col">#</th><th scope="col">score</th><th scope="col">grade</th><th scope="col">claim</th><th scope="col">evidence</th><th scope="col">source</th></tr></thead>
        <tbody>\(body)</tbody></table>
        """
    }

    static func sources(_ rows: [SourceResult]) -> HTML {
        let body = rows.map { row -> HTML in
            let designs = Set(row.studies.compactMap { $0.design?.rawValue }).sorted().joined(separator: ", ")
            return """
            <tr><td class="num">\(row.rank)</td><td><a href="\(URLText.source(row.source.slug))">\(row.source.slug)</a></td>
            <td>\(APAStyle.reference(for: row.source).plainText)</td><td>\(designs)</td><td class="num">\(row.claimCount)</td>
            <td>\(row.bestGrade.map { Layout.gradeBadge($0.rawValue) } ?? HTML.empty)</td></tr>
            """
        }
        return """
        <table><thead><tr><th scope="col">#</th><th scope="col">source</th><th scope="col">citation</th><th scope="col">designs</th><th scope="col">claims</th><th scope="col">best grade</th></tr></thead>
        <tbody>\(body)</tbody></table>
        """
    }

    static func citations(_ rows: [(rank: Int, source: Source, reference: StyledText)]) -> HTML {
        let items = rows.map { row -> HTML in
            "<li><a href=\"\(URLText.source(row.source.slug))\">\(row.reference.plainText)</a></li>"
        }
        return "<ol class=\"plain\">\(items)</ol>"
    }
}
