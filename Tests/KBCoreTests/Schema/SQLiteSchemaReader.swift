import GRDB

/// SQLite's schema as ``SchemaShape``: tables, columns, keys and foreign keys from its PRAGMAs;
/// CHECKs and partial-index conditions, which no PRAGMA gives, parsed from the CREATE
/// statements SQLite keeps. FTS5 tables and their shadow tables, `sqlite_*` and GRDB's
/// migration table are engine machinery, left out.
enum SQLiteSchemaReader {
    static func shape(_ db: Database) throws -> SchemaShape {
        let objects = try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        let virtualTables = objects.filter { ($0["sql"] as String).uppercased().hasPrefix("CREATE VIRTUAL TABLE") }.map { $0["name"] as String }
        func isMachinery(_ name: String) -> Bool {
            name.hasPrefix("sqlite_") || name == "grdb_migrations"
                || virtualTables.contains { name == $0 || name.hasPrefix($0 + "_") }
        }
        var schema = SchemaShape()
        for object in objects {
            let name: String = object["name"]
            let sql: String = object["sql"]
            switch object["type"] as String {
            case "table" where !isMachinery(name):
                schema.tables[name.lowercased()] = try table(name, sql: sql, db)
            case "index":
                for (indexName, index) in try DDLParser.schema(sql).indexes { schema.indexes[indexName] = index }
            case "view":
                schema.views.insert(name.lowercased())
            case "trigger":
                schema.triggers.insert(name.lowercased())
            default:
                break
            }
        }
        return schema
    }

    private static func table(_ name: String, sql: String, _ db: Database) throws -> TableShape {
        var table = TableShape()
        let columns = try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
        for column in columns {
            let defaultValue: String? = try (column["dflt_value"] as String?).map { DDLTokens.normalised(try DDLTokens.tokenize($0)) }
            table.columns.append(ColumnShape(
                name: (column["name"] as String).lowercased(),
                affinity: ColumnShape.affinity(of: column["type"]),
                isNotNull: (column["notnull"] as Bool) || (column["pk"] as Int) > 0,
                defaultValue: defaultValue
            ))
        }
        let keyColumns: [(position: Int, name: String)] = columns.map { ($0["pk"], ($0["name"] as String).lowercased()) }
        table.primaryKey = keyColumns.filter { $0.position > 0 }.sorted { $0.position < $1.position }.map(\.name)
        let foreignKeys = try Row.fetchAll(db, sql: "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", arguments: [name])
        for (_, rows) in Dictionary(grouping: foreignKeys, by: { $0["id"] as Int }) {
            table.foreignKeys.insert(ForeignKeyShape(
                columns: rows.map { ($0["from"] as String).lowercased() },
                table: (rows[0]["table"] as String).lowercased(),
                referenced: rows.map { ($0["to"] as String? ?? "id").lowercased() },
                onDelete: (rows[0]["on_delete"] as String).lowercased()
            ))
        }
        for index in try Row.fetchAll(db, sql: "SELECT name FROM pragma_index_list(?) WHERE origin = 'u'", arguments: [name]) {
            let indexColumns = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [index["name"] as String])
            table.uniques.insert(indexColumns.map { $0.lowercased() })
        }
        table.checks = try DDLParser.table(sql).table.checks
        return table
    }
}
