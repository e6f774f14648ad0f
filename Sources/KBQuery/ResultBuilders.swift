import GRDB
import KBDomain
import KBStore

private typealias Out = CompiledQuery.OutputColumn

/// Loads the details of ranked claim rows and explains each rank.
package struct ClaimResultBuilder {
    let graph: any GraphReading
    let compiled: CompiledQuery

    package init(graph: any GraphReading, compiled: CompiledQuery) {
        self.graph = graph
        self.compiled = compiled
    }

    package init(db: Database, compiled: CompiledQuery) {
        self.init(graph: GraphReader(db: db), compiled: compiled)
    }

    package func build(_ rows: [Row]) throws -> [ClaimResult] {
        try build(rows.map(SQLRow.init))
    }

    package func build(_ rows: [SQLRow]) throws -> [ClaimResult] {
        let ids: [Int64] = rows.compactMap { $0.int64(Out.claimId.name) }
        let reader = graph
        let claims = try reader.claims(ids: ids)
        let sources = try reader.sources(ids: Array(Set(claims.values.compactMap(\.sourceID))))
        let studies = try reader.studies(ids: Array(Set(claims.values.compactMap(\.studyID))))
        let reachByEntity = Dictionary(compiled.reach.map { ($0.entityID, $0) }, uniquingKeysWith: { first, _ in first })
        return rows.enumerated().compactMap { index, row -> ClaimResult? in
            guard let id = row.int64(Out.claimId.name), let stored = claims[id] else { return nil }
            let source = stored.sourceID.flatMap { sources[$0] }
            let study = stored.studyID.flatMap { studies[$0] }
            let relevance = row.double(Out.relevance.name) ?? 0
            let textFactor = row.double(Out.textFactor.name) ?? 0
            let score = row.double(Out.score.name) ?? 0
            let facts = EvidenceFacts(hasSource: source != nil, design: study?.design, n: study?.n,
                                      preregistered: study?.preregistered ?? .unknown, isPeerReviewed: source?.isPeerReviewed,
                                      replication: stored.claim.replication, isRetracted: source?.isRetracted ?? false,
                                      hasExpressionOfConcern: source?.notices.contains { $0.kind == .expressionOfConcern } ?? false)
            let assessment = StrengthRubric.assess(facts)
            var why: [WhyFactor] = []
            why += relevanceFactors(stored, reachByEntity: reachByEntity, relevance: relevance)
            why += assessment.factors
            why.append(WhyFactor(.strength, stored.grade.rawValue, effect: stored.strength))
            if compiled.hasTextRank { why.append(WhyFactor(.textMatch, textFactor > RelevanceModel.textFloor ? "bm25" : "no rank", effect: textFactor)) }
            why.append(WhyFactor(.score, compiled.hasTextRank ? "relevance × strength × text" : "relevance × strength", effect: score))
            return ClaimResult(rank: index + 1, score: Self.rounded(score), relevance: Self.rounded(relevance), claim: stored.claim,
                               source: source, study: study, strength: stored.strength, grade: stored.grade,
                               isRetracted: source?.isRetracted ?? false, why: why)
        }
    }

    /// The path that linked the claim to the subjects (the best one), and the profile facets.
    func relevanceFactors(_ stored: StoredClaim, reachByEntity: [Int64: Reach], relevance: Double) -> [WhyFactor] {
        var factors: [WhyFactor] = []
        if compiled.reach.isEmpty {
            factors.append(WhyFactor(.path, "no subject: ranked by strength", effect: 1))
        } else {
            let best = stored.aboutIDs.compactMap { reachByEntity[$0] }
                .max { ($0.relevance, -$0.path.order, -$0.entityID) < ($1.relevance, -$1.path.order, -$1.entityID) }
            if let best, best.relevance >= RelevanceModel.economyWide || !stored.claim.isEconomyWide {
                factors.append(WhyFactor(.path, "\(best.path.rawValue): \(best.explanation)", effect: best.relevance))
            } else {
                factors.append(WhyFactor(.path, "economy-wide: bears on every role", effect: RelevanceModel.economyWide))
            }
        }
        let about = Set(stored.aboutIDs)
        for facet in compiled.facets {
            let matched = !about.isDisjoint(with: facet.ids)
            factors.append(WhyFactor(.profileFacet(facet.label), matched ? "matched" : "not matched"))
        }
        factors.append(WhyFactor(.relevance, compiled.facets.isEmpty ? "path" : "path × (0.75 + 0.25 × matched facets)", effect: relevance))
        return factors
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

/// Loads the details of source rows.
struct SourceResultBuilder {
    let executor: any StatementExecutor
    let graph: any GraphReading

    func build(_ rows: [SQLRow]) throws -> [SourceResult] {
        let ids: [Int64] = rows.compactMap { $0.int64(Out.sourceId.name) }
        let sources = try graph.sources(ids: ids)
        var studies: [Int64: [Study]] = [:]
        var counts: [Int64: (Int, String?)] = [:]
        for chunk in ids.chunked(into: 500) {
            let studyRows: SQLFragment = """
                SELECT st.*, s.slug AS sourceSlug FROM study st JOIN source s ON s.id = st.sourceId
                WHERE st.sourceId IN \(list: chunk) ORDER BY st.id
                """
            for row in try executor.rows(studyRows) {
                guard let sourceID = row.int64("sourceId") else { continue }
                studies[sourceID, default: []].append(RowGraphReader.study(row))
            }
            let countRows: SQLFragment = """
                SELECT sourceId, count(*) AS claims,
                       CASE max(CASE grade WHEN 'high' THEN 3 WHEN 'moderate' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)
                       WHEN 3 THEN 'high' WHEN 2 THEN 'moderate' WHEN 1 THEN 'low' ELSE 'very-low' END AS best
                FROM claim WHERE sourceId IN \(list: chunk) GROUP BY sourceId
                """
            for row in try executor.rows(countRows) {
                guard let sourceID = row.int64("sourceId") else { continue }
                counts[sourceID] = (row.int("claims") ?? 0, row.string("best"))
            }
        }
        return rows.enumerated().compactMap { index, row in
            guard let id = row.int64(Out.sourceId.name), let source = sources[id] else { return nil }
            let score = row.double(Out.score.name)
            return SourceResult(rank: index + 1, score: score.map(ClaimResultBuilder.rounded), source: source, studies: studies[id] ?? [],
                                claimCount: counts[id]?.0 ?? 0, bestGrade: counts[id]?.1.flatMap(Grade.init(rawValue:)))
        }
    }
}
