import GRDB
import KBDomain

/// Loads full records by id for query results: ``GraphReader`` on SQLite (its C-API fast path
/// for sources), ``RowGraphReader`` on any ``StatementExecutor``.
package protocol GraphReading {
    func claims(ids: [Int64]) throws -> [Int64: StoredClaim]
    func sources(ids: [Int64]) throws -> [Int64: Source]
    func studies(ids: [Int64]) throws -> [Int64: Study]
}

extension GraphReader: GraphReading {}

/// One read of a knowledge base, whatever store holds it: the executor the engine runs its
/// compiled statements with, the ``QueryStore`` the compiler resolves names through, and the
/// record loader for results — all on the same connection, inside one snapshot.
package struct QueryReadSession {
    package let executor: any StatementExecutor
    package let store: any QueryStore
    package let graph: any GraphReading
    /// Statements the read may run on another connection in the same snapshot while it goes
    /// on (PostgreSQL's exported snapshot: a query's total counted beside its ranked rows);
    /// nil where there is no such connection (SQLite, a server's pooled reads).
    package let sideReads: (any SideReads)?

    package init(executor: any StatementExecutor, store: any QueryStore, graph: any GraphReading, sideReads: (any SideReads)? = nil) {
        self.executor = executor
        self.store = store
        self.graph = graph
        self.sideReads = sideReads
    }

    /// The SQLite session on `db`, with the store `factory` gives for it.
    package static func sqlite(_ db: Database, store factory: QueryStoreFactory = .sqlite) -> QueryReadSession {
        QueryReadSession(executor: SQLiteStatementExecutor(db: db), store: factory(db), graph: GraphReader(db: db))
    }
}
