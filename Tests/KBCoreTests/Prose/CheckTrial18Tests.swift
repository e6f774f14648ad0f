import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 18 on `kb check` (issue 17), B1: a sentence that cites two works gives each number to
/// the citation that governs it — the parenthetical or "in …" citation right after it, else the
/// citation that leads its clause — not to whichever work happens to state it. The rows are
/// trial 16's (``CheckTrial16Tests/rows()``): real rows of the shared datasets as imported.
struct CheckTrial18Tests {
    static let knowledgeBase = loaded(CheckTrial16Tests.rows(), "the trial 16 rows")

    /// An in-memory KB holding `dataset`; a test suite's rows that do not load stop the run.
    static func loaded(_ dataset: Dataset, _ what: String) -> KnowledgeBase {
        do {
            let knowledgeBase = try KnowledgeBase.inMemory()
            _ = try knowledgeBase.load(dataset, command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("\(what) do not load: \(error)")
        }
    }

    func numbers(_ text: String) throws -> [CheckFinding] {
        try KBService(Self.knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
    }

    func describe(_ findings: [CheckFinding]) -> String {
        findings.map { "\($0.column):\($0.text) \($0.verdict) \($0.source ?? "-") \($0.claim ?? "-") \($0.message)" }.joined(separator: " | ")
    }

    @Test(arguments: [
        // Each number stated by the other cited work: a mismatch against its own work's claim.
        ("Kline et al. (2022) found 12.2% for straight applicants, and Bailey et al. (2013) found 25.5% for straight applicants.",
         ["12.2%": "25.5%", "25.5%": "12.15%"]),
        ("White applicants got callbacks at 10.5% (Bertrand and Mullainathan, 2004); men got callbacks at 9.2% (Gaulke et al., 2019).",
         ["10.5%": "9.23%", "9.2%": "10.45%"]),
        ("Bertrand and Mullainathan (2004) found 10.5% for white applicants, and Gaulke et al. (2019) found 9.2% for men.",
         ["10.5%": "9.23%", "9.2%": "10.45%"]),
        ("White applicants got callbacks at 10.5% (Bertrand and Mullainathan, 2004), and men at 9.2% (Gaulke et al., 2019).",
         ["10.5%": "9.23%", "9.2%": "10.45%"]),
        ("Men got callbacks at 9.2% in Gaulke et al. (2019) and white applicants at 10.5% in Bertrand and Mullainathan (2004).",
         ["9.2%": "10.45%", "10.5%": "9.23%"]),
        // Two works listed before their numbers pair by position under "respectively".
        ("Kline et al. (2022) and Bailey et al. (2013) found callback rates of 12.2% and 25.5% for straight applicants, respectively.",
         ["12.2%": "25.5%", "25.5%": "12.15%"]),
    ])
    func aNumberOfTheOtherCitedWorkIsAMismatch(page: String, expected: [String: String]) throws {
        let found = try numbers(page)
        #expect(found.count == expected.count, "\(describe(found))")
        for finding in found {
            #expect(finding.verdict == .mismatch, "\(finding.text): \(describe(found))")
            if let value = expected[finding.text], finding.expected != nil {
                #expect(finding.expected == value, "\(finding.text): \(describe(found))")
            } else {
                #expect(finding.message.contains(try #require(expected[finding.text])), "\(finding.text): \(describe(found))")
            }
        }
    }

    @Test(arguments: [
        ("Kline et al. (2022) found 25.5% for straight applicants; Bailey et al. (2013) found 12.2% for straight applicants.",
         ["25.5%": "kline2022", "12.2%": "bailey2013"]),
        ("White applicants got callbacks at 9.2% (Bertrand and Mullainathan, 2004), and men at 10.5% (Gaulke et al., 2019).",
         ["9.2%": "bertrand2004", "10.5%": "gaulke2019"]),
        ("Bertrand and Mullainathan (2004) found 9.2% for white applicants, and Gaulke et al. (2019) found 10.5% for men.",
         ["9.2%": "bertrand2004", "10.5%": "gaulke2019"]),
        ("Men got callbacks at 10.5% in Gaulke et al. (2019) and white applicants at 9.2% in Bertrand and Mullainathan (2004).",
         ["10.5%": "gaulke2019", "9.2%": "bertrand2004"]),
        ("Kline et al. (2022) and Bailey et al. (2013) found callback rates of 25.5% and 12.2% for straight applicants, respectively.",
         ["25.5%": "kline2022", "12.2%": "bailey2013"]),
        // One work cited twice: nothing changes.
        ("Kline et al. (2022) found 25.5% for straight applicants and 24.5% for gay applicants (Kline et al., 2022).",
         ["25.5%": "kline2022", "24.5%": "kline2022"]),
    ])
    func eachNumberIsSupportedByTheWorkItIsCitedTo(page: String, expected: [String: String]) throws {
        let found = try numbers(page)
        #expect(found.count == expected.count, "\(describe(found))")
        for finding in found {
            #expect(finding.verdict == .supported && finding.source == expected[finding.text], "\(finding.text): \(describe(found))")
        }
    }

    // MARK: Trial 17 B4, trial 18 M1 and B4: a value halfway

    @Test(arguments: [
        // 'under 40' states 24.5%, 'over 40' exactly 24%: "24%" is the over-40 figure.
        ("Kline et al. (2022) found a callback rate of 24% for applicants under 40.", "mismatch"),
        ("Kline et al. (2022) found callback rates of 24% and 24.5% for applicants under and over 40.", "mismatch"),
        ("Kline et al. (2022) found callback rates of 24.5% and 24% for applicants under and over 40.", "supported"),
        // Half up, and no other claim of the work states 25%.
        ("Kline et al. (2022) found a callback rate of 25% for applicants under 40.", "supported"),
        // R and Python write 24.65 as 24.6, 10.45 as 10.4: no other claim states those exactly.
        ("Kline et al. (2022) found a callback rate of 24.6% for white men.", "supported"),
        ("Gaulke et al. (2019) report callback rates of 10.4% for men and 12.7% for women.", "supported"),
    ])
    func aTieIsTheOtherClaimsWhenThatStatesItExactly(page: String, verdict: String) throws {
        let found = try numbers(page)
        #expect(!found.isEmpty)
        if verdict == "supported" {
            #expect(found.allSatisfy { $0.verdict == .supported }, "\(describe(found))")
        } else {
            #expect(found.allSatisfy { $0.verdict == .mismatch }, "\(describe(found))")
        }
    }

    @Test func theTieRuleDoesNotDependOnWhatThePageReadBefore() throws {
        // Review 26, B2: the uncited sentence alone, and after a line that cites the work.
        let uncited = "In the kline study, applicants under 40 got callbacks at 24%."
        let alone = try numbers(uncited)
        let after = try numbers("Kline et al. (2022) found 25.5% for straight applicants.\n\n" + uncited).filter { $0.text == "24%" }
        #expect(alone.count == 1 && after.count == 1, "\(describe(alone)) || \(describe(after))")
        #expect(alone.allSatisfy { $0.verdict != .supported } && after.allSatisfy { $0.verdict != .supported }, "\(describe(alone)) || \(describe(after))")
    }

    @Test func aTieIsReadFromTheValueAndThePrecision() throws {
        let percent = try #require(NumberReader.numbers(in: "a rate of 24% overall").first)
        #expect(NumberMatch.isTie(24.5, percent) && NumberMatch.isTie(23.5, percent))
        #expect(!NumberMatch.isTie(24.0, percent) && !NumberMatch.isTie(24.49, percent))
        let oneDecimal = try #require(NumberReader.numbers(in: "a rate of 24.6% overall").first)
        #expect(NumberMatch.isTie(24.65, oneDecimal) && !NumberMatch.isTie(24.6, oneDecimal))
    }

    @Test func theGoverningCitationIsReadFromTheSentence() {
        #expect(PageChecker.isPointerGlue(" in "))
        #expect(PageChecker.isPointerGlue(" ("))
        #expect(PageChecker.isPointerGlue(", according to "))
        #expect(!PageChecker.isPointerGlue(" for white applicants, and "))
        let narrative = Citation(form: .authorYear, column: 1, text: "Gaulke et al. (2019)", year: 2019, isDefinite: true)
        let parenthetical = Citation(form: .authorYear, column: 1, text: "Gaulke et al., 2019", year: 2019, isDefinite: true)
        #expect(!PageChecker.isParenthetical(narrative))
        #expect(PageChecker.isParenthetical(parenthetical))
    }
}

/// Trial 17, B3 and M5: a count of an outcome is read at any size ("85 callbacks"), so a wrong
/// one is reported and a swapped pair's other count is not supported by it alone.
struct SmallOutcomeCountTests {
    @Test func aSmallCountOfAnOutcomeIsRead() {
        #expect(NumberReader.numbers(in: "Gaddis (2015) reports 85 callbacks for Black-sounding names.").map(\.text) == ["85"])
        #expect(NumberReader.numbers(in: "They got 14 interviews and 3 offers.").map(\.text) == ["14", "3"])
        // One qualifier may stand before the outcome (trial 19, m4); not any word.
        #expect(NumberReader.numbers(in: "They got 10 job offers, 4 interview invitations and 9 rejections.").map(\.text) == ["10", "4", "9"])
        #expect(NumberReader.numbers(in: "They met 10 job seekers.").isEmpty)
        // A gapped second count of the outcome counted before it (trial 19, m2); not a bare number after it.
        #expect(NumberReader.numbers(in: "Mothers got 21 callbacks and childless women 10.").map(\.text) == ["21", "10"])
        #expect(NumberReader.numbers(in: "They got 25 callbacks for women and 31 for men.").map(\.text) == ["25", "31"])
        #expect(NumberReader.numbers(in: "They got 21 callbacks and 4 weeks later 3.").map(\.text) == ["21"])
        #expect(NumberReader.numbers(in: "They got 21 callbacks. Then 3.").map(\.text) == ["21"])
        #expect(NumberReader.numbers(in: "They got 21 callbacks, but only in study 2.").map(\.text) == ["21"])
        #expect(NumberReader.numbers(in: "Mothers got 10 callbacks and childless women 21 (Correll et al., 2007).").map(\.text) == ["10", "21"])
        // A bare small number is not a finding.
        #expect(NumberReader.numbers(in: "Gaddis ran 3 studies in 12 cities.").isEmpty)
    }
}

/// Trial 19: a number whose own phrase ends "in X (year)", a number cited to several works in one
/// parenthesis, and small counts in a list ("21 and 11 callbacks … respectively"). Real rows of
/// the shared datasets as imported (Hausladen et al.'s group rates for Tilcsik and Bailey et al.,
/// Lippens et al.'s register row for Mobasseri), with the works' metadata as the register gives it.
struct CheckTrial19Tests {
    static let knowledgeBase: KnowledgeBase = {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "tilcsik2011", issued: PartialDate(year: 2011), doi: "10.1086/661653", contributors: [Contributor(family: "Tilcsik", given: "Andras")]),
            Source(slug: "bailey2013", issued: PartialDate(year: 2013), doi: "10.1080/00918369.2013.774860",
                   contributors: [Contributor(family: "Bailey", given: "John"), Contributor(family: "Wallace", given: "Michael"), Contributor(family: "Wright", given: "Bradley")]),
            Source(slug: "mobasseri2019", issued: PartialDate(year: 2019), doi: "10.1086/703883", contributors: [Contributor(family: "Mobasseri", given: "Sanaz")]),
            Source(slug: "correll2007getting", issued: PartialDate(year: 2007), doi: "10.1086/511799",
                   contributors: [Contributor(family: "Correll", given: "Shelley J."), Contributor(family: "Benard", given: "Stephen"), Contributor(family: "Paik", given: "In")]),
        ]
        dataset.studies = [
            Study(slug: "hausladen-tilcsik-cd1bd3d2-group", sourceSlug: "tilcsik2011", n: 1769),
            Study(slug: "hausladen-bailey-1aff331d-group", sourceSlug: "bailey2013", n: 576),
            Study(slug: "lippens-mobasseri-2019-c85c2423-test", sourceSlug: "mobasseri2019", n: 122),
            Study(slug: "fred-1-533-original", sourceSlug: "correll2007getting", n: 94),
            Study(slug: "fred-1-534-original", sourceSlug: "correll2007getting", n: 188),
            Study(slug: "fred-1-535-original", sourceSlug: "correll2007getting", n: 188),
            Study(slug: "lippens-correll-et-al-2007-7be3a774-test", sourceSlug: "correll2007getting", n: 640),
        ]
        dataset.claims = [
            Claim(slug: "hausladen-tilcsik-cd1bd3d2", statement: "In study 'tilcsik' (sexual orientation), applicants signalling 'gay' got callbacks at a rate of 7.2% of 1769 applications",
                  quantity: Quantity(metric: "callback rate", value: 7.18, unit: "percent"), sourceSlug: "tilcsik2011", studySlug: "hausladen-tilcsik-cd1bd3d2-group"),
            Claim(slug: "hausladen-bailey-1aff331d", statement: "In study 'bailey' (sexual orientation), applicants signalling 'gay' got callbacks at a rate of 16.3% of 576 applications",
                  quantity: Quantity(metric: "callback rate", value: 16.33, unit: "percent"), sourceSlug: "bailey2013", studySlug: "hausladen-bailey-1aff331d-group"),
            Claim(slug: "lippens-mobasseri-2019-c85c2423", statement: "Mobasseri (2019), United States of America: 'Black-sounding name' applicants got 11 callbacks from 67 applications, 'Anglo-Saxon name' applicants 21 from 55; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.43, unit: "ratio", direction: .decrease), sourceSlug: "mobasseri2019",
                  studySlug: "lippens-mobasseri-2019-c85c2423-test"),
            // FReD's effect sizes of Correll et al. (2007), with no unit.
            Claim(slug: "fred-1-533", statement: "Mothers were judged as significantly less competent", quantity: Quantity(metric: "d", value: 0.8494115949),
                  sourceSlug: "correll2007getting", studySlug: "fred-1-533-original"),
            Claim(slug: "fred-1-534", statement: "Mothers, relative to other applicants, are believed to be less suitable for hiring", quantity: Quantity(metric: "b (unstd)", value: 0.57),
                  sourceSlug: "correll2007getting", studySlug: "fred-1-534-original"),
            Claim(slug: "fred-1-535", statement: "Female participants, relative to other applicants, are believed to be less suitable for hiring", quantity: Quantity(metric: "b (unstd)", value: 1.21),
                  sourceSlug: "correll2007getting", studySlug: "fred-1-535-original"),
            // Lippens et al.'s register row of Correll et al. (2007), as the register imports it.
            Claim(slug: "lippens-correll-et-al-2007-7be3a774", statement: "Correll et al. (2007), United States of America: 'Mother' applicants got 10 callbacks from 320 applications, 'Childless woman' applicants 21 from 320; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.476, unit: "ratio", direction: .decrease), sourceSlug: "correll2007getting",
                  studySlug: "lippens-correll-et-al-2007-7be3a774-test"),
        ]
        return CheckTrial18Tests.loaded(dataset, "the trial 19 rows")
    }()

