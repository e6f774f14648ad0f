import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

struct DOITests {
    @Test(arguments: [
        "10.1126/science.adh2586", "10.1126/SCIENCE.ADH2586", " 10.1126/science.adh2586 ", "doi:10.1126/science.adh2586",
        "DOI: 10.1126/science.adh2586", "https://doi.org/10.1126/science.adh2586", "http://dx.doi.org/10.1126/science.adh2586",
        "https://doi.org/10.1126%2Fscience.adh2586", "10.1126%2Fscience.adh2586",
    ])
    func spellingsOfOneDOINormaliseAlike(text: String) {
        #expect(DOI.normalize(text) == "10.1126/science.adh2586")
    }

    @Test func texEscapesAreRemoved() {
        #expect(DOI.normalize("10.1007/978-1-4612-4380-9{\\_}16") == "10.1007/978-1-4612-4380-9_16")
    }

    @Test(arguments: ["", "10.1/x", "11.1126/x", "10.1126/", "science.adh2586", "10.1126/has space", "https://example.org/10.1126"])
    func nonDOIsAreRejected(text: String) {
        #expect(DOI.normalize(text) == nil)
    }

    /// A bare DOI in plain ASCII takes a one-pass path; a leading space sends the same text down
    /// the general one. Both must agree on random DOI-like strings, valid or not.
    @Test func theFastPathAgreesWithTheGeneralOne() {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("0123456789.1/0.aZ-_;()<>:%{}\\é ")
        var checked = 0
        for _ in 0..<20_000 {
            var text = ["10.", "10.", "10.1126/", "doi:10.", "1", ""].randomElement(using: &random) ?? ""
            for _ in 0..<Int.random(in: 0...14, using: &random) { text.append(alphabet.randomElement(using: &random) ?? "0") }
            #expect(DOI.normalize(text) == DOI.normalize(" " + text), "\(text)")
            if DOI.normalize(text) != nil { checked += 1 }
        }
        #expect(checked > 1_000)
    }
}

struct SlugTests {
    @Test(arguments: [("ML Platform Engineer", "ml-platform-engineer"), ("ml_platform  engineer", "ml-platform-engineer"),
                      ("Müller-Lüdenscheidt", "muller-ludenscheidt"), ("  --GPU Infra--  ", "gpu-infra"), ("EU AI Act (Annex III)", "eu-ai-act-annex-iii")])
    func folding(text: String, slug: String) {
        #expect(Slug.fold(text) == slug)
        #expect(Slug.isValid(slug))
    }

    @Test func suggestionsFindTheNearestNames() {
        #expect(Suggestions.nearest(to: "yaer", in: ["year", "n", "design"]) == ["year"])
        #expect(Suggestions.nearest(to: "older", in: ["older-workers", "neurodivergent-applicants"]) == ["older-workers"])
        #expect(Suggestions.nearest(to: "zzzzzz", in: ["year", "n"]) == [])
    }
}

struct APAStyleTests {
    /// The three seed sources print exactly as citeproc-py with apa.csl prints them
    /// (shared/validators/examples/sources.apa.txt; .ci/run compares with that file itself).
    @Test func seedReferenceList() throws {
        guard case let .citations(rows) = try Seeded.run("citations").rows else { Issue.record("expected citations"); return }
        #expect(rows.map(\.reference.plainText) == [
            "Indeed Hiring Lab. (2025). AI at Work Report 2025: How GenAI is rewiring the DNA of jobs. https://www.hiringlab.org/2025/09/23/ai-at-work-report-2025-how-genai-is-rewiring-the-dna-of-jobs/",
            "Noy, S., & Zhang, W. (2023). Experimental evidence on the productivity effects of generative artificial intelligence. Science, 381(6654), 187–192. https://doi.org/10.1126/science.adh2586",
            "World Economic Forum. (2025). The Future of Jobs Report 2025. https://www.weforum.org/reports/the-future-of-jobs-report-2025/",
        ])
        #expect(rows[1].reference.markdown == "Noy, S., & Zhang, W. (2023). Experimental evidence on the productivity effects of generative artificial intelligence. *Science*, *381*(6654), 187–192. https://doi.org/10.1126/science.adh2586")
    }

    @Test func sameAuthorSameYearGetsSuffixes() {
        let a = Source(slug: "a", type: "report", title: "Beta report", issued: PartialDate(year: 2025), contributors: [.organisation("Org")])
        let b = Source(slug: "b", type: "report", title: "Alpha report", issued: PartialDate(year: 2025), contributors: [.organisation("Org")])
        #expect(APAStyle.references(for: [a, b]).map(\.reference.plainText) == ["Org. (2025a). Alpha report.", "Org. (2025b). Beta report."])
    }

    @Test func initials() {
        #expect(APAReference.initials("Shakked") == "S.")
        #expect(APAReference.initials("Jean-Paul") == "J.-P.")
        #expect(APAReference.initials("W. Edwards") == "W. E.")
        #expect(APAReference.initials("J.D.E.") == "J. D. E.")
        #expect(APAReference.initials("F.-Xavier") == "F.-X.")
        #expect(APAReference.initials("M. D. (Anne)") == "M. D.")
        #expect(APAReference.initials("danah") == "d.")
    }
}
