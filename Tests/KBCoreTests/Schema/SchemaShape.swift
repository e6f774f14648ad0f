/// One engine's schema as the parity test compares it: names in lower case (PostgreSQL folds
/// unquoted names), column types by affinity, constraints as sets.
struct SchemaShape: Equatable {
    var tables: [String: TableShape] = [:]
    var indexes: [String: IndexShape] = [:]
    var views: Set<String> = []
    var triggers: Set<String> = []
}

struct TableShape: Equatable {
    var columns: [ColumnShape] = []
    var primaryKey: [String] = []
    var uniques: Set<[String]> = []
    var foreignKeys: Set<ForeignKeyShape> = []
    /// Every CHECK, column-level or table-level, as normalised text (``DDLTokens/normalised(_:)``).
    var checks: Set<String> = []

    /// The values each `column IN (…)` CHECK allows: the vocabularies.
    var vocabularies: [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for check in checks {
            for (column, values) in DDLTokens.vocabularies(in: check) {
                result[column, default: []].formUnion(values)
            }
        }
        return result
    }
}

struct ColumnShape: Equatable {
    var name: String
    /// `integer`, `real` or `text` (SQLite's affinities); other types as written, lower case.
    var affinity: String
    var isNotNull: Bool
    /// The DEFAULT expression, normalised; nil when none.
    var defaultValue: String?

    static func affinity(of declared: String) -> String {
        let type = declared.uppercased()
        if type.contains("INT") { return "integer" }
        if type.contains("REAL") || type.contains("DOUBLE") || type.contains("FLOA") { return "real" }
        if type.contains("TEXT") || type.contains("CHAR") { return "text" }
        return declared.lowercased()
    }
}

struct ForeignKeyShape: Hashable {
    var columns: [String]
    var table: String
    var referenced: [String]
    /// `cascade`, `set null` or `no action`.
    var onDelete: String
}

struct IndexShape: Equatable {
    var table: String
    var columns: [String]
    var isUnique: Bool
    /// The partial index's WHERE condition, normalised.
    var condition: String?
}
