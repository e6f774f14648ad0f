import KBDomain
import KBStore
import KBQuery
import KBFormats

/// Rules about the bibliographic records.
enum SourceRules {
    /// Where a source came from, as evidence for a field it lacks.
    static let origin = "coalesce(s.originFile || ':' || s.originLine, s.originFile, '')"

    static func select(_ evidence: String, detail: String = "NULL", where condition: String) -> String {
        "SELECT 'source' AS kind, s.id AS rowId, s.slug AS subject, \(evidence) AS evidence, \(detail) AS detail FROM source s WHERE \(condition)"
    }

    /// The folded name of a source's first author (NULL when it has none).
    static func firstAuthor(_ sourceId: String) -> String {
        "(SELECT a.nameKey FROM contributor a WHERE a.sourceId = \(sourceId) AND a.role = 'author' ORDER BY a.position LIMIT 1)"
    }

    /// A contributor's name as stored, every part in it ("Rieger}, M.", "van der Berg, Jan").
    static func nameText(_ alias: String) -> String {
        "trim(coalesce(\(alias).literal, '') || ' ' || coalesce(\(alias).droppingParticle || ' ', '') || coalesce(\(alias).particle || ' ', '') "
            + "|| coalesce(\(alias).family, '') || coalesce(', ' || \(alias).given, '') || coalesce(', ' || \(alias).suffix, ''))"
    }

    /// Types whose works normally carry a DOI, and `document` (a work of unknown kind, which a
    /// DOI would identify).
    static let scholarlyTypes = ["article-journal", "article", "paper-conference", "chapter", "review", "review-book", "book", "document"]

    /// `source.duplicate`; scoped, only the sources in scope look for their twins (through the
    /// DOI and title indexes).
    static func duplicateSQL(scoped: Bool) -> String {
        """
        SELECT 'source', s.id, s.slug, group_concat(o.slug, ', '),
               CASE WHEN s.doi IS NOT NULL AND o.doi = s.doi THEN 'same DOI as ' ELSE 'same title, year and first author as ' END
               || group_concat(o.slug, ', ')
        FROM source s JOIN source o ON o.id <> s.id AND (
            (s.doi IS NOT NULL AND o.doi = s.doi)
            OR (s.titleKey IS NOT NULL AND o.titleKey = s.titleKey AND o.issuedYear IS s.issuedYear
                AND NOT \(IdentityRules.distinct("s", "o"))
                AND \(IdentityRules.firstAuthorKey("o.id")) = \(IdentityRules.firstAuthorKey("s.id"))))
        \(scoped ? "WHERE s.id IN \(AuditScope.sources)\n" : "")GROUP BY s.id
        """
    }

    /// `source.duplicate-without-doi`; scoped, only the sources in scope.
    static func duplicateWithoutDOISQL(scoped: Bool) -> String {
        """
        SELECT 'source', s.id, s.slug, group_concat(o.slug || ' (' || o.doi || ')', ', '), NULL
        FROM source s JOIN source o ON o.titleKey = s.titleKey AND o.issuedYear = s.issuedYear AND o.id <> s.id AND o.doi IS NOT NULL
        WHERE s.doi IS NULL AND s.titleKey IS NOT NULL AND s.issuedYear IS NOT NULL
          AND NOT (s.type IN ('book', 'chapter') AND o.type IN ('book', 'chapter') AND o.type <> s.type)
          AND \(firstAuthor("o.id")) IS NOT \(firstAuthor("s.id"))
        \(scoped ? "AND s.id IN \(AuditScope.sources)\n" : "")GROUP BY s.id
        """
    }

    /// `source.stray-brace`; scoped, only the names and titles of the sources in scope.
    static func strayBraceSQL(scoped: Bool) -> String {
        """
        SELECT 'source', s.id, s.slug, group_concat(hit, '  |  '), NULL FROM (
            SELECT a.sourceId AS sourceId, a.role || ' ' || (a.position + 1) || ': ' || \(nameText("a")) AS hit
            FROM contributor a
            WHERE (coalesce(a.literal, '') || coalesce(a.family, '') || coalesce(a.given, '') || coalesce(a.particle, '')
                   || coalesce(a.droppingParticle, '') || coalesce(a.suffix, '')) GLOB '*[{}]*'\(scoped ? " AND a.sourceId IN \(AuditScope.sources)" : "")
            UNION ALL
            SELECT t.id, 'title: ' || t.title FROM source t WHERE t.title GLOB '*[{}]*'\(scoped ? " AND t.id IN \(AuditScope.sources)" : "")
            UNION ALL
            SELECT t.id, 'container title: ' || t.containerTitle FROM source t WHERE t.containerTitle GLOB '*[{}]*'\(scoped ? " AND t.id IN \(AuditScope.sources)" : "")
        ) JOIN source s ON s.id = sourceId
        GROUP BY s.id
        """
    }

