import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Review 7's `kb check` findings (M2, M3, M4, m3, m6) and trial 4's swapped arms (item 2), on
/// the trial-4 fixture KB (CheckTrial4Tests: Lahey's age row, Kleykamp's two comparisons, which
/// share the control arm "38 from 324") and on the seeds.
struct CheckReview7Tests {
    func check(_ text: String, in knowledgeBase: KnowledgeBase = CheckTrial4Tests.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func at(_ findings: [CheckFinding], _ text: String) -> CheckFinding? {
        findings.first { $0.subject == .number && $0.text == text }
    }

    // MARK: M2: a number two claims write does not pair the n with the wrong comparison

    @Test func aRightNIsNotAMismatchWhenItsClaimWritesTheClausesOtherNumber() throws {
        let findings = try check("Kleykamp (2009) found Anglo-Saxon names got 38 callbacks from 324 applications with n = 653.")
        let n = try #require(at(findings, "n = 653"))
        #expect(n.verdict == .supported && n.claim == "kleykamp-b", "\(n.message)")
        #expect(at(findings, "324")?.verdict == .supported)
        // The other comparison's n is right as well.
        let other = try #require(at(try check("Kleykamp (2009) found Anglo-Saxon names got 38 callbacks from 324 applications with n = 605."), "n = 605"))
        #expect(other.verdict == .supported && other.claim == "kleykamp-a", "\(other.message)")
        // A value only the other comparison states still pairs the n with it.
        let paired = try #require(at(try check("Kleykamp (2009) reported a callback ratio of 0.85 with n = 653."), "n = 653"))
        #expect(paired.verdict == .mismatch && paired.expected == "n = 605", "\(paired.message)")
    }

    // MARK: M3 and m6: a count is a sample's size only when the page says so next to it

    @Test func aCountIsASamplesSizeOnlyWithASampleNounOrPhraseNextToIt() throws {
        for sentence in ["Lahey (2008) sent 8500 applications.", "Lahey (2008) drew a sample of 8500.", "Lahey (2008) sent 8500 in total.",
                         "Lahey (2008) reached 8500 respondents."] {
            let number = try #require(at(try check(sentence), "8500"), "\(sentence)")
            #expect(number.verdict == .mismatch && number.expected == "n = 8002" && number.claim == "lahey-age", "\(sentence): \(number.message)")
        }
        for sentence in ["Lahey (2008) reported 8500 callbacks in total.", "Lahey (2008), for example, logged 8500 callbacks.",
                         "Lahey (2008) sampled firms and logged 8500 callbacks.", "Lahey (2008) logged 8500 callbacks from the sample.",
                         "Kleykamp (2009) reported 250 callbacks in total."] {
            let number = try #require(check(sentence).first { $0.subject == .number }, "\(sentence)")
            #expect(number.verdict == .unsupported && number.expected == nil && !number.message.contains("n ="), "\(sentence): \(number.message)")
        }
    }

    @Test func aSampleCountIsUnsupportedWhenTheWorksStudiesDifferInN() throws {
        let number = try #require(at(try check("Kleykamp (2009) sent 900 applications."), "900"))
        #expect(number.verdict == .unsupported && number.expected == nil, "\(number.message)")
        #expect(number.message.contains("n = 605") && number.message.contains("n = 653"), "\(number.message)")
    }

    @Test func sampleNounsAreWholeWordsRightAfterTheNumber() throws {
        func reads(_ line: String) throws -> Bool {
            PageChecker.countsSample(try #require(NumberReader.numbers(in: line).first), in: line)
        }
        #expect(try reads("sent 8500 applications"))
        #expect(try reads("a sample size of 8500"))
        #expect(try !reads("got 8500 applicationsx"))
        #expect(try !reads("8500 callbacks, in total"))
        #expect(try !reads("an example of 8500"))
        #expect(try !reads("8500 callbacks among applications"))
    }

    // MARK: M4: a mismatch keeps a non-ratio claim's sign

    @Test func aMismatchOfACountShowsItsSignedValue() throws {
        let plus = try check("2030: +92M roles displaced (WEF 2025)\n\nWorld Economic Forum Future of Jobs Report 2025 · 2025", in: Seeded.knowledgeBase)
        let opposite = try #require(at(plus, "+92M"))
        #expect(opposite.verdict == .mismatch && opposite.claim == "wef2025-roles-displaced", "\(opposite.message)")
        #expect(opposite.expected == "-92 million roles", "\(opposite.message)")
        #expect(opposite.message == "the page's sign is the opposite of wef2025-roles-displaced's (-92 million roles)")
        let wrong = try #require(at(try check("2030: -90M roles displaced (WEF 2025)\n\nWorld Economic Forum Future of Jobs Report 2025 · 2025",
                                              in: Seeded.knowledgeBase), "-90M"))
        #expect(wrong.verdict == .mismatch && wrong.message == "wef2025-roles-displaced states -92 million roles", "\(wrong.message)")
        // A ratio is still shown as stored (0.706, direction decrease).
        #expect(at(try check("Lahey (2008) found a callback ratio of 0.9."), "0.9")?.expected == "0.706 ratio")
    }

    // MARK: Trial 4, item 2: a pair of one claim's numbers held to the arm it is written with

    @Test func swappedArmsThePageNamesInOtherWordsAreNotSupported() throws {
        let findings = try check("Lahey (2008): older applicants got 180 callbacks from 3147 applications, younger ones 196 from 4855.")
        for text in ["180", "3147", "196", "4855"] {
            let number = try #require(at(findings, text))
            #expect(number.verdict == .unsupported && number.claim == "lahey-age", "\(text): \(number.message)")
            #expect(number.message.contains("cannot tell"), "\(number.message)")
        }
    }

    @Test func swappedArmsThePageNamesInTheKBsWordsAreMismatches() throws {
        let findings = try check("Lahey (2008): older applicants (aged 50, 55 or 62) got 180 callbacks from 3147 applications, "
            + "younger ones (35 or 45) 196 from 4855.")
        let older = try #require(at(findings, "180"))
        #expect(older.verdict == .mismatch && older.expected == "196 and 4855", "\(older.message)")
        #expect(older.message.contains("'Age 35 or age 45' applicants"), "\(older.message)")
        #expect(at(findings, "3147")?.verdict == .mismatch)
        let younger = try #require(at(findings, "196"))
        #expect(younger.verdict == .mismatch && younger.expected == "180 and 3147", "\(younger.message)")
        #expect(at(findings, "4855")?.verdict == .mismatch)
    }

    @Test func armsWrittenTheRightWayRoundAreSupported() throws {
        // The trial's pageA: the older arm named by its ages, the younger by elimination.
        let page = try check("Lahey (2008) sent 8002 applications: older applicants (age 50, 55 or 62) got 196 callbacks from 4855 applications, "
            + "younger ones 180 from 3147, a callback ratio of .706.")
        for text in ["8002", "196", "4855", "180", "3147", ".706"] {
            #expect(at(page, text)?.verdict == .supported, "\(text): \(at(page, text)?.message ?? "missing")")
        }
        // The claim's own statement, as a brief writes it.
        let statement = try check("Lahey (2008), United States of America: 'Age 50, age 55, or age 62' applicants got 196 callbacks "
            + "from 4855 applications, 'Age 35 or age 45' applicants 180 from 3147.")
        #expect(statement.filter { $0.subject == .number }.count == 4)
        #expect(statement.allSatisfy { $0.verdict == .supported }, "\(statement.filter { $0.verdict != .supported })")
    }

    @Test func aPairFromTwoArmsIsAMismatch() throws {
        let findings = try check("Lahey (2008): 196 callbacks from 3147 applications.")
        let first = try #require(at(findings, "196"))
        #expect(first.verdict == .mismatch && first.expected == "196 and 4855", "\(first.message)")
        #expect(at(findings, "3147")?.verdict == .mismatch && at(findings, "3147")?.expected == "180 and 3147")
        // One number alone is not held to an arm.
        #expect(at(try check("Lahey (2008): older applicants got 196 callbacks."), "196")?.verdict == .supported)
    }

    // MARK: Trial 4, item 6: a small count written with the count it is out of is read

    @Test func smallCountsOutOfACountAreRead() throws {
        #expect(NumberReader.numbers(in: "got 21 callbacks from 55 applications, others 11 from 67").map(\.text) == ["21", "55", "11", "67"])
        #expect(NumberReader.numbers(in: "3 teams met 5 firms; 5 hires from 2019 on; from 12 to 15").isEmpty)
    }

    @Test func swappedSmallCountsAreMismatches() throws {
        let findings = try check("Kleykamp (2009): Black- or Hispanic-sounding names got 38 callbacks from 324 applications, Anglo-Saxon names 28 from 281.")
        for text in ["38", "324", "28", "281"] {
            #expect(at(findings, text)?.verdict == .mismatch, "\(text): \(at(findings, text)?.message ?? "missing")")
        }
        let right = try check("Kleykamp (2009): Black- or Hispanic-sounding names got 28 callbacks from 281 applications, Anglo-Saxon names 38 from 324.")
        for text in ["28", "281", "38", "324"] {
            #expect(at(right, text)?.verdict == .supported, "\(text): \(at(right, text)?.message ?? "missing")")
        }
    }

    @Test func aClaimsArmsAreItsClausesThatWriteNumbers() throws {
        let arms = try #require(ClaimArms(statement: "Lahey (2008), United States of America: 'Age 50, age 55, or age 62' applicants got 196 callbacks "
            + "from 4855 applications, 'Age 35 or age 45' applicants 180 from 3147; effect: Negative"))
        #expect(arms.arms.map(\.label) == ["'Age 50, age 55, or age 62' applicants", "'Age 35 or age 45' applicants"])
        #expect(arms.arms.map { $0.numbers.map(\.text) } == [["196", "4855"], ["180", "3147"]])
        #expect(arms.distinctive(0) == ["50", "55", "62"] && arms.distinctive(1) == ["35", "45"])
        #expect(arms.arm(named: "", tokens: ["older", "62"]) == 0 && arms.arm(named: "", tokens: ["older"]) == nil)
        #expect(arms.arm(named: "", tokens: ["50", "45"]) == nil)
        // Labels that share every word (a register's "'Married'" and "'Not married'") are told
        // apart by the whole label the clause writes.
        let married = try #require(ClaimArms(statement: "Arceo-Gomez & Campos-Vazques (2014), Mexico: 'Married' applicants got 274 callbacks "
            + "from 2225 applications, 'Not married' applicants 773 from 5924; effect: None"))
        #expect(married.distinctive(0).isEmpty && married.distinctive(1).isEmpty)
        #expect(married.arm(named: " 'Not married' applicants 773 from 5924", tokens: []) == 1)
        #expect(married.arm(named: " Mexico: 'Married' applicants got 274 callbacks", tokens: []) == 0)
        // A bare label within another's names its group when the clause does not write the
        // longer one (trial 8, bug 9).
        #expect(married.arm(named: " married applicants got 274 callbacks", tokens: ["married"]) == 0)
        #expect(married.arm(named: " not married applicants got 773 callbacks", tokens: ["married"]) == 1)
        // One clause of numbers is no arms; an open quote is read as none.
        #expect(ClaimArms(statement: "The WEF forecasts 170 million new roles and 92 million roles displaced by 2030.") == nil)
        #expect(ClaimArms.segments(of: "it's 500 here, 600 there").map(\.text) == ["it's 500 here", " 600 there"])
        #expect(ClaimArms.segments(of: "'open 500 here, 600 there").map(\.text) == ["'open 500 here", " 600 there"])
        #expect(ClaimArms.segments(of: "'a, b' 500 here, 600 there").map(\.text) == ["'a, b' 500 here", " 600 there"])
    }
}

