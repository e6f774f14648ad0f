import Foundation
import GRDB
import KBDomain
import KBFormats
import KBQuery
import KBStore

/// `kb brief`: an evidence page like the seed page, drafted from the KB alone (DESIGN §12).
/// Findings come from the query engine (ranked as `kb query` ranks them); every number printed
/// is a claim's or a study's and stands in the sentence that cites its work, so `kb check` of the
/// brief finds nothing to report. Unsourced assertions are left out and counted.
public struct BriefWriter {
    public enum Format: String, Sendable, CaseIterable { case markdown, html }

    let engine: QueryEngine
    let reader: any DatabaseReader

    public init(_ knowledgeBase: KnowledgeBase, store: QueryStoreFactory) {
        self.engine = QueryEngine(knowledgeBase, store: store)
        self.reader = knowledgeBase.reader
    }

    /// The brief for `subjects` (slugs as `kb query` takes them), with the `top` best findings
    /// as headlines.
    public func markdown(subjects: [String], profile: ProfileSpec?, top: Int) throws -> String {
        let query = "claims for " + subjects.joined(separator: ", ")
        let outcome: QueryOutcome
        do {
            outcome = try engine.run(query, profile: profile, limit: 500)
        } catch var diagnostic as Diagnostic where diagnostic.id == "query.subject-kind" {
            // A cohort, a boundary …: the query's advice ("where cohort=…") is no brief's (trial 20, M6).
            let filter = diagnostic.help?.components(separatedBy: "where ").last.map { "; for its findings alone: kb query \(ShellWord.quoted("claims where \($0)"))" } ?? ""
            diagnostic.help = "kb brief drafts pages for roles and skills, each with a section per cohort and boundary" + filter
            throw diagnostic
        }
        guard case let .claims(rows) = outcome.rows else { return "" }
        let sourced = Self.distinct(rows.filter { $0.source != nil && !$0.isRetracted })
        // Counted by a query of their own: ranked after every sourced claim, they fall outside the
        // 500 rows above once a KB is large (the brief said "none" of seven on the datasets' KB).
        let unsourced = try engine.run(Self.unsourced(query), profile: profile, limit: 1).total
        let headlines = Array(sourced.prefix(max(1, top)))
        let names = try subjectNames(subjects)
        var out = "# Evidence brief: \(names.joined(separator: ", "))\n\n"
        out += "Drafted by kb from its knowledge base alone: each finding below is a claim kb holds, cited where it stands; "
        out += "assertions without a source are left out.\n\n"
        out += "## Headline findings\n\n"
        if headlines.isEmpty { out += "The KB holds no sourced finding for these subjects.\n\n" }
        for row in headlines { out += "- " + line(row) + "\n" }
        // The findings the brief shows, in order: its limitations and references are theirs.
        var shown = headlines
        out += "\n## By cohort\n\n"
        let cohorts = try cohortNames()
        for (slug, name) in cohorts {
            let about = sourced.filter { $0.claim.about.contains(EntityReference(.cohort, slug)) }
            out += "### \(name)\n\n"
            if about.isEmpty {
                out += "The KB holds no sourced evidence about \(name.lowercased()) for these subjects.\n\n"
            } else {
                for row in about.prefix(5) { out += "- " + line(row) + "\n" }
                shown += about.prefix(5)
                out += "\n"
            }
        }
        out += "## Boundary conditions\n\n"
        let translations = try boundaryTranslations()
        if translations.isEmpty { out += "The KB records no translation between boundaries.\n" }
        for (from, to, note) in translations { out += "- \(from) to \(to): \(note.trimmingCharacters(in: .whitespaces))\n" }
        out += "\n## Limitations\n\n" + limitations(shown, unsourced: unsourced) + "\n"
        out += "## Frequently asked questions\n\n"
        for row in headlines {
            let metric = row.claim.quantity?.metric ?? "this finding"
            out += "**What does the evidence say about \(metric)?** \(sentence(row))\n\n"
        }
        out += "## References\n\n"
        var seen = Set<String>()
        let works = shown.compactMap(\.source).filter { seen.insert($0.slug).inserted }
        for entry in APAStyle.references(for: works) { out += "- " + entry.reference.plainText + "\n" }
        return out
    }

