import Foundation

/// Where an entry goes in an APA reference list: `apa.csl`'s `<sort>` — the author (or what
/// stands in for it, as printed; an incomplete list after the lists that share its known names,
/// ``APAReference/sortAuthor``), undated works before dated ones, the date as printed (year,
/// or year-month-day for dated web items), then the title; kb's slug breaks remaining ties. A
/// year suffix the source gives (``APAReference/givenYearSuffix``) follows the date, so that a
/// register's "2016a", "2016b" keep their order.
///
/// Texts compare lower-cased and with diacritics removed, so "Álvarez" files under A as in
/// Zotero; citeproc-py compares code points and files it after "Zhang" (a difference
/// `.ci/check-exports` lists). Comparison is by UTF-8 bytes, which is also SQLite's `BINARY`
/// order, so a list sorted in memory and one sorted by SQLite agree.
package struct APASortKey: Equatable {
    package let author: String
    package let hasDate: Bool
    package let date: String
    package let title: String
    package let slug: String
    /// The printed author and year: works that share them get `a`/`b` suffixes.
    package let authorYear: String
    /// The year suffix the source gives, if any (see ``APAStyle/suffixes(given:)``).
    package let givenSuffix: String?

    package init(_ source: Source) {
        self.init(APAReference(source))
    }

    /// - Parameter author: `reference.author()`, when the caller has it already.
    package init(_ reference: APAReference, author rendered: StyledText?? = nil) {
        let source = reference.source
        author = Self.collationText(reference.sortAuthor ?? (rendered ?? reference.author())?.plainText ?? "")
        hasDate = source.issued != nil
        givenSuffix = reference.givenYearSuffix
        date = (source.issued.map { reference.sortDate($0) } ?? "") + (givenSuffix ?? "")
        title = Self.collationText(reference.titleMacro()?.plainText ?? "")
        slug = source.slug
        authorYear = author + "\u{1}" + (source.issued.map { String($0.year) } ?? "")
    }

    /// Lower case, diacritics removed, everything else kept (punctuation counts, as in APA's
    /// "nothing precedes something": "Smith, J." before "Smith-Jones, A.").
    static func collationText(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            out.append(scalar)
        }
        return String(out)
    }

    /// The fields in comparison order.
    var fields: [String] { [author, hasDate ? "1" : "0", date, title, slug] }

    /// The fields' UTF-8 joined by NUL bytes, which sort before every byte of the fields, so one
    /// byte comparison of these orders as comparing field by field does.
    package var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(author.utf8.count + date.utf8.count + title.utf8.count + slug.utf8.count + 6)
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(0) }
            out.append(contentsOf: field.utf8)
        }
        return out
    }

    /// Byte order of ``bytes``.
    package static func precedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        let common = min(lhs.count, rhs.count)
        let order = lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in memcmp(left.baseAddress!, right.baseAddress!, common) }
        }
        return order != 0 ? order < 0 : lhs.count < rhs.count
    }
}
