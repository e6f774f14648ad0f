import GRDB
import KBDomain
import KBQuery
import KBStore

/// What an export wrote.
public struct ExportSummary: Sendable, Equatable {
    public var sources = 0
    public var claims = 0
}

/// `kb export QUERY --style S`: the sources behind a query (the distinct sources of the matching
/// claims, for a claims or citations query) as a reference list or bibliography file, or — for
/// `csv` and `markdown` of a claims query — an evidence table of the claims themselves.
///
/// Exports stream: rows are read from SQLite in chunks and written to the sink as they come,
/// so memory does not grow with the number of items. Reference lists (APA, Markdown, CSV) are in
/// APA order (see ``APASortKey``), sorted by SQLite; BibTeX, RIS and CSL-JSON files are in
/// citation-key order, which does not depend on how a format maps types, so a file exported,
/// imported and exported again is the same file.
public struct Exporter: Sendable {
    public let knowledgeBase: KnowledgeBase
    /// The store the query compiler reads names, taxonomy and profiles through.
    public let store: QueryStoreFactory
    static let chunk = 500

    public init(_ knowledgeBase: KnowledgeBase, store: QueryStoreFactory? = nil) {
        self.knowledgeBase = knowledgeBase
        self.store = store ?? knowledgeBase.queryStore
    }

    public func export(_ text: String, style: ExportStyle, profile: ProfileSpec? = nil, to sink: inout some ExportSink) throws -> ExportSummary {
        let query = try Parser.parse(text)
        // Not `read`: the reference order is sorted in a TEMP table, which a read-only
        // connection allows but GRDB's query-only reads do not. The export still reads one
        // snapshot (a deferred transaction) and writes nothing to the knowledge base.
        return try knowledgeBase.reader.unsafeRead { db in
            var summary = ExportSummary()
            try db.inTransaction(.deferred) {
                summary = try Self.export(query, text: text, style: style, profile: profile, store: store(db), in: .sqlite(db), to: &sink)
                return .commit
            }
            return summary
        }
    }

    /// `kb export` in one read of any store (PostgreSQL's too, DESIGN §13): the same selection,
    /// order and writers as on a file.
    package static func export(_ text: String, style: ExportStyle, profile: ProfileSpec?, in session: QueryReadSession,
                               to sink: inout some ExportSink) throws -> ExportSummary {
        try export(try Parser.parse(text), text: text, style: style, profile: profile, store: session.store, in: .session(session), to: &sink)
    }

    static func export(_ query: Query, text: String, style: ExportStyle, profile: ProfileSpec?, store: any QueryStore, in reads: ExportReads,
                       to sink: inout some ExportSink) throws -> ExportSummary {
        if query.target == .claims, style == .csv || style == .markdown {
            let compiled = try QueryCompiler(store: store, text: text).compile(query, profile: profile)
            return try EvidenceTableExport(reads: reads, compiled: compiled, style: style).write(to: &sink)
        }
        let selected = try SourceListExport.selection(query, text: text, profile: profile, store: store, in: reads)
        if style == .csv {
            return try SourceListExport.inReferenceOrder(.statement(SourceListExport.ids(selected)), in: reads) { ordered in
                try SourceListExport.write(ordered, style: style, in: reads, to: &sink)
            }
        }
        return try SourceListExport.write(.statement(SourceListExport.ids(selected, orderedBy: reads.dialect.binaryOrder("s.slug"))), style: style,
                                          in: reads, to: &sink)
    }
}

/// Where an export reads: an SQLite connection (its rows streamed, long lists sorted in TEMP
/// tables), or any store's read session (PostgreSQL's read-only snapshot creates no table: the
/// selection and the reference order are kept in memory).
enum ExportReads {
    case sqlite(Database)
    case session(QueryReadSession)

    var dialect: any SQLDialect {
        switch self {
        case .sqlite: SQLiteDialect()
        case let .session(session): session.store.dialect
        }
    }

    var graph: any GraphReading {
        switch self {
        case let .sqlite(db): GraphReader(db: db)
        case let .session(session): session.graph
        }
    }

