import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 5's `kb check` findings (issue 17): a count equal to a study's n is that n only when
/// the page writes it as a sample's size (item 3), on the trial-4 fixture KB (Lahey, n = 8002)
/// and on the seeds (Noy and Zhang, n = 453); two groups swapped when both arms share the base
/// (item 1), on Boyd-Swan and Herbst's two register rows (Lippens et al.), which share the
/// control arm "734 from 2720" and whose arms are each of 2720 applications.
struct CheckTrial5Tests {
    static let boydSwan: KnowledgeBase = {
        do {
            let knowledgeBase = try KnowledgeBase.inMemory()
            var dataset = Dataset()
            dataset.sources = [
                Source(slug: "boydswan2019", title: "Racial and Ethnic Discrimination in the Labor Market for Child Care Teachers",
                       issued: PartialDate(year: 2019),
                       contributors: [Contributor(family: "Boyd-Swan", given: "Casey"), Contributor(family: "Herbst", given: "Chris M.")]),
            ]
            dataset.studies = [
                Study(slug: "boydswan2019-a", sourceSlug: "boydswan2019", n: 5440),
                Study(slug: "boydswan2019-b", sourceSlug: "boydswan2019", n: 5440),
            ]
            let ratio = "callback-rate ratio (treatment ÷ control)"
            func row(_ treated: Int) -> String {
                "Boyd-Swan & Herbst (2019), United States of America: 'Black- or Hispanic-sounding name' applicants got \(treated) callbacks "
                    + "from 2720 applications, 'Anglo-Saxon name' applicants 734 from 2720; effect: Negative"
            }
            dataset.claims = [
                Claim(slug: "boyd-swan-a", statement: row(547), quantity: Quantity(metric: ratio, value: 0.745, unit: "ratio", direction: .decrease),
                      sourceSlug: "boydswan2019", studySlug: "boydswan2019-a"),
                Claim(slug: "boyd-swan-b", statement: row(647), quantity: Quantity(metric: ratio, value: 0.881, unit: "ratio", direction: .decrease),
                      sourceSlug: "boydswan2019", studySlug: "boydswan2019-b"),
            ]
            _ = try knowledgeBase.load(dataset, command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("Boyd-Swan fixture KB: \(error)")
        }
    }()

    func check(_ text: String, in knowledgeBase: KnowledgeBase = CheckTrial4Tests.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func at(_ findings: [CheckFinding], _ text: String) -> CheckFinding? {
        findings.first { $0.subject == .number && $0.text == text }
    }

    // MARK: Item 3: a count that is not a sample's size is not supported by the study's n

    @Test func aCountOfCallbacksEqualToTheStudysNIsUnsupported() throws {
        for sentence in ["Lahey (2008) received 8002 callbacks.", "Lahey (2008) recorded 8002 callbacks in total.",
                         "Lahey (2008) logged 8,002 callbacks from employers."] {
            let number = try #require(check(sentence).first { $0.subject == .number }, "\(sentence)")
            // The finding names the claim that holds 8002 as its study's n, so `--emit-claims`
            // does not make the page's reading a claim (trial 6, item 9).
            #expect(number.verdict == .unsupported && number.claim == "lahey-age" && number.expected == nil, "\(sentence): \(number.message)")
        }
    }

    @Test func aCountWrittenAsTheSamplesSizeStaysSupported() throws {
        for (sentence, text) in [("Lahey (2008) sent 8002 applications.", "8002"), ("Lahey (2008) drew a sample of 8002.", "8002"),
                                 ("Lahey (2008) sent 8002 applications in total.", "8002"), ("Lahey (2008) had n = 8002.", "n = 8002")] {
            let number = try #require(at(try check(sentence), text), "\(sentence)")
            #expect(number.verdict == .supported && number.claim == "lahey-age", "\(sentence): \(number.message)")
        }
    }

    @Test func theSeedsCallbacksInTotalIsUnsupportedAndTheirSampleSupported() throws {
        let callbacks = try #require(at(try check("Noy and Zhang (2023) report 453 callbacks in total.", in: Seeded.knowledgeBase), "453"))
        #expect(callbacks.verdict == .unsupported && callbacks.claim?.hasPrefix("noy2023") == true, "\(callbacks.message)")
        for (sentence, text) in [("Noy and Zhang (2023) report 453 participants.", "453"), ("Noy and Zhang (2023) had n = 453.", "n = 453")] {
            let number = try #require(at(try check(sentence, in: Seeded.knowledgeBase), text), "\(sentence)")
            #expect(number.verdict == .supported && number.claim?.hasPrefix("noy2023") == true, "\(sentence): \(number.message)")
        }
    }

    @Test func aCountTheClaimsTextWritesIsStillSupported() throws {
        // 4855 is an arm's applications, written in lahey-age's statement: not its study's n.
        let number = try #require(at(try check("Lahey (2008) sent 4855 applications to older applicants."), "4855"))
        #expect(number.verdict == .supported && number.claim == "lahey-age", "\(number.message)")
        let callbacks = try #require(at(try check("Lahey (2008) found older applicants got 196 callbacks."), "196"))
        #expect(callbacks.verdict == .supported && callbacks.claim == "lahey-age", "\(callbacks.message)")
    }

    // MARK: Item 1: two groups swapped when both arms share the base

    @Test func swappedGroupsWithASharedBaseAreMismatches() throws {
        let findings = try check("Boyd-Swan and Herbst (2019): Black- or Hispanic-sounding name applicants got 734 callbacks from 2720 applications, "
            + "Anglo-Saxon name applicants 547 from 2720.", in: Self.boydSwan)
        let control = try #require(at(findings, "734"))
        #expect(control.verdict == .mismatch && control.expected?.contains("2720") == true, "\(control.message)")
        let treated = try #require(at(findings, "547"))
        #expect(treated.verdict == .mismatch && treated.claim == "boyd-swan-a" && treated.expected == "734 and 2720", "\(treated.message)")
        // The base is right for either group: it is not called wrong.
        #expect(findings.filter { $0.text == "2720" }.allSatisfy { $0.verdict == .supported })
    }

    @Test func theRightOrderWithASharedBaseStaysSupported() throws {
        let findings = try check("Boyd-Swan and Herbst (2019): Black- or Hispanic-sounding name applicants got 547 callbacks from 2720 applications, "
            + "Anglo-Saxon name applicants 734 from 2720.", in: Self.boydSwan)
        let numbers = findings.filter { $0.subject == .number }
        #expect(numbers.count == 4 && numbers.allSatisfy { $0.verdict == .supported }, "\(numbers.map { "\($0.text): \($0.message)" })")
        // Unnamed, a count with the shared base is not judged.
        let unnamed = try #require(at(try check("Boyd-Swan and Herbst (2019) counted 734 callbacks from 2720 applications.", in: Self.boydSwan), "734"))
        #expect(unnamed.verdict == .supported, "\(unnamed.message)")
        // Named against it with one word (734 is the Anglo-Saxon names'), it is not supported,
        // though too thin for a mismatch (trial 6, item 2).
        let hispanic = try #require(at(try check("Boyd-Swan and Herbst (2019): Hispanic applicants got 734 callbacks from 2720 applications.",
                                                 in: Self.boydSwan), "734"))
        #expect(hispanic.verdict == .unsupported, "\(hispanic.message)")
    }
}
