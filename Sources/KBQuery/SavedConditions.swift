import KBDomain
import KBStore

/// Where `@NAME` finds saved queries: by default the current directory's `Queries/NAME.kbq`,
/// then the ones bundled with kb (as `kb run` does); tests give their own.
public struct SavedQueryCatalog: Sendable {
    /// The saved query called `name`, or nil.
    public var lookup: @Sendable (String) throws -> SavedQuery?
    /// Every name, for did-you-mean.
    public var names: @Sendable () throws -> [String]

    public init(lookup: @escaping @Sendable (String) throws -> SavedQuery?, names: @escaping @Sendable () throws -> [String]) {
        self.lookup = lookup
        self.names = names
    }

    public static let standard = SavedQueryCatalog(lookup: { try SavedQuery.named($0) }, names: { try SavedQuery.names() })

    /// A fixed set of saved queries (tests, or a server's own folder).
    public static func fixed(_ queries: [SavedQuery]) -> SavedQueryCatalog {
        SavedQueryCatalog(lookup: { name in queries.first { $0.name == name } }, names: { queries.map(\.name) })
    }
}

/// Replaces each `@NAME` in a query's condition by the condition of saved query NAME, as if it
/// had been pasted there in parentheses (the tree keeps it one operand), before compiling.
///
/// Saved conditions may refer to others; a chain that comes back to a name it passed is a
/// cycle. Every error — an unknown name, a cycle, a saved query that does not parse or has no
/// condition — carets the `@NAME` the user wrote, and so does any later error about the pasted
/// condition (an unknown cohort in it, say): its predicates take that range.
public struct SavedConditions {
    let text: String
    var catalog: SavedQueryCatalog

    public init(text: String, catalog: SavedQueryCatalog = .standard) {
        self.text = text
        self.catalog = catalog
    }

    /// `query` with every `@NAME` replaced; the query itself when it has none.
    public func expand(_ query: Query) throws -> Query {
        guard let condition = query.condition, Self.refersToSaved(condition) else { return query }
        var expanded = query
        expanded.condition = try expand(condition, chain: [], at: nil)
        return expanded
    }

    /// `problem` saying which saved query it is in, when it points at an `@NAME` of `written`
    /// (an unknown cohort in the pasted condition, say): pasted predicates carry that range.
    public func locate(_ problem: Diagnostic, in written: Query) -> Diagnostic {
        guard !problem.id.contains("saved-query"), let condition = written.condition else { return problem }
        for (predicate, _) in condition.predicates() {
            if case let .saved(name) = predicate.kind, predicate.range == problem.location.range {
                var located = problem
                located.message += " (in saved query '@\(name)')"
                return located
            }
        }
        return problem
    }

    static func refersToSaved(_ condition: Condition) -> Bool {
        condition.predicates().contains { if case .saved = $0.0.kind { true } else { false } }
    }

    /// - Parameters:
    ///   - chain: the saved queries being pasted, outermost first (for cycles).
    ///   - outer: the range of the user's `@NAME` this condition is pasted for; nil at the top.
    func expand(_ condition: Condition, chain: [String], at outer: Range<Int>?) throws -> Condition {
        switch condition {
        case let .and(lhs, rhs): return .and(try expand(lhs, chain: chain, at: outer), try expand(rhs, chain: chain, at: outer))
        case let .or(lhs, rhs): return .or(try expand(lhs, chain: chain, at: outer), try expand(rhs, chain: chain, at: outer))
        case let .not(inner): return .not(try expand(inner, chain: chain, at: outer))
        case let .predicate(predicate):
            guard case let .saved(name) = predicate.kind else {
                return .predicate(outer.map { predicate.relocated(to: $0) } ?? predicate)
            }
            let range = outer ?? predicate.range
            let pasted = try savedCondition(of: name, chain: chain, at: range)
            return try expand(pasted, chain: chain + [name], at: range)
        }
    }

    /// The condition saved query `name` holds, parsed.
    private func savedCondition(of name: String, chain: [String], at range: Range<Int>) throws -> Condition {
        if chain.contains(name) {
            let loop = (chain.drop { $0 != name } + [name]).map { "@\($0)" }.joined(separator: " → ")
            throw diagnostic("query.saved-query-cycle", "saved query '@\(name)' refers back to itself: \(loop)", range,
                             help: "a saved condition cannot include itself; edit one of them to break the cycle")
        }
        guard let saved = try catalog.lookup(name) else {
            let near = Suggestions.nearest(to: name, in: try catalog.names())
            throw diagnostic("query.unknown-saved-query", "unknown saved query '@\(name)'" + (chain.last.map { " (in saved query '@\($0)')" } ?? ""), range,
                             help: near.isEmpty ? "kb list queries shows the saved queries" : "did you mean \(near.map { "'@\($0)'" }.joined(separator: ", "))?")
        }
        let parsed: Query
        do {
            parsed = try Parser.parse(saved.query)
        } catch let problem as Diagnostic {
            throw diagnostic("query.saved-query-invalid", "saved query '@\(name)' (\(saved.file)) does not parse: \(problem.message) "
                             + "at column \(problem.location.range.lowerBound + 1) of '\(saved.query)'", range)
        }
        guard let condition = parsed.condition else {
            throw diagnostic("query.saved-query-without-condition", "saved query '@\(name)' has no condition to stand for: it is '\(saved.query)'", range,
                             help: "@NAME stands for the 'where' part of a saved query")
        }
        return condition
    }

    private func diagnostic(_ id: String, _ message: String, _ range: Range<Int>, help: String? = nil) -> Diagnostic {
        Diagnostic(id: id, message: message, location: SourceLocation(file: "query", text: text, range: range), help: help, input: .query)
    }
}

extension Predicate {
    /// This predicate with every range (its own, its field's, its values') set to `range`: a
    /// pasted saved condition's ranges point into the saved file, not the query being compiled.
    func relocated(to range: Range<Int>) -> Predicate {
        func moved(_ value: Value) -> Value { Value(value.kind, range: range) }
        let kind: Kind = switch self.kind {
        case let .compare(field, op, value): .compare(field, op, moved(value))
        case let .member(field, values): .member(field, values.map(moved))
        case let .noneOf(field, values): .noneOf(field, values.map(moved))
        case let .range(field, op, low, high): .range(field, op, low: low.map(moved), high: high.map(moved))
        case .flag, .missing, .has, .text, .saved: self.kind
        }
        return Predicate(kind, range: range, fieldRange: range)
    }
}
