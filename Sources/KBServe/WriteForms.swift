import KBCore

/// The write forms (`--write`): add and edit a claim or a source, retract (a notice), link,
/// remove, undo. Every form posts to this site with the browser's CSRF token; an edit carries
/// the version it was shown, so a change made meanwhile is refused (409) rather than lost.
enum WriteForms {
    /// Fields written in a text area rather than a one-line input.
    static let long: Set<String> = ["statement", "quote", "note", "title", "design-quote", "authors", "editors"]

    static func csrf(_ token: String) -> HTML {
        "<input type=\"hidden\" name=\"\(CSRFTokens.fieldName)\" value=\"\(token)\">"
    }

    static func version(_ version: Int?) -> HTML {
        version.map { "<input type=\"hidden\" name=\"_if_version\" value=\"\($0)\">" } ?? .empty
    }

    static func reason(_ value: String?) -> HTML {
        "<label for=\"w-reason\">Why (kept in the change log)</label><input type=\"text\" id=\"w-reason\" name=\"_reason\" value=\"\(value)\">"
    }

    static func error(_ message: String?) -> HTML {
        message.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? .empty
    }

    /// The form to add (`id` nil) or edit a claim or source: one input per field `kb add` takes.
    /// An edit shows the stored values and writes only the fields changed (an emptied one is
    /// cleared); `stored` puts a field's stored value under the user's, after a stale edit.
    /// A value with a line break is always edited in a text area: a browser drops the line
    /// breaks of a one-line input's value, so saving the form would change it (review 11 M2).
    static func record(_ kind: RecordKind, id: String?, values: [String: String], token: String, version: Int?, message: String?,
                       stored: [String: String] = [:], notice: HTML = .empty) -> HTML {
        let noun = kind.rawValue
        let action = id.map { (kind == .claim ? URLText.claim($0) : URLText.source($0)) + "/edit" } ?? "/new/\(noun)"
        let inputs = CuratedFields.names(kind).filter { id == nil || ($0 != "id" && $0 != "year") }.map { name -> HTML in
            let inputID = "w-\(name)"
            let multiline = (values[name] ?? "").contains(where: \.isNewline) || (stored[name] ?? "").contains(where: \.isNewline)
            let control: HTML = long.contains(name) || multiline
                ? "<textarea id=\"\(inputID)\" name=\"\(name)\" rows=\"3\">\(values[name])</textarea>"
                : "<input type=\"text\" id=\"\(inputID)\" name=\"\(name)\" value=\"\(values[name])\">"
            let now: HTML = stored[name].map { value in
                value.isEmpty ? "<p class=\"muted stored\">Stored now: (empty)</p>" : "<p class=\"muted stored\">Stored now: <q>\(value)</q></p>"
            } ?? .empty
            return "<label for=\"\(inputID)\">\(name)</label>\(control)\(now)"
        }
        let title = id.map { "Edit \(noun) \($0)" } ?? "Add a \(noun)"
        let help: HTML = id == nil
            ? "<p class=\"muted\">Fill in what you know; \(kind == .claim ? "statement" : "title") is required. Lists take commas (about: <code>role:data-scientist, cohort:older-workers</code>).</p>"
            : "<p class=\"muted\">The fields show what is stored (version \(version.map(String.init) ?? "?")); only the ones you change are written, and a field you empty is cleared.</p>"
        return Layout.page(title: title, """
        <h1>\(title)</h1>
        \(error(message))\(notice)
        \(help)
        <form class="write" action="\(action)" method="post">
        \(csrf(token))\(Self.version(version))
        \(inputs)
        \(reason(values["_reason"]))
        <button type="submit">\(id == nil ? "Add" : "Save")</button>
        </form>
        """)
    }

    /// What an edit saved as shown says: nothing was written, and the way back.
    static func nothingChanged(_ kind: RecordKind, id: String) -> HTML {
        let page = kind == .claim ? URLText.claim(id) : URLText.source(id)
        return "<p class=\"notice\" role=\"status\" id=\"nothing-changed\">Nothing changed: every field is as stored, so nothing was written. <a href=\"\(page)\">Back to the \(kind.rawValue)</a>.</p>"
    }

