import KBCore

/// `/claims/ID`, `/sources/ID`, `/nodes/KIND/SLUG`: one record in full, linked to its neighbours.
enum RecordPages {
    static func row(_ label: String, _ value: String?) -> HTML {
        guard let value, !value.isEmpty else { return .empty }
        return "<dt>\(label)</dt><dd>\(value)</dd>"
    }

    static func claim(_ claim: Claim, source: Source?, study: Study?, strength: Double, grade: Grade, replicatedBy: [String: Source], extra: HTML = .empty) -> HTML {
        let about = claim.about.map { reference -> HTML in
            "<a href=\"\(URLText.node(reference.kind.rawValue, reference.slug))\">\(reference.kind.rawValue):\(reference.slug)</a>"
        }.joined(separator: ", ")
        let quantity = claim.quantity.map { quantity in
            [quantity.metric, quantity.value.map { ResultRenderer.fixed($0) }, quantity.unit].compactMap { $0 }.joined(separator: " ")
        }
        let replications = claim.replications.map { replication -> HTML in
            let citation = replicatedBy[replication.sourceSlug].map { APAStyle.reference(for: $0).plainText } ?? replication.sourceSlug
            // A linked replicating claim is named (and linked) itself; a source link only when it has one.
            let byClaim: HTML = replication.claimSlug.map { slug -> HTML in
                replication.sourceSlug.isEmpty ? "<a href=\"\(URLText.claim(slug))\">claim \(slug)</a>" : "<a href=\"\(URLText.claim(slug))\">claim \(slug)</a> of "
            } ?? ""
            let source: HTML = replication.sourceSlug.isEmpty ? "" : "<a href=\"\(URLText.source(replication.sourceSlug))\">\(citation)</a>"
            return "<li>\(byClaim)\(source): \(replication.outcome.rawValue)\(replication.note.map { " — \($0)" } ?? "")</li>"
        }
        let sourceRow: HTML = source.map { source -> HTML in
            markup("source", "<a href=\"\(URLText.source(source.slug))\">\(APAStyle.reference(for: source).plainText)</a>\(source.isRetracted ? HTML(" <span class=\"retracted\">retracted</span>") : HTML.empty)")
        } ?? markup("source", "<span class=\"muted\">no source: an assertion without a citation</span>")
        return Layout.page(title: claim.slug, """
        <h1>\(claim.statement)</h1>
        <dl class="record">
        \(row("id", claim.slug))
        \(markup("grade", Layout.gradeBadge(grade.rawValue)))
        \(row("strength", ResultRenderer.fixed(strength)))
        \(sourceRow)
        \(row("quote", claim.quote))
        \(row("locator", claim.locator))
        \(row("quantity", quantity))
        \(row("design", study?.design?.rawValue))
        \(row("n", study?.n.map(String.init)))
        \(row("n unit", study?.nUnit))
        \(row("preregistered", study?.preregistered.rawValue))
        \(row("replication", claim.replication.rawValue))
        \(row("economy-wide", claim.isEconomyWide ? "yes" : nil))
        \(claim.about.isEmpty ? HTML.empty : markup("about", about))
        \(row("note", claim.note))
        </dl>
        \(replications.isEmpty ? HTML.empty : "<h2>Replications</h2><ul class=\"plain\">\(replications)</ul>")
        <p><a href="\(URLText.link("/api/claims/" + URLText.encode(claim.slug), []))">JSON</a></p>
        \(extra)
        """)
    }

    static func source(_ source: Source, studies: [Study], claims: [String], replicates: [Catalog.ReplicatedClaim], citations: [(ExportStyle, String)], extra: HTML = .empty) -> HTML {
        let query = KBService.sourceQuery(source.slug)
        let styles = citations.enumerated().map { index, pair -> HTML in
            let (style, text) = pair
            return """
            <h3>\(style.rawValue)</h3>
            <pre class="citation" id="citation-\(index)">\(text)</pre>
            <p class="downloads"><a class="button secondary" href="\(URLText.link("/api/export", [("q", query), ("style", style.rawValue)]))" download>Download .\(style.fileExtension)</a>
            <button type="button" class="secondary" data-copy="citation-\(index)" hidden>Copy</button></p>
            """
        }
        let notices = source.notices.map { notice -> HTML in
            "<li><strong>\(notice.kind.rawValue)</strong>\(notice.date.map { " (\($0))" } ?? "")\(notice.reason.map { ": \($0)" } ?? "") \(Layout.externalLink(notice.url))</li>"
        }
        let studyItems = studies.map { study -> HTML in
            "<li>\(study.slug): \([study.design?.rawValue, study.n.map { "n=\($0)" }, "preregistered: \(study.preregistered.rawValue)"].compactMap { $0 }.joined(separator: ", "))</li>"
        }
        let claimsQuery = QueryPrinter.print(Query(target: .claims, condition: .predicate(Predicate(.compare(.source, .equal, Value(.string(source.slug)))))))
        let claimItems = claimItems(claims, more: "<a href=\"\(URLText.results(claimsQuery))\">\(claimsQuery)</a>")
        let replicateItems = replicates.map { item -> HTML in
            "<li><a href=\"\(URLText.claim(item.claimSlug))\">\(item.claimSlug)</a>: \(item.outcome.rawValue)\(item.note.map { " — \($0)" } ?? "")</li>"
        }
        let authors = source.contributors.filter { $0.role == "author" }.map(\.displayName).joined(separator: "; ")
        return Layout.page(title: source.slug, """
        <h1>\(source.title ?? source.slug)</h1>
        \(source.isRetracted ? HTML("<p class=\"retracted\" role=\"note\">This work is retracted.</p>") : HTML.empty)
        <dl class="record">
        \(row("id", source.slug))
        \(row("type", source.type))
        \(row("authors", authors))
        \(row("year", source.issued.map { String($0.year) }))
        \(row("in", source.containerTitle))
        \(row("publisher", source.publisher))
        \(markup("DOI", source.doi.map { doi -> HTML in Layout.externalLink("https://doi.org/" + doi) }))
        \(markup("URL", source.url.map { Layout.externalLink($0) }))
        \(row("peer-reviewed", source.isPeerReviewed.map { $0 ? "yes" : "no" }))
        \(row("note", source.note))
        </dl>
        \(notices.isEmpty ? HTML.empty : "<h2>Notices</h2><ul class=\"plain\">\(notices)</ul>")
        \(studyItems.isEmpty ? HTML.empty : "<h2>Studies</h2><ul class=\"plain\">\(studyItems)</ul>")
        <h2>Claims that cite it</h2>
        \(claimItems.isEmpty ? HTML("<p class=\"muted\">None.</p>") : "<ul class=\"plain\">\(claimItems)</ul>")
        \(replicateItems.isEmpty ? HTML.empty : "<h2>Claims it tried to replicate</h2><ul class=\"plain\">\(replicateItems)</ul>")
        <h2>Citation</h2>
        \(styles)
        \(extra)
        """)
    }

    static func markup(_ label: String, _ value: HTML?) -> HTML {
        guard let value else { return .empty }
        return "<dt>\(label)</dt><dd>\(value)</dd>"
    }

    /// Claims listed on a node's page before "and N more" (a popular role has thousands).
    static let claimsShown = 100

    /// The first ``claimsShown`` claims as list items, then "and N more: `more`".
    static func claimItems(_ slugs: [String], more: HTML) -> [HTML] {
        slugs.prefix(claimsShown).map { slug -> HTML in "<li><a href=\"\(URLText.claim(slug))\">\(slug)</a></li>" }
            + (slugs.count > claimsShown ? ["<li class=\"muted\">and \(slugs.count - claimsShown) more: \(more)</li>"] : [])
    }

    static func node(_ detail: Catalog.EntityDetail) -> HTML {
        let entity = detail.entity
        let kind = entity.kind.rawValue
        let edges = detail.edges.map { edge -> HTML in
            // "-kind-> otherKind:slug (weight w): note": the second word names the neighbour.
            let words = edge.split(separator: " ", maxSplits: 2).map(String.init)
            guard words.count >= 2 else { return "<li>\(edge)</li>" }
            let parts = words[1].split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, EntityKind(rawValue: parts[0]) != nil else { return "<li>\(edge)</li>" }
            let rest = words.count > 2 ? " " + words[2] : ""
            return "<li>\(words[0]) <a href=\"\(URLText.node(parts[0], parts[1]))\">\(words[1])</a>\(rest)</li>"
        }
        let attributes = detail.attributes.map { attribute -> HTML in
            "<li>\(attribute.name)\(attribute.context.isEmpty ? "" : " (\(attribute.context))"): \(attribute.value)</li>"
        }
        let claims = claimItems(detail.claims, more: "see the ranked query above")
        let queryable: Set<EntityKind> = [.role, .skill]
        let claimsQuery = queryable.contains(entity.kind) ? "claims for \(entity.slug)" : "claims where \(kind)=\(entity.slug)"
        return Layout.page(title: "\(kind):\(entity.slug)", """
        <h1>\(entity.name) <span class="muted">(\(kind))</span></h1>
        <dl class="record">
        \(row("id", "\(kind):\(entity.slug)"))
        \(row("description", detail.description))
        \(row("aliases", detail.aliases.joined(separator: ", ")))
        </dl>
        \(attributes.isEmpty ? HTML.empty : "<h2>Attributes</h2><ul class=\"plain\">\(attributes)</ul>")
        <h2>Neighbours</h2>
        \(edges.isEmpty ? HTML("<p class=\"muted\">None.</p>") : "<ul class=\"plain\">\(edges)</ul>")
        <h2>Claims</h2>
        <p><a href="\(URLText.results(claimsQuery))">Ranked: \(claimsQuery)</a></p>
        \(claims.isEmpty ? HTML("<p class=\"muted\">None directly about it.</p>") : "<ul class=\"plain\">\(claims)</ul>")
        """)
    }

    static func notFound(_ message: String, suggestions: [ServeError.Suggestion] = []) -> HTML {
        var links = HTML.empty
        for (index, suggestion) in suggestions.enumerated() {
            let separator: HTML = index == 0 ? .empty : ", "
            links = links + separator + "<a href=\"\(suggestion.path)\">\(suggestion.label)</a>"
        }
        let meant: HTML = suggestions.isEmpty ? .empty : "<p>Did you mean \(links)?</p>"
        return Layout.page(title: "Not found", "<h1>Not found</h1><p>\(message)</p>\(meant)")
    }

    static func failure(_ title: String, _ message: String) -> HTML {
        Layout.page(title: title, "<h1>\(title)</h1><p role=\"alert\">\(message)</p>")
    }
}
