import GRDB
import KBDomain
import KBFormats
import KBQuery
import KBStore

/// `kb audit`: runs the catalogue's rules over the whole KB, or over what a query selects, in one
/// SQL statement (each rule one pass over its table), and streams the findings grouped by
/// subject.
public struct Auditor: Sendable {
    public let knowledgeBase: KnowledgeBase

    /// Every rule, in the order `kb audit --rules` lists them.
    /// (The identity rules join their subject's group: source, study, claim, text, taxonomy.)
    public static let catalogue: [AuditRule] = {
        let order = ["source", "study", "claim", "text", "taxonomy"]
        let rules = SourceRules.all + EvidenceRules.all + TextRules.all + TaxonomyRules.all + IdentityRules.all
        let rank = { (rule: AuditRule) in order.firstIndex(of: String(rule.id.prefix { $0 != "." })) ?? order.count }
        return rules.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }()

    public init(_ knowledgeBase: KnowledgeBase) {
        self.knowledgeBase = knowledgeBase
    }

    /// The rules to run: all, or those named (an id, or a prefix ending in `.` such as `source.`),
    /// less those excluded with `!` (`!study.missing-design`, `!taxonomy.`). Only exclusions
    /// start from the whole catalogue, so a CI gate can silence one rule without listing the rest.
    public static func rules(named names: [String]) throws -> [AuditRule] {
        let excluded = names.filter { $0.hasPrefix("!") }.map { String($0.dropFirst()) }
        let included = names.filter { !$0.hasPrefix("!") }
        var chosen = included.isEmpty ? catalogue : []
        for name in included {
            chosen += try matching(name).filter { rule in !chosen.contains { $0.id == rule.id } }
        }
        for name in excluded {
            let dropped = try matching(name, excluding: true)
            chosen.removeAll { rule in dropped.contains { $0.id == rule.id } }
        }
        return catalogue.filter { rule in chosen.contains { $0.id == rule.id } }
    }

    /// The catalogue's rules `name` selects: its id, or every id it is a prefix of when it ends in `.`.
    static func matching(_ name: String, excluding: Bool = false) throws -> [AuditRule] {
        let matching = catalogue.filter { $0.id == name || (name.hasSuffix(".") && $0.id.hasPrefix(name)) }
        guard !matching.isEmpty else {
            let prefixes = Set(catalogue.map { String($0.id.prefix { $0 != "." }) + "." })
            let nearest = Suggestions.nearest(to: name, in: catalogue.map(\.id) + prefixes.sorted())
            throw KBError.notFound(what: "audit rule", name: (excluding ? "!" : "") + name,
                                   suggestions: nearest.map { (excluding ? "!" : "") + $0 })
        }
        return matching
    }

    /// Runs `rules` and calls `each` with every finding, grouped by subject (sources, studies,
    /// claims, then the taxonomy), worst first within a subject. With a `query`, only the
    /// claims or sources it selects are audited, with the studies and sources behind them (and
    /// the taxonomy is not).
    @discardableResult
    public func run(rules: [AuditRule] = Auditor.catalogue, query: String? = nil, profile: ProfileSpec? = nil,
                    each: (AuditFinding) throws -> Void) throws -> [String: Int] {
        try knowledgeBase.reader.unsafeRead { db in
            var counts: [String: Int] = [:]
            try db.inTransaction(.deferred) {
                let scoped = try query.map { try AuditScope.create(for: $0, profile: profile, in: db) } ?? false
                defer { if scoped { AuditScope.drop(in: db) } }
                let active = query == nil ? rules : rules.filter { AuditScope.scopable.contains($0.subject) }
                guard !active.isEmpty else { return .commit }
                let rows = try Row.fetchCursor(db, sql: Self.statement(for: active, scoped: query != nil))
                while let row = try rows.next() {
                    let rule = active[row[5] as Int]
                    let detail: String? = row[4]
                    let finding = AuditFinding(rule: rule.id, severity: rule.severity, subjectKind: AuditSubject(rawValue: row[0]) ?? rule.subject,
                                               subject: row[2], message: detail.map { "\(rule.message): \($0)" } ?? rule.message,
                                               evidence: row[3], fix: rule.fix)
                    counts[rule.id, default: 0] += 1
                    try each(finding)
                }
                return .commit
            }
            return counts
        }
    }

    /// All findings at once (for small KBs and tests).
    public func report(rules: [AuditRule] = Auditor.catalogue, query: String? = nil, profile: ProfileSpec? = nil) throws -> AuditReport {
        var findings: [AuditFinding] = []
        try run(rules: rules, query: query, profile: profile) { findings.append($0) }
        return AuditReport(findings: findings, rules: rules, query: query)
    }

    /// One statement: each rule a CTE with the same five columns, their union, ordered by
    /// subject. Only kb's rule SQL is spliced in; nothing from the user.
    static func statement(for rules: [AuditRule], scoped: Bool) -> String {
        let ctes = rules.enumerated().map { index, rule in
            "r\(index)(kind, rowId, subject, evidence, detail) AS (\n\(scoped ? rule.scopedSQL ?? rule.sql : rule.sql)\n)"
        }
        let selects = rules.enumerated().map { index, rule in
            "SELECT kind, rowId, subject, evidence, detail, \(index) AS rule, \(rule.severity.rank) AS severity FROM r\(index)"
                + (scoped ? " WHERE \(AuditScope.filter)" : "")
        }
        let kindOrder = "CASE kind " + AuditSubject.allCases.enumerated().map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }.joined(separator: " ") + " END"
        return "WITH " + ctes.joined(separator: ",\n") + "\nSELECT kind, rowId, subject, evidence, detail, rule FROM (\n"
            + selects.joined(separator: "\nUNION ALL\n") + "\n) ORDER BY \(kindOrder), subject, severity DESC, rule"
    }
}