    static let all: [AuditRule] = [
        AuditRule("source.missing-title", .warning, .source, message: "no title",
                  rationale: "A reference without a title cannot be checked or found.",
                  fix: "Add the title from the work itself (its DOI landing page, the PDF).",
                  sameAs: "sources where missing title",
                  sql: select(origin, where: PresenceSQL.missingCondition(.title))),
        AuditRule("source.missing-author", .warning, .source, message: "no author",
                  rationale: "APA cites a work by its authors; without them the reference list sorts it by title.",
                  fix: "Add the authors, or the organisation that published the work as its author.",
                  sameAs: "sources where missing author",
                  sql: select(origin, where: PresenceSQL.missingCondition(.author))),
        AuditRule("source.missing-year", .warning, .source, message: "no year",
                  rationale: "Without a date the age of the evidence is unknown and APA prints (n.d.).",
                  fix: "Add the year of publication (or of the version cited).",
                  sameAs: "sources where missing year",
                  sql: select(origin, where: PresenceSQL.missingCondition(.year))),
        AuditRule("source.missing-locator", .warning, .source, message: "no DOI and no URL",
                  rationale: "A reader cannot retrieve the work to verify the claim.",
                  fix: "Add the DOI (look it up on doi.org or Crossref) or a stable URL.",
                  sameAs: "sources where missing doi and missing url",
                  sql: select(origin, where: "\(PresenceSQL.missingCondition(.doi)) AND \(PresenceSQL.missingCondition(.url))")),
        AuditRule("source.missing-doi", .info, .source, message: "an article, paper, book or untyped work without a DOI",
                  rationale: "Articles, papers and most books have a DOI; without it duplicates and retractions are hard to track.",
                  fix: "Look the work up on Crossref and add its DOI.",
                  sql: select("s.url", detail: "s.type", where: """
                      s.doi IS NULL AND s.url IS NOT NULL AND s.type IN (\(scholarlyTypes.map { "'\($0)'" }.joined(separator: ", ")))
                      """)),
        AuditRule("source.invalid-doi", .error, .source, message: "a DOI that is not a DOI",
                  rationale: "A malformed DOI resolves nowhere and hides the work's identity.",
                  fix: "Correct the DOI (it starts with 10., a registrant code, a slash and a suffix).",
                  sql: select("coalesce(json_extract(s.extra, '$.\"kb-invalid-doi\"'), s.doi)", where: """
                      json_extract(s.extra, '$."kb-invalid-doi"') IS NOT NULL OR (s.doi IS NOT NULL AND NOT kb_is_doi(s.doi))
                      """)),
        AuditRule("source.doi-as-written", .info, .source, message: "the file wrote the DOI with stray characters",
                  rationale: "kb stored the normalised DOI, but the file it came from still has the faulty one.",
                  fix: "Correct the DOI in the file the source was imported from.",
                  sql: select("'''' || json_extract(s.extra, '$.\"kb-doi-as-written\"') || ''''",
                              detail: "kb_doi_quirk(json_extract(s.extra, '$.\"kb-doi-as-written\"'))",
                              where: "json_extract(s.extra, '$.\"kb-doi-as-written\"') IS NOT NULL")),
        AuditRule("source.duplicate-key", .warning, .source, message: "its citation key names another work in the same file",
                  rationale: "A key used twice makes \\cite{key} ambiguous; BibTeX tools keep only one of the works.",
                  fix: "Give each entry its own key in the file (kb's own ids are unique).",
                  sql: select("json_extract(s.extra, '$.\"kb-duplicate-key\"')", where: "json_extract(s.extra, '$.\"kb-duplicate-key\"') IS NOT NULL")),
        // Same title, year and first author (LaTeX folded), both with one: not two authorless
        // reports titled "Analysis", and not works whose DOIs or URLs say they differ.
        AuditRule("source.duplicate", .warning, .source, message: "the same work as another source",
                  rationale: "Duplicates split a work's claims and double-count its evidence. Same DOI, or same title, year and first author (both have one, LaTeX in names folded), unless their DOIs differ or, without DOIs, their URLs do.",
                  fix: "Merge the two records: keep one, move its claims, delete the other.",
                  sql: duplicateSQL(scoped: false), scopedSQL: duplicateSQL(scoped: true)),
        AuditRule("source.duplicate-without-doi", .warning, .source, message: "the same title and year as a source with a DOI, but no DOI",
                  rationale: "One work entered twice, once from a file with its DOI and once from one without, splits its claims; the authors often differ only in spelling.",
                  fix: "If it is the same work, merge the two records (or add the DOI so the next import merges them); if not, correct the title.",
                  sql: duplicateWithoutDOISQL(scoped: false), scopedSQL: duplicateWithoutDOISQL(scoped: true)),
        AuditRule("source.book-and-chapter", .warning, .source, message: "a chapter with the title and year of a book in the KB",
                  rationale: "A chapter titled like its book is the book entered a second time (an @incollection whose booktitle is its title); its claims and citations are split.",
                  fix: "Keep the book (or the chapter, if only a chapter is cited), move the claims, delete the other record.",
                  sql: """
                      SELECT 'source', s.id, s.slug, group_concat(o.slug, ', '), NULL
                      FROM source s JOIN source o ON o.titleKey = s.titleKey AND o.issuedYear IS s.issuedYear AND o.type = 'book'
                      WHERE s.type = 'chapter' AND s.titleKey IS NOT NULL AND NOT (s.doi IS NOT NULL AND o.doi IS NOT NULL AND o.doi <> s.doi)
                      GROUP BY s.id
                      """),
        AuditRule("source.withdrawn-title", .warning, .source, message: "its title says the work was withdrawn or retracted",
                  rationale: "A title such as 'RETRACTED: …' or '[Withdrawn] …' is the publisher's notice; without a retraction notice in kb, the work's claims are ranked and cited as if it stood.",
                  fix: "Record the retraction (a notice with its date and URL) so its claims are flagged, and check whether the claims rest on it.",
                  sql: select("s.title", detail: """
                      '''' || kb_withdrawn_marker(s.title) || ''', ' || CASE WHEN \(NoticeSQL.isRetracted("s.id"))
                          THEN 'kb records the retraction' ELSE 'kb has no retraction notice for it' END
                      """, where: "(\(CurationScanner.markerWords.map { "s.title LIKE '%\($0)%'" }.joined(separator: " OR "))) AND kb_withdrawn_marker(s.title) IS NOT NULL")),
        AuditRule("source.stray-brace", .warning, .source, message: "a brace left in an author's name or the title",
                  rationale: "A brace that survived import ('Rieger}, M.') is a BibTeX quoting error; it prints in every citation and splits the author from their other works.",
                  fix: "Correct the name or title in the file it came from (balance or remove the brace) and import it again.",
                  sql: strayBraceSQL(scoped: false), scopedSQL: strayBraceSQL(scoped: true)),
        AuditRule("source.uncited", .info, .source, message: "no claim cites it",
                  rationale: "A reference that supports nothing in the KB is either unused or its claims are not entered yet.",
                  fix: "Enter the claims it supports, or leave it as a bibliography entry.", evidenceIsContext: true,
                  sql: select(origin, where: """
                      NOT EXISTS (SELECT 1 FROM claim c WHERE c.sourceId = s.id) AND NOT EXISTS (SELECT 1 FROM claimReplication r WHERE r.sourceId = s.id)
                      """)),
        AuditRule("source.suspicious-year", .warning, .source, message: "a year in the future or before printing",
                  rationale: "A wrong year misdates the evidence and misplaces the work in the reference list.",
                  fix: "Correct the year of publication.",
                  sql: select("s.issuedYear", where: "s.issuedYear > CAST(strftime('%Y', 'now') AS INTEGER) OR s.issuedYear < 1450")),
    ]
}
