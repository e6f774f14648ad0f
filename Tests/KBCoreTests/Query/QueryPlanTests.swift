import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Every query shape the DSL has is answered from indexes — no full scan of `claim` — on a KB
/// with realistic statistics: a few thousand claims whose roles and skills are Zipf-distributed,
/// analysed with ANALYZE as `kb import` does.
struct IndexedPlanTests {
    static let knowledgeBase: KnowledgeBase = {
        do {
            let knowledgeBase = try KnowledgeBase.inMemory()
            _ = try knowledgeBase.load(Self.dataset(claims: 6000), command: "test", files: [])
            try knowledgeBase.writer.write { db in try KnowledgeBase.analyze(db) }
            return knowledgeBase
        } catch {
            fatalError("\(error)")
        }
    }()

    /// 60 roles, 300 skills (role use Zipf-popular), 6 cohorts, 3 boundaries; one source per three
    /// claims, with its study. Invented values, for plan statistics only.
    static func dataset(claims count: Int) -> Dataset {
        var random = SeededRandom(seed: 42)
        func zipf(_ n: Int) -> Int {
            // Inverse-CDF of 1/(i+1) weights, by a linear walk (n is small).
            let total = (1...n).reduce(0.0) { $0 + 1 / Double($1) }
            var target = Double.random(in: 0..<total, using: &random)
            for index in 0..<n {
                target -= 1 / Double(index + 1)
                if target <= 0 { return index }
            }
            return n - 1
        }
        var dataset = Dataset()
        let cohorts = ["older-workers", "women", "mothers", "veterans", "young-workers", "neurodivergent-applicants"]
        let boundaries = ["eeoc", "ico", "eu-ai-act-annex-iii"]
        dataset.entities = (0..<60).map { Entity(kind: .role, slug: "role-\($0)", name: "Role \($0)") }
            + (0..<300).map { Entity(kind: .skill, slug: "skill-\($0)", name: "Skill \($0)") }
            + cohorts.map { Entity(kind: .cohort, slug: $0, name: $0) } + boundaries.map { Entity(kind: .boundary, slug: $0, name: $0) }
        for role in 0..<60 {
            for _ in 0..<5 { dataset.edges.append(Edge(from: EntityReference(.role, "role-\(role)"), kind: .uses, to: EntityReference(.skill, "skill-\(zipf(300))"))) }
        }
        dataset.edges = Array(Set(dataset.edges.map { "\($0.from.slug)>\($0.to.slug)" })).sorted().map {
            let parts = $0.split(separator: ">").map(String.init)
            return Edge(from: EntityReference(.role, parts[0]), kind: .uses, to: EntityReference(.skill, parts[1]))
        }
        let designs = StudyDesign.allCases
        for index in 0..<(count / 3) {
            let slug = "src\(index)"
            dataset.sources.append(Source(slug: slug, title: "Work \(index) on wages and skills", issued: PartialDate(year: 1995 + index % 30),
                                          doi: index % 20 == 0 ? nil : "10.5555/plan.\(index)", contributors: [Contributor(family: "Author\(index % 97)", given: "A.")]))
            dataset.studies.append(Study(slug: "\(slug)-study", sourceSlug: slug, design: designs[index % designs.count],
                                         n: index % 8 == 0 ? nil : 10 + (index * 37) % 100_000, preregistered: index % 3 == 0 ? .yes : .unknown))
        }
        let replication: [ReplicationStatus] = [.unknown, .unknown, .replicated, .failed, .mixed]
        for index in 0..<count {
            var claim = Claim(slug: "claim-\(index)", statement: "Finding \(index) about wages, hiring and \(["productivity", "screening", "callbacks"][index % 3])")
            claim.sourceSlug = "src\(index / 3)"
            claim.studySlug = "src\(index / 3)-study"
            claim.replication = replication[index % replication.count]
            claim.about = [EntityReference(.role, "role-\(zipf(60))"), EntityReference(.skill, "skill-\(zipf(300))"),
                           EntityReference(.cohort, cohorts[index % cohorts.count]), EntityReference(.boundary, boundaries[index % boundaries.count])]
            dataset.claims.append(claim)
        }
        return dataset
    }

    static let shapes = [
        "claims for role-3",
        "claims for role-3 where cohort=older-workers and n >= 100 rank by relevance limit 20",
        "claims for role-3, skill-7 where replication = replicated",
        "claims where \"callbacks\"",
        "claims for role-3 where \"screening\" limit 10",
        "claims where cohort = women",
        "claims where boundary = eeoc and cohort = mothers",
        "claims where replication = failed",
        "claims where grade = high limit 10",
        "claims where n >= 50000",
        "claims where design = rct",
        "claims where year >= 2020",
        "claims where source = src12",
        "claims where author = \"Author3\"",
        "claims where doi = \"10.5555/plan.5\"",
        "claims rank by strength limit 20",
        "claims where missing source",
        "citations for role-3",
        "sources for role-3",
        "sources where year = 2001",
        // The second edition (DESIGN §10): any-of, ranges, bounded subjects, saved conditions.
        "claims where cohort = women|mothers",
        "claims where boundary = eeoc|ico and cohort = older-workers",
        "claims where year = 2020..2024",
        "claims where year = 2020..",
        "claims where n = 100..500",
        "claims where n = ..500",
        "claims where grade = moderate.. limit 10",
        "claims where replication = ..mixed",
        "sources where year = 2001..2003",
        "claims for role-3 within 1 hops",
        "claims for role-3 direct where cohort = women",
        "claims for role-3 within 2 hops rank by relevance limit 20",
        "claims for skill-7 direct, role-3 within 1 hops limit 10",
        "sources for role-3 direct",
        "citations for role-3 within 1 hops",
        "claims where @preregistered-large-samples",
        "claims for role-3 where @preregistered-large-samples and cohort = women",
    ]

