import Foundation
import GRDB

/// What a server needs from the facade beyond what the CLI uses: a time limit around a call,
/// records, exports and audits as values, facets over a result set, and the HTTP status of an
/// error. Kept here so that `kb serve` implements none of querying, rendering or auditing itself.
extension KBService {
    /// Runs `body` (any facade call) with its SQL statements stopped after `seconds`; the error
    /// thrown then is recognised by ``isTimeLimitInterruption(_:)``.
    public func withTimeLimit<T>(_ seconds: Double?, _ body: () throws -> T) throws -> T {
        try QueryDeadline.withLimit(seconds, body)
    }

    /// Whether `error` is a statement stopped by ``withTimeLimit(_:_:)``.
    public static func isTimeLimitInterruption(_ error: any Error) -> Bool {
        QueryDeadline.isInterruption(error)
    }

    /// A record by id, as `kb show` finds it.
    public func record(_ id: String) throws -> Catalog.Record {
        try catalog.show(id)
    }

    /// The entries of one listing (`kb list`), e.g. the roles.
    public func list(_ listing: Catalog.Listing) throws -> [Catalog.Entry] {
        try catalog.list(listing)
    }

    /// `kb stats` as label/value pairs.
    public func statistics() throws -> [(String, String)] {
        try catalog.statistics().map { ($0.label, $0.value.text) }
    }

    /// `kb export` into a string.
    public func export(_ text: String, style: ExportStyle, profile: String? = nil) throws -> (text: String, summary: ExportSummary) {
        var sink = StringSink()
        let summary = try exporter.export(text, style: style, profile: try loadProfile(profile), to: &sink)
        return (sink.text, summary)
    }

    /// `kb audit` of everything, all findings at once.
    public func auditReport() throws -> AuditReport {
        try Auditor(knowledgeBase).report()
    }

    /// The query that selects one source by its id (for its citation in every export style).
    public static func sourceQuery(_ slug: String) -> String {
        QueryPrinter.print(Query(target: .sources, condition: .predicate(Predicate(.compare(.source, .equal, Value(.string(slug)))))))
    }
}

/// One facet of a result set: a field and how many results have each of its values.
public struct Facet: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The value as the query language writes it (`older-workers`, `2023`).
        public var value: String
        public var count: Int
        /// Whether the query already filters on `field = value` (at its top level).
        public var isSelected: Bool
    }

    public var field: Field
    /// Most frequent first, ties by value.
    public var entries: [Entry]
}

extension KBService {
    /// The fields a result page offers as facets, in this order.
    public static let facetFields: [Field] = [.cohort, .boundary, .design, .grade, .replication, .year]

    /// Facets over the rows of `outcome` (claims: every field of ``facetFields``; sources and
    /// citations: design and year). Counted over the rows the outcome holds — the one place to
    /// switch to the engine's `group by` when it exists.
    public static func facets(of outcome: QueryOutcome) -> [Facet] {
        var counts: [Field: [String: Int]] = [:]
        func add(_ field: Field, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            counts[field, default: [:]][value, default: 0] += 1
        }
        switch outcome.rows {
        case let .claims(rows):
            for row in rows {
                for slug in Set(row.claim.about.filter { $0.kind == .cohort }.map(\.slug)) { add(.cohort, slug) }
                for slug in Set(row.claim.about.filter { $0.kind == .boundary }.map(\.slug)) { add(.boundary, slug) }
                add(.design, row.study?.design?.rawValue)
                add(.grade, row.grade.rawValue)
                add(.replication, row.claim.replication.rawValue)
                add(.year, row.source?.issued.map { String($0.year) })
            }
        case let .sources(rows):
            for row in rows {
                for design in Set(row.studies.compactMap { $0.design?.rawValue }) { add(.design, design) }
                add(.year, row.source.issued.map { String($0.year) })
            }
        case let .citations(rows):
            for row in rows { add(.year, row.source.issued.map { String($0.year) }) }
        }
        let selected = Set(topLevelEqualities(outcome.compiled.query.condition).map { "\($0.field.rawValue)=\($0.value)" })
        return facetFields.compactMap { field in
            guard let values = counts[field], !values.isEmpty else { return nil }
            let entries = values.map { Facet.Entry(value: $0.key, count: $0.value, isSelected: selected.contains("\(field.rawValue)=\($0.key)")) }
                .sorted { ($0.count, $1.value) > ($1.count, $0.value) }
            return Facet(field: field, entries: entries)
        }
    }

    /// `text` with the filter `field = value` added (joined with `and` at the top level) or, when
    /// the query already has it there, removed; in the canonical form `kb query` prints.
    public static func togglingFilter(_ field: Field, value: String, in text: String) throws -> String {
        var query = try Parser.parse(text)
        let literal = field == .year ? Value(.number(Double(value) ?? 0)) : Value(.word(value))
        let filter = Condition.predicate(Predicate(.compare(field, .equal, literal)))
        var parts = conjuncts(query.condition)
        if let index = parts.firstIndex(of: filter) {
            parts.remove(at: index)
        } else {
            parts.append(filter)
        }
        query.condition = parts.dropFirst().reduce(parts.first) { result, part in result.map { .and($0, part) } }
        return QueryPrinter.print(query)
    }

    private static func conjuncts(_ condition: Condition?) -> [Condition] {
        guard let condition else { return [] }
        if case let .and(lhs, rhs) = condition { return conjuncts(lhs) + conjuncts(rhs) }
        return [condition]
    }

    private static func topLevelEqualities(_ condition: Condition?) -> [(field: Field, value: String)] {
        conjuncts(condition).compactMap {
            guard case let .predicate(predicate) = $0, case let .compare(field, .equal, value) = predicate.kind else { return nil }
            return (field, value.text)
        }
    }
}

extension ErrorCategory {
    /// The HTTP status for `error`: a name that resolves to nothing is 404, a query stopped by
    /// its time limit 503, the rest by category (nil for errors kb's library does not know).
    public static func httpStatus(for error: any Error) -> Int? {
        if case KBError.notFound = error { return 404 }
        if KBService.isTimeLimitInterruption(error) { return 503 }
        return ErrorCategory(of: error)?.httpStatus
    }
}

extension KBService {
    /// `kb audit --format json` of everything, as one string.
    public func auditJSON() throws -> String {
        final class Buffer { var text = "" }
        let buffer = Buffer()
        var renderer = AuditRenderer(format: .json) { buffer.text += $0 }
        try renderer.begin(query: nil)
        var counts: [String: Int] = [:]
        try Auditor(knowledgeBase).run(rules: Auditor.catalogue) { finding in
            counts[finding.rule, default: 0] += 1
            try renderer.add(finding)
        }
        try renderer.finish(counts: counts, rules: Auditor.catalogue)
        return buffer.text
    }
}
