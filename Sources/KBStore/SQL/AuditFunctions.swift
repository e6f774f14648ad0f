import GRDB
import KBDomain

/// The SQL functions the audit rules call, added to every connection kb opens (see
/// ``KBFunctions``). They are pure and take only values read from kb's own tables.
enum AuditFunctions {
    /// `kb_placeholder(text)`: the stripped-out numbers in the text, with context, or NULL.
    static let placeholder = DatabaseFunction("kb_placeholder", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).flatMap(PlaceholderScanner.evidence(in:))
    }

    /// `kb_number_in_text(value, text)`: 1 when the number is written in the text.
    static let numberInText = DatabaseFunction("kb_number_in_text", argumentCount: 2, pure: true) { values in
        guard let value = Double.fromDatabaseValue(values[0]), let text = String.fromDatabaseValue(values[1]) else { return nil }
        return NumberInText.appears(value, in: text)
    }

    /// `kb_number_text(value)`: "-40", "0.183", "2900".
    static let numberText = DatabaseFunction("kb_number_text", argumentCount: 1, pure: true, function: formatNumber)

    // A named function, not a closure: Swift 6.3's optimiser crashes on the closure form.
    @Sendable static func formatNumber(_ values: [DatabaseValue]) -> String? {
        guard let value = Double.fromDatabaseValue(values[0]) else { return nil }
        return JSONValue.format(value)
    }

    /// `kb_is_doi(text)`: ``DOI/isDOI(_:)``.
    static let isDOI = DatabaseFunction("kb_is_doi", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(DOI.isDOI)
    }

    /// `kb_doi_quirk(raw)`: what is wrong with a DOI as a file wrote it ("trailing space").
    static let doiQuirk = DatabaseFunction("kb_doi_quirk", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).flatMap { DOI.writingQuirk($0, texAllowed: false) }
    }

    /// `kb_html_entity(text)`: the HTML entities left in the text, with context, or NULL.
    static let htmlEntity = DatabaseFunction("kb_html_entity", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).flatMap(CurationScanner.entities(in:))
    }

    /// `kb_withdrawn_marker(title)`: "RETRACTED", "[Withdrawn]"… when the title says so, or NULL.
    static let withdrawnMarker = DatabaseFunction("kb_withdrawn_marker", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).flatMap(CurationScanner.withdrawnMarker(in:))
    }

    /// `kb_name_key(particle, family, literal)`: the contributor's name key with LaTeX decoded
    /// first (`Dj{\"a}rv` → `djarv`, as `Djärv`), so two spellings of one author compare equal.
    static let nameKey = DatabaseFunction("kb_name_key", argumentCount: 3, pure: true) { values in
        let parts = values.map { String.fromDatabaseValue($0).map(LaTeX.text) }
        guard parts[1] != nil || parts[2] != nil else { return nil }
        return Contributor(family: parts[1], particle: parts[0], literal: parts[2]).nameKey
    }

    /// `kb_markup(text)`: the HTML tags in the text ("<i>, <scp>"), or NULL.
    static let markup = DatabaseFunction("kb_markup", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).flatMap(CurationScanner.markupTags(in:))
    }

    static func install(in db: Database) {
        for function in [placeholder, numberInText, numberText, isDOI, doiQuirk, htmlEntity, withdrawnMarker, nameKey, markup] { db.add(function: function) }
    }
}
