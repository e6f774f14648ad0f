import GRDB
import KBDomain
import KBFormats
import KBQuery
import KBStore

/// Rules that find one work, or one result, recorded twice in ways the exact-match rules of
/// ``SourceRules`` miss: a title shortened by one dataset, a title missing altogether, a citation
/// key whose entry was corrected, a CSV row imported again after an edit, and one replication
/// entered by two datasets.
///
/// Each is one grouped pass: sources are grouped by first author and year (a handful per group),
/// keys by their primary key, claims by origin row or by source; no rule compares every record
/// with every other.
enum IdentityRules {
    /// The first author's folded name with LaTeX decoded first, so `Dj{\"a}rv` (stored as
    /// `dj-a-rv`) and `Djärv` are one author; names without a brace or backslash keep their
    /// stored key (no function call).
    static func firstAuthorKey(_ sourceId: String) -> String {
        """
        (SELECT CASE WHEN coalesce(a.family, '') || coalesce(a.literal, '') || coalesce(a.particle, '') GLOB '*[{\\]*'
                     THEN kb_name_key(a.particle, a.family, a.literal) ELSE a.nameKey END
         FROM contributor a WHERE a.sourceId = \(sourceId) AND a.role = 'author' ORDER BY a.position LIMIT 1)
        """
    }

    /// Pages with their dash folded: "645–647" and "645--647" are "645-647".
    static func pages(_ column: String) -> String {
        "replace(replace(replace(\(column), '–', '-'), '—', '-'), '--', '-')"
    }

    /// Two records that cannot be one work: their DOIs differ, or neither has a DOI and their
    /// URLs differ (FReD's two 2025 "Analysis" reports on OSF).
    static func distinct(_ a: String, _ b: String) -> String {
        "((\(a).doi IS NOT NULL AND \(b).doi IS NOT NULL AND \(a).doi <> \(b).doi) "
            + "OR (\(a).doi IS NULL AND \(b).doi IS NULL AND \(a).url IS NOT NULL AND \(b).url IS NOT NULL AND \(a).url <> \(b).url))"
    }

    /// Every dated source, with its first author's key and its title's first word; scoped, only
    /// those of the years of the sources in scope (both works of a pair share their year).
    static func works(scoped: Bool) -> String {
        works.replacingOccurrences(of: "FROM source s WHERE s.issuedYear IS NOT NULL)",
                                   with: "FROM source s WHERE s.issuedYear IS NOT NULL"
                                       + (scoped ? " AND s.issuedYear IN (SELECT issuedYear FROM source WHERE id IN \(AuditScope.sources))" : "") + ")")
    }

    static let works = """
        WITH w AS MATERIALIZED (
            SELECT s.id, s.slug, s.issuedYear AS year, s.titleKey AS title, s.doi, s.url, lower(s.containerTitle) AS container,
                   s.volume, \(pages("s.page")) AS page, \(firstAuthorKey("s.id")) AS author,
                   substr(s.titleKey, 1, instr(s.titleKey || ' ', ' ') - 1) AS word
            FROM source s WHERE s.issuedYear IS NOT NULL)
        """

    /// The (author, year) groups with more than one work, and the pairs in them that may be one
    /// work: the pairs `source.untitled-same-author-year` looks at.
    static let authorYearPairs = """
        , g AS (SELECT author, year FROM w WHERE author IS NOT NULL AND author <> '' GROUP BY author, year HAVING count(*) > 1),
        p AS (SELECT a.id, a.slug, a.title, a.container, a.volume, a.page, b.slug AS other, b.title AS otherTitle,
                     b.container AS otherContainer, b.volume AS otherVolume, b.page AS otherPage
              FROM g JOIN w a ON a.author = g.author AND a.year = g.year JOIN w b ON b.author = g.author AND b.year = g.year AND b.id <> a.id
              WHERE NOT \(distinct("a", "b")))
        """

    /// One title key the other's start at a word boundary, of two words at least ("measuring
    /// the crowd within" and "measuring the crowd within probabilistic …": the subtitle dropped).
    static let titlePrefix = """
        (a.title <> b.title AND ((instr(a.title, ' ') > 0 AND substr(b.title, 1, length(a.title) + 1) = a.title || ' ')
                                 OR (instr(b.title, ' ') > 0 AND substr(a.title, 1, length(b.title) + 1) = b.title || ' ')))
        """

