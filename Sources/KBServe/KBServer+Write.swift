import Foundation
import Hummingbird
import KBCore

/// The write forms (`--write`): each posts to the route it was shown on, goes through the
/// facade's curation methods (the `kb add`, `edit`, `notice`, `link`, `remove`, `undo` of the
/// CLI: the same validation, change log and audit), and answers with a redirect to what it
/// wrote (303), or the form again with the message: 400 invalid, 409 stale, 403 a missing or
/// wrong CSRF token.
extension KBServer {
    func addWriteForms(to router: Router<KBRequestContext>) {
        for kind in [RecordKind.claim, .source] {
            let plural = kind == .claim ? "claims" : "sources"
            router.get("/new/\(kind.rawValue)") { request, _ in
                let (token, headers) = self.formToken(request)
                return Responses.html(WriteForms.record(kind, id: nil, values: [:], token: token, version: nil, message: nil), headers: headers)
            }
            router.post("/new/\(kind.rawValue)") { request, _ in
                let form = try await self.form(request)
                do {
                    let result = try await self.write(request, reason: form["_reason"], version: nil) { service, options in
                        try service.add(kind, fields: Self.assignments(form, kind: kind), options: options)
                    }
                    let id = result.ids.first ?? ""
                    return Responses.redirect(kind == .claim ? URLText.claim(id) : URLText.source(id))
                } catch {
                    return try self.formFailure(error, request: request) { token, message in
                        WriteForms.record(kind, id: nil, values: form, token: token, version: nil, message: message)
                    }
                }
            }
            router.get("/\(plural)/:id/edit") { request, context in
                let id = Self.pathParameter(context, "id")
                guard let found = try await self.call({ try $0.curatedRecord(id) }), found.record.kind == kind else {
                    throw ServeError.notFound("no \(kind.rawValue) '\(id)'")
                }
                let (token, headers) = self.formToken(request)
                return Responses.html(WriteForms.record(kind, id: id, values: CuratedValues.of(found.record), token: token, version: found.version, message: nil),
                                      headers: headers)
            }
            router.post("/\(plural)/:id/edit") { request, context in
                let id = Self.pathParameter(context, "id")
                let form = try await self.form(request)
                let version = form["_if_version"].flatMap { Int($0) }
                do {
                    let written = try await self.write(request, reason: form["_reason"], version: version) { service, options -> CurationResult? in
                        // The form shows every stored value: only what differs from them is written.
                        let stored = try service.curatedRecord(id).map { CuratedValues.of($0.record) } ?? [:]
                        let changes = Self.changes(form, from: stored, kind: kind)
                        return changes.isEmpty ? nil : try service.edit(id, fields: changes, options: options)
                    }
                    guard written != nil else {
                        // Saved as shown: nothing is written, and the page says so (review 11 m10).
                        let (token, headers) = self.formToken(request)
                        let current = try await self.call { try $0.curatedRecord(id) }
                        return Responses.html(WriteForms.record(kind, id: id, values: current.map { CuratedValues.of($0.record) } ?? form, token: token,
                                                                version: current?.version ?? version, message: nil, notice: WriteForms.nothingChanged(kind, id: id)),
                                              headers: headers)
                    }
                    return Responses.redirect(kind == .claim ? URLText.claim(id) : URLText.source(id))
                } catch let error as CurationConflict {
                    guard let version, let stale = try await self.staleEdit(id, shown: version, form: form, kind: kind) else {
                        return try self.formFailure(error, request: request) { token, message in
                            WriteForms.record(kind, id: id, values: form, token: token, version: version, message: message)
                        }
                    }
                    let (token, headers) = self.formToken(request)
                    return Responses.html(WriteForms.record(kind, id: id, values: stale.values, token: token, version: stale.version,
                                                            message: stale.message, stored: stale.stored),
                                          status: 409, headers: headers)
                } catch {
                    return try self.formFailure(error, request: request) { token, message in
                        WriteForms.record(kind, id: id, values: form, token: token, version: version, message: message)
                    }
                }
            }
            router.post("/\(plural)/:id/remove") { request, context in
                let id = Self.pathParameter(context, "id")
                let form = try await self.form(request)
                do {
                    _ = try await self.write(request, reason: form["_reason"], version: form["_if_version"].flatMap { Int($0) }) { service, options in
                        try service.remove(id, cascade: form["cascade"] == "yes", options: options)
                    }
                    return Responses.redirect("/changes")
                } catch let conflict as CurationConflict {
                    // Stale or depended on: the form again, at the record's current version (trial 9 bug 4).
                    let current = try await self.call { try $0.curatedRecord(id) }
                    let (token, headers) = self.formToken(request)
                    // The box as the user sent it: one click must not remove what they did not choose to (review 13 m3).
                    return Responses.html(WriteForms.removeAgain(kind, id: id, version: current?.version, cascade: form["cascade"] == "yes",
                                                                 message: ConflictWording.removeForm(conflict), token: token),
                                          status: 409, headers: headers)
                } catch {
                    return try self.formFailure(error, request: request) { _, message in
                        RecordPages.failure("Not removed", message)
                    }
                }
            }
        }
        router.post("/sources/:id/notice") { request, context in
            let id = Self.pathParameter(context, "id")
            let form = try await self.form(request)
            do {
                guard let kind = NoticeKind(rawValue: form["kind"] ?? "") else {
                    throw ServeError.badRequest("a notice is one of: " + NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                try Self.requireNoticeParts(date: Self.nonEmpty(form["date"]), reason: Self.nonEmpty(form["reason"]), date: "its date", reason: "its reason")
                _ = try await self.write(request, reason: form["reason"], version: nil) { service, options in
                    try service.notice(id, kind: kind, date: Self.nonEmpty(form["date"]), reason: Self.nonEmpty(form["reason"]),
                                       url: Self.nonEmpty(form["url"]), options: options)
                }
                return Responses.redirect(URLText.source(id))
            } catch {
                return try self.formFailure(error, request: request) { _, message in RecordPages.failure("Notice not added", message) }
            }
        }
        router.post("/claims/:id/link") { request, context in
            let id = Self.pathParameter(context, "id")
            let form = try await self.form(request)
            do {
                _ = try await self.write(request, reason: form["_reason"], version: nil) { service, options in
                    try service.link(id, kind: form["kind"] ?? "", to: (form["to"] ?? "").trimmingCharacters(in: .whitespaces),
                                     note: Self.nonEmpty(form["note"]), options: options)
                }
                return Responses.redirect(URLText.claim(id))
            } catch {
                let error = Self.linkError(error, from: id, to: (form["to"] ?? "").trimmingCharacters(in: .whitespaces))
                return try self.formFailure(error, request: request) { _, message in RecordPages.failure("Not linked", message) }
            }
        }
        router.post("/changes/:id/undo") { request, context in
            let text = Self.pathParameter(context, "id")
            let form = try await self.form(request)
            do {
                guard let change = Int64(text) else { throw ServeError.notFound("no change '\(text)'") }
                _ = try await self.write(request, reason: form["_reason"], version: nil) { service, options in
                    try service.undo(change, force: form["force"] == "yes", options: options)
                }
                return Responses.redirect("/changes")
            } catch let conflict as CurationConflict where form["force"] != "yes" && ConflictWording.undoForm(conflict) != nil && Int64(text) != nil {
                // Overridden by a later change: said in the form's words, with the button that
                // undoes it anyway (the API's `"force": true`; trial 9 bug 4).
                let (token, headers) = self.formToken(request)
                return Responses.html(WriteForms.undoAnyway(Int64(text) ?? 0, message: ConflictWording.undoForm(conflict) ?? "", token: token),
                                      status: 409, headers: headers)
            } catch {
                return try self.formFailure(error, request: request) { _, message in RecordPages.failure("Not undone", message) }
            }
        }
    }

    // MARK: Shared by the forms and the API

    /// A notice's date and reason, required before the library is asked (its errors name the
    /// CLI's `--date` and `--reason`): `dateName` and `reasonName` as the form or the API calls them.
    static func requireNoticeParts(date: String?, reason: String?, date dateName: String, reason reasonName: String) throws {
        guard let date, !date.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ServeError.badRequest("a notice needs \(dateName): the date it appeared (2024, 2024-05 or 2024-05-02)")
        }
        guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ServeError.badRequest("a notice needs \(reasonName) (\"data fabrication\")")
        }
    }

