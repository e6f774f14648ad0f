import GRDB
import Testing
@testable import KBStore

/// The PostgreSQL schema (Schema/postgresql/) defines what the SQLite one does (DESIGN §13):
/// SQLite's read from a migrated KB, PostgreSQL's parsed from the DDL kb embeds. No server is
/// needed; .ci/check-postgres compares a live cluster's information_schema the same way.
struct SchemaParityTests {
    static func sqliteShape() throws -> SchemaShape {
        try KnowledgeBase.inMemory().reader.read { try SQLiteSchemaReader.shape($0) }
    }

    static var postgresSQL: String {
        PostgresSchemaFiles.migrations.map(\.sql).joined(separator: "\n;\n")
    }

    @Test func postgresDefinesWhatSQLiteDefines() throws {
        let sqlite = try Self.sqliteShape()
        let postgres = try DDLParser.schema(Self.postgresSQL)
        let differences = SchemaParity.differences(sqlite: sqlite, postgres: postgres)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        // The comparison saw the whole schema, not an empty one on each side.
        #expect(sqlite.tables.count >= 18)
        #expect(sqlite.tables["claim"]?.vocabularies["grade"] == ["'high'", "'moderate'", "'low'", "'very-low'"])
        #expect(postgres.tables["claim"]?.vocabularies["statedreplication"]?.count == 6)
        #expect(postgres.tables["changes"]?.foreignKeys == [ForeignKeyShape(columns: ["undoes"], table: "changes", referenced: ["id"], onDelete: "no action")])
        #expect(sqlite.indexes["sourcebydoi"]?.condition == "doi is not null")
        #expect(sqlite.views.contains("replicationattempt") && sqlite.triggers.contains("changesappendonlyupdate"))
    }

    @Test func migrationsAreNumberedAndEachRecordsItsVersion() throws {
        let migrations = PostgresSchemaFiles.migrations
        #expect(migrations.map(\.identifier) == ["0001_evidence_graph", "0002_full_text", "0003_fold", "0004_strength_order", "0005_change_byte_order"])
        for migration in migrations {
            #expect(migration.sql.contains("INSERT INTO \(PostgresSchemaFiles.versionTable) (identifier) VALUES ('\(migration.identifier)');"))
        }
        // SQLite's migrator reads only Schema/*.sql, never the PostgreSQL subfolder.
        #expect(SchemaMigrations.files.allSatisfy { !$0.identifier.contains("/") })
        #expect(SchemaMigrations.latestVersion == 10)
    }

    /// A drift made by editing PostgreSQL's DDL text, and the difference it must cause.
    struct Drift: Sendable, CustomTestStringConvertible {
        var original: String
        var edited: String
        var expected: String
        var testDescription: String { expected }

        init(_ original: String, _ edited: String, _ expected: String) {
            (self.original, self.edited, self.expected) = (original, edited, expected)
        }
    }

    /// Each kind of drift the comparison must catch.
    @Test(arguments: [
        Drift("'high', 'moderate', 'low', 'very-low'", "'high', 'moderate', 'low'", "table claim: CHECK (grade in('high', 'moderate', 'low', 'very-low')) only in SQLite"),
        Drift("    nameKey          TEXT    NOT NULL,", "    nameKey          TEXT,", "column contributor.namekey"),
        Drift("sourceId BIGINT  NOT NULL REFERENCES source(id) ON DELETE CASCADE,\n    kind", "sourceId BIGINT  NOT NULL REFERENCES source(id),\n    kind", "table notice: foreign key [\"sourceid\"] → source[\"id\"] on delete cascade only in SQLite"),
        Drift("    slug          TEXT    NOT NULL UNIQUE,\n    sourceId", "    slug          TEXT    NOT NULL,\n    sourceId", "table study: UNIQUE"),
        Drift("CREATE INDEX claimByStrengthAndId ON claim(strength, id);", "", "index claimbystrength: SQLite ON claim(strength), PostgreSQL none"),
        Drift("CREATE INDEX claimByStrengthAndId ON claim(strength, id);", "CREATE INDEX claimByStrengthAndId ON claim(strength, slug);",
              "index claimbystrength: SQLite ON claim(strength), PostgreSQL ON claim(strength, slug)"),
        Drift("CREATE INDEX claimByStrengthAndId ON claim(strength, id);", "CREATE INDEX claimByStrengthAndId ON claim(id, strength);",
              "index claimbystrength: SQLite ON claim(strength), PostgreSQL ON claim(id, strength)"),
        Drift("    weight     DOUBLE PRECISION NOT NULL DEFAULT 1.0,\n    note", "    weight     TEXT NOT NULL DEFAULT 1.0,\n    note", "column edge.weight"),
        Drift("CREATE VIEW topic AS SELECT id, slug, name, description FROM entity WHERE kind = 'topic';", "", "view topic: only in SQLite"),
        Drift("    PRIMARY KEY (file, key, sourceId)", "    PRIMARY KEY (file, key)", "table sourcekey: primary key"),
    ])
    func driftIsFound(_ drift: Drift) throws {
        let sql = Self.postgresSQL
        #expect(sql.contains(drift.original))
        let postgres = try DDLParser.schema(sql.replacingOccurrences(of: drift.original, with: drift.edited))
        let differences = SchemaParity.differences(sqlite: try Self.sqliteShape(), postgres: postgres)
        #expect(differences.contains { $0.hasPrefix(drift.expected) }, "\(differences)")
    }

