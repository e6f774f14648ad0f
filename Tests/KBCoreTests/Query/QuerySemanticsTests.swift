import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// What queries mean on the seed KB.
struct QuerySemanticsTests {
    @Test func ordinalComparisons() throws {
        let moderate = try Seeded.claimSlugs("claims where grade >= moderate")
        #expect(Set(moderate) == ["noy2023-writing-time", "noy2023-writing-quality", "noy2023-writer-gap"])
        #expect(try Seeded.claimSlugs("claims where replication != failed").count == 16)
        #expect(try Seeded.claimSlugs("claims where replication = failed").isEmpty)
        #expect(try Seeded.claimSlugs("claims where replication >= unknown").count == 16)
        #expect(try Seeded.claimSlugs("claims where replication > unknown").isEmpty)
    }

    @Test func aliasesCaseAndPunctuationFold() throws {
        let canonical = try Seeded.claimSlugs("claims for ml-platform-engineer where cohort=older-workers")
        #expect(try Seeded.claimSlugs("claims for \"ML Platform Engineer\" where cohort=\"Older Workers\"") == canonical)
        #expect(try Seeded.claimSlugs("claims for ml_platform_engineer where cohort=older") == canonical)
        #expect(canonical == ["page-cohort-outcomes-differ", "page-ai-amplifies-cohort-differences"])
    }

    @Test func subjectsReachEconomyWideClaimsLast() throws {
        let slugs = try Seeded.claimSlugs("claims for pytorch")
        #expect(slugs.count == 16)
        let rows = try #require(try Seeded.run("claims for pytorch").rows.claims)
        let economyWide = rows.filter { $0.why.first?.value.hasPrefix("economy-wide") == true }
        #expect(economyWide.count == 9)
        #expect(economyWide.allSatisfy { $0.relevance == 0.25 })
    }

    @Test func designExperimentIncludesNarrowerDesigns() throws {
        #expect(try Seeded.claimSlugs("claims where design = experiment").count == 3)
        #expect(try Seeded.claimSlugs("claims where design in (rct, audit-study)").isEmpty)
    }

    /// `direction` finds the decreases whatever the value's sign: the seed stores Noy & Zhang's
    /// "cut by 40%" as -40 and the WEF's "92 million displaced" as a count of 92, both
    /// `decrease` (a trial found `value < 0` missing the second, and no way to ask for both).
    @Test func directionFindsEveryDecrease() throws {
        #expect(try Seeded.claimSlugs("claims where direction = decrease").sorted() == ["noy2023-writer-gap", "noy2023-writing-time", "wef2025-roles-displaced"])
        #expect(try Seeded.claimSlugs("claims where value < 0") == ["noy2023-writing-time"])
        #expect(try Seeded.claimSlugs("claims where direction in (increase, decrease)").count == 6)
        #expect(try Seeded.claimSlugs("claims where missing direction").count == 10)
        #expect(throws: Diagnostic.self) { try Seeded.run("claims where direction = down") }
        #expect(throws: Diagnostic.self) { try Seeded.run("claims where direction > decrease") }
        let groups = try Seeded.engine.group("claims group by direction")
        #expect(groups.rows.map { "\($0.values.first.flatMap { $0 } ?? "-"):\($0.count)" }.sorted() == ["-:10", "decrease:3", "increase:3"], "\(groups.rows)")
    }

    @Test func missingAndHas() throws {
        #expect(try Seeded.claimSlugs("claims where missing source").count == 7)
        #expect(try Seeded.claimSlugs("claims where has source").count == 9)
        #expect(try Seeded.claimSlugs("claims where missing n and has source").count == 4)
        let rows = try #require(try Seeded.run("sources where missing n").rows.sources)
        #expect(rows.map(\.source.slug) == ["wef2025futurejobs"])
        let doi = try #require(try Seeded.run("sources where missing doi").rows.sources)
        #expect(doi.map(\.source.slug) == ["indeed2025aiatwork", "wef2025futurejobs"])
    }

    /// Found by `QueryFuzzTests.generatedQueriesCompileToValidSQL`: on sources, `missing source`
    /// was SQL naming a claim column that is not in scope (a database error, exit 4). A source
    /// never lacks itself; every source has one.
    @Test func sourcesNeverMissTheirSource() throws {
        #expect(try Seeded.run("sources where missing source").count == 0)
        #expect(try Seeded.run("sources where has source").count == 3)
        #expect(try Seeded.run("sources where not missing source or economy-wide").count == 3)
        #expect(try Seeded.run("citations where missing source").count == 0)
    }

    @Test func notIncludesUnknowns() throws {
        #expect(try Seeded.claimSlugs("claims where n >= 100").count == 5)
        #expect(try Seeded.claimSlugs("claims where not n >= 100").count == 11)
    }

    @Test func sourceLevelFields() throws {
        #expect(try Seeded.claimSlugs("claims where author = noy").count == 3)
        #expect(try Seeded.claimSlugs("claims where author = \"World Economic Forum\"").count == 4)
        #expect(try Seeded.claimSlugs("claims where doi = \"https://doi.org/10.1126/SCIENCE.adh2586\"").count == 3)
        #expect(try Seeded.claimSlugs("claims where type = report and year = 2025").count == 6)
        #expect(try Seeded.claimSlugs("claims where source = wef2025futurejobs").count == 4)
    }

