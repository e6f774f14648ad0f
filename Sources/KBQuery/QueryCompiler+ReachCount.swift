import KBStore

extension QueryCompiler {
    /// A subject query's total as two semi-joins, for a dialect that asks for it
    /// (``SQLDialect/countsReachBySemiJoin``): the claims about a reached node, plus the
    /// economy-wide claims about none of them — each reached claim once, as the `best` CTE's
    /// `GROUP BY` counts them, with the same filters. Relevance plays no part in a count, so
    /// nothing needs the CTE. Nil for the CTE's form (SQLite, no subjects, nothing reached).
    ///
    /// The condition's required links (``Parts/requiredLinks``: `cohort=older-workers`) keep the
    /// reached links before any claim row is read, as ``candidates(_:among:)`` keeps them for
    /// SQLite: 93,000 reached claims at 1M, of which the cohort's few thousand are read, each
    /// tested with the probing condition (``Parts/countCondition``).
    func reachedClaimsCount(_ parts: Parts) -> SQLFragment? {
        guard dialect.countsReachBySemiJoin, parts.hasSubjects, !parts.reach.isEmpty else { return nil }
        let ids = Array(Set(parts.reach.map(\.entityID))).sorted()
        var filters: [SQLFragment] = []
        if let condition = parts.countCondition ?? parts.condition { filters.append(condition) }
        if parts.excludeRetracted { filters.append("\(sql: NoticeSQL.claimNotRetracted())") }
        func count(_ reached: SQLFragment) -> SQLFragment {
            "(SELECT count(*) FROM claim c\nLEFT JOIN study st ON st.id = c.studyId\nLEFT JOIN source s ON s.id = c.sourceId\n"
                + "WHERE \(([reached] + filters).joined(separator: "\n  AND ")))"
        }
        let kept = parts.requiredLinks.map { link -> SQLFragment in " AND claimId IN (\(link))" }
        let about = count("c.id IN (SELECT claimId FROM claimAbout WHERE entityId IN \(list: ids)" + kept.joined(separator: "") + ")")
        let economyWide = count("c.isEconomyWide = 1 AND NOT EXISTS (SELECT 1 FROM claimAbout x WHERE x.claimId = c.id AND x.entityId IN \(list: ids))")
        return "SELECT \(about) + \(economyWide)\n"
    }
}

extension QueryCompiler {
    /// A subject query's matching claims as rows a bounded total can stop reading early
    /// (``CompiledQuery/countedRows``): the reached nodes' links in the entity index's order,
    /// each claim at its first reached link only (no `DISTINCT`, which PostgreSQL would build
    /// in full before the limit), kept when it is about the condition's required cohort, skill
    /// or boundary (``Parts/requiredLinkProbes``) before its row is read, then tested with the
    /// condition probed per claim
    /// (``Parts/probeCondition``); then, for unbounded subjects, the economy-wide claims
    /// about none of the reached nodes. The same claims as the exact count's forms (a test
    /// compares them); at 10M claims the exact count of a broad subject reads ~1.7M index
    /// entries, this reads until the bound's claims are found. Nil without subjects or reached nodes.
    func streamedReachedClaims(_ parts: Parts) -> SQLFragment? {
        let ids = Array(Set(parts.reach.map(\.entityID))).sorted()
        // A subject always reaches itself; with nothing reached the exact form's rows count.
        guard parts.hasSubjects, !ids.isEmpty else { return nil }
        var filters: [SQLFragment] = []
        if let condition = parts.probeCondition { filters.append(condition) }
        if parts.excludeRetracted { filters.append("\(sql: NoticeSQL.claimNotRetracted())") }
        let joins: SQLFragment = "LEFT JOIN study st ON st.id = c.studyId\nLEFT JOIN source s ON s.id = c.sourceId\n"
        let first: SQLFragment = "NOT EXISTS (SELECT 1 FROM claimAbout b WHERE b.claimId = a.claimId AND b.entityId IN \(list: ids) AND b.entityId < a.entityId)"
        // The link's own tests first (its claim about the required cohort, skill…; its first
        // reached link), so that only the claims that pass them are read.
        let walked: [SQLFragment] = ["a.entityId IN \(list: ids)"] + parts.requiredLinkProbes + [first]
        var rows: SQLFragment = "SELECT 1 AS matched FROM claimAbout a JOIN claim c ON c.id = a.claimId\n" + joins
            + "WHERE \((walked + filters).joined(separator: "\n  AND "))\n"
        if parts.reachesEconomyWide {
            let economyWide: [SQLFragment] = ["c.isEconomyWide = 1", "NOT EXISTS (SELECT 1 FROM claimAbout x WHERE x.claimId = c.id AND x.entityId IN \(list: ids))"]
            rows += "UNION ALL\nSELECT 1 AS matched FROM claim c\n" + joins + "WHERE \((economyWide + filters).joined(separator: "\n  AND "))\n"
        }
        return rows
    }
}
