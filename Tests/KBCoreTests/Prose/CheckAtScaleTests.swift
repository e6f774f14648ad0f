import Foundation
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBProse

/// What the speed-ups of `kb check` for a large KB (issue 17: a 10,000-word page against a
/// million claims within a second) must leave as it was, and the look-up a large KB broke.
/// The works and claims here are synthetic ("Testauthor", "Work 12"), as the query-plan tests'
/// are: they stand for a KB's size, not for anything a page would cite.
struct CheckAtScaleTests {
    // MARK: Author look-ups on a KB where one family name has hundreds of works

    /// 600 works by Testauthor from 1990, then one from 2019 (the last stored, so the last in the
    /// name index).
    static func crowdedKB() throws -> KnowledgeBase {
        let knowledgeBase = try KnowledgeBase.inMemory()
        var dataset = Dataset()
        dataset.sources = (0..<600).map { index in
            Source(slug: "testauthor-1990-\(index)", title: "Work \(index) on wages", issued: PartialDate(year: 1990),
                   contributors: [Contributor(family: "Testauthor", given: "A.")])
        } + [Source(slug: "testauthor-2019", title: "Work on hiring", issued: PartialDate(year: 2019),
                    contributors: [Contributor(family: "Testauthor", given: "B.")])]
        _ = try knowledgeBase.load(dataset, command: "test", files: [])
        return knowledgeBase
    }

    @Test func aWrongYearFindsTheNearWorkAmongHundredsOfOtherYears() throws {
        let knowledgeBase = try Self.crowdedKB()
        // The author rows read are those of the years asked for: the 2019 work is not crowded
        // out by the 600 works of 1990 that come first in the name index.
        let near = try EvidenceIndex.reading(knowledgeBase) { index in
            try index.works(nameKeys: ["testauthor"], years: 2016...2026).map(\.work.slug)
        }
        #expect(near == ["testauthor-2019"])
        let findings = try KBService(knowledgeBase).check([PageReader.page("Testauthor (2021) found it.", name: "page.md")]).flatMap(\.findings)
        let citation = try #require(findings.first { $0.subject == .citation })
        #expect(citation.verdict == .mismatch && citation.source == "testauthor-2019" && citation.expected == "2019", "\(citation)")
    }

    @Test func anAuthorLookUpIsTheSameAskedTwice() throws {
        let knowledgeBase = try Self.crowdedKB()
        try EvidenceIndex.reading(knowledgeBase) { index in
            let first = try index.works(nameKeys: ["testauthor"], year: 2019)
            let again = try index.works(nameKeys: ["testauthor"], year: 2019)
            #expect(first.map(\.work) == again.map(\.work) && first.map(\.work.slug) == ["testauthor-2019"])
            #expect(first.first?.matched == ["testauthor"] && first.first?.work.authors == ["Testauthor"])
            #expect(try index.works(nameKeys: ["testauthor"], year: 1990).count == 500)
            #expect(try index.works(nameKeys: ["testauthor"], year: 2001).isEmpty)
        }
    }

    // MARK: Claims that share the most of a sentence's words

    /// 30 claims hold "alpha beta gamma", then 30 hold "alpha beta" only.
    static func wordsKB() throws -> KnowledgeBase {
        let knowledgeBase = try KnowledgeBase.inMemory()
        var dataset = Dataset()
        dataset.claims = (0..<60).map { index in
            Claim(slug: "claim-\(index)", statement: index.isMultiple(of: 2) ? "Alpha beta gamma finding \(index)" : "Alpha beta finding \(index)")
        }
        _ = try knowledgeBase.load(dataset, command: "test", files: [])
        return knowledgeBase
    }

    @Test func claimsHoldingAllTheWordsComeFirstThenThoseHoldingTheFirstTwo() throws {
        try EvidenceIndex.reading(try Self.wordsKB()) { index in
            var checker = PageChecker(index)
            let all = (0..<30).map { "claim-\($0 * 2)" }
            // The narrower search fills the limit.
            let filled = try checker.claims(sharingMost: ["alpha", "beta", "gamma"], limit: 20).map(\.slug)
            #expect(filled == Array(all.prefix(20)))
            // It does not: the first two words' matches fill the rest, in id order.
            let topped = try checker.claims(sharingMost: ["alpha", "beta", "gamma"], limit: 40).map(\.slug)
            #expect(topped == all + (0..<10).map { "claim-\($0 * 2 + 1)" })
            // Fewer than the limit hold the first two (the rarest): they are all of the candidates.
            let pair = try checker.claims(sharingMost: ["alpha", "beta", "gamma"], limit: 100).map(\.slug)
            #expect(pair == (0..<60).map { "claim-\($0)" })
            let two = try checker.claims(sharingMost: ["alpha", "beta"], limit: 10)
            #expect(two.count == 10)
        }
    }

    // MARK: Text helpers that answer as the standard library does

    @Test func aWordLetterIsALetterAndADigitIsAnASCIIDigit() {
        let clusters: [Character] = ["e\u{301}", "\r\n", "1\u{20E3}", "5\u{301}", "🙂", "👩‍💻", "ſ", "ß", "Ǆ", "\u{0661}"]
        let characters = (0...0xFFFF).compactMap { Unicode.Scalar($0).map(Character.init) } + clusters
        let letters = characters.filter { $0.isWordLetter != $0.isLetter }
        #expect(letters.isEmpty, "\(letters.map { $0.unicodeScalars.map { String($0.value, radix: 16) } })")
        #expect(characters.filter(\.isASCIIDigit) == Array("0123456789"))
    }

    @Test func foldingAnswersAsTheCharacterMapDid() {
        func reference(_ text: String) -> String {
            String(text.lowercased().map { ch -> Character in
                switch ch {
                case "\u{2019}", "\u{2018}": "'"
                case "\u{201C}", "\u{201D}": "\""
                default: ch
                }
            })
        }
        let samples = ["Plain ASCII Text.", "Women\u{2019}s \u{201C}callback\u{201D} rate \u{2018}fell\u{2019}", "em\u{2014}dash \u{2013} en", "CAFÉ Ǆ ß",
                       "\u{2019}\u{301} quote with a mark", "€120k — ‘no’", ""]
        for text in samples { #expect(PageChecker.folded(text) == reference(text), "\(text)") }
    }

    @Test func aDirectionStemIsFoundByItsInitialAsByTheList() {
        let words = NumberReader.decreases + NumberReader.increases + NumberReader.decreases.map { $0 + "ed" } + NumberReader.increases.map { $0 + "ing" }
            + ["", "r", "raised", "Raised", "trimmed", "lower", "lowered", "cut", "quality", "écrasé", "ſlash", "improving", "x"]
        for word in words {
            #expect(NumberReader.startsWithStem(word, NumberReader.decreaseStems) == NumberReader.decreases.contains(where: word.hasPrefix), "\(word)")
            #expect(NumberReader.startsWithStem(word, NumberReader.increaseStems) == NumberReader.increases.contains(where: word.hasPrefix), "\(word)")
        }
    }

    @Test func aPeriodIsReadOnlyWhereItsClauseHasADigit() {
        func period(_ text: String, after prefix: String) -> String? {
            NumberReader.periodAfter(prefix.count, in: Array(text))
        }
        #expect(period("39% in 5yr", after: "39%") == "in 5yr")
        #expect(period("39% within 5 years, then", after: "39%") == "within 5 years")
        #expect(period("39% over the years in 2 months", after: "39%") == "in 2 months")
        #expect(period("39% in the long run", after: "39%") == nil)
        #expect(period("39% in the run, in 5 years", after: "39%") == nil)
    }
}
