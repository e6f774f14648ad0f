import GRDB
import KBDomain

/// Loads full records (sources with contributors and notices, studies, claims with their
/// scope) by id, for results, `kb show` and exports.
package struct GraphReader {
    let db: Database

    package init(db: Database) { self.db = db }

    /// Sources by id, with their contributors and notices, read through SQLite's C API (GRDB's
    /// rows cost most of an export's time).
    package func sources(ids: [Int64]) throws -> [Int64: Source] {
        var sources: [Int64: Source] = [:]
        sources.reserveCapacity(ids.count)
        for chunk in ids.chunked(into: 500) {
            let rows = try PreparedStatement(reading: db, "SELECT \(Self.sourceColumns) FROM source WHERE id IN \(placeholders(chunk.count))")
            for id in chunk { rows.bind(id) }
            while try rows.step() {
                let source = try Self.source(rows)
                if let id = source.id { sources[id] = source }
            }
            let people = try PreparedStatement(reading: db, """
                SELECT sourceId, role, family, given, droppingParticle, particle, suffix, literal
                FROM contributor WHERE sourceId IN \(placeholders(chunk.count)) ORDER BY sourceId, role, position
                """)
            for id in chunk { people.bind(id) }
            while try people.step() {
                guard let id = try people.int64(0) else { continue }
                sources[id]?.contributors.append(Contributor(role: try people.string(1) ?? "author", family: try people.string(2), given: try people.string(3),
                                                             droppingParticle: try people.string(4), particle: try people.string(5),
                                                             suffix: try people.string(6), literal: try people.string(7)))
            }
            let notices = try PreparedStatement(reading: db, "SELECT sourceId, kind, date, reason, url FROM notice WHERE sourceId IN \(placeholders(chunk.count)) ORDER BY id")
            for id in chunk { notices.bind(id) }
            while try notices.step() {
                guard let id = try notices.int64(0), let kind = try notices.string(1).flatMap(NoticeKind.init(rawValue:)) else { continue }
                sources[id]?.notices.append(Notice(kind: kind, date: try notices.string(2), reason: try notices.string(3), url: try notices.string(4)))
            }
        }
        return sources
    }

    /// The columns ``source(_:)`` reads, in its order.
    static let sourceColumns = """
        id, slug, type, title, containerTitle, publisher, publisherPlace, volume, issue, page, doi, url, accessed, isPeerReviewed, \
        extra, note, issuedYear, issuedMonth, issuedDay, originFile, originLine
        """

    static func source(_ row: PreparedStatement) throws -> Source {
        var source = Source(slug: try row.string(1) ?? "", type: try row.string(2) ?? "document", title: try row.string(3),
                            containerTitle: try row.string(4), publisher: try row.string(5), publisherPlace: try row.string(6),
                            volume: try row.string(7), issue: try row.string(8), page: try row.string(9), doi: try row.string(10),
                            url: try row.string(11), accessed: try row.string(12), isPeerReviewed: try row.bool(13),
                            extra: try row.string(14), note: try row.string(15))
        source.id = try row.int64(0)
        if let year = try row.int(16) {
            source.issued = PartialDate(year: year, month: try row.int(17), day: try row.int(18))
        }
        if let file = try row.string(19), let line = try row.int(20) { source.origin = Origin(file: file, line: line) }
        return source
    }

    package func studies(ids: [Int64]) throws -> [Int64: Study] {
        var studies: [Int64: Study] = [:]
        for chunk in ids.chunked(into: 500) {
            let rows = try PreparedStatement(reading: db, """
                SELECT st.id, st.slug, s.slug, st.label, st.design, st.designQuote, st.n, st.nText, st.nUnit, st.preregistered,
                       st.registryURL, st.population, st.country, st.period, st.originFile, st.originLine
                FROM study st JOIN source s ON s.id = st.sourceId WHERE st.id IN \(placeholders(chunk.count))
                """)
            for id in chunk { rows.bind(id) }
            while try rows.step() {
                guard let id = try rows.int64(0) else { continue }
                var study = Study(slug: try rows.string(1) ?? "", sourceSlug: try rows.string(2) ?? "", label: try rows.string(3),
                                  design: try rows.string(4).flatMap(StudyDesign.init(rawValue:)), designQuote: try rows.string(5),
                                  n: try rows.int(6), nText: try rows.string(7), nUnit: try rows.string(8),
                                  preregistered: try rows.string(9).flatMap(Preregistration.init(rawValue:)) ?? .unknown,
                                  registryURL: try rows.string(10), population: try rows.string(11), country: try rows.string(12),
                                  period: try rows.string(13))
                study.id = id
                if let file = try rows.string(14), let line = try rows.int(15) { study.origin = Origin(file: file, line: line) }
                studies[id] = study
            }
        }
        return studies
    }

    /// Claims by id, with source and study slugs and what they are about.
    package func claims(ids: [Int64]) throws -> [Int64: StoredClaim] {
        var claims: [Int64: StoredClaim] = [:]
        claims.reserveCapacity(ids.count)
        for chunk in ids.chunked(into: 500) {
            let rows = try PreparedStatement(reading: db, """
                SELECT c.id, c.slug, c.statement, c.quote, c.locator, s.slug, st.slug, c.replication, c.isEconomyWide, c.note,
                       c.statedReplication, c.metric, c.value, c.unit, c.direction, c.baseline, c.intervalLow, c.intervalHigh,
                       c.originFile, c.originLine, c.sourceId, c.studyId, c.strength, c.grade
                FROM claim c LEFT JOIN source s ON s.id = c.sourceId LEFT JOIN study st ON st.id = c.studyId
                WHERE c.id IN \(placeholders(chunk.count))
                """)
            for id in chunk { rows.bind(id) }
            while try rows.step() {
                guard let id = try rows.int64(0) else { continue }
                var claim = Claim(slug: try rows.string(1) ?? "", statement: try rows.string(2) ?? "", quote: try rows.string(3),
                                  locator: try rows.string(4), sourceSlug: try rows.string(5), studySlug: try rows.string(6),
                                  replication: try rows.string(7).flatMap(ReplicationStatus.init(rawValue:)) ?? .unknown,
                                  isEconomyWide: try rows.bool(8) ?? false, note: try rows.string(9))
                claim.id = id
                claim.statedReplication = try rows.string(10).flatMap(ReplicationStatus.init(rawValue:))
                let quantity = Quantity(metric: try rows.string(11), value: try rows.double(12), unit: try rows.string(13),
                                        direction: try rows.string(14).flatMap(Direction.init(rawValue:)),
                                        baseline: try rows.string(15), intervalLow: try rows.double(16), intervalHigh: try rows.double(17))
                claim.quantity = quantity.isEmpty ? nil : quantity
                if let file = try rows.string(18), let line = try rows.int(19) { claim.origin = Origin(file: file, line: line) }
                claims[id] = StoredClaim(claim: claim, sourceID: try rows.int64(20), studyID: try rows.int64(21),
                                         strength: try rows.double(22) ?? 0, grade: try rows.string(23).flatMap(Grade.init(rawValue:)) ?? .veryLow,
                                         aboutIDs: [])
            }
            let about = try PreparedStatement(reading: db, """
                SELECT a.claimId, e.id, e.kind, e.slug FROM claimAbout a JOIN entity e ON e.id = a.entityId
                WHERE a.claimId IN \(placeholders(chunk.count)) ORDER BY a.claimId, e.kind, e.slug
                """)
            for id in chunk { about.bind(id) }
            while try about.step() {
                guard let claimID = try about.int64(0), let entityID = try about.int64(1),
                      let kind = try about.string(2).flatMap(EntityKind.init(rawValue:)), let slug = try about.string(3) else { continue }
                claims[claimID]?.claim.about.append(EntityReference(kind, slug))
                claims[claimID]?.aboutIDs.append(entityID)
            }
            let replications = try PreparedStatement(reading: db, """
                SELECT r.claimId, s.slug, r.outcome, r.note FROM claimReplication r JOIN source s ON s.id = r.sourceId
                WHERE r.claimId IN \(placeholders(chunk.count)) ORDER BY r.claimId, s.slug
                """)
            for id in chunk { replications.bind(id) }
            while try replications.step() {
                guard let claimID = try replications.int64(0), let slug = try replications.string(1) else { continue }
                claims[claimID]?.claim.replications.append(ClaimReplication(
                    sourceSlug: slug, outcome: try replications.string(2).flatMap(ReplicationOutcome.init(rawValue:)) ?? .unknown,
                    note: try replications.string(3)))
            }
        }
        return claims
    }
}

/// A claim as stored, with the ids and the stored strength and grade.
package struct StoredClaim: Sendable {
    package var claim: Claim
    package var sourceID: Int64?
    package var studyID: Int64?
    package var strength: Double
    package var grade: Grade
    package var aboutIDs: [Int64]
}
