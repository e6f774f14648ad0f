import KBCore

/// `/changes`: the change log (`kb log`), newest first, filtered by `since`, `author` and
/// `record`; and a record's history, the same table on its claim or source page.
enum ChangesPage {
    /// Changes a page lists at most (the newest); the API has them all.
    static let shown = 500

    static func render(_ changes: [Change], filter: ChangeLog.Filter, undoToken: String? = nil) -> HTML {
        let newest = Array(changes.reversed().prefix(shown))
        let summary: HTML = changes.isEmpty ? "<p class=\"muted\">No changes match.</p>"
            : changes.count > shown ? "<p class=\"muted\">The newest \(shown) of \(changes.count) changes.</p>"
            : "<p class=\"muted\">\(changes.count) changes, newest first.</p>"
        let json = URLText.link("/api/changes", [("since", filter.since), ("author", filter.author), ("record", filter.record)])
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

    /// A record's history on its page: its changes, newest first, at most ``shown`` of them, the
    /// rest on `/changes?record=ID` (the same list: review 13 m4).
    static func history(_ changes: [Change], record: String, shown: Int = shown) -> HTML {
        guard !changes.isEmpty else { return "<h2>History</h2><p class=\"muted\">No changes logged.</p>" }
        let more: HTML = changes.count > shown
            ? "<p class=\"muted\">The newest \(shown) of \(changes.count) changes; <a href=\"\(URLText.link("/changes", [("record", record)]))\">\(changes.count - shown) more on the change log</a>.</p>"
            : .empty
        return "<h2>History</h2>\(table(changes.reversed().prefix(shown), linksRecords: false))\(more)"
    }

    /// With `undoToken` (write mode), each change gets its undo button.
    static func table(_ changes: some Sequence<Change>, linksRecords: Bool = true, undoToken: String? = nil) -> HTML {
        let rows = changes.map { change -> HTML in
            // A relation's change on a claim's history names the relation: the claim is only one end of it.
            let what: HTML = linksRecords || change.recordKind == "relation" ? "\(change.action) \(change.recordKind) \(record(change))" : "\(change.action) \(change.recordKind)"
            let fields = change.fields.contains("*") ? "" : CuratedValues.fields(of: change).joined(separator: ", ")
            let reason = (change.undoes.map { "undoes \($0); " } ?? "") + (change.reason ?? "")
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