    /// The pairs `source.likely-duplicate` reports, each found through an index on its keys: by
    /// first author, year and the titles' first word (a prefix shares it), or by first author,
    /// year, journal and pages; a pair the titles already match is not matched again by pages.
    static let likelyPairs = """
        , v AS MATERIALIZED (SELECT * FROM w WHERE author IS NOT NULL AND author <> ''),
        q AS (SELECT a.id, a.slug, b.slug AS other, 1 AS byTitle
              FROM v a JOIN v b ON b.author = a.author AND b.year = a.year AND b.word = a.word AND b.id <> a.id
              WHERE \(titlePrefix) AND NOT \(distinct("a", "b"))
              UNION ALL
              SELECT a.id, a.slug, b.slug, 0
              FROM v a JOIN v b ON b.author = a.author AND b.year = a.year AND b.container = a.container AND b.page = a.page AND b.id <> a.id
              WHERE a.title IS NOT b.title AND a.volume IS b.volume AND NOT \(distinct("a", "b"))
                AND NOT coalesce(\(titlePrefix), 0))
        """

    /// The rows of `source.likely-duplicate`, from the pairs.
    static let likelyDuplicates = """

        SELECT 'source', id, slug, group_concat(other, ', '),
               CASE WHEN max(byTitle) THEN 'same first author and year, one title the start of the other'
                    ELSE 'same first author, year, journal, volume and pages' END
        FROM q GROUP BY id
        """

    /// The rows of `source.untitled-same-author-year`, from the pairs.
    static let untitled = """

        SELECT 'source', p.id, p.slug, group_concat(p.other, ', '), NULL
        FROM p WHERE p.title IS NULL
        GROUP BY p.id
        """

    /// `source.key-reused`, its keys filtered by `condition` (scoped: the keys of the sources in
    /// scope, every row of each, so the counts are the whole KB's).
    static func keyReusedSQL(_ condition: String) -> String {
        """
        SELECT 'source', s.id, s.slug, k.file || '''s key ' || k.key || ' names ' || k.works,
               'a corrected entry (remove the old one) or a key reused for another work'
        FROM (SELECT kk.file, kk.key, max(kk.sourceId) AS newest, group_concat(o.slug, ' and ') AS works
              FROM sourceKey kk JOIN source o ON o.id = kk.sourceId\(condition)
              GROUP BY kk.file, kk.key
              HAVING count(*) > 1
                 -- Keys the file itself used twice are source.duplicate-key's.
                 AND count(*) > sum(substr(coalesce(json_extract(o.extra, '$."kb-duplicate-key"'), ''), 1, length(kk.key) + 2) = '''' || kk.key || '''')) k
        JOIN source s ON s.id = k.newest
        """
    }

    /// `claim.superseded-row`; scoped, only the rows (whole groups) on the lines of the claims in
    /// scope, and only those claims (looked up by row id).
    static func supersededSQL(scoped: Bool) -> String {
        """
        WITH d AS MATERIALIZED (SELECT originFile, originLine, max(id) AS newest FROM claim
                                WHERE originFile IS NOT NULL AND originLine IS NOT NULL\(scoped ? " AND originLine IN (SELECT originLine FROM claim WHERE id IN \(AuditScope.claims))" : "")
                                GROUP BY originLine, originFile HAVING count(*) > 1)
        SELECT 'claim', c.id, c.slug, \(EvidenceRules.fileName("c.originFile")) || ':' || c.originLine || ' imported again as ' || n.slug, NULL
        FROM claim c CROSS JOIN d ON d.originFile = c.originFile AND d.originLine = c.originLine AND c.id <> d.newest
        JOIN claim n ON n.id = d.newest\(scoped ? "\nWHERE c.id IN \(AuditScope.claims)" : "")
        """
    }

