import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

struct SeedLoaderTests {
    let dataset: Dataset

    init() throws {
        dataset = try SeedLoader.load(SeedFile.bundled)
    }

    @Test func bundledSeedsHoldThePage() {
        #expect(dataset.sources.map(\.slug).sorted() == ["indeed2025aiatwork", "noy2023experimental", "wef2025futurejobs"])
        #expect(dataset.claims.filter { $0.sourceSlug != nil }.count == 9)
        #expect(dataset.claims.filter { $0.sourceSlug == nil }.count == 7)
        #expect(Set(dataset.entities.filter { $0.kind == .cohort }.map(\.slug)) ==
                ["older-workers", "non-native-english-writers", "foreign-credentialed-candidates", "neurodivergent-applicants"])
        #expect(Set(dataset.entities.filter { $0.kind == .boundary }.map(\.slug)) ==
                ["eeoc", "ico", "eu-ai-act-annex-iii", "employer-taxonomy", "academic-construct"])
        #expect(dataset.entities.filter { $0.kind == .band }.map(\.slug) == ["junior", "mid", "senior"])
    }

    @Test func studyMetadataIsExactlyWhatThePageStates() throws {
        let noy = try #require(dataset.studies.first { $0.sourceSlug == "noy2023experimental" })
        #expect(noy.n == 453)
        #expect(noy.preregistered == .yes)
        #expect(noy.nUnit == nil)
        let indeed = try #require(dataset.studies.first { $0.sourceSlug == "indeed2025aiatwork" })
        #expect(indeed.n == 2900)
        #expect(indeed.nText == "roughly 2,900")
        #expect(indeed.nUnit == "skills")
        #expect(indeed.preregistered == .unknown)
        let wef = try #require(dataset.studies.first { $0.sourceSlug == "wef2025futurejobs" })
        #expect(wef.n == nil)
        #expect(wef.design == .forecast)
        #expect(dataset.claims.allSatisfy { $0.replication == .unknown })
        #expect(dataset.sources.allSatisfy { $0.isPeerReviewed == nil })
    }

    @Test func everyQuantifiedFindingIsItsOwnClaim() {
        let values = Dictionary(uniqueKeysWithValues: dataset.claims.compactMap { claim in claim.quantity?.value.map { (claim.slug, $0) } })
        #expect(values == [
            "noy2023-writing-time": -40, "noy2023-writing-quality": 18, "indeed2025-skills-exposed": 41,
            "indeed2025-postings-transformed": 26, "wef2025-roles-created": 170, "wef2025-roles-displaced": 92,
            "wef2025-net-jobs": 78, "wef2025-skills-transformed": 39,
        ])
        #expect(dataset.claims.contains { $0.slug == "noy2023-writer-gap" && $0.quantity?.direction == .decrease })
    }

    @Test func blankNumbersAreKeptAsPrinted() throws {
        let pytorch = try #require(dataset.entities.first { $0.slug == "pytorch-deep-learning" })
        #expect(pytorch.attributes.first { $0.name == "salary-band" }?.value == "k–k in USA")
        #expect(pytorch.attributes.first { $0.name == "weeks-to-proficiency" }?.value == "– weeks")
        #expect(dataset.notes.first { $0.slug == "instrument-reliability" }?.text.contains("internal consistency above . and test-retest reliability above .") == true)
    }

    @Test func claimsWithOneStudySourceGetThatStudy() {
        #expect(dataset.claims.filter { $0.sourceSlug != nil }.allSatisfy { $0.studySlug != nil })
    }

    @Test func originsAreSeedFileLines() throws {
        let claim = try #require(dataset.claims.first { $0.slug == "noy2023-writing-time" })
        #expect(claim.origin?.file == "Seeds/claims.yaml")
        #expect((claim.origin?.line ?? 0) > 1)
    }
}

/// Invalid seed files: every problem, at its file, line and column.
struct SeedValidationTests {
    func errors(_ files: [String: String]) -> [Diagnostic] {
        do {
            _ = try SeedLoader.load(files.sorted { $0.key < $1.key }.map { SeedFile(name: $0.key, text: $0.value) })
            return []
        } catch let list as DiagnosticList {
            return list.diagnostics
        } catch {
            return [Diagnostic(id: "other", message: "\(error)", location: SourceLocation(file: "", text: "", range: 0..<0))]
        }
    }

    @Test func unknownDesignIsReportedAtItsValue() {
        let found = errors(["s.yaml": """
            sources:
              - id: a2020
                title: A
                studies:
                  - id: a2020-study
                    design: rtc
            """])
        #expect(found.map(\.id) == ["seed.unknown-design"])
        #expect(found.first.map { "\($0.location.file):\($0.location.line):\($0.location.column)" } == "s.yaml:6:17")
        #expect(found.first?.help == "did you mean 'rct'?")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let found = errors(["a.yaml": """
            cohorts:
              - id: Older Workers
              - {id: older-workers, aliases: [older]}
              - {id: over-50, name: older}
            claims:
              - id: c1
                statement: x
                about: [cohort:olderr]
              - id: c3
                statement: z
                about: [kohort:x]
              - id: c4
                statement: w
                source: nowhere
              - id: c2
                statment: y
            """])
        #expect(found.map(\.id).sorted() == ["seed.alias-collision", "seed.invalid-id", "seed.invalid-reference", "seed.unknown-key",
                                             "seed.unknown-reference", "seed.unknown-source"].sorted())
        let lines = Dictionary(found.map { ($0.id, $0.location.line) }, uniquingKeysWith: { first, _ in first })
        #expect(lines["seed.invalid-id"] == 2)
        #expect(lines["seed.unknown-reference"] == 8)
        #expect(lines["seed.invalid-reference"] == 11)
        #expect(lines["seed.unknown-source"] == 14)
        #expect(lines["seed.unknown-key"] == 16)
    }

    @Test func yamlSyntaxErrorsHaveALocation() {
        let found = errors(["bad.yaml": "claims:\n  - id: x\n   statement: [unclosed\n"])
        #expect(found.count == 1)
        #expect(found.first?.id == "yaml.syntax")
        #expect((found.first?.location.line ?? 0) >= 2)
    }

    @Test func studyMustBelongToTheClaimsSource() {
        let found = errors(["s.yaml": """
            sources:
              - {id: a, studies: [{id: a-study}]}
              - {id: b, studies: [{id: b-study}]}
            claims:
              - {id: c, statement: x, source: a, study: b-study}
            """])
        #expect(found.map(\.id) == ["seed.study-source-mismatch"])
    }

    @Test func sampleSizesMustBePositive() {
        let found = errors(["s.yaml": "sources:\n  - {id: a, studies: [{id: a-s, n: 0}]}\n"])
        #expect(found.map(\.id) == ["seed.invalid-n"])
    }

    @Test func goldenSeedDiagnostics() throws {
        let text = renderedError {
            let others = SeedFile.bundled.filter { $0.name != "Seeds/claims.yaml" }
            _ = try SeedLoader.load(others + [SeedFile(name: "Seeds/claims.yaml", text: """
                claims:
                  - id: noy2023-writing-time
                    statement: Access to ChatGPT cut writing time by 40%.
                    source: noy2023experimentl
                    replication: replicatd
                    about: [cohort:oldr]
                """)])
        }
        try assertSnapshot(text, named: "seed-diagnostics.txt")
    }
}
