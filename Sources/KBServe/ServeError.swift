import KBCore

/// An error as a client sees it (DESIGN §11): a status and `{"error": {"id", "message", "line",
/// "column", "help"}}`. Built from kb's typed errors only; no SQL, path or stack trace is ever
/// part of it.
struct ServeError: Error, Sendable, Equatable {
    var status: Int
    var id: String
    var message: String
    var line: Int?
    var column: Int?
    var help: String?
    /// The query diagnostic behind it, for the caret on a page.
    var diagnostic: Diagnostic?
    /// Seconds for `Retry-After` (a 503 for something being computed).
    var retryAfter: Int?
    /// Pages the client may have meant (a 404 for a claim whose id names a source, or for an id
    /// one typo away from a claim's): linked on the page, named in `help` in JSON.
    var suggestions: [Suggestion] = []

    struct Suggestion: Sendable, Equatable {
        /// What the id names instead, e.g. "the cohort older-workers".
        var label: String
        /// Its page.
        var path: String
    }

    static func notFound(_ message: String) -> ServeError {
        ServeError(status: 404, id: "not-found", message: message)
    }

    /// 404 for an id on a page of one kind (`wanted`: "claim", "source") that names another kind
    /// of record: the message says what it is, and the page links to it.
    static func notA(_ wanted: String, _ id: String, record: Catalog.Record) -> ServeError {
        let suggestion: Suggestion? = switch record {
        case let .entity(detail): Suggestion(label: "the \(detail.entity.kind.rawValue) \(detail.entity.slug)",
                                             path: URLText.node(detail.entity.kind.rawValue, detail.entity.slug))
        case let .source(source, _, _, _): Suggestion(label: "the source \(source.slug)", path: URLText.source(source.slug))
        case let .claim(claim, _, _, _, _, _, _): Suggestion(label: "the claim \(claim.slug)", path: URLText.claim(claim.slug))
        // A study has no page of its own: its source's shows it.
        case let .study(study): Suggestion(label: "a study of the source \(study.sourceSlug)", path: URLText.source(study.sourceSlug))
        default: nil
        }
        guard let suggestion else { return notFound("no \(wanted) '\(id)'") }
        var error = ServeError(status: 404, id: "not-found", message: "no \(wanted) '\(id)': '\(id)' is \(suggestion.label)",
                               help: "its page is \(suggestion.path)")
        error.suggestions = [suggestion]
        return error
    }

    /// The error of a look-up that found nothing (`KBError.notFound`, its did-you-mean already
    /// of the kind looked for): `status` (404 for the URL's id, 400 for an id in a request's
    /// body), the did-you-mean in `help` and, where the ids have pages (`page`), as links.
    static func missing(_ what: String, _ name: String, suggestions: [String], status: Int = 404, field: String? = nil,
                        page: ((String) -> String)? = nil) -> ServeError {
        let message = (field.map { "'\($0)': " } ?? "") + "no \(what) '\(name)'"
        var error = ServeError(status: status, id: status == 404 ? "not-found" : "bad-request", message: message,
                               help: suggestions.isEmpty ? nil : "did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?")
        if let page { error.suggestions = suggestions.map { Suggestion(label: $0, path: page($0)) } }
        return error
    }

    static func badRequest(_ message: String, help: String? = nil) -> ServeError {
        ServeError(status: 400, id: "bad-request", message: message, help: help)
    }

    static func methodNotAllowed(_ method: String, allow: String) -> ServeError {
        ServeError(status: 405, id: "method-not-allowed", message: "\(method) is not allowed here; this path answers \(allow)")
    }

    static func tooLarge(_ limit: Int) -> ServeError {
        ServeError(status: 413, id: "body-too-large", message: "the request body is larger than this server accepts (\(limit) bytes)")
    }

    static let forbidden = ServeError(status: 403, id: "csrf",
                                      message: "this form has no valid security token (it may be from before the server restarted): reload the page and send it again")

    static let unauthorized = ServeError(status: 401, id: "unauthorized",
                                         message: "this server needs its access token: send 'Authorization: Bearer TOKEN', or sign in at /login")

    /// Whether `error` is a call stopped by its time limit (as the facade threw it, or as
    /// ``KBServer/call(limit:_:)`` turned it into a 503).
    static func isTimeLimit(_ error: any Error) -> Bool {
        KBService.isTimeLimitInterruption(error) || (error as? ServeError)?.id == "time-limit"
    }

    /// A call a lane answered without running: its time limit passed while it waited, or too
    /// many were waiting. Both say when to try again (`Retry-After`, the limit rounded up).
    static func refused(_ refusal: Lane.Refusal, timeLimit: Double) -> ServeError {
        var error = switch refusal {
        case .expired:
            ServeError(status: 503, id: "time-limit",
                       message: "the query waited longer than this server's time limit (\(ResultRenderer.fixed(timeLimit)) s) for its turn and was not run",
                       help: "the server is busy: try again in a few seconds")
        case .full:
            ServeError(status: 503, id: "busy",
                       message: "the server has too many requests waiting and did not queue this one",
                       help: "try again in a few seconds")
        }
        error.retryAfter = max(1, Int(timeLimit.rounded(.up)))
        return error
    }