    @Test func jurisdictionReachesItsBoundaries() throws {
        #expect(try Seeded.claimSlugs("claims where jurisdiction = usa") == ["page-boundaries-translate-imperfectly"])
    }

    @Test func sourcesTextSearchIncludesTitles() throws {
        let rows = try #require(try Seeded.run("sources where \"productivity\"").rows.sources)
        #expect(rows.map(\.source.slug) == ["noy2023experimental"])
    }

    @Test func citationsAreDistinctSourcesInAPAOrder() throws {
        let rows = try #require(try Seeded.run("citations for pytorch where preregistered").rows.citations)
        #expect(rows.map(\.source.slug) == ["noy2023experimental"])
    }

    @Test func storedProfileAsSubject() throws {
        let viaProfile = try Seeded.claimSlugs("claims for profile:ml-platform-engineer-pytorch")
        #expect(viaProfile.count == 16)
        let viaRole = try Seeded.claimSlugs("claims for profile:ml-platform-engineer")
        #expect(Set(viaRole) == Set(viaProfile))
    }

    @Test func profileFile() throws {
        let profile = try ProfileFile.parse(text: "name: me\nrole: ML Platform Engineer\nskills: {pytorch: 1, kubernetes: 0.5}\ncohort: older\n", file: "me.yaml")
        #expect(profile.role == "ML Platform Engineer")
        #expect(profile.skills.map(\.name) == ["pytorch", "kubernetes"])
        let rows = try #require(try Seeded.run("claims for ml-platform-engineer", profile: profile).rows.claims)
        let cohortClaim = try #require(rows.first { $0.claim.slug == "page-ai-amplifies-cohort-differences" })
        #expect(cohortClaim.relevance == 1)
        let other = try #require(rows.first { $0.claim.slug == "page-role-critical" })
        #expect(other.relevance == 0.75)
        #expect(throws: Diagnostic.self) { try ProfileFile.parse(text: "rol: x\n", file: "bad.yaml") }
        #expect(throws: KBError.self) { try Seeded.run("claims for ml-platform-engineer", profile: ProfileSpec(name: "x", role: "ml-platform-engineer", cohort: "nobody")) }
    }

    /// A profile whose role names a skill, or whose role is right, runs beside a query that
    /// names its own subject, and the query's own unknown subject is still the query's error.
    @Test func aProfilesGoodRoleBesideTheQuerysSubjectRuns() throws {
        for yaml in ["role: pytorch\n", "role: ml-platform-engineer\nskills: {pytorch: 1}\n"] {
            let profile = try ProfileFile.parse(text: yaml, file: "me.yaml")
            #expect(try Seeded.run("claims for pytorch limit 2", profile: profile).count > 0, "\(yaml)")
            #expect { try Seeded.run("claims for pytorh limit 2", profile: profile) } throws: { error in
                (error as? Diagnostic).map { $0.location.file == "query" && $0.id == "query.unknown-subject" } ?? false
            }
        }
    }

    /// A name a profile file gives that the KB does not know is reported where the file wrote
    /// it, with a suggestion — not at the query's first column (a trial found `query:1:1` for a
    /// misspelt role in `me.yaml`).
    @Test(arguments: [
        ("name: me\nrole: ml-platform-enginer\nskills: {pytorch: 1}\n", "claims limit 2", "profile.unknown-role", 2, 7, "ml-platform-engineer"),
        // The query names its own subject: the profile's role was ignored, misspelt or not.
        ("name: me\nrole: ml-platform-enginer\nskills: {pytorch: 1}\n", "claims for pytorch limit 2", "profile.unknown-role", 2, 7, "ml-platform-engineer"),
        ("name: me\nrole: ml-platform-engineer\nskills: {pytorch: 1, kubernets: 0.5}\n", "claims for ml-platform-engineer", "profile.unknown-skill", 3, 22, "kubernetes"),
        ("name: me\nrole: ml-platform-engineer\nskills:\n  - pytorch\n  - kubernets\n", "claims", "profile.unknown-skill", 5, 5, "kubernetes"),
        ("name: me\nrole: ml-platform-engineer\ncohort: oldr\n", "claims limit 2", "profile.unknown-cohort", 3, 9, "older"),
    ])
    func aProfileFilesUnknownNameIsReportedInTheFile(yaml: String, query: String, id: String, line: Int, column: Int, suggestion: String) throws {
        let profile = try ProfileFile.parse(text: yaml, file: "me.yaml")
        do {
            _ = try Seeded.run(query, profile: profile)
            Issue.record("\(id): no error")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.id == id)
            #expect(diagnostic.location.file == "me.yaml" && diagnostic.location.line == line && diagnostic.location.column == column,
                    "\(diagnostic.location.file):\(diagnostic.location.line):\(diagnostic.location.column)")
            #expect(diagnostic.help?.contains(suggestion) == true, "\(diagnostic.help ?? "")")
        }
    }
}