    @Test func parserReadsTheSubset() throws {
        let schema = try DDLParser.schema("""
            -- a comment; with a semicolon
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x;y'; END; $$;
            CREATE TABLE t (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                kind TEXT NOT NULL DEFAULT 'a' CHECK (kind IN ('a', 'b''s')),
                parentId BIGINT REFERENCES t(id) ON DELETE SET NULL,
                UNIQUE (kind, parentId)
            );
            CREATE INDEX tByKind ON t USING gin ((kind || 'x')) WHERE kind <> 'a';
            """)
        let table = try #require(schema.tables["t"])
        #expect(table.columns.map(\.name) == ["id", "kind", "parentid"])
        #expect(table.columns[1] == ColumnShape(name: "kind", affinity: "text", isNotNull: true, defaultValue: "'a'"))
        #expect(table.primaryKey == ["id"] && table.columns[0].isNotNull)
        #expect(table.uniques == [["kind", "parentid"]])
        #expect(table.vocabularies == ["kind": ["'a'", "'b''s'"]])
        #expect(table.foreignKeys == [ForeignKeyShape(columns: ["parentid"], table: "t", referenced: ["id"], onDelete: "set null")])
        #expect(schema.indexes["tbykind"] == IndexShape(table: "t", columns: ["(kind || 'x')"], isUnique: false, condition: "kind <> 'a'"))
        #expect(throws: DDLTokens.Failure.self) { try DDLParser.schema("CREATE TABLE t (a TEXT CHECK (a IN ('x')") }
        // A later migration's index changes are followed; DROP or ALTER of anything else is refused, not passed over.
        let renamed = try DDLParser.schema("""
            CREATE INDEX old ON t(a); CREATE INDEX fresh ON t(a, id); DROP INDEX IF EXISTS old; ALTER INDEX fresh RENAME TO old;
            ALTER TEXT SEARCH CONFIGURATION c ALTER MAPPING FOR word WITH simple;
            """)
        #expect(renamed.indexes == ["old": IndexShape(table: "t", columns: ["a", "id"], isUnique: false, condition: nil)])
        // Byte order (COLLATE "C") is SQLite's BINARY, an index column's default; another collation is not.
        let bytes = try DDLParser.schema(#"CREATE INDEX b ON t(a COLLATE "C", kind); CREATE INDEX n ON t(a COLLATE "de_DE");"#)
        #expect(bytes.indexes["b"]?.columns == ["a", "kind"])
        #expect(bytes.indexes["n"]?.columns != ["a"])
        #expect(throws: DDLTokens.Failure.self) { try DDLParser.schema("DROP TABLE t;") }
        #expect(throws: DDLTokens.Failure.self) { try DDLParser.schema("ALTER TABLE t ADD COLUMN b TEXT;") }
        #expect(throws: DDLTokens.Failure.self) { try DDLParser.schema("ALTER INDEX i SET TABLESPACE s;") }
    }
}