    /// `claim.same-replication`; scoped, only the sources of the claims in scope (through the
    /// claims' source index), and only those claims.
    static func sameReplicationSQL(scoped: Bool) -> String {
        """
        SELECT 'claim', c.id, c.slug, group_concat(o.slug || ' (' || \(EvidenceRules.fileName("o.originFile")) || '), both replicated by ' || rs.slug, ', '), NULL
        FROM (SELECT sourceId FROM claim WHERE sourceId IS NOT NULL AND originFile IS NOT NULL\(scoped ? " AND sourceId IN (SELECT sourceId FROM claim WHERE id IN \(AuditScope.claims))" : "")
              GROUP BY sourceId HAVING min(originFile) <> max(originFile)) m
        JOIN claim c ON c.sourceId = m.sourceId AND c.originFile IS NOT NULL\(scoped ? " AND c.id IN \(AuditScope.claims)" : "")
        JOIN claimReplication r ON r.claimId = c.id
        JOIN claim o ON o.sourceId = m.sourceId AND o.originFile <> c.originFile
        JOIN claimReplication q ON q.claimId = o.id AND q.sourceId = r.sourceId
        JOIN source rs ON rs.id = r.sourceId
        GROUP BY c.id
        """
    }

    static let all: [AuditRule] = [
        AuditRule("source.likely-duplicate", .warning, .source, message: "likely the same work as another source",
                  rationale: "One dataset stores a shortened title (the subtitle dropped) or spells the author in LaTeX; the same first author and year with one title the start of the other, or the same journal, volume and pages, is one work entered twice.",
                  fix: "Merge the two records (keep the one with the full title and DOI, move the claims), or correct the title that was cut short.",
                  sql: works(scoped: false) + likelyPairs + likelyDuplicates, scopedSQL: works(scoped: true) + likelyPairs + likelyDuplicates),
        AuditRule("source.untitled-same-author-year", .info, .source, message: "no title, and the first author and year of another source",
                  rationale: "A work known only by author and year (a dataset's study label) is often a work the KB has under its title or DOI; without a title nothing else can tell them apart.",
                  fix: "Add the title (or DOI) from the study itself; if it is the other work, merge the two.",
                  sql: works(scoped: false) + authorYearPairs + untitled, scopedSQL: works(scoped: true) + authorYearPairs + untitled),
        AuditRule("source.key-reused", .warning, .source, message: "a citation key of one file names two or more works",
                  rationale: "A key never merges works whose title, authors or year disagree, so an entry corrected and imported again is kept beside the old one; or the file's name is shared by files that reuse keys.",
                  fix: "If the entry was corrected, delete the old work (move its claims); if the key names another work, give it its own key.",
                  sql: keyReusedSQL(""), scopedSQL: keyReusedSQL("\n    WHERE kk.key IN (SELECT key FROM sourceKey WHERE sourceId IN \(AuditScope.sources))")),
        AuditRule("claim.superseded-row", .warning, .claim, message: "its file's row was imported again as another claim",
                  rationale: "A row edited (a corrected n, a new value) and imported again makes a new claim; the old one stays and counts its evidence a second time.",
                  fix: "Delete the old claim (this one) if the row was corrected; if the row states two results, give them distinct ids in the mapping.",
                  // One grouped pass for the rows with several claims (few), then one scan of the
                  // claims looking each up in them: CROSS JOIN keeps the claims outside, since
                  // with the groups outside every group would scan all claims.
                  sql: supersededSQL(scoped: false), scopedSQL: supersededSQL(scoped: true)),
        AuditRule("claim.same-replication", .warning, .claim, message: "likely the same replication as a claim imported from another file",
                  rationale: "Two replication datasets (FReD and the Replication Project) enter the same original finding, each replicated by the same work: one replication counted twice.",
                  fix: "Keep one of the claims (note where the other dataset records it too), or mark the two as the same result.",
                  sql: sameReplicationSQL(scoped: false), scopedSQL: sameReplicationSQL(scoped: true)),
        AuditRule("text.markup", .info, .source, message: "HTML markup in the title",
                  rationale: "Crossref titles carry tags (<i>, <scp>, <sup>); a style that does not render them prints them as written.",
                  fix: "Check the export renders the markup; otherwise remove the tags in the file the title came from.",
                  sql: SourceRules.select("s.title", detail: "kb_markup(s.title)", where: "s.title GLOB '*<[/a-zA-Z]*>*' AND kb_markup(s.title) IS NOT NULL")),
    ]
}
