import KBDomain

/// Recursive-descent parser for the query language (grammar on ``Query``).
///
/// ```
/// condition = term { "or" term } ;  term = factor { "and" factor }
/// factor    = "not" factor | "(" condition ")" | predicate
/// predicate = FIELD op value | FIELD "in" "(" value { "," value } ")" | FIELD
///           | FIELD ( "=" | "!=" ) value "|" value { "|" value }      -- any of / none of
///           | FIELD ( "=" | "!=" ) [ value ] ".." [ value ]          -- range, one end at least
///           | "@" NAME                                                -- a saved query's condition
///           | "missing" FIELD | "has" FIELD | STRING
/// ```
/// The new forms (any-of, ranges, bounded subjects, `@NAME`) are parsed in
/// `Parser+LanguageV2.swift`.
/// Errors are ``Diagnostic``s whose range lies inside the query, with the nearest valid word
/// as help. Nesting deeper than ``maximumDepth`` is an error, never a stack overflow.
public struct Parser {
    public static let maximumDepth = 64
    static let reservedWords: Set<String> = ["and", "or", "not", "in", "where", "for", "rank", "by", "limit", "missing", "has", "asc", "desc"]

    let text: String
    let tokens: [Token]
    var position = 0
    var depth = 0

    public init(_ text: String) throws {
        self.text = text
        self.tokens = try Lexer(text).tokenize()
    }

    /// Parses `text` as a whole query.
    public static func parse(_ text: String) throws -> Query {
        var parser = try Parser(text)
        return try parser.parseQuery()
    }

    var current: Token { tokens[position] }

    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func isKeyword(_ word: String) -> Bool { current.keyword == word }

    mutating func parseQuery() throws -> Query {
        var query = Query(target: try parseTarget())
        if isKeyword("for") {
            _ = advance()
            query.subjects = try parseSubjects()
        }
        if isKeyword("where") {
            let whereToken = advance()
            if case .end = current.kind {
                throw error("query.expected-condition", "expected a condition after 'where'", at: current.range,
                            help: "e.g. where cohort=older-workers and year >= 2020")
            }
            _ = whereToken
            query.condition = try parseCondition()
        }
        if isKeyword("group") {
            query.grouping = try parseGrouping(target: query.target)
        }
        if isKeyword("rank") {
            query.ranking = try parseRanking()
        }
        if isKeyword("limit") {
            query.limit = try parseLimit()
        }
        guard case .end = current.kind else { throw strayToken(after: query) }
        return query
    }

    mutating func parseTarget() throws -> Target {
        let token = current
        guard let word = token.keyword, let target = Target(rawValue: word) else {
            let targets = Target.allCases.map(\.rawValue)
            let near = token.keyword.flatMap { Suggestions.nearest(to: $0, in: targets).first }
            throw error("query.expected-target", "expected 'claims', 'sources' or 'citations'" + (token.kind == .end ? "" : ", found \(token.display)"),
                        at: token.range, help: near.map { "did you mean '\($0)'?" } ?? "a query starts with what it returns, e.g. claims for ml-platform-engineer")
        }
        _ = advance()
        return target
    }

