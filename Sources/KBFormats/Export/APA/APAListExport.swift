import Dispatch
import GRDB
import KBDomain
import KBStore

/// An APA reference list (plain text or Markdown) of the sources a statement selects, streamed:
/// each entry is rendered once (on all cores), with a placeholder for its year suffix, and kept
/// with its sort key (``APASortKey``); the entries go out in order with `a`, `b`, … filled in for
/// runs of works by the same authors in the same year. Up to ``inMemoryLimit`` entries are sorted
/// in memory; a longer list spills to a temporary table that SQLite sorts, so memory stays
/// bounded however long the list.
enum APAListExport {
    /// Stands in for the year suffix until the entry's run is known.
    static let suffixMarker = "\u{1}"
    /// Entries sorted in memory before the list spills to a temporary table.
    static let inMemoryLimit = 20_000

    /// ``write(_:markdown:in:to:inMemoryLimit:)`` of a statement's sources on an SQLite connection.
    static func write(_ ids: SQLFragment, markdown: Bool, in db: Database, to sink: inout some ExportSink,
                      inMemoryLimit: Int = APAListExport.inMemoryLimit) throws -> Int {
        try write(.statement(ids), markdown: markdown, in: .sqlite(db), to: &sink, inMemoryLimit: inMemoryLimit)
    }

    /// Writes the list. A read session (PostgreSQL's read-only snapshot, which creates no table)
    /// sorts every entry in memory.
    static func write(_ ids: SourceIDs, markdown: Bool, in reads: ExportReads, to sink: inout some ExportSink,
                      inMemoryLimit: Int = APAListExport.inMemoryLimit) throws -> Int {
        var buffered: [(APASortKey, String)] = []
        var spill: SortTable?
        defer { try? spill?.drop() }
        try SourceListExport.forEachChunk(ids, in: reads) { sources in
            buffered += rendered(sources, markdown: markdown)
            if case let .sqlite(db) = reads, spill != nil || buffered.count > inMemoryLimit {
                let table = try spill ?? SortTable(db)
                try table.insert(buffered)
                buffered.removeAll(keepingCapacity: true)
                spill = table
            }
        }
        var runs = RunWriter()
        if let spill {
            try spill.insert(buffered)
            try spill.forEachSorted { authorYear, given, entry in try runs.add(authorYear, given, entry, to: &sink) }
        } else {
            let keyed = buffered.map { (bytes: $0.0.bytes, authorYear: $0.0.authorYear, given: $0.0.givenSuffix, entry: $0.1) }
                .sorted { APASortKey.precedes($0.bytes, $1.bytes) }
            buffered.removeAll()
            for item in keyed { try runs.add(item.authorYear, item.given, item.entry, to: &sink) }
        }
        try runs.finish(to: &sink)
        return runs.count
    }

    /// Writes entries in order, holding back one run of same author and year until its length
    /// (and so whether it takes suffixes) is known.
    struct RunWriter {
        private var run: [String] = []
        private var given: [String?] = []
        private var runKey: String?
        private(set) var count = 0

        /// - Parameter givenSuffix: the entry's own year suffix (``APASortKey/givenSuffix``).
        mutating func add(_ authorYear: String, _ givenSuffix: String?, _ entry: String, to sink: inout some ExportSink) throws {
            if authorYear != runKey { try finish(to: &sink) }
            runKey = authorYear
            run.append(entry)
            given.append(givenSuffix)
        }

        mutating func finish(to sink: inout some ExportSink) throws {
            let suffixes = APAStyle.suffixes(given: given)
            for (index, entry) in run.enumerated() {
                try sink.write(APAListExport.fill(entry, suffix: suffixes[index]) + "\n")
            }
            count += run.count
            run.removeAll(keepingCapacity: true)
            given.removeAll(keepingCapacity: true)
        }
    }

    /// The temporary table a long list spills to.
    struct SortTable {
        let db: Database
        let insertStatement: Statement

        init(_ db: Database) throws {
            self.db = db
            try db.execute(sql: """
                CREATE TEMP TABLE IF NOT EXISTS kbAPAList (
                    author TEXT NOT NULL, hasDate INTEGER NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL, slug TEXT NOT NULL,
                    authorYear TEXT NOT NULL, givenSuffix TEXT, entry TEXT NOT NULL)
                """)
            try db.execute(sql: "DELETE FROM temp.kbAPAList")
            insertStatement = try db.makeStatement(sql: "INSERT INTO temp.kbAPAList VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        }

        func insert(_ entries: [(APASortKey, String)]) throws {
            for (key, entry) in entries {
                try insertStatement.execute(arguments: [key.author, key.hasDate, key.date, key.title, key.slug, key.authorYear, key.givenSuffix, entry])
            }
        }

        /// The rows in ``APASortKey`` order (BINARY collation compares as `precedes` does).
        func forEachSorted(_ body: (String, String?, String) throws -> Void) throws {
            let rows = try Row.fetchCursor(db, sql: "SELECT authorYear, givenSuffix, entry FROM temp.kbAPAList ORDER BY author, hasDate, date, title, slug")
            while let row = try rows.next() { try body(row[0], row[1], row[2]) }
        }

        func drop() throws {
            try db.execute(sql: "DROP TABLE IF EXISTS temp.kbAPAList")
        }
    }

    /// Sort keys and entries (with the suffix placeholder) of a chunk, rendered on all cores.
    static func rendered(_ sources: [Source], markdown: Bool) -> [(APASortKey, String)] {
        let results = UnsafeMutableBufferPointer<(APASortKey, String)?>.allocate(capacity: sources.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let slots = SendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            let reference = APAReference(sources[index], yearSuffix: suffixMarker)
            let author = reference.author()
            let entry = reference.render(author: author)
            slots.buffer[index] = (APASortKey(reference, author: author), markdown ? entry.markdown : entry.plainText)
        }
        return results.compactMap { $0 }
    }

    /// The entry with its year suffix: "(2025\u{1})" → "(2025a)" or "(2025)"; "(n.d.-\u{1})" →
    /// "(n.d.-a)" or "(n.d.)".
    static func fill(_ entry: String, suffix: String) -> String {
        let bytes = entry.utf8
        guard let marker = bytes.firstIndex(of: 1) else { return entry }
        var before = entry[..<marker]
        if suffix.isEmpty, before.hasSuffix("-") { before = before.dropLast() }
        return before + suffix + entry[bytes.index(after: marker)...]
    }
}

/// A buffer whose slots are written by one task each (``APAListExport/rendered(_:markdown:)``).
private struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        self.buffer = buffer
    }
}
