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
            let rows = try PreparedStatement(db, "SELECT \(Self.sourceColumns) FROM source WHERE id IN \(placeholders(chunk.count))")
            for id in chunk { rows.bind(id) }
            while try rows.step() {
                let source = Self.source(rows)
                if let id = source.id { sources[id] = source }
            }
            let people = try PreparedStatement(db, """
                SELECT sourceId, role, family, given, droppingParticle, particle, suffix, literal
                FROM contributor WHERE sourceId IN \(placeholders(chunk.count)) ORDER BY sourceId, role, position
                """)
            for id in chunk { people.bind(id) }
            while try people.step() {
                guard let id = people.int(0) else { continue }
                sources[Int64(id)]?.contributors.append(Contributor(role: people.text(1) ?? "author", family: people.text(2), given: people.text(3),
                                                                    droppingParticle: people.text(4), particle: people.text(5),
                                                                    suffix: people.text(6), literal: people.text(7)))
            }
            let notices = try PreparedStatement(db, "SELECT sourceId, kind, date, reason, url FROM notice WHERE sourceId IN \(placeholders(chunk.count)) ORDER BY id")
            for id in chunk { notices.bind(id) }
            while try notices.step() {
                guard let id = notices.int(0), let kind = notices.text(1).flatMap(NoticeKind.init(rawValue:)) else { continue }
                sources[Int64(id)]?.notices.append(Notice(kind: kind, date: notices.text(2), reason: notices.text(3), url: notices.text(4)))
            }
        }
        return sources
    }

    /// The columns ``source(_:)`` reads, in its order.
    static let sourceColumns = """
        id, slug, type, title, containerTitle, publisher, publisherPlace, volume, issue, page, doi, url, accessed, isPeerReviewed, \
        extra, note, issuedYear, issuedMonth, issuedDay, originFile, originLine
        """

    static func source(_ row: PreparedStatement) -> Source {
        var source = Source(slug: row.text(1) ?? "", type: row.text(2) ?? "document", title: row.text(3), containerTitle: row.text(4),
                            publisher: row.text(5), publisherPlace: row.text(6), volume: row.text(7), issue: row.text(8), page: row.text(9),
                            doi: row.text(10), url: row.text(11), accessed: row.text(12), isPeerReviewed: row.int(13).map { $0 != 0 },
                            extra: row.text(14), note: row.text(15))
        source.id = row.int(0).map(Int64.init)
        if let year = row.int(16) {
            source.issued = PartialDate(year: year, month: row.int(17), day: row.int(18))
        }
        if let file = row.text(19), let line = row.int(20) { source.origin = Origin(file: file, line: line) }
        return source
    }

    package func studies(ids: [Int64]) throws -> [Int64: Study] {
        var studies: [Int64: Study] = [:]
        for chunk in ids.chunked(into: 500) {
            let rows = try Row.fetchAll(db, sql: """
                SELECT st.*, s.slug AS sourceSlug FROM study st JOIN source s ON s.id = st.sourceId WHERE st.id IN \(placeholders(chunk.count))
                """, arguments: StatementArguments(chunk))
            for row in rows {
                studies[row["id"]] = Self.study(row)
            }
        }
        return studies
    }

    package static func study(_ row: Row) -> Study {
        var study = Study(slug: row["slug"], sourceSlug: row["sourceSlug"], label: row["label"],
                          design: (row["design"] as String?).flatMap(StudyDesign.init(rawValue:)), designQuote: row["designQuote"],
                          n: row["n"], nText: row["nText"], nUnit: row["nUnit"],
                          preregistered: Preregistration(rawValue: row["preregistered"]) ?? .unknown, registryURL: row["registryURL"],
                          population: row["population"], country: row["country"], period: row["period"])
        study.id = row["id"]
        if let file: String = row["originFile"], let line: Int = row["originLine"] { study.origin = Origin(file: file, line: line) }
        return study
    }

    /// Claims by id, with source and study slugs and what they are about.
    package func claims(ids: [Int64]) throws -> [Int64: StoredClaim] {
        var claims: [Int64: StoredClaim] = [:]
        for chunk in ids.chunked(into: 500) {
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.*, s.slug AS sourceSlug, st.slug AS studySlug FROM claim c
                LEFT JOIN source s ON s.id = c.sourceId LEFT JOIN study st ON st.id = c.studyId
                WHERE c.id IN \(placeholders(chunk.count))
                """, arguments: StatementArguments(chunk))
            for row in rows {
                var claim = Claim(slug: row["slug"], statement: row["statement"], quote: row["quote"], locator: row["locator"],
                                  sourceSlug: row["sourceSlug"], studySlug: row["studySlug"],
                                  replication: ReplicationStatus(rawValue: row["replication"]) ?? .unknown,
                                  isEconomyWide: row["isEconomyWide"], note: row["note"])
                claim.id = row["id"]
                claim.statedReplication = (row["statedReplication"] as String?).flatMap(ReplicationStatus.init(rawValue:))
                let quantity = Quantity(metric: row["metric"], value: row["value"], unit: row["unit"],
                                        direction: (row["direction"] as String?).flatMap(Direction.init(rawValue:)),
                                        baseline: row["baseline"], intervalLow: row["intervalLow"], intervalHigh: row["intervalHigh"])
                claim.quantity = quantity.isEmpty ? nil : quantity
                if let file: String = row["originFile"], let line: Int = row["originLine"] { claim.origin = Origin(file: file, line: line) }
                claims[row["id"]] = StoredClaim(claim: claim, sourceID: row["sourceId"], studyID: row["studyId"],
                                                strength: row["strength"], grade: Grade(rawValue: row["grade"]) ?? .veryLow, aboutIDs: [])
            }
            let about = try Row.fetchAll(db, sql: """
                SELECT a.claimId, e.id, e.kind, e.slug FROM claimAbout a JOIN entity e ON e.id = a.entityId
                WHERE a.claimId IN \(placeholders(chunk.count)) ORDER BY a.claimId, e.kind, e.slug
                """, arguments: StatementArguments(chunk))
            for row in about {
                guard let kind = EntityKind(rawValue: row["kind"]) else { continue }
                claims[row["claimId"]]?.claim.about.append(EntityReference(kind, row["slug"]))
                claims[row["claimId"]]?.aboutIDs.append(row["id"])
            }
            let replications = try Row.fetchAll(db, sql: """
                SELECT r.claimId, s.slug, r.outcome, r.note FROM claimReplication r JOIN source s ON s.id = r.sourceId
                WHERE r.claimId IN \(placeholders(chunk.count)) ORDER BY r.claimId, s.slug
                """, arguments: StatementArguments(chunk))
            for row in replications {
                claims[row["claimId"]]?.claim.replications.append(ClaimReplication(
                    sourceSlug: row["slug"], outcome: ReplicationOutcome(rawValue: row["outcome"]) ?? .unknown, note: row["note"]))
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
