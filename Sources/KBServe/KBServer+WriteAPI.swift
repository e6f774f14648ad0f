import Foundation
import Hummingbird
import KBCore

/// The API's writes (`--write`), mirroring the commands: `POST /api/claims` and `/api/sources`
/// (kb add), `PATCH /api/claims/ID` (kb edit, `if_version` → 409 when stale), `DELETE` (kb
/// remove), `POST /api/sources/ID/notices` (kb notice), `POST /api/claims/ID/links` (kb link),
/// `POST /api/changes/N/undo` (kb undo). Bodies are JSON objects; a body of another type is
/// refused (415), which also keeps other sites' forms out (they cannot send JSON without a
/// CORS preflight this server never grants).
extension KBServer {
    func addWriteAPI(to router: Router<KBRequestContext>) {
        for kind in [RecordKind.claim, .source] {
            let plural = kind == .claim ? "claims" : "sources"
            router.post("/api/\(plural)") { request, _ in
                let body = try await self.jsonBody(request)
                let fields = try body.assignments(for: kind)
                let result = try await self.write(request, reason: body.reason, version: nil) { service, options in
                    try service.add(kind, fields: fields, options: options)
                }
                return Self.writeResponse(result, status: 201)
            }
            router.patch("/api/\(plural)/:id") { request, context in
                let id = Self.pathParameter(context, "id")
                let body = try await self.jsonBody(request)
                let fields = try body.assignments(for: kind)
                let result = try await self.write(request, reason: body.reason, version: body.ifVersion) { service, options in
                    try service.edit(id, fields: fields, options: options)
                }
                return Self.writeResponse(result)
            }
            router.delete("/api/\(plural)/:id") { request, context in
                let id = Self.pathParameter(context, "id")
                let parameters = Self.parameters(request)
                let version = try Self.integer(parameters, "if_version", minimum: 1)
                let cascade = ["yes", "true", "1"].contains(parameters["cascade"] ?? "")
                let result = try await self.write(request, reason: parameters["reason"], version: version) { service, options in
                    try service.remove(id, cascade: cascade, options: options)
                }
                return Self.writeResponse(result)
            }
        }
        router.post("/api/sources/:id/notices") { request, context in
            let id = Self.pathParameter(context, "id")
            let body = try await self.jsonBody(request)
            guard let kind = NoticeKind(rawValue: body.kind ?? "") else {
                throw ServeError.badRequest("'kind' is one of: " + NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let (date, reason, url) = (body.date, body.reason, body.url)
            // In the API's words, not the CLI's "--reason: …" (review 13 m7).
            try Self.requireNoticeParts(date: date, reason: reason, date: "'date'", reason: "'reason'")
            let result = try await self.write(request, reason: reason, version: nil) { service, options in
                try service.notice(id, kind: kind, date: date, reason: reason, url: url, options: options)
            }
            return Self.writeResponse(result, status: 201)
        }
        router.post("/api/claims/:id/links") { request, context in
            let id = Self.pathParameter(context, "id")
            let body = try await self.jsonBody(request)
            guard let kind = body.kind, let to = body.to else {
                throw ServeError.badRequest("a link needs 'kind' (" + Curator.relationKinds.joined(separator: ", ") + ") and 'to' (a claim id)")
            }
            let note = body.note
            do {
                let result = try await self.write(request, reason: body.reason, version: nil) { service, options in
                    try service.link(id, kind: kind, to: to, note: note, options: options)
                }
                return Self.writeResponse(result, status: 201)
            } catch {
                throw Self.linkError(error, from: id, to: to)
            }
        }
        router.post("/api/changes/:id/undo") { request, context in
            let text = Self.pathParameter(context, "id")
            guard let change = Int64(text) else { throw ServeError.notFound("no change '\(text)'") }
            let body = try await self.jsonBody(request, optional: true)
            let force = body.force ?? false
            let result = try await self.write(request, reason: body.reason, version: nil) { service, options in
                try service.undo(change, force: force, options: options)
            }
            return Self.writeResponse(result)
        }
    }

    /// The request's JSON object (at most the body limit); an empty body is `{}` when
    /// `optional`.
    func jsonBody(_ request: Request, optional: Bool = false) async throws -> WriteBody {
        var request = request
        let buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        if optional && buffer.readableBytes == 0 { return WriteBody() }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else {
            throw ServeError(status: 415, id: "unsupported-media-type", message: "a write takes a JSON object: send 'Content-Type: application/json'")
        }
        return try WriteBody.decode(Data(String(buffer: buffer).utf8))
    }

    /// `{"ids": […], "changes": […], "findings": [...], "notes": [...]}`: each change as `kb log`
    /// shows it, but in the users' words (trial 7 bug 7): `fields`, `before` and `after` use the
    /// names the forms and the API's `fields` take (`economy-wide`, `source`, `container-title`),
    /// with the text each takes, so `before` can be sent back to restore a field. Printed as
    /// every read answer is.
    static func writeResponse(_ result: CurationResult, status: Int = 200) -> Response {
        let findings: [JSONValue] = result.findings.map {
            .object(["rule": .string($0.rule), "severity": .string($0.severity.rawValue), "subject_kind": .string($0.subjectKind.rawValue),
                     "subject": .string($0.subject), "message": .string($0.message)])
        }
        let object = JSONValue.object([
            "ids": .array(result.ids.map(JSONValue.string)), "changes": .array(result.changes.map(change)),
            "findings": .array(findings), "notes": .array(result.notes.map(JSONValue.string)),
        ])
        return Responses.json(object.pretty + "\n", status: status)
    }

    /// One change of a write's answer (see ``writeResponse(_:status:)``).
    static func change(_ change: Change) -> JSONValue {
        func values(_ text: String?) -> JSONValue {
            guard let snapshot = CuratedValues.snapshot(text, kind: change.recordKind) else { return .null }
            return .object(CuratedValues.of(snapshot).mapValues(JSONValue.string))
        }
        return .object([
            "id": .number(Double(change.id)), "time": .string(change.time), "author": .string(change.author), "command": .string(change.command),
            "action": .string(change.action), "record_kind": .string(change.recordKind), "record": .string(change.recordId),
            "fields": .array(CuratedValues.fields(of: change).map(JSONValue.string)), "reason": .from(change.reason), "batch": .from(change.batch),
            "version": .from(change.version), "undoes": .from(change.undoes.map(Int.init)),
            "before": values(change.before), "after": values(change.after),
        ])
    }
}
