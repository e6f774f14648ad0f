import GRDB

extension Catalog {
    /// The version of the claim, source or study `id` names (as ``show(_:)`` resolves it: a
    /// claim first, then a source, then a study), or nil for a note or taxonomy node. `kb show`
    /// prints it so that a writer can pass it to `--if-version`, as the refusal of a stale write
    /// advises ("read it again (kb show ID)").
    public func version(of id: String) throws -> Int? {
        try knowledgeBase.reader.read { db in
            for table in ["claim", "source", "study"] {
                if let version = try Int.fetchOne(db, sql: "SELECT version FROM \(table) WHERE slug = ?", arguments: [id]) { return version }
            }
            return nil
        }
    }
}
