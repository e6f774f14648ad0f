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
        if parts.excludeRetracted { filters.append("NOT (s.id IS NOT NULL AND \(sql: NoticeSQL.isRetracted("s.id")))") }
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
