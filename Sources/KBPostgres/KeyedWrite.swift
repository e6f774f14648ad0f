import GRDB
import KBStore
import NIOCore
import PostgresNIO

/// Rows of one table deleted or updated on PostgreSQL by key in a few statements, whatever their
/// number (``StagedRows/write(from:to:)``, an import's merges and revisions): the rows are copied
/// into a temporary table with `COPY … FROM STDIN`, then one `DELETE … USING` or, for each set
/// of changed columns, one `UPDATE … FROM` matches them by key — a join the server does in
/// linear time (a hash join), where a statement a row cost a round trip each.
struct KeyedWrite {
    let table: RowDelta.Table
    let executor: PostgresExecutor

    /// Deletes the rows with the keys of `rows`; returns how many the server deleted.
    func delete(_ rows: [[DatabaseValue]]) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let temporary = "kb_gone_\(table.name.lowercased())"
        let keys = table.key.compactMap { table.columns.firstIndex(of: $0) }
        try executor.runWrite(SQLFragment(sql: """
            CREATE TEMP TABLE \(temporary) ON COMMIT DROP AS SELECT \(RowDelta.pgList(table.key)) FROM \(table.name) WITH NO DATA
            """))
        try executor.copy(into: temporary, columns: table.key.map { $0.lowercased() },
                          from: CopyBuffers(rows.lazy.map { row in keys.map { row[$0] } }))
        let match = try matchByKey("t", "g")
        let deleted = try executor.runWrite(SQLFragment(sql: """
            WITH deleted AS (DELETE FROM \(table.name) AS t USING \(temporary) AS g WHERE \(match) RETURNING 1) SELECT count(*) FROM deleted
            """))
        return deleted.rows.first.map(PostgresExecutor.row)?[0].int64.map(Int.init) ?? 0
    }

    /// Updates each row `old` to `new` (same id), setting only the columns that changed, and,
    /// for a table with row versions (sources, studies, claims), only if the server's row is
    /// still at the version the copy read: otherwise someone else wrote it (``PostgresWriteRetry``).
    /// Returns how many rows were updated.
    func update(_ pairs: [(old: [DatabaseValue], new: [DatabaseValue])]) throws -> Int {
        // Rows grouped by the columns they change: one UPDATE a group, so that the server's
        // triggers on some columns (`UPDATE OF statement`) fire for the rows they did before.
        var groups: [[Int]: Int] = [:]
        var sizes: [Int: Int] = [:]
        var rows: [[DatabaseValue]] = []
        let version = table.columns.firstIndex(of: "version")
        for (old, new) in pairs {
            let changed = table.columns.indices.filter { old[$0] != new[$0] }
            guard !changed.isEmpty else { continue }
            let group = groups[changed] ?? groups.count
            groups[changed] = group
            sizes[group, default: 0] += 1
            let oldVersion: DatabaseValue = version.map { old[$0] } ?? .null
            let groupValue = Int64(group).databaseValue
            var row = new
            row.append(oldVersion)
            row.append(groupValue)
            rows.append(row)
        }
        guard !rows.isEmpty else { return 0 }
        let temporary = "kb_changed_\(table.name.lowercased())"
        let oldVersion = version == nil ? "NULL::bigint" : "\"version\""
        try executor.runWrite(SQLFragment(sql: """
            CREATE TEMP TABLE \(temporary) ON COMMIT DROP AS
            SELECT \(RowDelta.pgList(table.columns)), \(oldVersion) AS kb_old_version, 0::bigint AS kb_group FROM \(table.name) WITH NO DATA
            """))
        try executor.copy(into: temporary, columns: table.columns.map { $0.lowercased() } + ["kb_old_version", "kb_group"],
                          from: CopyBuffers(rows))
        try executor.runWrite(SQLFragment(sql: "ANALYZE \(temporary)"))
        var updated = 0
        let match = try matchByKey("t", "u") + (version == nil ? "" : " AND t.\"version\" = u.kb_old_version")
        for (columns, group) in groups.sorted(by: { $0.value < $1.value }) {
            let assignments = columns.map { "\"\(table.columns[$0].lowercased())\" = u.\"\(table.columns[$0].lowercased())\"" }.joined(separator: ", ")
            let statement: SQLFragment = """
                WITH updated AS (UPDATE \(sql: table.name) AS t SET \(sql: assignments) FROM \(sql: temporary) AS u
                WHERE u.kb_group = \(Int64(group)) AND \(sql: match) RETURNING 1) SELECT count(*) FROM updated
                """
            let count = try executor.runWrite(statement).rows.first.map(PostgresExecutor.row)?[0].int64.map(Int.init) ?? 0
            let expected = sizes[group] ?? 0
            if count != expected {
                throw PostgresWriteRetry(reason: "\(expected - count) \(table.name) rows changed while this write ran")
            }
            updated += count
        }
        return updated
    }

    /// `t.k = g.k AND …` on the key's columns (`IS NOT DISTINCT FROM` for a column the server
    /// lets be NULL, which `=` would never match).
    private func matchByKey(_ target: String, _ rows: String) throws -> String {
        let notNull = Set(try executor.rows("""
            SELECT attname::text FROM pg_attribute WHERE attrelid = \(table.name.lowercased())::text::regclass AND attnum > 0 AND attnotnull
            """).compactMap { $0[0].string })
        return table.key.map { column in
            let name = "\"\(column.lowercased())\""
            return notNull.contains(column.lowercased()) ? "\(target).\(name) = \(rows).\(name)" : "\(target).\(name) IS NOT DISTINCT FROM \(rows).\(name)"
        }.joined(separator: " AND ")
    }
}

/// Where a `COPY … FROM STDIN` reads its text from, page by page. Called by one COPY at a time.
protocol CopySource: AnyObject, Sendable {
    /// The next page of lines in COPY's text format, or nil after the last.
    func next() throws -> ByteBuffer?
}

/// Rows held in memory (a merge's changed rows), as COPY's text pages.
final class CopyBuffers: CopySource, @unchecked Sendable {
    private var pages: [ByteBuffer] = []

    init(_ rows: some Sequence<[DatabaseValue]>) {
        var buffer = ByteBuffer()
        var count = 0
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                CopyPages.append(value, to: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
            count += 1
            if count % StagedRows.pageRows == 0 {
                pages.append(buffer)
                buffer = ByteBuffer()
            }
        }
        if buffer.readableBytes > 0 { pages.append(buffer) }
        pages.reverse()
    }

    func next() throws -> ByteBuffer? {
        pages.popLast()
    }
}

extension PostgresExecutor {
    /// Streams `source`'s pages to the server with one `COPY table (columns) FROM STDIN`.
    func copy(into table: String, columns: [String], from source: some CopySource) throws {
        let connection = connection
        do {
            try blocking {
                try await GuardedCopy.copy(on: connection, into: table, columns: columns, from: source)
            }
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            throw PostgresConnector.failure(error, location: location) {
                .statementFailed(location: location, reason: "COPY \(table): \($0)")
            }
        }
    }
}
