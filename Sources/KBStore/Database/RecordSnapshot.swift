import Foundation
import GRDB
import KBDomain

/// A curated record as the change log keeps it: a source, study or claim as kb's domain value,
/// without its row id. Its JSON (keys sorted, so the same record always gives the same bytes)
/// is what `changes.before` and `changes.after` hold, and what `kb undo` writes back: the domain
/// value holds every stored field (CSL extras, contributors' name parts, notices, scope,
/// replications, origin), where `kb show --format json` shows derived text (citations, grade)
/// that could not be written back.
public enum RecordSnapshot: Sendable, Equatable {
    case source(Source)
    case study(Study)
    case claim(Claim)

    /// `source`, `study` or `claim`: the `recordKind` of its changes.
    public var kind: RecordKind {
        switch self {
        case .source: .source
        case .study: .study
        case .claim: .claim
        }
    }

    public var slug: String {
        switch self {
        case let .source(source): source.slug
        case let .study(study): study.slug
        case let .claim(claim): claim.slug
        }
    }

    /// The record's fields as a JSON object (row ids left out; unknown values absent).
    public var fields: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The snapshot's text for the change log: keys sorted, on one line.
    public var text: String {
        let data: Data?
        switch self {
        case var .source(source):
            source.id = nil
            data = try? Self.encoder.encode(source)
        case var .study(study):
            study.id = nil
            data = try? Self.encoder.encode(study)
        case var .claim(claim):
            claim.id = nil
            data = try? Self.encoder.encode(claim)
        }
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A snapshot read back from the change log's text.
    public init(kind: RecordKind, text: String) throws {
        let data = Data(text.utf8)
        switch kind {
        case .source: self = .source(try JSONDecoder().decode(Source.self, from: data))
        case .study: self = .study(try JSONDecoder().decode(Study.self, from: data))
        case .claim: self = .claim(try JSONDecoder().decode(Claim.self, from: data))
        default: throw KBError.invalidInput("a \(kind.rawValue) has no record snapshot")
        }
    }

    /// A snapshot of `fields` (as ``fields`` gives them) of a record of `kind`.
    public init(kind: RecordKind, fields: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        try self.init(kind: kind, text: String(decoding: data, as: UTF8.self))
    }

    /// The names of the top-level fields whose values differ between two snapshots of a record.
    public static func changedFields(from before: RecordSnapshot?, to after: RecordSnapshot?) -> [String] {
        guard let before, let after else { return ["*"] }
        let (a, b) = (before.fields, after.fields)
        return Swift.Set<String>(a.keys).union(b.keys).filter { key in
            switch (a[key], b[key]) {
            case (nil, nil): false
            case let (x?, y?): Self.json(x) != Self.json(y)
            default: true
            }
        }.sorted()
    }

    /// The record without its row id: snapshots compare and log records, not rows.
    package var withoutRowID: RecordSnapshot {
        switch self {
        case var .source(value):
            value.id = nil
            return .source(value)
        case var .study(value):
            value.id = nil
            return .study(value)
        case var .claim(value):
            value.id = nil
            return .claim(value)
        }
    }

    /// A JSON value's canonical text, for comparing values read with JSONSerialization.
    static func json(_ value: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
    }

    /// The stored record of `kind` called `slug`, or nil.
    package static func read(_ kind: RecordKind, slug: String, in db: Database) throws -> RecordSnapshot? {
        try read(kind, slug: slug, executor: SQLiteStatementExecutor(db: db), graph: GraphReader(db: db))
    }

    /// The stored record of `kind` called `slug`, or nil, through any store's executor and
    /// record reader (PostgreSQL's edit forms read it so, without copying the knowledge base).
    package static func read(_ kind: RecordKind, slug: String, executor: any StatementExecutor, graph: any GraphReading) throws -> RecordSnapshot? {
        guard let table = kind.table, let id = try executor.rows("SELECT id FROM \(sql: table) WHERE slug = \(slug)").first?["id"].int64 else {
            return nil
        }
        switch kind {
        case .source: return try graph.sources(ids: [id])[id].map { RecordSnapshot.source($0).withoutRowID }
        case .study: return try graph.studies(ids: [id])[id].map { RecordSnapshot.study($0).withoutRowID }
        case .claim: return try graph.claims(ids: [id])[id].map { RecordSnapshot.claim($0.claim).withoutRowID }
        default: return nil
        }
    }

    /// Stored records by slug, read in bulk (for an import's records that already exist).
    package static func readAll(_ kind: RecordKind, slugs: [String], in db: Database) throws -> [String: RecordSnapshot] {
        guard let table = kind.table, !slugs.isEmpty else { return [:] }
        var ids: [Int64] = []
        for chunk in slugs.chunked(into: 500) {
            ids += try Int64.fetchAll(db, sql: "SELECT id FROM \(table) WHERE slug IN \(placeholders(chunk.count))", arguments: StatementArguments(chunk))
        }
        let reader = GraphReader(db: db)
        let records: [RecordSnapshot] = switch kind {
        case .source: try reader.sources(ids: ids).values.map(RecordSnapshot.source)
        case .study: try reader.studies(ids: ids).values.map(RecordSnapshot.study)
        case .claim: try reader.claims(ids: ids).values.map { RecordSnapshot.claim($0.claim) }
        default: []
        }
        return Dictionary(records.map { ($0.slug, $0.withoutRowID) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What a change is about.
public enum RecordKind: String, Sendable, Codable, CaseIterable {
    case source, study, claim
    /// A claim relation (`kb link`): its id is `FROM KIND TO`.
    case relation
    /// A taxonomy node an import added or changed: its id is `KIND:SLUG`.
    case entity
    /// A taxonomy edge an import added or changed: its id is `KIND:SLUG EDGE-KIND KIND:SLUG`.
    case edge
    /// The whole knowledge base (`kb init --force`).
    case knowledgeBase = "kb"

    /// The table of a curated record kind.
    public var table: String? {
        switch self {
        case .source: "source"
        case .study: "study"
        case .claim: "claim"
        default: nil
        }
    }
}