/// The records a query selects, in temporary tables the rules are filtered by.
enum AuditScope {
    /// The subjects a query scope applies to; taxonomy rules do not run under a query.
    static let scopable: Set<AuditSubject> = [.source, .study, .claim]

    static let filter = """
        ((kind = 'claim' AND rowId IN (SELECT id FROM temp.auditClaim)) OR (kind = 'study' AND rowId IN (SELECT id FROM temp.auditStudy)) \
        OR (kind = 'source' AND rowId IN (SELECT id FROM temp.auditSource)))
        """

    /// The row ids in scope, for a rule's ``AuditRule/scopedSQL``.
    static let claims = "(SELECT id FROM temp.auditClaim)"
    static let studies = "(SELECT id FROM temp.auditStudy)"
    static let sources = "(SELECT id FROM temp.auditSource)"

    /// The scope set of a subject kind (nil for kinds a scope never holds).
    static func ids(_ kind: String) -> String? {
        switch kind {
        case "claim": claims
        case "study": studies
        case "source": sources
        default: nil
        }
    }

    /// Fills the scope tables from `query`: its claims (or sources), with the studies and
    /// sources behind the claims (or the claims and studies of the sources).
    static func create(for text: String, profile: ProfileSpec?, in db: Database) throws -> Bool {
        let query = try Parser.parse(text)
        var unlimited = query
        unlimited.limit = nil
        let compiled = try QueryCompiler(store: QueryStoreFactory.sqlite(db), text: text).compile(unlimited, profile: profile)
        drop(in: db)
        for table in ["auditClaim", "auditStudy", "auditSource"] {
            try db.execute(sql: "CREATE TEMP TABLE \(table) (id INTEGER PRIMARY KEY)")
        }
        if query.target == .sources {
            let sources = compiled.selecting(.sourceId)
            try db.execute(sql: "INSERT OR IGNORE INTO temp.auditSource \(sources.sql)", arguments: StatementArguments(sources.arguments))
            try db.execute(sql: "INSERT OR IGNORE INTO temp.auditClaim SELECT c.id FROM claim c WHERE c.sourceId IN (SELECT id FROM temp.auditSource)")
            try db.execute(sql: "INSERT OR IGNORE INTO temp.auditStudy SELECT st.id FROM study st WHERE st.sourceId IN (SELECT id FROM temp.auditSource)")
        } else {
            let claims = compiled.selecting(.claimId)
            try db.execute(sql: "INSERT OR IGNORE INTO temp.auditClaim \(claims.sql)", arguments: StatementArguments(claims.arguments))
            try db.execute(sql: "INSERT OR IGNORE INTO temp.auditStudy SELECT c.studyId FROM claim c WHERE c.id IN (SELECT id FROM temp.auditClaim) AND c.studyId IS NOT NULL")
            try db.execute(sql: "INSERT OR IGNORE INTO temp.auditSource SELECT c.sourceId FROM claim c WHERE c.id IN (SELECT id FROM temp.auditClaim) AND c.sourceId IS NOT NULL")
        }
        return true
    }

    static func drop(in db: Database) {
        for table in ["auditClaim", "auditStudy", "auditSource"] { try? db.execute(sql: "DROP TABLE IF EXISTS temp.\(table)") }
    }
}

extension Auditor {
    /// The findings of `rules` about the given records only, read on `db` — inside a write's own
    /// transaction, so that curation can report on what it is about to commit and refuse it when
    /// the findings block (`--strict`).
    package static func findings(claims: [Int64], studies: [Int64], sources: [Int64], rules: [AuditRule] = catalogue,
                                 in db: Database) throws -> [AuditFinding] {
        AuditScope.drop(in: db)
        defer { AuditScope.drop(in: db) }
        for (table, ids) in [("auditClaim", claims), ("auditStudy", studies), ("auditSource", sources)] {
            try db.execute(sql: "CREATE TEMP TABLE \(table) (id INTEGER PRIMARY KEY)")
            for id in Set(ids) { try db.execute(sql: "INSERT INTO temp.\(table) (id) VALUES (?)", arguments: [id]) }
        }
        let active = rules.filter { AuditScope.scopable.contains($0.subject) }
        guard !active.isEmpty else { return [] }
        // A cursor, as `run` reads: its rows are the statement's, whose text columns convert a
        // number (a year, an n) to its text; a fetched, copied row would refuse to.
        return try Array(Row.fetchCursor(db, sql: statement(for: active, scoped: true)).map { row in
            let rule = active[row[5] as Int]
            let detail: String? = row[4]
            return AuditFinding(rule: rule.id, severity: rule.severity, subjectKind: AuditSubject(rawValue: row[0]) ?? rule.subject,
                                subject: row[2], message: detail.map { "\(rule.message): \($0)" } ?? rule.message, evidence: row[3], fix: rule.fix)
        })
    }
}
