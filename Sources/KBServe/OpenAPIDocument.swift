/// `/openapi.json`: the API and the pages described in OpenAPI 3.1 (hand-written; the route
/// tests check that every path here answers and every route is here).
enum OpenAPIDocument {
    static let paths = ["/api/query", "/api/claims/{id}", "/api/sources/{id}", "/api/export", "/api/audit",
                        "/", "/query", "/claims/{id}", "/sources/{id}", "/nodes/{kind}/{slug}", "/audit"]

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
                  "id": {"type": "string", "description": "a stable id: a query diagnostic's (e.g. query.unknown-field), not-found, bad-request, time-limit, body-too-large, unauthorized, database"},
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
            "description": "Exactly `kb query --format json`'s object, plus `next`.",
            "required": ["query", "target", "count", "total", "truncated", "results", "next"],
            "properties": {
              "query": {"type": "string", "description": "the query in canonical form"},
              "target": {"type": "string", "enum": ["claims", "sources", "citations"]},
              "count": {"type": "integer", "minimum": 0},
              "total": {"type": "integer", "minimum": 0},
              "truncated": {"type": "boolean"},
              "hint": {"type": "string"},
              "subjects": {"type": "array", "items": {"type": "string"}},
              "results": {"type": "array", "items": {"type": "object"}},
              "next": {"type": ["string", "null"], "description": "the link to the next page, or null"}
            }
          },
          "Record": {"type": "object", "description": "`kb show ID --format json`"},
          "Audit": {"type": "object", "description": "`kb audit --format json`"}
        },
        "responses": {
          "BadRequest": {"description": "a query error (with line and column) or a bad parameter", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "no such record", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unavailable": {"description": "the query ran over the time limit, or the database cannot answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unauthorized": {"description": "the server runs with --token and none was given", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
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
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000}, "description": "page size (default: the query's own limit, else 50)"},
              {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000}, "description": "results to skip"}
            ],
            "responses": {
              "200": {"description": "the results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QueryResult"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/claims/{id}": {
          "get": {
            "summary": "One claim in full",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {
              "200": {"description": "the claim", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/sources/{id}": {
          "get": {
            "summary": "One source in full",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {
              "200": {"description": "the source", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
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
              "401": {"$ref": "#/components/responses/Unauthorized"},
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
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
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
        "/audit": {"get": {"summary": "Audit page: findings by rule", "responses": {"200": {"$ref": "#/components/responses/Page"}, "303": {"description": "to the login page"}, "413": {"$ref": "#/components/responses/PageError"}, "503": {"$ref": "#/components/responses/PageError"}}}}
      }
    }
    """#
}