    mutating func parseSubjects() throws -> [Subject] {
        var subjects: [Subject] = []
        repeat {
            if case .comma = current.kind, !subjects.isEmpty { _ = advance() }
            let token = current
            switch token.kind {
            case let .word(word) where !Self.reservedWords.contains(word.lowercased()):
                _ = advance()
                if word.lowercased().hasPrefix("profile:") {
                    var name = String(word.dropFirst("profile:".count))
                    // `profile:"Name with spaces"`, as the printer writes a name that is no bare word.
                    if name.isEmpty, case let .string(quoted) = current.kind, current.range.lowerBound == token.range.upperBound {
                        name = quoted
                        _ = advance()
                    }
                    guard !name.isEmpty else {
                        throw error("query.expected-profile", "expected a profile name after 'profile:'", at: token.range, help: "e.g. profile:ml-platform-engineer-pytorch")
                    }
                    subjects.append(Subject(name: name, isProfile: true, range: token.range, maxHops: try parseSubjectBound()))
                } else {
                    subjects.append(Subject(name: word, range: token.range, maxHops: try parseSubjectBound()))
                }
            case let .string(name):
                _ = advance()
                subjects.append(Subject(name: name, range: token.range, maxHops: try parseSubjectBound()))
            default:
                throw error("query.expected-subject", "expected a role, skill or profile after \(subjects.isEmpty ? "'for'" : "','")" + (token.kind == .end ? "" : ", found \(token.display)"),
                            at: token.range, help: "e.g. claims for ml-platform-engineer")
            }
        } while current.kind == .comma
        return subjects
    }

    mutating func parseCondition() throws -> Condition {
        try descend()
        defer { depth -= 1 }
        var result = try parseTerm()
        while isKeyword("or") {
            _ = advance()
            result = .or(result, try parseTerm())
        }
        return result
    }

    mutating func parseTerm() throws -> Condition {
        var result = try parseFactor()
        while isKeyword("and") {
            _ = advance()
            result = .and(result, try parseFactor())
        }
        return result
    }

    mutating func parseFactor() throws -> Condition {
        if isKeyword("not") {
            _ = advance()
            try descend()
            defer { depth -= 1 }
            return .not(try parseFactor())
        }
        if case .leftParen = current.kind {
            let open = advance()
            let inner = try parseCondition()
            guard case .rightParen = current.kind else {
                throw error("query.unbalanced-parenthesis", "expected ')' to close the '(' at column \(open.range.lowerBound + 1)" + (current.kind == .end ? "" : ", found \(current.display)"),
                            at: current.range, help: "add ')' after the condition that '(' opens")
            }
            _ = advance()
            return inner
        }
        return .predicate(try parsePredicate())
    }