    /// Calls `body` with each row of `statement`, in order.
    func forEachRow(_ statement: SQLFragment, _ body: (SQLRow) throws -> Void) throws {
        let executor: any StatementExecutor = switch self {
        case let .sqlite(db): SQLiteStatementExecutor(db: db)
        case let .session(session): session.executor
        }
        try executor.forEachRow(statement) { row in
            try body(row)
            return true
        }
    }
}

/// The sources an export writes, in order: a statement's ids, or ids already ordered.
enum SourceIDs {
    case statement(SQLFragment)
    case ordered([Int64])
}

/// The sources behind a query, written in reference-list order.
enum SourceListExport {
    /// The statement giving the sources to export, in reference-list order.
    static func ids(for compiled: CompiledQuery, orderedBy order: String = "s.id") -> SQLFragment {
        ids(set(of: compiled), orderedBy: order)
    }

    /// `SELECT s.id FROM source s WHERE s.id IN (selected) ORDER BY order`.
    static func ids(_ selected: SQLFragment, orderedBy order: String = "s.id") -> SQLFragment {
        "SELECT s.id FROM source s WHERE s.id IN (\(selected)) ORDER BY \(sql: order)"
    }

    /// Every source behind the rows `compiled` returns (its own limit included), as a set.
    static func set(of compiled: CompiledQuery) -> SQLFragment {
        if compiled.query.target == .sources { return compiled.selecting(.sourceId) }
        let claims = compiled.selecting(.claimId)
        return "SELECT c.sourceId FROM (\(claims)) r JOIN claim c ON c.id = r.\(sql: CompiledQuery.OutputColumn.claimId.name) WHERE c.sourceId IS NOT NULL"
    }

