import KBCore

/// `/`: the query box, the saved queries, the cohort × boundary gap map, what the KB holds and
/// its taxonomy to browse.
enum HomePage {
    static let browsable: [EntityKind] = [.role, .skill, .cohort, .boundary]
    /// Nodes listed per kind before "and N more".
    static let nodesShown = 40

    /// What the home page reads from the KB besides the map: `kb stats`, and the nodes of each
    /// browsable kind with their claims.
    struct Parts: Sendable {
        var statistics: [(String, String)]
        var nodes: [(EntityKind, [Catalog.Entry])]
    }

    static func render(saved: [SavedQuery], statistics: [(String, String)], nodes: [(EntityKind, [Catalog.Entry])], map: GapMap?) -> HTML {
        let savedItems = saved.map { query -> HTML in
            "<li><a href=\"\(URLText.results(query.query))\">\(query.title)</a> <code class=\"muted\">\(query.query)</code></li>"
        }
        let stats = statistics.map { label, value -> HTML in "<dt>\(label)</dt><dd>\(value)</dd>" }
        let browse = nodes.map { kind, entries -> HTML in
            let shown = entries.prefix(nodesShown).map { entry -> HTML in
                "<li><a href=\"\(URLText.node(kind.rawValue, entry.id))\">\(entry.name)</a> <span class=\"muted\">\(entry.claims ?? 0) claims</span></li>"
            }
            let more: HTML = entries.count > nodesShown ? "<li class=\"muted\">and \(entries.count - nodesShown) more</li>" : .empty
            return "<section><h3>\(kind.plural.capitalized)</h3><ul class=\"plain\">\(shown)\(more)</ul></section>"
        }
        return Layout.page(title: "Home", """
        <h1>Evidence and citations for skills, hiring and AI at work</h1>
        <h2>Saved queries</h2>
        <ul class="plain">\(savedItems)</ul>
        <h2>Evidence gap map: cohort × boundary</h2>
        \(map.map(MapPage.figure) ?? "<p class=\"muted\">Left out: drawing it took longer than this server's time limit.</p>")
        <p><a href="/map">Map any two fields</a></p>
        <h2>In this knowledge base</h2>
        <dl class="record">\(stats)</dl>
        <h2>Browse</h2>
        \(browse)
        """)
    }
}
