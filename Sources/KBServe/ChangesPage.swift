import KBCore

/// `/changes`: the change log (`kb log`), newest first, filtered by `since`, `author` and
/// `record`; and a record's history, the same table on its claim or source page.
enum ChangesPage {
    /// Changes a page (and the API, for a record) lists at most: the newest, the older ones a
    /// link away (`before`).
    static let shown = 500

    /// The page of `filter`'s changes below `before`: `changes` holds the newest ``shown`` and,
    /// when there are older ones, one more (review 16 m1: the older ones are a link away).
    static func render(_ changes: [Change], filter: ChangeLog.Filter, before: Int64? = nil, undoToken: String? = nil) -> HTML {
        let newest = Array(changes.reversed().prefix(shown))
        let below = before.map { " before change \($0)" } ?? ""
        let summary: HTML = changes.isEmpty ? "<p class=\"muted\">No changes match\(below).</p>"
            : changes.count > shown ? "<p class=\"muted\">The newest \(shown) changes\(below); <a href=\"\(older(filter, before: newest[newest.count - 1].id))\">older changes</a>.</p>"
            : "<p class=\"muted\">\(changes.count) changes\(below), newest first.</p>"
        let json = URLText.link("/api/changes", [("since", filter.since), ("author", filter.author), ("record", filter.record),
                                                 ("before", filter.record == nil ? nil : before.map(String.init))])
        return Layout.page(title: "Changes", """
        <h1>Changes</h1>
        <form class="map" action="/changes" method="get">
        <label for="changes-since">Since</label> <input type="text" id="changes-since" name="since" value="\(filter.since)" placeholder="2026-11-30">
        <label for="changes-author">Author</label> <input type="text" id="changes-author" name="author" value="\(filter.author)">
        <label for="changes-record">Record</label> <input type="text" id="changes-record" name="record" value="\(filter.record)">
        <button type="submit">Filter</button>
        </form>
        \(summary)
        \(newest.isEmpty ? HTML.empty : table(newest, undoToken: undoToken))
        <p><a href="\(json)">These changes as JSON</a></p>
        """)
    }

    /// A record's history on its page: its changes, newest first, at most ``shown`` of them
    /// (`changes` holds one more when there are older ones), the older ones on
    /// `/changes?record=ID&before=OLDEST` (review 16 m1: not the same 500 again).
    static func history(_ changes: [Change], record: String, shown: Int = shown) -> HTML {
        guard !changes.isEmpty else { return "<h2>History</h2><p class=\"muted\">No changes logged.</p>" }
        let newest = Array(changes.reversed().prefix(shown))
        let more: HTML = changes.count > shown
            ? "<p class=\"muted\">The newest \(shown) changes; <a href=\"\(older(ChangeLog.Filter(record: record), before: newest[newest.count - 1].id))\">older ones on the change log</a>.</p>"
            : .empty
        return "<h2>History</h2>\(table(newest, linksRecords: false))\(more)"
    }

    /// The change log's page (or the API's list) of `filter`'s changes older than change `before`.
    static func older(_ filter: ChangeLog.Filter, before: Int64, api: Bool = false) -> String {
        URLText.link(api ? "/api/changes" : "/changes", [("since", filter.since), ("author", filter.author), ("record", filter.record), ("before", String(before))])
    }

    /// With `undoToken` (write mode), each change gets its undo button.
    static func table(_ changes: some Sequence<Change>, linksRecords: Bool = true, undoToken: String? = nil) -> HTML {
        let rows = changes.map { change -> HTML in
            // A relation's change on a claim's history names the relation: the claim is only one end of it.
            let what: HTML = linksRecords || change.recordKind == "relation" ? "\(change.action) \(change.recordKind) \(record(change))" : "\(change.action) \(change.recordKind)"
            let fields = change.fields.contains("*") ? "" : CuratedValues.fields(of: change).joined(separator: ", ")
            let reason = change.shownReason
            return """
            <tr><td>\(Int(change.id))</td><td>\(change.time)</td><td>\(change.author)</td><td><code>\(change.command)</code></td>\
            <td>\(what)</td><td>\(fields)</td><td>\(change.version.map(String.init))</td><td>\(reason)</td>\(undoToken.map { "<td>\(WriteForms.undo(change.id, token: $0))</td>" as HTML } ?? HTML.empty)</tr>
            """
        }
        return """
        <table class="changes">
        <thead><tr><th scope="col">change</th><th scope="col">time (UTC)</th><th scope="col">author</th><th scope="col">command</th>\
        <th scope="col">what</th><th scope="col">fields</th><th scope="col">version</th><th scope="col">reason</th>\(undoToken == nil ? HTML.empty : "<th scope=\"col\">undo</th>")</tr></thead>
        <tbody>
        \(rows)
        </tbody>
        </table>
        """
    }

    /// The record's id, linked to its page when it has one.
    static func record(_ change: Change) -> HTML {
        switch change.recordKind {
        case "claim": "<a href=\"\(URLText.claim(change.recordId))\">\(change.recordId)</a>"
        case "source": "<a href=\"\(URLText.source(change.recordId))\">\(change.recordId)</a>"
        default: "\(change.recordId)"
        }
    }
}
