import GRDB

/// Loads full records (sources with contributors and notices, studies, claims with their
/// scope) by id, for results, `kb show` and exports.
struct GraphReader {
    let db: Database

    func sources(ids: [Int64]) throws -> [Int64: Source] {
        var sources: [Int64: Source] = [:]
        for chunk in ids.chunked(into: 500) {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM source WHERE id IN \(placeholders(chunk.count))", arguments: StatementArguments(chunk))
            for row in rows {
                let source = Self.source(row)
                sources[row["id"]] = source
            }
            let people = try Row.fetchAll(db, sql: """
                SELECT * FROM contributor WHERE sourceId IN \(placeholders(chunk.count)) ORDER BY sourceId, role, position
                """, arguments: StatementArguments(chunk))
            for row in people {
                sources[row["sourceId"]]?.contributors.append(Contributor(
                    role: row["role"], family: row["family"], given: row["given"], droppingParticle: row["droppingParticle"],
                    particle: row["particle"], suffix: row["suffix"], literal: row["literal"]))
            }
            let notices = try Row.fetchAll(db, sql: "SELECT * FROM notice WHERE sourceId IN \(placeholders(chunk.count)) ORDER BY id",
                                           arguments: StatementArguments(chunk))
            for row in notices {
                guard let kind = NoticeKind(rawValue: row["kind"]) else { continue }
                sources[row["sourceId"]]?.notices.append(Notice(kind: kind, date: row["date"], reason: row["reason"], url: row["url"]))
            }
        }
        return sources
    }

    static func source(_ row: Row) -> Source {
        var source = Source(slug: row["slug"], type: row["type"], title: row["title"], containerTitle: row["containerTitle"],
                            publisher: row["publisher"], publisherPlace: row["publisherPlace"], volume: row["volume"],
                            issue: row["issue"], page: row["page"], doi: row["doi"], url: row["url"], accessed: row["accessed"],
                            isPeerReviewed: row["isPeerReviewed"], extra: row["extra"], note: row["note"])
        source.id = row["id"]
        if let year: Int = row["issuedYear"] {
            source.issued = PartialDate(year: year, month: row["issuedMonth"], day: row["issuedDay"])
        }
        if let file: String = row["originFile"], let line: Int = row["originLine"] { source.origin = Origin(file: file, line: line) }
        return source
    }

    func studies(ids: [Int64]) throws -> [Int64: Study] {
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

    static func study(_ row: Row) -> Study {
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
    func claims(ids: [Int64]) throws -> [Int64: StoredClaim] {
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
struct StoredClaim: Sendable {
    var claim: Claim
    var sourceID: Int64?
    var studyID: Int64?
    var strength: Double
    var grade: Grade
    var aboutIDs: [Int64]
}