    /// The write actions on a claim's or source's page.
    static func actions(_ kind: RecordKind, id: String, version: Int?, token: String) -> HTML {
        let base = kind == .claim ? URLText.claim(id) : URLText.source(id)
        let specific: HTML
        if kind == .claim {
            let kinds = Curator.relationKinds.map { kind -> HTML in "<option>\(kind)</option>" }
            specific = """
            <form class="map" action="\(base)/link" method="post">\(csrf(token))
            <label for="w-link-kind">Link this claim</label> <select id="w-link-kind" name="kind">\(kinds)</select>
            <label for="w-link-to">claim</label> <input type="text" id="w-link-to" name="to" required>
            <label for="w-link-note">note</label> <input type="text" id="w-link-note" name="note">
            <button type="submit">Link</button></form>
            """
        } else {
            let kinds = NoticeKind.allCases.map { kind -> HTML in "<option>\(kind.rawValue)</option>" }
            specific = """
            <form class="map" action="\(base)/notice" method="post">\(csrf(token))
            <label for="w-notice-kind">Notice</label> <select id="w-notice-kind" name="kind">\(kinds)</select>
            <label for="w-notice-date">date</label> <input type="text" id="w-notice-date" name="date" placeholder="2026-11-30">
            <label for="w-notice-reason">reason</label> <input type="text" id="w-notice-reason" name="reason">
            <label for="w-notice-url">URL</label> <input type="text" id="w-notice-url" name="url">
            <button type="submit">Add the notice</button></form>
            """
        }
        return """
        <h2>Curate</h2>
        <p><a class="button secondary" href="\(base)/edit">Edit this \(kind.rawValue)</a></p>
        \(specific)
        <form class="map" action="\(base)/remove" method="post">\(csrf(token))\(Self.version(version))
        <label><input type="checkbox" name="cascade" value="yes"> with what depends on it</label>
        <button type="submit" class="secondary">Remove this \(kind.rawValue)</button></form>
        """
    }

    /// An undo refused because a later change overrode it: the message, and the button that
    /// undoes it anyway (as `kb undo N --force`).
    static func undoAnyway(_ change: Int64, message: String, token: String) -> HTML {
        Layout.page(title: "Not undone", """
        <h1>Not undone</h1><p role="alert">\(message)</p>
        <form action="/changes/\(Int(change))/undo" method="post">\(csrf(token))<input type="hidden" name="force" value="yes">
        <button type="submit" class="secondary">Undo change \(Int(change)) anyway</button> <a href="/changes">Back to the changes</a></form>
        """)
    }

    /// A removal refused (409): the message in the form's words and the remove form again, with
    /// the record's current version and the cascade box as the user sent it (review 13 m3),
    /// not the API's "if_version" and "cascade=yes" a form user cannot send (trial 9 bug 4).
    static func removeAgain(_ kind: RecordKind, id: String, version: Int?, cascade: Bool, message: String, token: String) -> HTML {
        let base = kind == .claim ? URLText.claim(id) : URLText.source(id)
        return Layout.page(title: "Not removed", """
        <h1>Not removed</h1><p role="alert">\(message)</p>
        <form class="map" action="\(base)/remove" method="post">\(csrf(token))\(Self.version(version))
        <label><input type="checkbox" name="cascade" value="yes"\(cascade ? " checked" : "")> with what depends on it</label>
        <button type="submit" class="secondary">Remove this \(kind.rawValue)</button> <a href="\(base)">Back to the \(kind.rawValue)</a></form>
        """)
    }

    /// The undo button of one change on the change log.
    static func undo(_ change: Int64, token: String) -> HTML {
        "<form action=\"/changes/\(Int(change))/undo\" method=\"post\">\(csrf(token))<button type=\"submit\" class=\"secondary\">Undo</button></form>"
    }
}
