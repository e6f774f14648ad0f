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
    func addWriteAPI(to router: Router<BasicRequestContext>) {
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
                let id = context.parameters.get("id") ?? ""
                let body = try await self.jsonBody(request)
                let fields = try body.assignments(for: kind)
                let result = try await self.write(request, reason: body.reason, version: body.ifVersion) { service, options in
                    try service.edit(id, fields: fields, options: options)
                }
                return Self.writeResponse(result)
            }
            router.delete("/api/\(plural)/:id") { request, context in
                let id = context.parameters.get("id") ?? ""
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
            let id = context.parameters.get("id") ?? ""
            let body = try await self.jsonBody(request)
            guard let kind = NoticeKind(rawValue: body.kind ?? "") else {
                throw ServeError.badRequest("'kind' is one of: " + NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let (date, reason, url) = (body.date, body.reason, body.url)
            let result = try await self.write(request, reason: reason, version: nil) { service, options in
                try service.notice(id, kind: kind, date: date, reason: reason, url: url, options: options)
            }
            return Self.writeResponse(result, status: 201)
        }
        router.post("/api/claims/:id/links") { request, context in
            let id = context.parameters.get("id") ?? ""
            let body = try await self.jsonBody(request)
            guard let kind = body.kind, let to = body.to else {
                throw ServeError.badRequest("a link needs 'kind' (" + Curator.relationKinds.joined(separator: ", ") + ") and 'to' (a claim id)")
            }
            let note = body.note
            let result = try await self.write(request, reason: body.reason, version: nil) { service, options in
                try service.link(id, kind: kind, to: to, note: note, options: options)
            }
            return Self.writeResponse(result, status: 201)
        }
        router.post("/api/changes/:id/undo") { request, context in
            let text = context.parameters.get("id") ?? ""
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

    /// `{"ids": […], "changes": [kb log's objects], "findings": [...], "notes": [...]}`.
    static func writeResponse(_ result: CurationResult, status: Int = 200) -> Response {
        let changes = (try? JSONSerialization.jsonObject(with: Data(KBService.changesJSON(result.changes).utf8))) ?? []
        let findings: [[String: Any]] = result.findings.map {
            ["rule": $0.rule, "severity": $0.severity.rawValue, "subject_kind": $0.subjectKind.rawValue, "subject": $0.subject, "message": $0.message]
        }
        let object: [String: Any] = ["ids": result.ids, "changes": changes, "findings": findings, "notes": result.notes]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Responses.json(String(decoding: data, as: UTF8.self) + "\n", status: status)
    }
}
