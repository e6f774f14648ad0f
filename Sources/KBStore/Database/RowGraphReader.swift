import KBDomain

/// ``GraphReader``'s records (sources with contributors and notices, studies, claims with their
/// scope) read through any ``StatementExecutor``: what a store without GRDB (PostgreSQL) loads
/// its results with. Same statements, same order, same mapping as ``GraphReader``; every id bound.
package struct RowGraphReader: GraphReading {
    let executor: any StatementExecutor

    package init(executor: any StatementExecutor) { self.executor = executor }

    package func sources(ids: [Int64]) throws -> [Int64: Source] {
        var sources: [Int64: Source] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try executor.rows("SELECT \(sql: GraphReader.sourceColumns) FROM source WHERE id IN \(list: chunk)") {
                let source = Self.source(row)
                if let id = source.id { sources[id] = source }
            }
            for row in try executor.rows("""
                SELECT sourceId, role, family, given, droppingParticle, particle, suffix, literal
                FROM contributor WHERE sourceId IN \(list: chunk) ORDER BY sourceId, role, position
                """) {
                guard let id = row.int64("sourceId") else { continue }
                sources[id]?.contributors.append(Contributor(role: row.string("role") ?? "author", family: row.string("family"), given: row.string("given"),
                                                             droppingParticle: row.string("droppingParticle"), particle: row.string("particle"),
                                                             suffix: row.string("suffix"), literal: row.string("literal")))
            }
            for row in try executor.rows("SELECT sourceId, kind, date, reason, url FROM notice WHERE sourceId IN \(list: chunk) ORDER BY id") {
                guard let id = row.int64("sourceId"), let kind = row.string("kind").flatMap(NoticeKind.init(rawValue:)) else { continue }
                sources[id]?.notices.append(Notice(kind: kind, date: row.string("date"), reason: row.string("reason"), url: row.string("url")))
            }
        }
        return sources
    }

    static func source(_ row: SQLRow) -> Source {
        var source = Source(slug: row.string("slug") ?? "", type: row.string("type") ?? "document", title: row.string("title"),
                            containerTitle: row.string("containerTitle"), publisher: row.string("publisher"),
                            publisherPlace: row.string("publisherPlace"), volume: row.string("volume"), issue: row.string("issue"),
                            page: row.string("page"), doi: row.string("doi"), url: row.string("url"), accessed: row.string("accessed"),
                            isPeerReviewed: row.bool("isPeerReviewed"), extra: row.string("extra"), note: row.string("note"))
        source.id = row.int64("id")
        if let year = row.int("issuedYear") {
            source.issued = PartialDate(year: year, month: row.int("issuedMonth"), day: row.int("issuedDay"))
        }
        if let file = row.string("originFile"), let line = row.int("originLine") { source.origin = Origin(file: file, line: line) }
        return source
    }

    package func studies(ids: [Int64]) throws -> [Int64: Study] {
        var studies: [Int64: Study] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try executor.rows("""
                SELECT st.*, s.slug AS sourceSlug FROM study st JOIN source s ON s.id = st.sourceId WHERE st.id IN \(list: chunk)
                """) {
                if let id = row.int64("id") { studies[id] = Self.study(row) }
            }
        }
        return studies
    }

    package static func study(_ row: SQLRow) -> Study {
        var study = Study(slug: row.string("slug") ?? "", sourceSlug: row.string("sourceSlug") ?? "", label: row.string("label"),
                          design: row.string("design").flatMap(StudyDesign.init(rawValue:)), designQuote: row.string("designQuote"),
                          n: row.int("n"), nText: row.string("nText"), nUnit: row.string("nUnit"),
                          preregistered: row.string("preregistered").flatMap(Preregistration.init(rawValue:)) ?? .unknown,
                          registryURL: row.string("registryURL"), population: row.string("population"), country: row.string("country"),
                          period: row.string("period"))
        study.id = row.int64("id")
        if let file = row.string("originFile"), let line = row.int("originLine") { study.origin = Origin(file: file, line: line) }
        return study
    }

    package func claims(ids: [Int64]) throws -> [Int64: StoredClaim] {
        var claims: [Int64: StoredClaim] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try executor.rows("""
                SELECT c.*, s.slug AS sourceSlug, st.slug AS studySlug FROM claim c
                LEFT JOIN source s ON s.id = c.sourceId LEFT JOIN study st ON st.id = c.studyId
                WHERE c.id IN \(list: chunk)
                """) {
                guard let id = row.int64("id") else { continue }
                var claim = Claim(slug: row.string("slug") ?? "", statement: row.string("statement") ?? "", quote: row.string("quote"),
                                  locator: row.string("locator"), sourceSlug: row.string("sourceSlug"), studySlug: row.string("studySlug"),
                                  replication: row.string("replication").flatMap(ReplicationStatus.init(rawValue:)) ?? .unknown,
                                  isEconomyWide: row.bool("isEconomyWide") ?? false, note: row.string("note"))
                claim.id = id
                claim.statedReplication = row.string("statedReplication").flatMap(ReplicationStatus.init(rawValue:))
                let quantity = Quantity(metric: row.string("metric"), value: row.double("value"), unit: row.string("unit"),
                                        direction: row.string("direction").flatMap(Direction.init(rawValue:)),
                                        baseline: row.string("baseline"), intervalLow: row.double("intervalLow"), intervalHigh: row.double("intervalHigh"))
                claim.quantity = quantity.isEmpty ? nil : quantity
                if let file = row.string("originFile"), let line = row.int("originLine") { claim.origin = Origin(file: file, line: line) }
                claims[id] = StoredClaim(claim: claim, sourceID: row.int64("sourceId"), studyID: row.int64("studyId"),
                                         strength: row.double("strength") ?? 0, grade: row.string("grade").flatMap(Grade.init(rawValue:)) ?? .veryLow,
                                         aboutIDs: [])
            }
            for row in try executor.rows("""
                SELECT a.claimId, e.id, e.kind, e.slug FROM claimAbout a JOIN entity e ON e.id = a.entityId
                WHERE a.claimId IN \(list: chunk) ORDER BY a.claimId, e.kind, e.slug
                """) {
                guard let claimID = row.int64("claimId"), let kind = row.string("kind").flatMap(EntityKind.init(rawValue:)),
                      let slug = row.string("slug"), let entityID = row.int64("id") else { continue }
                claims[claimID]?.claim.about.append(EntityReference(kind, slug))
                claims[claimID]?.aboutIDs.append(entityID)
            }
            for row in try executor.rows("""
                SELECT r.claimId, s.slug, r.outcome, r.note FROM claimReplication r JOIN source s ON s.id = r.sourceId
                WHERE r.claimId IN \(list: chunk) ORDER BY r.claimId, s.slug
                """) {
                guard let claimID = row.int64("claimId"), let slug = row.string("slug") else { continue }
                claims[claimID]?.claim.replications.append(ClaimReplication(
                    sourceSlug: slug, outcome: row.string("outcome").flatMap(ReplicationOutcome.init(rawValue:)) ?? .unknown, note: row.string("note")))
            }
        }
        return claims
    }
}
