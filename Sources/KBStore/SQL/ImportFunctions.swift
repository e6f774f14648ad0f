import GRDB
import KBDomain

/// SQL functions for what imports compute in Swift, so a migration can bring data written by an
/// older kb to what an import writes today (Schema/0007_decode_entities.sql).
enum ImportFunctions {
    /// `kb_decode_entities(text)`: ``HTMLEntities/decode(_:)``; NULL stays NULL.
    static let decodeEntities = DatabaseFunction("kb_decode_entities", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map { HTMLEntities.decode($0) }
    }

    /// `kb_title_key(title)`: ``TitleKey/make(_:)``, the stored `titleKey` of a title.
    static let titleKey = DatabaseFunction("kb_title_key", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(TitleKey.make)
    }

    static func install(in db: Database) {
        db.add(function: decodeEntities)
        db.add(function: titleKey)
    }
}
