import GRDB
import KBDomain

/// Which of a batch's slugs a table does not hold yet, found in bulk (an empty table holds none;
/// otherwise one indexed lookup of 500 slugs at a time), so that new rows can be written
/// without a lookup each.
enum ExistingSlugs {
    static func absent(_ slugs: [String], from table: String, in db: Database) throws -> Set<String> {
        var absent = Set(slugs)
        guard !absent.isEmpty, try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") == true else { return absent }
        for chunk in Array(absent).chunked(into: 500) {
            for slug in try String.fetchAll(db, sql: "SELECT slug FROM \(table) WHERE slug IN \(placeholders(chunk.count))",
                                            arguments: StatementArguments(chunk)) {
                absent.remove(slug)
            }
        }
        return absent
    }
}
