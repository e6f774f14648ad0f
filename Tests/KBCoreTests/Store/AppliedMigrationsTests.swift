import GRDB
import Testing
@testable import KBDomain
@testable import KBStore

/// The migrations a KB has applied, read by kb itself on every open
/// (``SchemaMigrations/appliedIdentifiers(_:)``): what GRDB's migrator reads, at every step.
struct AppliedMigrationsTests {
    @Test func theAppliedMigrationsAreGRDBsOwnAtEveryStep() throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in KBFunctions.install(in: db) }
        let queue = try DatabaseQueue(configuration: configuration)
        let migrator = SchemaMigrations.migrator
        // No migrations table yet.
        #expect(try queue.read { db in try SchemaMigrations.appliedIdentifiers(db) }.isEmpty)
        #expect(try queue.read { db in try migrator.appliedIdentifiers(db) }.isEmpty)
        for identifier in SchemaMigrations.files.map(\.identifier) {
            try migrator.migrate(queue, upTo: identifier)
            let own = try queue.read { db in try SchemaMigrations.appliedIdentifiers(db) }
            #expect(own == (try queue.read { db in try migrator.appliedIdentifiers(db) }), "\(identifier)")
            #expect(own.contains(identifier) && own.count == SchemaMigrations.files.firstIndex { $0.identifier == identifier }.map { $0 + 1 })
        }
        // A migration this kb does not know (a newer kb's) is read, so that the KB is refused.
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_from_a_newer_kb')") }
        #expect(try queue.read { db in try SchemaMigrations.appliedIdentifiers(db) }.contains("9999_from_a_newer_kb"))
        #expect(throws: KBError.self) { _ = try KnowledgeBase(queue, path: "newer.sqlite") }
        // A migrations table of another shape: both refuse it with SQLite's own error.
        let other = try DatabaseQueue()
        try other.write { db in try db.execute(sql: "CREATE TABLE grdb_migrations (name TEXT)") }
        #expect(throws: DatabaseError.self) { _ = try other.read { db in try SchemaMigrations.appliedIdentifiers(db) } }
        #expect(throws: DatabaseError.self) { _ = try other.read { db in try migrator.appliedIdentifiers(db) } }
    }
}