/// Review 7, m4: the brief's count of unsourced assertions is the rows' own query, parsed, with
/// `missing source` added to its condition (not text appended to it), under the same profile.
struct BriefUnsourcedCountTests {
    @Test func theUnsourcedQueryIsBuiltFromTheRowsQuerysParts() throws {
        #expect(try BriefWriter.unsourced("claims for ml-platform-engineer, pytorch") == "claims for ml-platform-engineer, pytorch where missing source")
        // A condition the subjects bring is kept and joined, not followed by a second `where`.
        #expect(try BriefWriter.unsourced("claims for ml-platform-engineer where grade=high")
            == "claims for ml-platform-engineer where grade = high and missing source")
    }

    @Test func theUnsourcedCountFollowsTheRowsConditionAndProfile() throws {
        let service = KBService(Seeded.knowledgeBase)
        let profiled = try service.brief(subjects: ["ml-platform-engineer"], profile: "ml-platform-engineer-pytorch", format: .markdown, top: 5)
        #expect(profiled.contains("- Assertions without a source, left out of this brief: seven."))
        // The seed's unsourced assertions are all very-low: none is left out of a brief of high-grade claims.
        let high = try service.brief(subjects: ["ml-platform-engineer where grade=high"], profile: nil, format: .markdown, top: 5)
        #expect(high.contains("- Assertions without a source, left out of this brief: none."), "\(high)")
    }
}