    @Test(arguments: shapes)
    func noFullScanOfClaims(query: String) throws {
        let plan = try QueryEngine(Self.knowledgeBase).explain(query).plan
        let scans = plan.filter { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            // A full pass over claims, directly or through one of its indexes.
            // Walking claimByStrength in order is how `rank by strength limit N` stops after N rows.
            if query.contains("rank by strength") && text.hasPrefix("SCAN c USING INDEX claimByStrength") { return false }
            return Self.isFullScan(text, ofEntitiesToo: true)
        }
        #expect(scans.isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
    }

    /// The bounded count (kb's default) reads no source row when nothing in the query asks for
    /// one: the retraction test is on the claim's own `sourceId` (``NoticeSQL/claimNotRetracted(_:)``),
    /// so the `LEFT JOIN source` goes unread and SQLite drops it. A condition on the source still
    /// joins it.
    @Test(arguments: ["claims for role-3 limit 1", "claims for role-3 where cohort = women limit 1",
                      "claims where design = rct limit 1", "claims for role-3 where n >= 100 limit 1"])
    func aCountReadsNoSourceRowUnlessAsked(query: String) throws {
        let count = try #require(try QueryEngine(Self.knowledgeBase).explain(query, total: .standard).count)
        #expect(!count.plan.contains { $0.contains("SEARCH s ") }, "\(query):\n\(count.plan.joined(separator: "\n"))")
        #expect(count.sql.contains("NOT (c.sourceId IS NOT NULL AND EXISTS"), "\(query)")
        let asked = try #require(try QueryEngine(Self.knowledgeBase).explain("claims for role-3 where year >= 2000 limit 1", total: .standard).count)
        #expect(asked.plan.contains { $0.contains("SEARCH s ") }, "\(asked.plan)")
    }

    /// `FIELD=a|b` is `FIELD in (a, b)` down to the SQL, so it has its plan (a pair of designs,
    /// a fifth of all claims here, is read through `claimByStudy`, as `design in (…)` always was).
    @Test(arguments: ["claims where design = rct|survey", "claims for role-3 where cohort = women|mothers", "sources where year = 2001|2002",
                      "claims where replication = failed|mixed limit 5", "claims where source = src1|src2"])
    func anyOfCompilesAsMembership(query: String) throws {
        let membership = query.replacingOccurrences(of: #"= (\S+)\|(\S+)"#, with: "in ($1, $2)", options: .regularExpression)
        #expect(membership != query)
        let (anyOf, list) = try IndexedPlanTests.knowledgeBase.reader.read { db in
            let store = SQLiteQueryStore(db: db)
            let anyOf: CompiledQuery = try QueryCompiler(store: store, text: query).compile(Parser.parse(query))
            let list: CompiledQuery = try QueryCompiler(store: store, text: membership).compile(Parser.parse(membership))
            return (anyOf, list)
        }
        #expect(anyOf.sql == list.sql, "\(query) vs \(membership)")
        #expect(anyOf.arguments == list.arguments, "\(query) vs \(membership)")
        #expect(anyOf.countSQL == list.countSQL, "\(query) vs \(membership)")
    }

    /// Whether a plan line (trimmed) is a full pass over claims (`c`, `claim`), directly or
    /// through one of their indexes — and, with `ofEntitiesToo`, over taxonomy nodes (`e`).
    static func isFullScan(_ text: String, ofEntitiesToo: Bool) -> Bool {
        let tables = ofEntitiesToo ? ["c", "claim", "e"] : ["c", "claim"]
        return tables.contains { text == "SCAN \($0)" || text.hasPrefix("SCAN \($0) USING") }
    }
}

/// Running a ranked subject query tier by tier gives exactly the rows of its single statement.
struct TieredQueryTests {
    @Test(arguments: [
        "claims for role-3 limit 20", "claims for role-0 where cohort = women limit 15", "claims for role-3 rank by relevance limit 25",
        "claims for role-4 where cohort = mothers and n >= 100 rank by relevance limit 20", "claims for role-5, skill-2 limit 50",
        "claims for role-1 where \"callbacks\" limit 10", "claims for role-2 where replication = failed limit 7", "claims for skill-0 limit 300",
    ])
    func tiersGiveTheSingleStatementsRows(query: String) throws {
        try IndexedPlanTests.knowledgeBase.reader.read { db in
            let parsed = try Parser.parse(query)
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(parsed, limit: parsed.limit)
            let tiers = try #require(compiled.tiers)
            #expect(tiers.count > 1)
            let single = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)).map { $0["claimId"] as Int64 }
            let tiered = try QueryEngine.claimRows(compiled, in: SQLiteStatementExecutor(db: db)).compactMap { $0.int64("claimId") }
            #expect(!single.isEmpty)
            #expect(tiered == single)
        }
    }

    @Test func theSeedMissionQueryIsUnchanged() throws {
        let outcome = try Seeded.run("claims for ml-platform-engineer where cohort=older limit 3")
        let rows = try #require(outcome.rows.claims)
        #expect(rows.map(\.claim.slug) == ["page-cohort-outcomes-differ", "page-ai-amplifies-cohort-differences"])
    }
}