    func numbers(_ text: String) throws -> [CheckFinding] {
        try KBService(Self.knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
    }

    func describe(_ findings: [CheckFinding]) -> String {
        findings.map { "\($0.column):\($0.text) \($0.verdict) \($0.source ?? "-") \($0.message)" }.joined(separator: " | ")
    }

    @Test(arguments: [
        ("Callback rates were 7.2% for gay applicants in Tilcsik (2011) and 16.3% for gay applicants in Bailey et al. (2013).", true),
        ("Callback rates were 16.3% for gay applicants in Tilcsik (2011) and 7.2% for gay applicants in Bailey et al. (2013).", false),
        ("Gay applicants got callbacks at 16.3% (Tilcsik, 2011; Bailey et al., 2013).", true),
        ("Mobasseri (2019) found 11 and 21 callbacks for applicants with Black-sounding and Anglo-Saxon names, respectively.", true),
        ("Mobasseri (2019) found 11 callbacks and 21 callbacks for applicants with Black-sounding and Anglo-Saxon names, respectively.", true),
        ("Mobasseri (2019) found 21 and 11 callbacks for applicants with Black-sounding and Anglo-Saxon names, respectively.", false),
        ("Applicants with Black-sounding and Anglo-Saxon names got 21 and 11 callbacks, respectively (Mobasseri, 2019).", false),
        // Review 26: a citation before another is not listed with it unless "and" joins them (B1);
        // works after their numbers pair under "respectively" (M1).
        ("As Bailey et al. (2013) noted, Tilcsik (2011) found 16.3% for gay applicants.", false),
        ("Unlike Bailey et al. (2013), Tilcsik (2011) found 16.3% for gay applicants.", false),
        ("Gay applicants got callbacks at 7.2% and 16.3% in Tilcsik (2011) and Bailey et al. (2013), respectively.", true),
        ("Gay applicants got callbacks at 16.3% and 7.2% in Tilcsik (2011) and Bailey et al. (2013), respectively.", false),
    ])
    func eachNumberIsHeldToItsOwnWorkAndGroup(page: String, isTrue: Bool) throws {
        let found = try numbers(page)
        #expect(found.count >= 1, "\(describe(found))")
        if isTrue {
            #expect(found.allSatisfy { $0.verdict == .supported }, "\(describe(found))")
        } else {
            #expect(found.allSatisfy { $0.verdict != .supported }, "\(describe(found))")
        }
    }

    @Test func aNumberedMarkerAfterAPointerLeadsItsClause() throws {
        // Review 26, M2: "According to [1], …, and according to [2], …".
        let page = "Gay applicants got callbacks at a rate of 7.2%, according to [1], and at 16.3%, according to [2].\n\n"
            + "According to [1], gay applicants got callbacks at 7.2%, and according to [2], at 16.3%.\n\n"
            + "## References\n\n1. Tilcsik, A. (2011). https://doi.org/10.1086/661653\n2. Bailey, J., Wallace, M., & Wright, B. (2013). https://doi.org/10.1080/00918369.2013.774860\n"
        let found = try numbers(page)
        #expect(found.count == 4 && found.allSatisfy { $0.verdict == .supported }, "\(describe(found))")
    }

    @Test func aNumberCitedToAWorkTheKBLacksIsNotCreditedToAnother() throws {
        // Review 26, M3: Gaddis (2015) is a real work of the shared register that these rows lack.
        let found = try numbers("Gay applicants got callbacks at 16.3% (Gaddis, 2015), and at 7.2% (Tilcsik, 2011).")
        let first = try #require(found.first { $0.text == "16.3%" })
        let second = try #require(found.first { $0.text == "7.2%" })
        // (A number cited to a work the KB lacks may still be matched by its words, with no
        // source, as when its sentence cites only that work: trial 13.)
        #expect(first.source != "tilcsik2011" && second.verdict == .supported && second.source == "tilcsik2011", "\(describe(found))")
    }

    @Test func aCountIsNotHeldToAnEffectSize() throws {
        // Trial 19, m3: no claim of the work counts offers; its effect sizes are no counts.
        let found = try numbers("Correll et al. (2007) found that mothers got 3 offers.")
        #expect(found.count == 1 && found[0].verdict == .unsupported && !found[0].message.contains("0.57"), "\(describe(found))")
    }

    @Test(arguments: [
        // Trial 19, m4: the claim counts callbacks, not interviews, offers or rejections.
        ("Correll et al. (2007) found that mothers got 10 interviews.", "interviews", false),
        ("Correll et al. (2007) found that mothers got 10 job offers.", "offers", false),
        ("Correll et al. (2007) found that mothers got 10 interview invitations.", "invitations", false),
        ("Correll et al. (2007) found that mothers got 10 rejections.", "rejections", false),
        // Review 27: negative responses are rejections (B3); the claim's gapped count, "'Childless woman'
        // applicants 21 from 320", is of callbacks too (B1).
        ("Correll et al. (2007) found that mothers got 10 negative responses.", "rejections", false),
        ("Correll et al. (2007) found that childless women got 21 interviews.", "interviews", false),
        ("Correll et al. (2007) found that childless women got 21 callbacks.", "callbacks", true),
        // The same outcome, by its name or as positive responses, is the claim's.
        ("Correll et al. (2007) found that mothers got 10 callbacks.", "callbacks", true),
        ("Correll et al. (2007) found that mothers got 10 positive responses.", "responses", true),
    ])
    func aCountOfAnOutcomeIsHeldToTheOutcomeTheClaimCounts(page: String, noun: String, isTrue: Bool) throws {
        let found = try numbers(page)
        #expect(found.count == 1, "\(describe(found))")
        let finding = try #require(found.first)
        if isTrue {
            #expect(finding.verdict == .supported && finding.claim == "lippens-correll-et-al-2007-7be3a774", "\(describe(found))")
        } else {
            #expect(finding.verdict == .unsupported && finding.message.contains("of callbacks, not of the \(noun)"), "\(describe(found))")
        }
    }

    @Test(arguments: [
        // Review 28: the outcome decides whatever follows it — a base (B1), a group (B2) — and
        // every count of a list of one outcome is that outcome's (B3, M2).
        ("Correll et al. (2007) found that mothers got 10 interviews from 320 applications.", ["10": false, "320": true]),
        ("Correll et al. (2007) found 10 interviews for women.", ["10": false]),
        ("Correll et al. (2007) found 10 callbacks from 320 applications for mothers.", ["10": true, "320": true]),
        ("Correll et al. (2007) found 10 callbacks for mothers.", ["10": true]),
        ("Correll et al. (2007) found 10 interviews for mothers.", ["10": false]),
        ("Correll et al. (2007) found 10 and 21 interviews for mothers and childless women, respectively.", ["10": false, "21": false]),
        ("Correll et al. (2007) found 10 and 21 callbacks for mothers and childless women, respectively.", ["10": true, "21": true]),
        ("Correll et al. (2007) found 10 and 21 job offers for mothers and childless women, respectively.", ["10": false, "21": false]),
    ])
    func theOutcomeDecidesWhateverFollowsIt(page: String, supported: [String: Bool]) throws {
        let found = try numbers(page)
        #expect(Set(found.map(\.text)) == Set(supported.keys), "\(describe(found))")
        for finding in found {
            let expected = try #require(supported[finding.text])
            if expected {
                #expect(finding.verdict == .supported, "\(describe(found))")
            } else {
                #expect(finding.verdict == .unsupported && finding.message.contains("of callbacks, not of the"), "\(describe(found))")
            }
        }
    }

    @Test(arguments: [
        // Review 28: the group a number's group is compared with is not the number's.
        "Correll et al. (2007) found that, compared with childless women, mothers got 10 callbacks.",
        "Compared with childless women, mothers got 10 callbacks (Correll et al., 2007).",
        "Relative to childless women, mothers got 10 callbacks (Correll et al., 2007).",
        "Unlike mothers, childless women got 21 callbacks (Correll et al., 2007).",
    ])
    func theGroupComparedWithIsNotTheNumbers(page: String) throws {
        let found = try numbers(page)
        #expect(found.count == 1 && found[0].verdict == .supported, "\(describe(found))")
        // The other group's figure is the number's group's mismatch (review 29, M4).
        let swapped = page.replacingOccurrences(of: "mothers got 10", with: "mothers got 21").replacingOccurrences(of: "childless women got 21", with: "childless women got 10")
        let wrong = try numbers(swapped)
        #expect(wrong.count == 1 && wrong[0].verdict != .supported, "\(describe(wrong))")
    }

    @Test func aGappedCountAfterTheEarlierCountsBaseIsRead() throws {
        // Trial 20, B3 and M7: the earlier count's base ("from 320 applications") stands between.
        let right = try numbers("Correll et al. (2007) found mothers got 10 callbacks from 320 applications and childless women 21.")
        #expect(right.map(\.text) == ["10", "320", "21"] && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
        let wrong = try numbers("Correll et al. (2007) found mothers got 10 callbacks from 320 applications, against 12 for childless women.")
        #expect(wrong.map(\.text) == ["10", "320", "12"] && wrong[2].verdict != .supported, "\(describe(wrong))")
    }

    @Test func anEnumerationsMarkerIsNoCountAndACountIsNoFractionalEffect() throws {
        // Review 28, M1: "(2)" is a list's marker; the gapped count after it is read.
        let listed = try numbers("Correll et al. (2007) found that (1) mothers got 10 callbacks and (2) childless women got 21.")
        #expect(listed.map(\.text) == ["10", "21"] && listed.allSatisfy { $0.verdict == .supported }, "\(describe(listed))")
        // A whole count is not held to FReD's b = 1.21 (its mismatch named an effect size).
        let wrong = try numbers("Correll et al. (2007) found that (1) mothers got 10 callbacks and (2) childless women got 12.")
        let twelve = try #require(wrong.first { $0.text == "12" })
        #expect(twelve.verdict != .supported && twelve.claim != "fred-1-535" && !twelve.message.contains("1.21"), "\(describe(wrong))")
    }

    @Test func aGappedSecondCountIsReadAndASwappedPairIsAMismatchOfEach() throws {
        // Trial 19, m2: "… 21 callbacks and childless women 10" reads the 10 too.
        let swapped = try numbers("Correll et al. (2007) found that mothers got 21 callbacks and childless women 10.")
        #expect(swapped.map(\.text) == ["21", "10"] && swapped.allSatisfy { $0.verdict == .mismatch }, "\(describe(swapped))")
        #expect(swapped.map(\.expected) == ["10", "21"], "\(describe(swapped))")
        let right = try numbers("Correll et al. (2007) found that mothers got 10 callbacks and childless women 21.")
        #expect(right.map(\.text) == ["10", "21"] && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
        // A gapped count of another outcome is of that outcome too (review 27, B2).
        let interviews = try numbers("Correll et al. (2007) found that mothers got 10 interviews and childless women 21.")
        #expect(interviews.map(\.text) == ["10", "21"] && interviews.allSatisfy { $0.verdict == .unsupported }, "\(describe(interviews))")
        // A label's number after the outcome count is no gapped count (review 27, B4).
        for page in ["Correll et al. (2007) found that mothers got 10 callbacks, but only in study 2.",
                     "Correll et al. (2007) found 10 callbacks for mothers and a similar gap in Experiment 1."] {
            let found = try numbers(page)
            #expect(found.map(\.text) == ["10"] && found[0].verdict == .supported, "\(describe(found))")
        }
        // The citation after the gapped count.
        let cited = try numbers("Mothers got 21 callbacks and childless women 10 (Correll et al., 2007).")
        #expect(cited.map(\.text) == ["21", "10"] && cited.allSatisfy { $0.verdict == .mismatch }, "\(describe(cited))")
    }

    @Test func theNumbersOwnPhraseEndingInACitationTiesIt() {
        #expect(PageChecker.ties(" for gay applicants in "))
        #expect(PageChecker.ties(" of applications, according to "))
        #expect(!PageChecker.ties(" for white applicants, and in "))
        #expect(!PageChecker.ties(" for white applicants and men in "))
        #expect(NumberReader.numbers(in: "Mobasseri (2019) found 21 and 11 callbacks.").map(\.text) == ["21", "11"])
    }
}

/// The check's speed at 1M claims (issue 17): a text no longer than a word is not scanned for
/// runs of data, and a run is still found where one is.
struct LongRunTests {
    @Test func aRunOfDataIsFoundAndShortTextsAreNotScanned() {
        let blob = String(repeating: "A", count: 250)
        #expect(NumberReader.longRuns(Array("data: \(blob) end")) == [6..<256])
        #expect(NumberReader.longRuns(Array("a|\(blob)|b")) == [2..<252])
        #expect(NumberReader.longRuns(Array(String(repeating: "word ", count: 100))).isEmpty)
        #expect(NumberReader.longRuns(Array(String(repeating: "x", count: 200))).isEmpty)
    }
}
