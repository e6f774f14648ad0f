import Foundation

/// `/openapi.json`: the API and the pages described in OpenAPI 3.1 (hand-written; the route
/// tests check that every path here answers and every route is here).
enum OpenAPIDocument {
    /// The paths that answer GET (every one of them also without `--write`).
    static let paths = ["/api/query", "/api/claims/{id}", "/api/sources/{id}", "/api/export", "/api/audit", "/api/map", "/api/changes",
                        "/", "/query", "/claims/{id}", "/sources/{id}", "/nodes/{kind}/{slug}", "/audit", "/map", "/changes"]
    /// The paths of writes only (`--write`; 404 or 405 without it).
    static let writePaths = ["/api/claims", "/api/sources", "/api/claims/{id}/links", "/api/sources/{id}/notices", "/api/changes/{id}/undo"]

    /// The document a server serves: without `--write`, the writes it does not have are left out
    /// (a client or a fuzzer reading it would call them and get 404 or 405; trial 9 bug 7).
    static func document(writes: Bool) -> String {
        writes ? json : readOnly
    }

    /// `json` without the write paths, without any operation but GET on the paths left, and
    /// without the components only those referred to (WriteBody, Written, …). The document is
    /// kb's own text: should it not parse, that is a bug the route tests catch, and the server
    /// stops rather than serve the write document to a read-only client (review 13 m6).
    static let readOnly: String = {
        guard var document = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any],
              var paths = document["paths"] as? [String: Any] else { preconditionFailure("OpenAPIDocument.json is not a JSON object with paths") }
        for path in writePaths { paths[path] = nil }
        for (path, item) in paths {
            guard let operations = item as? [String: Any] else { continue }
            paths[path] = operations.filter { !["put", "post", "delete", "patch"].contains($0.key) }
        }
        document["paths"] = paths
        document["components"] = referenced(document["components"] as? [String: Any] ?? [:], from: paths)
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            preconditionFailure("OpenAPIDocument.readOnly cannot be serialised")
        }
        return String(decoding: data, as: UTF8.self)
    }()

    /// The components `root` refers to (`#/components/GROUP/NAME`), and those they refer to in
    /// turn; the security schemes whatever refers to them.
    static func referenced(_ components: [String: Any], from root: Any) -> [String: Any] {
        var kept: Set<String> = []
        var pending = references(in: root)
        while let reference = pending.popFirst() {
            guard kept.insert(reference).inserted else { continue }
            let parts = reference.split(separator: "/").map(String.init)
            guard parts.count == 2, let item = (components[parts[0]] as? [String: Any])?[parts[1]] else { continue }
            pending.formUnion(references(in: item).subtracting(kept))
        }
        var result: [String: Any] = [:]
        for (group, items) in components {
            // What is named otherwise than by `$ref` (the security schemes) stays.
            guard let items = items as? [String: Any], ["schemas", "responses", "parameters", "requestBodies"].contains(group) else {
                result[group] = items
                continue
            }
            let left = items.filter { kept.contains(group + "/" + $0.key) }
            if !left.isEmpty { result[group] = left }
        }
        return result
    }

    /// The "GROUP/NAME" of every `$ref` to a component in `value`.
    static func references(in value: Any) -> Set<String> {
        switch value {
        case let object as [String: Any]:
            var found = Set(object.values.flatMap { references(in: $0) })
            if let reference = object["$ref"] as? String, reference.hasPrefix("#/components/") {
                found.insert(String(reference.dropFirst("#/components/".count)))
            }
            return found
        case let array as [Any]:
            return Set(array.flatMap { references(in: $0) })
        default:
            return []
        }
    }

    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "kb",
        "version": "1.0.0",
        "description": "An evidence and citation knowledge base: ranked, graded, cited answers to queries in kb's query language (README, 'Query language'). With --token, every path needs 'Authorization: Bearer TOKEN'."
      },
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
          "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
              "error": {
                "type": "object",
                "required": ["id", "message", "line", "column", "help"],
                "properties": {
                  "id": {"type": "string", "description": "a stable id: a query diagnostic's (e.g. query.unknown-field), not-found, bad-request, map-too-large, time-limit, body-too-large, unauthorized, too-many-attempts, method-not-allowed, database; for writes csrf, conflict, blocked, unsupported-media-type"},
                  "message": {"type": "string"},
                  "line": {"type": ["integer", "null"], "description": "1-based line in the query, for query errors"},
                  "column": {"type": ["integer", "null"], "description": "1-based column in the query, for query errors"},
                  "help": {"type": ["string", "null"]}
                }
              }
            }
          },
          "QueryResult": {
            "type": "object",
            "description": "Exactly `kb query --format json`'s object, plus `next`. A `group by` query answers with its groups as `results` (each with its field values and count, sources, best_grade, median_strength, total_n, preregistered_share, replicated_share), `group_by` naming the fields, and `next` null.",
            "required": ["query", "target", "count", "total", "total_exact", "truncated", "results", "next"],
            "properties": {
              "query": {"type": "string", "description": "the query in canonical form"},
              "target": {"type": "string", "enum": ["claims", "sources", "citations"]},
              "count": {"type": "integer", "minimum": 0},
              "total": {"type": "integer", "minimum": 0},
              "total_exact": {"type": "boolean", "description": "false: more than total match (counting stopped there; exact_total=true counts them all)"},
              "truncated": {"type": "boolean"},
              "hint": {"type": "string"},
              "subjects": {"type": "array", "items": {"type": "string"}},
              "group_by": {"type": "array", "items": {"type": "string"}},
              "results": {"type": "array", "items": {"type": "object"}},
              "next": {"type": ["string", "null"], "description": "the link to the next page, or null"}
            }
          },
          "Claim": {
            "type": "object",
            "description": "`kb show ID --format json`'s object, plus `relations`: the links (kb link) the claim is either end of",
            "required": ["relations"],
            "properties": {
              "relations": {"type": "array", "items": {"type": "object", "required": ["from", "kind", "to", "note"], "properties": {"from": {"type": "string"}, "kind": {"type": "string", "enum": ["replicates", "fails-to-replicate", "supports", "contradicts"]}, "to": {"type": "string"}, "note": {"type": ["string", "null"]}}}}
            }
          },
          "Source": {
            "type": "object",
            "description": "`kb show ID --format json`'s object, plus the source's standing as its page shows it",
            "required": ["retracted", "notices"],
            "properties": {
              "retracted": {"type": "boolean", "description": "whether the source's latest retraction is not followed by a reinstatement"},
              "notices": {"type": "array", "items": {"type": "object", "required": ["kind", "date", "reason", "url"], "properties": {"kind": {"type": "string", "enum": ["retraction", "correction", "expression-of-concern", "reinstatement"]}, "date": {"type": ["string", "null"]}, "reason": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]}}}}
            }
          },
          "Map": {"type": "object", "description": "`kb map ROWS COLS [QUERY] --format json`", "required": ["title", "query", "target", "rows", "columns", "cells", "row_totals", "column_totals", "total", "gaps"]},
          "Changes": {"type": "array", "description": "`kb log --format json`: oldest first, each change with the record before and after", "items": {"type": "object", "required": ["id", "time", "author", "command", "action", "record_kind", "record", "fields"]}},
          "WriteResult": {
            "type": "object",
            "description": "what a write did: the ids written, its change-log rows (as /api/changes), the audit's findings about them, notes",
            "required": ["ids", "changes", "findings", "notes"],
            "properties": {"ids": {"type": "array", "items": {"type": "string"}}, "changes": {"$ref": "#/components/schemas/Changes"}, "findings": {"type": "array", "items": {"type": "object"}}, "notes": {"type": "array", "items": {"type": "string"}}}
          },
          "WriteBody": {
            "type": "object",
            "description": "fields: the field=value pairs of kb add / kb edit (a list is joined by commas, as about takes it); if_version: the version the edit was made on (409 if the record changed since); reason: kept in the change log",
            "properties": {
              "fields": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean", "array"]}},
              "if_version": {"type": "integer", "minimum": 1},
              "reason": {"type": "string"}
            }
          },
          "Audit": {"type": "object", "description": "`kb audit --format json`"}
        },
        "responses": {
          "BadRequest": {"description": "a query error (with line and column), a parameter that is present but invalid, or a write whose fields do not make a valid record", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "no such record", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unavailable": {"description": "the query ran over the time limit, or the database cannot answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unauthorized": {"description": "the server runs with --token and none, or a wrong one, was given", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooManyAttempts": {"description": "a token sent before this client's wait after a wrong one had passed (0.25 s after the first, doubling to 8 s): it was not checked; Retry-After says when to send it again", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Conflict": {"description": "the record changed since the version given (if_version), or the undo would overwrite a later change", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NoWrites": {"description": "the server runs without --write: there is no such route", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotJSON": {"description": "a write's body must be JSON (Content-Type: application/json)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Written": {"description": "what was written", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WriteResult"}}}},
          "TooLarge": {"description": "the request body is larger than the server accepts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Page": {"description": "an HTML page", "content": {"text/html": {"schema": {"type": "string"}}}},
          "PageError": {"description": "an HTML page saying what went wrong", "content": {"text/html": {"schema": {"type": "string"}}}}
        },
        "parameters": {
          "q": {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1}, "description": "a query, e.g. claims for ml-platform-engineer where cohort=older"},
          "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
        }
      },
      "security": [{}, {"bearer": []}],
      "paths": {
        "/api/query": {
          "get": {
            "summary": "Run a query",
            "parameters": [
              {"$ref": "#/components/parameters/q"},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000}, "description": "page size (default: the query's own limit, else 50); the query's own limit caps the results, and next stays within it"},
              {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000}, "description": "results to skip"},
              {"name": "exact_total", "in": "query", "schema": {"type": "boolean"}, "description": "count every match for total (default false: counting stops past 1000, or past the page's last result when that is deeper, and total_exact says so)"}
            ],
            "responses": {
              "200": {"description": "the results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QueryResult"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/map": {
          "get": {
            "summary": "An evidence gap map of two fields (kb map's JSON)",
            "parameters": [
              {"name": "rows", "in": "query", "schema": {"type": "string", "default": "cohort"}, "description": "a field group by takes (with cols: both or neither)"},
              {"name": "cols", "in": "query", "schema": {"type": "string", "default": "boundary"}, "description": "a field group by takes (with rows: both or neither)"},
              {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "what to map (default: all claims)"}
            ],
            "responses": {
              "200": {"description": "the map", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Map"}}}},
              "400": {"description": "a bad field or query, one of rows and cols without the other, or a map of more cells than the server draws (error id `map-too-large`: map a field with fewer values)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/changes": {
          "get": {
            "summary": "The change log (kb log's JSON)",
            "parameters": [
              {"name": "since", "in": "query", "schema": {"type": "string"}, "description": "a date or UTC time: 2026-11-30 or 2026-11-30T04:10:00Z"},
              {"name": "author", "in": "query", "schema": {"type": "string"}},
              {"name": "record", "in": "query", "schema": {"type": "string"}, "description": "a source, study or claim id: then the newest 500 changes only"},
              {"name": "before", "in": "query", "schema": {"type": "integer"}, "description": "with record: the changes older than this change's id"}
            ],
            "responses": {
              "200": {"description": "the changes, oldest first", "headers": {"Link": {"description": "with record, when older changes remain: <the same list with before=the oldest id>; rel=\"next\"", "schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Changes"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/claims": {"post": {"summary": "Add a claim (kb add claim; --write only)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WriteBody"}}}}, "responses": {"201": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}}},
        "/api/sources": {"post": {"summary": "Add a source (kb add source; --write only)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WriteBody"}}}}, "responses": {"201": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}}},
        "/api/claims/{id}/links": {"post": {"summary": "Link this claim to another (kb link; --write only): kind is replicates, fails-to-replicate, supports or contradicts", "parameters": [{"$ref": "#/components/parameters/id"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["kind", "to"], "properties": {"kind": {"type": "string"}, "to": {"type": "string"}, "note": {"type": "string"}, "reason": {"type": "string"}}}}}}, "responses": {"201": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}}},
        "/api/sources/{id}/notices": {"post": {"summary": "Add a notice: a retraction, correction, expression of concern or reinstatement (kb notice; --write only)", "parameters": [{"$ref": "#/components/parameters/id"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["kind", "date", "reason"], "properties": {"kind": {"type": "string", "enum": ["retraction", "correction", "expression-of-concern", "reinstatement"]}, "date": {"type": "string"}, "reason": {"type": "string"}, "url": {"type": "string"}}}}}}, "responses": {"201": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}}},
        "/api/changes/{id}/undo": {"post": {"summary": "Undo a change (kb undo; --write only)", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}], "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"force": {"type": "boolean"}, "reason": {"type": "string"}}}}}}, "responses": {"200": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}}},
        "/api/claims/{id}": {
          "patch": {"summary": "Edit a claim (kb edit; --write only)", "parameters": [{"$ref": "#/components/parameters/id"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WriteBody"}}}}, "responses": {"200": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}},
          "delete": {"summary": "Remove a claim (kb remove; --write only)", "parameters": [{"$ref": "#/components/parameters/id"}, {"name": "cascade", "in": "query", "schema": {"type": "string", "enum": ["yes", "no"]}}, {"name": "if_version", "in": "query", "schema": {"type": "integer", "minimum": 1}}], "responses": {"200": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}},
          "get": {
            "summary": "One claim in full",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {
              "200": {"description": "the claim", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Claim"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/sources/{id}": {
          "patch": {"summary": "Edit a source (kb edit; --write only)", "parameters": [{"$ref": "#/components/parameters/id"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WriteBody"}}}}, "responses": {"200": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}},
          "delete": {"summary": "Remove a source (kb remove; --write only)", "parameters": [{"$ref": "#/components/parameters/id"}, {"name": "cascade", "in": "query", "schema": {"type": "string", "enum": ["yes", "no"]}}, {"name": "if_version", "in": "query", "schema": {"type": "integer", "minimum": 1}}], "responses": {"200": {"$ref": "#/components/responses/Written"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"}, "404": {"$ref": "#/components/responses/NoWrites"}, "405": {"$ref": "#/components/responses/NoWrites"}, "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/NotJSON"}, "503": {"$ref": "#/components/responses/Unavailable"}}},
          "get": {
            "summary": "One source in full",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {
              "200": {"description": "the source", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Source"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/export": {
          "get": {
            "summary": "Export the sources (or claims) behind a query as a file",
            "parameters": [
              {"$ref": "#/components/parameters/q"},
              {"name": "style", "in": "query", "required": true, "schema": {"type": "string", "enum": ["apa", "bibtex", "ris", "csl-json", "csv", "markdown"]}}
            ],
            "responses": {
              "200": {
                "description": "the file (Content-Disposition names it)",
                "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
                "content": {
                  "text/plain": {"schema": {"type": "string"}},
                  "application/x-bibtex": {"schema": {"type": "string"}},
                  "application/x-research-info-systems": {"schema": {"type": "string"}},
                  "application/vnd.citationstyles.csl+json": {"schema": {"type": "array"}},
                  "text/csv": {"schema": {"type": "string"}},
                  "text/markdown": {"schema": {"type": "string"}}
                }
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/audit": {
          "get": {
            "summary": "The audit's findings",
            "responses": {
              "200": {"description": "the findings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Audit"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/TooManyAttempts"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"description": "the audit is being computed in the background (error id `audit-computing`; `Retry-After` says when to ask again), or it could not be", "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds, while the audit is being computed"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        },
        "/": {"get": {"summary": "Home page", "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "to the login page"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}}},
        "/query": {
          "get": {
            "summary": "Results page",
            "parameters": [
              {"name": "q", "in": "query", "schema": {"type": "string"}},
              {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}
            ],
            "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "an empty query goes home"}, "400": {"$ref": "#/components/responses/PageError"}, "404": {"$ref": "#/components/responses/PageError"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}
          }
        },
        "/claims/{id}": {"get": {"summary": "Claim page", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "to the login page"}, "404": {"$ref": "#/components/responses/PageError"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}}},
        "/sources/{id}": {"get": {"summary": "Source page: its citation in every style, downloads, the claims that cite it, notices", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "to the login page"}, "404": {"$ref": "#/components/responses/PageError"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}}},
        "/nodes/{kind}/{slug}": {
          "get": {
            "summary": "A role, skill, cohort, boundary or other taxonomy node: neighbours and claims",
            "parameters": [
              {"name": "kind", "in": "path", "required": true, "schema": {"type": "string", "enum": ["role", "skill", "cohort", "boundary", "band", "topic", "jurisdiction", "occupation-group"]}},
              {"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}}
            ],
            "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "to the login page"}, "404": {"$ref": "#/components/responses/PageError"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}
          }
        },
        "/map": {"get": {"summary": "Gap map page: any two fields, as SVG and as a table", "parameters": [{"name": "rows", "in": "query", "schema": {"type": "string"}}, {"name": "cols", "in": "query", "schema": {"type": "string"}}, {"name": "q", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "to the login page"}, "400": {"$ref": "#/components/responses/PageError"}, "404": {"$ref": "#/components/responses/PageError"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}}},
        "/changes": {"get": {"summary": "Change log page (with --write: undo buttons)", "parameters": [{"name": "since", "in": "query", "schema": {"type": "string"}}, {"name": "author", "in": "query", "schema": {"type": "string"}}, {"name": "record", "in": "query", "schema": {"type": "string"}}, {"name": "before", "in": "query", "schema": {"type": "integer"}}], "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "to the login page"}, "400": {"$ref": "#/components/responses/PageError"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}}},
        "/audit": {"get": {"summary": "Audit page: findings by rule", "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "to the login page"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}}}
      }
    }
    """#
}
