import Testing
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBStore
import GRDB

/// Dates a user types (`kb add --issued`, `kb notice --date`, seeds, `kb log --since`) are real
/// calendar dates: a trial found `2024-02-30` stored and exported as such.
struct PartialDateTests {
    @Test(arguments: ["2023", "2025-09", "2025-09-23", "2024-02-29", "2000-02-29", "2025-12-31", "2025/04/30", "2025-01-31"])
    func realDatesParse(text: String) throws {
        let date = try #require(PartialDate(parsing: text))
        #expect(date.iso == text.replacingOccurrences(of: "/", with: "-"))
    }

    @Test(arguments: ["2024-02-30", "2023-02-29", "1900-02-29", "2025-04-31", "2025-06-31", "2025-09-31", "2025-11-31", "2025-13-01",
                      "2025-00-10", "2025-01-00", "2025-01-32", "25-01-01", "2025-1-x", ""])
    func impossibleDatesDoNot(text: String) {
        #expect(PartialDate(parsing: text) == nil, "\(text)")
    }

    @Test func daysOfEachMonth() {
        #expect((1...12).map { PartialDate.days(inMonth: $0, of: 2025) } == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        #expect(PartialDate.days(inMonth: 2, of: 2024) == 29 && PartialDate.days(inMonth: 2, of: 2100) == 28 && PartialDate.days(inMonth: 2, of: 2000) == 29)
    }

    @Test func sinceTakesARealDateOrTime() {
        for good in ["2026-11-30", "2024-02-29", "2026-11-30T04:10", "2026-11-30T04:10:00Z", "2026-11-30T23:59:59Z"] {
            #expect(ChangeLog.validSince(good), "\(good)")
        }
        for bad in ["2026-13-01", "2026-11-31", "2026-00-00", "2023-02-29", "2026-11-30T24:00:00Z", "2026-11-30T04:60Z", "2026-11-30T04:10:61Z", "yesterday"] {
            #expect(!ChangeLog.validSince(bad), "\(bad)")
        }
    }
}

/// Imported dates keep only a day their month has: the year and month of 2024-02-30 are kept,
/// in every format (a review found the readers' own day checks allowing 31 in every month, and a
/// biblatex `date` of 30 February losing the whole date).
struct ImportedDateTests {
    @Test func anImpossibleDayIsDroppedInEveryFormat() throws {
        let files: [(String, String)] = [
            ("a.json", #"[{"id": "a", "type": "book", "title": "Csl work", "issued": {"date-parts": [[2024, 2, 30]]}}]"#),
            ("b.ris", "TY  - BOOK\nTI  - Ris work\nPY  - 2024/02/30/\nER  - \n"),
            ("c.bib", "@book{c, title = {Bib day work}, year = {2024}, month = feb, day = {30}}\n"),
            ("d.bib", "@book{d, title = {Bib date work}, date = {2024-02-30}}\n"),
            ("e.bib", "@book{e, title = {Bib leap work}, date = {2024-02-29}}\n"),
        ]
        let knowledgeBase = try KnowledgeBase.inMemory()
        for (name, text) in files { _ = try Importer(knowledgeBase).run([ImportInput(name: name, bytes: Array(text.utf8))]) }
        let dates = try knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT title, issuedYear, issuedMonth, issuedDay FROM source ORDER BY title").map {
                "\($0["title"] as String): \($0["issuedYear"] as Int?  ?? 0)-\($0["issuedMonth"] as Int? ?? 0)-\($0["issuedDay"] as Int? ?? 0)"
            }
        }
        #expect(dates == ["Bib date work: 2024-2-0", "Bib day work: 2024-2-0", "Bib leap work: 2024-2-29", "Csl work: 2024-2-0", "Ris work: 2024-2-0"], "\(dates)")
    }
}