    mutating func descend() throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("query.too-deep", "query nests too deeply (more than \(Self.maximumDepth) levels of parentheses or 'not')",
                        at: current.range, help: "simplify the condition")
        }
    }

    mutating func parsePredicate() throws -> Predicate {
        let token = current
        switch token.kind {
        case let .string(text):
            _ = advance()
            return Predicate(.text(text), range: token.range)
        case let .word(word):
            let lowered = word.lowercased()
            if lowered == "missing" || lowered == "has" {
                _ = advance()
                let (field, fieldRange) = try parseFieldName(after: "'\(lowered)'")
                guard field.hasPresence else {
                    throw error("query.no-presence", "'\(lowered) \(field.rawValue)' is not supported: every \(field.level == .source ? "source" : "claim") has a \(field.rawValue)",
                                at: fieldRange, help: "fields with missing/has: " + Field.allCases.filter(\.hasPresence).map(\.rawValue).joined(separator: ", "))
                }
                return Predicate(lowered == "missing" ? .missing(field) : .has(field), range: token.range.lowerBound..<fieldRange.upperBound, fieldRange: fieldRange)
            }
            if word.hasPrefix("@") {
                return try parseSavedReference(token, name: String(word.dropFirst()))
            }
            let (field, fieldRange) = try parseFieldName(after: nil)
            switch current.kind {
            case let .op(op):
                return try parseComparison(field, op, fieldRange: fieldRange)
            case .word where isKeyword("in"):
                _ = advance()
                return try parseMember(field: field, fieldRange: fieldRange)
            default:
                guard field.isFlag else {
                    throw error("query.expected-operator", "expected an operator after '\(field.rawValue)'" + (current.kind == .end ? "" : ", found \(current.display)"),
                                at: current.range, help: "write one of = != < <= > >= or 'in (…)', e.g. \(field.example)")
                }
                return Predicate(.flag(field), range: fieldRange, fieldRange: fieldRange)
            }
        case .end:
            throw error("query.expected-predicate", "expected a condition", at: token.range,
                        help: "e.g. cohort=older-workers, n >= 100, preregistered, \"writing\"")
        default:
            throw error("query.expected-predicate", "expected a condition, found \(token.display)", at: token.range,
                        help: "e.g. cohort=older-workers, n >= 100, preregistered, \"writing\"")
        }
    }

    mutating func parseFieldName(after context: String?) throws -> (Field, Range<Int>) {
        let token = current
        guard let word = token.keyword, !Self.reservedWords.contains(word) || Field.named(word) != nil else {
            throw error("query.expected-field", "expected a field" + (context.map { " after \($0)" } ?? "") + (token.kind == .end ? "" : ", found \(token.display)"),
                        at: token.range, help: "fields: " + Field.nameList)
        }
        guard let field = Field.named(word) else {
            let near = Suggestions.nearest(to: word, in: Field.spellings)
            let help = near.first.map { "did you mean '\(Field.named($0)?.rawValue ?? $0)'?" }
                ?? "fields: \(Field.nameList); to search text, quote it: \"\(word)\""
            throw error("query.unknown-field", "unknown field '\(word)'", at: token.range, help: help)
        }
        _ = advance()
        return (field, token.range)
    }

    mutating func parseValue(after context: String, field: Field, at anchor: Token) throws -> Value {
        let token = current
        switch token.kind {
        case let .word(word) where !Self.reservedWords.contains(word.lowercased()):
            _ = advance()
            switch word.lowercased() {
            case "true": return Value(.boolean(true), range: token.range)
            case "false": return Value(.boolean(false), range: token.range)
            default: return Value(.word(word), range: token.range)
            }
        case let .number(number):
            _ = advance()
            return Value(.number(number), range: token.range)
        case let .string(text):
            _ = advance()
            return Value(.string(text), range: token.range)
        default:
            throw error("query.expected-value", "expected a value after \(context)" + (token.kind == .end ? "" : ", found \(token.display)"),
                        at: token.range, help: "e.g. \(field.example)")
        }
    }

    mutating func parseMember(field: Field, fieldRange: Range<Int>) throws -> Predicate {
        guard case .leftParen = current.kind else {
            throw error("query.expected-list", "expected '(' after 'in'" + (current.kind == .end ? "" : ", found \(current.display)"),
                        at: current.range, help: "e.g. \(field.rawValue) in (a, b)")
        }
        let open = advance()
        var values: [Value] = []
        repeat {
            if case .comma = current.kind, !values.isEmpty { _ = advance() }
            values.append(try parseValue(after: values.isEmpty ? "'('" : "','", field: field, at: open))
        } while current.kind == .comma
        guard case .rightParen = current.kind else {
            throw error("query.unbalanced-parenthesis", "expected ',' or ')' to close the list opened at column \(open.range.lowerBound + 1)" + (current.kind == .end ? "" : ", found \(current.display)"),
                        at: current.range, help: "e.g. \(field.rawValue) in (a, b)")
        }
        let close = advance()
        return Predicate(.member(field, values), range: fieldRange.lowerBound..<close.range.upperBound, fieldRange: fieldRange)
    }

    mutating func parseRanking() throws -> [RankKey] {
        _ = advance()
        guard isKeyword("by") else {
            throw error("query.expected-by", "expected 'by' after 'rank'", at: current.range, help: "e.g. rank by strength")
        }
        _ = advance()
        var keys: [RankKey] = []
        repeat {
            if case .comma = current.kind, !keys.isEmpty { _ = advance() }
            let token = current
            guard let word = token.keyword, let key = RankKey.Key(rawValue: word) else {
                let names = RankKey.Key.allCases.map(\.rawValue)
                let near = token.keyword.flatMap { Suggestions.nearest(to: $0, in: names).first }
                throw error("query.unknown-rank-key", "expected \(names.map { "'\($0)'" }.joined(separator: ", "))" + (token.kind == .end ? "" : ", found \(token.display)"),
                            at: token.range, help: near.map { "did you mean '\($0)'?" })
            }
            _ = advance()
            var descending = true
            if isKeyword("asc") || isKeyword("desc") {
                descending = advance().keyword == "desc"
            }
            keys.append(RankKey(key, descending: descending))
        } while current.kind == .comma
        return keys
    }

    mutating func parseLimit() throws -> Int {
        _ = advance()
        let token = current
        guard case let .number(value) = token.kind, value == value.rounded(), value >= 1, value <= Double(Query.maximumLimit) else {
            throw error("query.expected-limit", "expected a whole number from 1 to \(Query.maximumLimit) after 'limit'" + (token.kind == .end ? "" : ", found \(token.display)"),
                        at: token.range, help: "e.g. limit 20")
        }
        _ = advance()
        return Int(value)
    }

    /// The error for a token left over after a complete query: says what could come next.
    func strayToken(after query: Query) -> Diagnostic {
        let token = current
        var expected: [String] = []
        // The clauses come in one order (for, where, group by, rank by, limit): what is past a
        // later clause cannot come.
        let beforeGrouping = query.grouping.isEmpty && query.ranking.isEmpty && query.limit == nil
        // Right after an unbounded subject, a bound could come.
        let afterSubject = query.condition == nil && beforeGrouping && query.subjects.last.map { $0.maxHops == nil } == true
        if afterSubject { expected += ["'within N hops'", "'direct'"] }
        if query.condition != nil && beforeGrouping { expected += ["'and'", "'or'"] }
        if query.subjects.isEmpty && query.condition == nil && beforeGrouping { expected.append("'for'") }
        if query.condition == nil && beforeGrouping { expected.append("'where'") }
        if beforeGrouping { expected.append("'group by'") }
        if query.ranking.isEmpty && query.limit == nil { expected.append("'rank by'") }
        if query.limit == nil { expected.append("'limit'") }
        if case .rightParen = token.kind {
            return error("query.unbalanced-parenthesis", "unexpected ')' with no matching '('", at: token.range, help: "remove it, or add '(' where the group starts")
        }
        let clauses = ["for", "where", "group", "rank", "limit"]
        if let keyword = token.keyword, clauses.contains(keyword) {
            // A clause written after one that must follow it (`claims group by design where …`):
            // "did you mean 'where'?" would name the very word.
            return error("query.clause-order", "\(token.display) cannot come here; expected \(Self.either(expected))",
                         at: token.range, help: "a query's clauses come in this order: claims for …, where …, group by …, rank by …, limit N")
        }
        let words = clauses + ["and", "or"] + (afterSubject ? ["within", "direct"] : [])
        let near = token.keyword.flatMap { Suggestions.nearest(to: $0, in: words).first }
        return error("query.unexpected-token", "unexpected \(token.display); expected \(Self.either(expected))",
                     at: token.range, help: near.map { "did you mean '\($0 == "rank" || $0 == "group" ? $0 + " by" : $0 == "within" ? "within N hops" : $0)'?" })
    }

    /// "'and', 'or', 'limit' or end of query"; "end of query" alone after a limit.
    static func either(_ expected: [String]) -> String {
        expected.isEmpty ? "end of query" : expected.joined(separator: ", ") + " or end of query"
    }

    func error(_ id: String, _ message: String, at range: Range<Int>, help: String? = nil) -> Diagnostic {
        let length = text.count
        let clipped = min(range.lowerBound, length)..<min(max(range.upperBound, range.lowerBound), length)
        return Diagnostic(id: id, message: message, location: SourceLocation(file: "query", text: text, range: clipped.isEmpty ? clipped.lowerBound..<clipped.lowerBound : clipped), help: help, input: .query)
    }
}