    /// The rows with each finding once: a row that repeats an earlier one's work, metric, value
    /// and study n, with a statement that differs only in its quoted group label, is the same
    /// data point coded twice by the dataset (Hausladen's Neumark row as both '65' and 'age
    /// 64–66': 12.2% of 14091 applications; trial 6, item 12), not a second finding.
    static func distinct(_ rows: [ClaimResult]) -> [ClaimResult] {
        var seen = Set<String>()
        return rows.filter { row in
            guard let quantity = row.claim.quantity, let value = quantity.value else { return true }
            let unlabelled = row.claim.statement.replacingOccurrences(of: #"'[^']*'"#, with: "''", options: .regularExpression)
            let key = [row.source?.slug ?? "", unlabelled, quantity.metric ?? "", "\(value)", quantity.unit ?? "",
                       row.study?.n.map(String.init) ?? ""].joined(separator: "\u{0}")
            return seen.insert(key).inserted
        }
    }

    /// The rows' query restricted to claims with no source: its parts as parsed, its condition
    /// (if the subjects brought one) joined with `missing source`, printed back as query text.
    static func unsourced(_ query: String) throws -> String {
        var parsed = try Parser.parse(query)
        let missing = Condition.predicate(Predicate(.missing(.source)))
        parsed.condition = parsed.condition.map { .and($0, missing) } ?? missing
        parsed.limit = nil
        return QueryPrinter.print(parsed)
    }

    /// The brief as a standalone HTML page (the Markdown's sections, escaped).
    public func html(subjects: [String], profile: ProfileSpec?, top: Int) throws -> String {
        let markdown = try self.markdown(subjects: subjects, profile: profile, top: top)
        var body = ""
        var inList = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let isItem = line.hasPrefix("- ")
            if inList, !isItem { body += "</ul>\n"; inList = false }
            if line.hasPrefix("### ") { body += "<h3>\(escape(String(line.dropFirst(4))))</h3>\n" } else if line.hasPrefix("## ") {
                body += "<h2>\(escape(String(line.dropFirst(3))))</h2>\n"
            } else if line.hasPrefix("# ") { body += "<h1>\(escape(String(line.dropFirst(2))))</h1>\n" } else if isItem {
                if !inList { body += "<ul>\n"; inList = true }
                body += "<li>\(escape(String(line.dropFirst(2))))</li>\n"
            } else if !line.isEmpty { body += "<p>\(escape(line).replacingOccurrences(of: "**", with: ""))</p>\n" }
        }
        if inList { body += "</ul>\n" }
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Evidence brief</title></head><body>\n\(body)</body></html>\n"
    }

    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "**", with: "")
    }

    /// "statement (Author, year)." — the claim's own words, its citation inside the sentence.
    func sentence(_ row: ClaimResult) -> String {
        var statement = FloatArtefacts.tidied(row.claim.statement.trimmingCharacters(in: .whitespacesAndNewlines))
        while statement.hasSuffix(".") { statement.removeLast() }
        return "\(statement) \(row.source.map(Self.parenthetical) ?? "")."
    }

    /// APA's narrative citation "Noy & Zhang (2023)" as its parenthetical form "(Noy & Zhang, 2023)".
    static func parenthetical(_ source: Source) -> String {
        let narrative = APAStyle.inText(source)
        guard narrative.hasSuffix(")"), let open = narrative.lastIndex(of: "(") else { return "(\(narrative))" }
        let who = narrative[..<open].trimmingCharacters(in: .whitespaces)
        return "(\(who), \(narrative[narrative.index(after: open)..<narrative.index(before: narrative.endIndex)]))"
    }

    /// A headline: the finding, then its study's design, n, pre-registration, replication and grade.
    func line(_ row: ClaimResult) -> String {
        var facts: [String] = []
        if let design = row.study?.design { facts.append(design.rawValue.replacingOccurrences(of: "-", with: " ")) }
        if let n = row.study?.n { facts.append("n = \(Self.grouped(n))\(row.study?.nUnit.map { " " + $0 } ?? "")") }
        if let study = row.study { facts.append("pre-registered: \(study.preregistered.rawValue)") }
        facts.append("replication: \(row.claim.replication.rawValue)")
        facts.append("grade: \(row.grade.rawValue)")
        return "**\(sentence(row))** " + facts.joined(separator: "; ") + "."
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        guard n >= 1000 else { return digits }
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }

    /// Designs, pre-registration and replication of the findings shown, and what was left out.
    func limitations(_ rows: [ClaimResult], unsourced: Int) -> String {
        var seen = Set<String>()
        let shown = rows.filter { seen.insert($0.claim.slug).inserted }
        var studies: [String: Study] = [:]
        for row in shown { if let study = row.study { studies[study.slug] = study } }
        var designs: [String: Int] = [:]
        for study in studies.values { designs[study.design?.rawValue ?? "unknown design", default: 0] += 1 }
        let designText = designs.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \(Self.words($0.value))" }.joined(separator: ", ")
        let preregistered = studies.values.count { $0.preregistered == .yes }
        let unknown = studies.values.count { $0.preregistered == .unknown }
        let replicated = shown.count { $0.claim.replication == .replicated }
        var out = "- Designs behind the findings shown: \(designText.isEmpty ? "none recorded" : designText).\n"
        // A study whose registration the KB does not know is not counted as not pre-registered.
        if unknown > 0, unknown == studies.count {
            out += "- Pre-registered: not known for any of the \(Self.words(studies.count)) studies.\n"
        } else {
            out += "- Pre-registered: \(Self.words(preregistered)) of \(Self.words(studies.count)) studies"
                + (unknown > 0 ? " (not known for \(Self.words(unknown)))" : "") + ".\n"
        }
        out += "- Replicated: \(Self.words(replicated)) of \(Self.words(shown.count)) findings; the others have not been replicated, or kb does not know.\n"
        out += "- Assertions without a source, left out of this brief: \(Self.words(unsourced)).\n"
        return out
    }

    /// Small counts in words ("three"), so that a count of the brief's own is never read as a
    /// finding's number; larger ones as digits.
    static func words(_ n: Int) -> String {
        let names = ["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
        return n < names.count ? names[n] : String(n)
    }

    /// Each subject's display name, found by slug or, as `kb query` finds it, by alias
    /// (`pytorch` is PyTorch Deep Learning); a subject kb does not know is shown as given.
    func subjectNames(_ subjects: [String]) throws -> [String] {
        try reader.read { db in
            try subjects.map { slug in
                try String.fetchOne(db, sql: """
                    SELECT name FROM (SELECT name, 0 AS rank, id FROM entity WHERE slug = ?
                                      UNION ALL SELECT e.name, 1, e.id FROM alias a JOIN entity e ON e.id = a.entityId WHERE a.key = ?)
                    ORDER BY rank, id LIMIT 1
                    """, arguments: [slug, Slug.fold(slug)]) ?? slug
            }
        }
    }

    func cohortNames() throws -> [(String, String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT slug, name FROM entity WHERE kind = 'cohort' ORDER BY name").map { ($0[0], $0[1]) }
        }
    }

    /// Each translation note between two boundaries.
    func boundaryTranslations() throws -> [(String, String, String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.name, g.name, e.note FROM edge e JOIN entity f ON f.id = e.fromId JOIN entity g ON g.id = e.toId
                WHERE f.kind = 'boundary' AND g.kind = 'boundary' AND e.note IS NOT NULL ORDER BY f.name, g.name LIMIT 50
                """).map { ($0[0], $0[1], $0[2]) }
        }
    }
}