    /// The CSRF token for a form shown to `request`'s browser, and the header that sets its
    /// cookie when the browser has none yet.
    func formToken(_ request: Request) -> (token: String, headers: HTTPFields) {
        let (token, setCookie) = csrf.token(cookieHeader: request.headers[.cookie])
        var headers = HTTPFields()
        if let setCookie { headers[.setCookie] = setCookie }
        return (token, headers)
    }

    /// The write actions for a record page (empty without `--write`), and their cookie header.
    func recordActions(_ kind: RecordKind, id: String, version: Int?, request: Request) -> (HTML, HTTPFields) {
        guard configuration.allowsWrites else { return (.empty, [:]) }
        let (token, headers) = formToken(request)
        return (WriteForms.actions(kind, id: id, version: version, token: token), headers)
    }

    /// A form's fields, after its CSRF token is checked (403 when missing or wrong: nothing is
    /// written).
    func form(_ request: Request) async throws -> [String: String] {
        var request = request
        let body = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        let form = URLText.parameters(String(buffer: body))
        guard csrf.accepts(field: form[CSRFTokens.fieldName], cookieHeader: request.headers[.cookie]) else {
            throw ServeError.forbidden
        }
        return form
    }

    /// Who writes: the name given at the login (token mode), else `--author` / `$KB_AUTHOR`.
    func author(of request: Request) -> String {
        sessions.name(Sessions.cookie(Sessions.cookieName, in: request.headers[.cookie])) ?? configuration.author
    }

