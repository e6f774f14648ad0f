/// The frame every page shares: header with navigation, the query box, main content, footer.
enum Layout {
    static func page(title: String, query: String = "", queryError: HTML = .empty, showsQueryBox: Bool = true, _ body: HTML) -> HTML {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · kb</title>
        <link rel="stylesheet" href="/static/kb.css">
        <script src="/static/kb.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#content">Skip to content</a>
        <header class="site"><nav aria-label="Site">
        <a class="brand" href="/">kb</a>
        <a href="/">Home</a>
        <a href="/map">Map</a>
        <a href="/changes">Changes</a>
        <a href="/audit">Audit</a>
        <a href="/openapi.json">API</a>
        </nav></header>
        <main id="content">
        \(showsQueryBox ? queryBox(query, error: queryError) : HTML.empty)
        \(body)
        </main>
        <footer class="site">kb — evidence and citations for skills, hiring and AI at work. Press / to jump to the query box.</footer>
        </body>
        </html>

        """
    }

    static func queryBox(_ query: String, error: HTML) -> HTML {
        """
        <form class="query" action="/query" method="get" role="search">
        <label for="q">Query</label>
        <input type="text" id="q" name="q" value="\(query)" placeholder="claims for ml-platform-engineer where cohort=older" autocomplete="off" spellcheck="false" aria-describedby="q-help">
        <button type="submit">Run</button>
        <span id="q-help" class="muted">e.g. <code>claims where grade &gt;= moderate rank by strength</code></span>
        </form>
        \(error)
        """
    }

    static func gradeBadge(_ grade: String) -> HTML {
        "<span class=\"grade grade-\(grade)\">\(grade)</span>"
    }

    /// A link to an external address only when it is http(s); anything else (a `javascript:`
    /// URL from an imported file) is shown as text.
    static func externalLink(_ url: String?) -> HTML {
        guard let url, !url.isEmpty else { return .empty }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return "\(url)" }
        return "<a href=\"\(url)\" rel=\"noopener noreferrer\">\(url)</a>"
    }
}