    /// The client-facing form of anything a handler threw.
    static func from(_ error: any Error, timeLimit: Double) -> ServeError {
        if let serveError = error as? ServeError { return serveError }
        if KBService.isTimeLimitInterruption(error) {
            return ServeError(status: 503, id: "time-limit",
                              message: "the query ran longer than this server's time limit (\(ResultRenderer.fixed(timeLimit)) s) and was stopped",
                              help: "narrow it: name a subject ('for ROLE'), add a filter, or a smaller 'limit'")
        }
        let status = ErrorCategory.httpStatus(for: error) ?? 500
        switch error {
        case let conflict as CurationConflict:
            return ServeError(status: 409, id: "conflict", message: ConflictWording.api(conflict))
        case let tooLarge as GapMapTooLarge:
            return ServeError(status: 400, id: "map-too-large", message: tooLarge.description,
                              help: "map a field with fewer values: every value the knowledge base knows gets a line, whatever q= selects")
        case let blocked as CurationBlocked:
            return ServeError(status: 400, id: "blocked", message: blocked.description + ": " + blocked.findings.joined(separator: "; "))
        case let diagnostic as Diagnostic where diagnostic.location.file == FieldAssignment.locationName:
            return field(diagnostic, status: status)
        case let diagnostic as Diagnostic where diagnostic.location.file == GapMapAxes.locationName:
            // The web's axes are two fields of a form, not one line: said without a position.
            return ServeError(status: status, id: diagnostic.id, message: diagnostic.message + (diagnostic.help.map { "; " + $0 } ?? ""))
        case let list as DiagnosticList where list.diagnostics.first?.location.file == FieldAssignment.locationName:
            return field(list.diagnostics[0], status: status)
        case let diagnostic as Diagnostic:
            return ServeError(status: status, id: diagnostic.id, message: diagnostic.message, line: diagnostic.location.line,
                              column: diagnostic.location.column, help: diagnostic.help, diagnostic: diagnostic)
        case let list as DiagnosticList:
            let first = list.diagnostics.first
            return ServeError(status: status, id: first?.id ?? "invalid-input", message: first?.message ?? "invalid input",
                              line: first?.location.line, column: first?.location.column, help: first?.help)
        case let kbError as KBError:
            switch kbError {
            case .invalidInput:
                return ServeError(status: status, id: "usage", message: webWording(kbError.description))
            case .notFound, .usage:
                return ServeError(status: status, id: status == 404 ? "not-found" : "usage", message: kbError.description)
            case .newerSchema, .needsMigration, .notAKnowledgeBase:
                return ServeError(status: 503, id: "database", message: "the knowledge base cannot be read by this kb; see the server's log")
            }
        default:
            if ErrorCategory(of: error) == .database {
                return ServeError(status: 503, id: "database", message: "the knowledge base could not answer (busy or damaged); try again")
            }
            return ServeError(status: 500, id: "internal", message: "the server failed to answer this request")
        }
    }

    /// A field's diagnostic from a form or the API: the field named in the message, no line or
    /// column (they point into a `FIELD=VALUE` text the CLI has and the web never showed,
    /// trial 21 m6).
    static func field(_ diagnostic: Diagnostic, status: Int) -> ServeError {
        let text = diagnostic.location.text
        let field = text.firstIndex(of: "=").map { String(text[..<$0]) }
        // Said of the value (past `FIELD=`): name the field; said of the field itself, it already does.
        let ofValue = field.map { diagnostic.location.range.lowerBound > $0.count } ?? false
        let message = (ofValue ? field.map { "'\($0)': " } ?? "" : "") + diagnostic.message
        return ServeError(status: status, id: diagnostic.id, message: message, help: diagnostic.help)
    }

    /// The library's invalid-input message in the web's words: it names the CLI's option
    /// (`--date: 2099 is in the future`), where the form and the API have a field of that name:
    /// `'date': …` instead, for every such message at once (review 16 m5).
    static func webWording(_ message: String) -> String {
        guard message.hasPrefix("--"), let colon = message.firstIndex(of: ":") else { return message }
        let option = message[message.index(message.startIndex, offsetBy: 2)..<colon]
        guard !option.isEmpty, option.allSatisfy({ $0.isLetter || $0 == "-" }) else { return message }
        return "'\(option)'" + message[colon...]
    }

    var json: String {
        JSONValue.object(["error": .object([
            "id": .string(id), "message": .string(message), "line": .from(line), "column": .from(column), "help": .from(help),
        ])]).pretty + "\n"
    }
}