    /// The sources a query cites, as `kb query` selects them (``QueryEngine/citedSources``): with
    /// a limit, the ranked selection, kept in a temporary table for the streaming writers (on a
    /// read session, as a list of ids); without one, every source behind the matching rows — the
    /// same set, with no need to rank.
    static func selection(_ query: Query, text: String, profile: ProfileSpec?, store: any QueryStore, in reads: ExportReads) throws -> SQLFragment {
        guard let limit = query.limit else {
            return set(of: try QueryCompiler(store: store, text: text).compile(query, profile: profile))
        }
        switch reads {
        case let .session(session):
            let selected = try QueryEngine.citedSources(query, text: text, profile: profile, limit: limit, store: store, in: session.executor)
            // PostgreSQL takes no empty `IN ()`.
            return selected.ids.isEmpty ? "SELECT id FROM source WHERE 1 = 0" : "SELECT id FROM source WHERE id IN \(list: selected.ids)"
        case let .sqlite(db):
            let selected = try QueryEngine.citedSources(query, text: text, profile: profile, limit: limit, store: store, in: db)
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS kbExportSelection (id INTEGER PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM temp.kbExportSelection")
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.kbExportSelection (id) VALUES (?)")
            for id in selected.ids { try insert.execute(arguments: [id]) }
            return "SELECT id FROM temp.kbExportSelection"
        }
    }

    /// Puts the sources `ids` selects into reference-list order (``APASortKey``): on SQLite their
    /// keys go to a temporary table and SQLite sorts them, so memory stays flat however many there
    /// are; on a read session they are sorted in memory, byte by byte as SQLite's BINARY order.
    /// `body` gets the ids in order.
    static func inReferenceOrder<T>(_ ids: SourceIDs, in reads: ExportReads, _ body: (SourceIDs) throws -> T) throws -> T {
        guard case let .sqlite(db) = reads else {
            var keyed: [(key: [UInt8], id: Int64)] = []
            try forEachChunk(ids, in: reads) { sources in
                keyed += sources.compactMap { source in source.id.map { (APASortKey(source).bytes, $0) } }
            }
            keyed.sort { APASortKey.precedes($0.key, $1.key) }
            return try body(.ordered(keyed.map(\.id)))
        }
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS kbExportOrder (
                author TEXT NOT NULL, hasDate INTEGER NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL, slug TEXT NOT NULL, id INTEGER NOT NULL)
            """)
        try db.execute(sql: "DELETE FROM temp.kbExportOrder")
        defer { try? db.execute(sql: "DELETE FROM temp.kbExportOrder") }
        let insert = try db.makeStatement(sql: "INSERT INTO temp.kbExportOrder VALUES (?, ?, ?, ?, ?, ?)")
        try forEachChunk(ids, in: reads) { sources in
            for source in sources {
                let key = APASortKey(source)
                try insert.execute(arguments: [key.author, key.hasDate, key.date, key.title, key.slug, source.id])
            }
        }
        return try body(.statement("SELECT id FROM temp.kbExportOrder ORDER BY author, hasDate, date, title, slug"))
    }

    /// Writes the sources `ids` selects, in order; an APA list (plain or Markdown) sorts itself
    /// (``APAListExport``).
    static func write(_ ids: SourceIDs, style: ExportStyle, in reads: ExportReads, to sink: inout some ExportSink) throws -> ExportSummary {
        var summary = ExportSummary()
        if style == .apa || style == .markdown {
            summary.sources = try APAListExport.write(ids, markdown: style == .markdown, in: reads, to: &sink)
            return summary
        }
        if style == .cslJSON { try sink.write("[\n") }
        if style == .csv { try sink.write(CSVWriter.row(SourceCSV.header)) }
        try forEachChunk(ids, in: reads) { sources in
            for source in sources {
                switch style {
                case .apa, .markdown: break  // written above
                case .bibtex: try sink.write((summary.sources > 0 ? "\n" : "") + BibTeXWriter.entry(source))
                case .ris: try sink.write((summary.sources > 0 ? "\n" : "") + RISWriter.record(source))
                case .cslJSON:
                    let item = CSLJSONWriter.item(source).pretty.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
                    try sink.write((summary.sources > 0 ? ",\n" : "") + item)
                case .csv: try sink.write(CSVWriter.row(SourceCSV.row(source)))
                }
                summary.sources += 1
            }
        }
        switch style {
        case .cslJSON: try sink.write(summary.sources > 0 ? "\n]\n" : "]\n")
        default: break
        }
        return summary
    }

    /// Loads the sources `ids` gives in chunks, in order (an SQLite statement's ids streamed).
    static func forEachChunk(_ ids: SourceIDs, in reads: ExportReads, _ body: ([Source]) throws -> Void) throws {
        let graph = reads.graph
        var batch: [Int64] = []
        func flush() throws {
            let loaded = try graph.sources(ids: batch)
            try body(batch.compactMap { loaded[$0] })
            batch.removeAll(keepingCapacity: true)
        }
        func add(_ id: Int64) throws {
            batch.append(id)
            if batch.count == Exporter.chunk { try flush() }
        }
        switch (ids, reads) {
        case let (.ordered(list), _):
            for id in list { try add(id) }
        case let (.statement(statement), .sqlite(db)):
            let cursor = try Int64.fetchCursor(db, sql: statement.sql, arguments: statement.statementArguments)
            while let id = try cursor.next() { try add(id) }
        case let (.statement(statement), .session):
            var list: [Int64] = []
            try reads.forEachRow(statement) { row in if let id = row[0].int64 { list.append(id) } }
            for id in list { try add(id) }
        }
        if !batch.isEmpty { try flush() }
    }
}

/// One row per source, for spreadsheets.
enum SourceCSV {
    static let header = ["id", "type", "authors", "year", "title", "container", "volume", "issue", "pages", "publisher", "doi", "url", "apa"]

    static func row(_ source: Source) -> [String] {
        [source.slug, source.type, source.authors.map(\.displayName).joined(separator: "; "), source.issued.map { String($0.year) } ?? "",
         ExportFields.title(source), source.containerTitle ?? "", source.volume ?? "", source.issue ?? "", source.page ?? "",
         source.publisher ?? "", source.doi ?? "", source.url ?? "", APAStyle.reference(for: source).plainText]
    }
}
