import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// `replicated-by`: the claims a source tried to replicate (issue 12, item 15), and `kb show`
/// listing a claim's replications with their outcome.
struct ReplicatedByTests {
    /// Two originals, one replicated by two sources, one by none; an unsourced claim. Invented
    /// slugs and titles, for the query only.
    static let knowledgeBase = KnowledgeBase.fixture("ReplicatedByTests.knowledgeBase") { dataset in
        dataset.sources = [
            Source(slug: "orig-a", title: "Original finding A", issued: PartialDate(year: 2001), contributors: [Contributor(family: "Alpha", given: "A.")]),
            Source(slug: "orig-b", title: "Original finding B", issued: PartialDate(year: 2002), contributors: [Contributor(family: "Beta", given: "B.")]),
            Source(slug: "rep-one", title: "A direct replication of A", issued: PartialDate(year: 2015), contributors: [Contributor(family: "Gamma", given: "C.")]),
            Source(slug: "rep-two", title: "A second look at A", issued: PartialDate(year: 2019), contributors: [Contributor(family: "Delta", given: "D.")]),
        ]
        var replicated = Claim(slug: "claim-a", statement: "Finding A holds", sourceSlug: "orig-a", replication: .mixed)
        replicated.replications = [ClaimReplication(sourceSlug: "rep-one", outcome: .failed, note: "smaller effect"),
                                   ClaimReplication(sourceSlug: "rep-two", outcome: .replicated)]
        dataset.claims = [replicated, Claim(slug: "claim-b", statement: "Finding B holds", sourceSlug: "orig-b"),
                          Claim(slug: "claim-c", statement: "An unsourced assertion")]
    }

    func claims(_ text: String) throws -> [String] {
        let rows = try #require(try QueryEngine(Self.knowledgeBase).run(text).rows.claims)
        return rows.map(\.claim.slug).sorted()
    }

    @Test func findsTheClaimsASourceReplicated() throws {
        #expect(try claims("claims where replicated-by = rep-one") == ["claim-a"])
        #expect(try claims("claims where replicated-by in (rep-two, orig-b)") == ["claim-a"])
        #expect(try claims("claims where replicated-by = orig-b") == [])
        #expect(try claims("claims where replicated-by != rep-one") == ["claim-b", "claim-c"])
        #expect(try claims("claims where has replicated-by") == ["claim-a"])
        #expect(try claims("claims where missing replicated-by") == ["claim-b", "claim-c"])
        guard case let .sources(rows) = try QueryEngine(Self.knowledgeBase).run("sources where replicated-by = rep-two").rows else {
            Issue.record("not sources")
            return
        }
        #expect(rows.map(\.source.slug) == ["orig-a"])
    }

    @Test func anUnknownSourceIsACaretErrorWithADidYouMean() throws {
        let rendered = renderedError { _ = try QueryEngine(Self.knowledgeBase).run("claims where replicated-by = rep-on") }
        #expect(rendered.contains("error: unknown source 'rep-on'"))
        #expect(rendered.contains("                             ^^^^^^"))
        #expect(rendered.contains("did you mean 'rep-one'"))
        let field = renderedError { _ = try QueryEngine(Self.knowledgeBase).run("claims where replicated-bye = rep-one") }
        #expect(field.contains("did you mean 'replicated-by'?"))
    }

    @Test func theSourceIsABoundParameter() throws {
        let explanation = try QueryEngine(Self.knowledgeBase).explain("claims where replicated-by = rep-one")
        #expect(!explanation.sql.contains("rep-one"))
        #expect(explanation.arguments.contains { $0.contains("rep-one") })
    }

    @Test func showListsEachReplicationWithItsOutcomeAndCitation() throws {
        let record = try Catalog(Self.knowledgeBase).show("claim-a")
        let text = RecordRenderer.text(record)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("replicated-by") }.map { String($0) }
        #expect(lines.count == 2)
        #expect(lines.first?.contains("rep-one: failed — Gamma, C. (2015). A direct replication of A. (smaller effect)") == true, "\(text)")
        #expect(lines.last?.contains("rep-two: replicated — Delta, D. (2019). A second look at A.") == true, "\(text)")

        guard case let .object(fields) = RecordRenderer.json(record), case let .array(links)? = fields["replicated_by"] else {
            Issue.record("no replicated_by in \(RecordRenderer.json(record).pretty)")
            return
        }
        #expect(links.count == 2)
        #expect(links.first == .object(["source": .string("rep-one"), "outcome": .string("failed"), "note": .string("smaller effect"),
                                         "citation": .string("Gamma (2015)"), "reference": .string("Gamma, C. (2015). A direct replication of A.")]))
        let none = try #require(RecordRenderer.json(try Catalog(Self.knowledgeBase).show("claim-b")).fields)
        #expect(none["replicated_by"] == .array([]))
    }
}

/// `replicated-by` is answered from `claimReplicationBySource` and `claimReplication`'s key, not a
/// scan of every claim, on a KB with ANALYZE statistics.
struct ReplicatedByPlanTests {
    static let knowledgeBase: KnowledgeBase = {
        do {
            var dataset = IndexedPlanTests.dataset(claims: 3000)
            // One replicating source per 30 claims, each replicating ten of them.
            for index in 0..<100 {
                dataset.sources.append(Source(slug: "rep\(index)", title: "Replication \(index)", issued: PartialDate(year: 2020)))
            }
            for index in stride(from: 0, to: dataset.claims.count, by: 3) {
                dataset.claims[index].replications = [ClaimReplication(sourceSlug: "rep\(index % 100)", outcome: .failed)]
            }
            let knowledgeBase = try KnowledgeBase.inMemory()
            try knowledgeBase.load(dataset, command: "test", files: [])
            try knowledgeBase.writer.write { db in try KnowledgeBase.analyze(db) }
            return knowledgeBase
        } catch {
            fatalError("\(error)")
        }
    }()

    @Test(arguments: ["claims where replicated-by = rep7", "claims where replicated-by in (rep1, rep2) rank by strength limit 5",
                      "sources where replicated-by = rep7", "claims for role-3 where replicated-by = rep7"])
    func noFullScanOfClaims(query: String) throws {
        let plan = try QueryEngine(Self.knowledgeBase).explain(query).plan
        let scans = plan.filter { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return IndexedPlanTests.isFullScan(text, ofEntitiesToo: false)
        }
        #expect(scans.isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
        #expect(plan.contains { $0.contains("claimReplicationBySource") }, "\(query):\n\(plan.joined(separator: "\n"))")
    }

    @Test func hasReplicatedByReadsTheReplicationsNotEveryClaim() throws {
        let plan = try QueryEngine(Self.knowledgeBase).explain("claims where has replicated-by limit 10").plan
        #expect(!plan.contains { $0.trimmingCharacters(in: .whitespaces) == "SCAN c" }, "\(plan.joined(separator: "\n"))")
    }
}
