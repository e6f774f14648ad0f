import Foundation
import GRDB

/// What a server needs from the facade beyond what the CLI uses: a time limit around a call,
/// records, exports and audits as values, facets of a query, and the HTTP status of an
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

    /// Where the knowledge base's content stands: equal versions, equal content (what a server
    /// keys the answers it keeps by; every write changes it).
    public func contentVersion() throws -> ContentVersion {
        try knowledgeBase.contentVersion()
    }

    /// A record by id, as `kb show` finds it.
    public func record(_ id: String, wanted: Catalog.Wanted = .any) throws -> Catalog.Record {
        try catalog.show(id, wanted: wanted)
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

/// One facet of a result set: a field and how many of all the matches have each of its values.
public struct Facet: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The value as the query language writes it (`older-workers`, `2023`).
        public var value: String
        public var count: Int
        /// Whether the query already filters on `field = value` (at its top level).
        public var isSelected: Bool
        /// How the query writes a selected value when that is not ``value`` (an alias such as
        /// `older`): the filter to remove.
        public var written: String?

        public init(value: String, count: Int, isSelected: Bool, written: String? = nil) {
            self.value = value
            self.count = count
            self.isSelected = isSelected
            self.written = written
        }
    }

    public var field: Field
    /// Most frequent first, ties by value (the order of `group by`).
    public var entries: [Entry]
}

extension KBService {
    /// The fields a result page offers as facets, in this order.
    public static let facetFields: [Field] = [.cohort, .boundary, .design, .grade, .replication, .year]

    /// Facets of everything `outcome`'s query matches (not only the rows fetched), with the counts
    /// of `group by FIELD` of the query per field (claims: every field of ``facetFields``;
    /// sources: design and year; citations: none), the `limit` largest values each. A claims
    /// query's facets come from one pass over its matches (``QueryEngine/facetCounts(_:fields:profile:limit:)``:
    /// six `group by`s selected them six times); a sources query's from one `group by` per field.
    /// A value the query already filters on at its top level is marked selected, also when the
    /// query names it by an alias or its name (`cohort=older` selects `older-workers`).
    public func facets(of outcome: QueryOutcome, limit: Int = 12, profile: String? = nil) throws -> [Facet] {
        let spec = try loadProfile(profile)
        return try knowledgeBase.reader.read { db in
            try Self.facets(of: outcome.compiled.query, limit: limit, profile: spec, in: .sqlite(db, store: queryStore))
        }
    }

    /// The facets of what `written` matches (its ranking and limit set aside), in one read of any
    /// store: a claims query's six in one pass (``QueryEngine/facetCounts(_:text:fields:profile:limit:in:)``:
    /// in memory on a file, one statement on PostgreSQL), a sources query's two as a `group by` each.
    package static func facets(of written: Query, limit: Int, profile: ProfileSpec?, in session: QueryReadSession) throws -> [Facet] {
        var query = written
        query.ranking = []
        query.limit = nil
        let counts: [FacetCounts]
        switch query.target {
        case .claims:
            counts = try QueryEngine.facetCounts(query, text: QueryPrinter.print(query), fields: facetFields, profile: profile, limit: limit, in: session)
        case .sources:
            counts = try [Field.design, .year].map { field in
                var grouped = query
                grouped.grouping = [GroupField(field)]
                let rows = try QueryEngine.group(grouped, text: QueryPrinter.print(grouped), profile: profile, limit: limit, in: session).rows
                return FacetCounts(field: field, groups: rows.map { ($0.values.first ?? nil, $0.count) })
            }
        case .citations:
            return []
        }
        return facets(counts, selected: try selectedValues(written.condition, store: session.store))
    }

    /// The facets of `counts`, each value marked selected when the query filters on it at its
    /// top level (`selected`: ``selectedValues(_:store:)``); a field without values is left out.
    static func facets(_ counts: [FacetCounts], selected written: [Field: [String: String]]) -> [Facet] {
        counts.compactMap { facet in
            let entries = facet.groups.compactMap { group -> Facet.Entry? in
                guard let value = group.value else { return nil }
                let selection = written[facet.field]?[value]
                return Facet.Entry(value: value, count: group.count, isSelected: selection != nil, written: selection == value ? nil : selection)
            }
            return entries.isEmpty ? nil : Facet(field: facet.field, entries: entries)
        }
    }

    /// The query's top-level `field = value` filters: field → the value's canonical form (a
    /// taxonomy node's slug, found through the store's names and aliases) → as written.
    static func selectedValues(_ condition: Condition?, store: any QueryStore) throws -> [Field: [String: String]] {
        var out: [Field: [String: String]] = [:]
        for (field, written) in Self.topLevelEqualities(condition) {
            var canonical = written
            if case let .entity(kind) = field.valueType {
                canonical = try store.entities(named: written, kinds: [kind]).first?.slug ?? written
            }
            out[field, default: [:]][canonical] = written
        }
        return out
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
        condition?.conjuncts ?? []
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

    /// `kb audit --format json` of a report already made (``auditReport()``): the same text as
    /// ``auditJSON()`` for the same knowledge base, without auditing it a second time.
    public static func auditJSON(of report: AuditReport) throws -> String {
        final class Buffer { var text = "" }
        let buffer = Buffer()
        var renderer = AuditRenderer(format: .json) { buffer.text += $0 }
        try renderer.begin(query: report.query)
        var counts: [String: Int] = [:]
        for finding in report.findings {
            counts[finding.rule, default: 0] += 1
            try renderer.add(finding)
        }
        try renderer.finish(counts: counts, rules: report.rules)
        return buffer.text
    }
}

extension KBService {
    /// `kb log --format json`: the changes as a JSON array, each with the record's state before
    /// and after (one renderer for the CLI and the server).
    public static func changesJSON(_ changes: [Change]) -> String {
        let objects: [[String: Any]] = changes.map { change in
            var object: [String: Any] = ["id": change.id, "time": change.time, "author": change.author, "command": change.command,
                                         "action": change.action, "record_kind": change.recordKind, "record": change.recordId,
                                         "fields": change.fields]
            object["reason"] = change.reason ?? NSNull()
            object["batch"] = change.batch ?? NSNull()
            object["version"] = change.version ?? NSNull()
            object["undoes"] = change.undoes ?? NSNull()
            object["before"] = change.before.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } ?? NSNull()
            object["after"] = change.after.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } ?? NSNull()
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
