import Testing
@testable import KBPostgres
@testable import KBStore

struct SQLScriptTests {
    @Test func splitsOnlyAtStatementEnds() {
        let statements = SQLScript.statements("""
            -- a comment; not an end
            CREATE TABLE t (a TEXT DEFAULT 'x;y', "b;c" TEXT);
            /* block; comment */ INSERT INTO t VALUES ('it''s; fine');
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END; $$;
            CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
            SELECT $1::int;
            -- trailing comment
            """)
        #expect(statements.count == 5)
        #expect(statements[0].hasSuffix("CREATE TABLE t (a TEXT DEFAULT 'x;y', \"b;c\" TEXT)"))
        #expect(statements[1] == "/* block; comment */ INSERT INTO t VALUES ('it''s; fine')")
        #expect(statements[2].hasSuffix("$$ BEGIN RAISE EXCEPTION 'no'; END; $$"))
        #expect(statements[3].hasSuffix("$body$ SELECT 1; $body$"))
        #expect(statements[4] == "SELECT $1::int")
    }

    /// Every statement of every shipped migration is one PostgreSQL accepts alone: it starts
    /// with a verb (after its comments) and ends where its text ends.
    @Test func shippedMigrationsSplitIntoWholeStatements() {
        let verbs = ["CREATE ", "ALTER ", "INSERT ", "DROP ", "SET LOCAL "]
        var count = 0
        for migration in PostgresSchemaFiles.migrations {
            let statements = SQLScript.statements(migration.sql)
            for statement in statements {
                let code = statement.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
                #expect(verbs.contains { code.hasPrefix($0) }, "\(migration.identifier): \(code.prefix(80))")
            }
            #expect(statements.last?.hasPrefix("INSERT INTO kbSchemaMigration") == true)
            count += statements.count
        }
        #expect(count > 60)
    }
}