    /// Runs one curation call with the request's author, reason and expected version; writes
    /// are serialised by the database's one writer.
    func write<Result: Sendable>(_ request: Request, reason: String?, version: Int?,
                                 _ body: @escaping @Sendable (any ServedKnowledgeBase, CurationOptions) throws -> Result) async throws -> Result {
        let options = CurationOptions(context: ChangeContext(author: author(of: request), command: "serve",
                                                             reason: Self.nonEmpty(reason)), ifVersion: version)
        // Whatever the write's outcome, what requests cost may have changed with it.
        defer { scheduler.costs.forget() }
        return try await call(limit: configuration.auditLimit) { try body($0, options) }
    }

    /// A link's error as the client should see it: the claim in the URL not found is a 404; the
    /// one named by `to` (the form's field, the API's body) is the request's mistake, a 400 with
    /// the did-you-mean (trial 21 M4). Anything else as it was.
    static func linkError(_ error: any Error, from: String, to: String) -> any Error {
        guard case let KBError.notFound(what, name, suggestions) = error, name == to, to != from else { return error }
        return ServeError.missing(what, name, suggestions: suggestions, status: 400, field: "to", page: URLText.claim)
    }

    /// A failed form: shown again (by `page`) with the message and its status — 400 for what
    /// the input got wrong, 409 for a stale version; anything else goes to the error pages.
    func formFailure(_ error: any Error, request: Request, page: (String, String) -> HTML) throws -> Response {
        let serveError = ServeError.from(error, timeLimit: configuration.timeLimit)
        guard [400, 404, 409].contains(serveError.status) else { throw serveError }
        let (token, headers) = formToken(request)
        return Responses.html(page(token, serveError.message + (serveError.help.map { "; " + $0 } ?? "")), status: serveError.status, headers: headers)
    }

    /// The fields of a form that `kb add`/`kb edit` take, filled in (an empty input is left out).
    static func assignments(_ form: [String: String], kind: RecordKind) -> [FieldAssignment] {
        CuratedFields.names(kind).compactMap { name in
            guard let value = nonEmpty(form[name]) else { return nil }
            return FieldAssignment(field: name, value: value)
        }
    }

    /// An edit form's fields that differ from the record's `stored` values (a field left as
    /// shown is not written; one emptied is cleared). A field the form does not carry is left.
    /// Both sides are compared as written: line breaks as LF, trimmed — a stored value with
    /// surrounding spaces, sent back as shown, is not a change (review 11 M2).
    static func changes(_ form: [String: String], from stored: [String: String], kind: RecordKind) -> [FieldAssignment] {
        CuratedFields.names(kind).compactMap { name in
            guard name != "id", let typed = form[name] else { return nil }
            let value = comparable(typed)
            return value == comparable(stored[name] ?? "") ? nil : FieldAssignment(field: name, value: value)
        }
    }

    /// A value as an edit is written and compared: a browser sends a text area's lines with
    /// CR LF (and drops a text area's first line break); surrounding blanks are not kept.
    static func comparable(_ text: String) -> String {
        nonEmpty(text.replacingOccurrences(of: "\r\n", with: "\n")) ?? ""
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
