import KBDomain
import KBQuery

/// One column of a claims listing: its header and how a claim fills it. Every column a claims
/// table, Markdown table or CSV prints is defined here once, and the listings below pick from
/// them, so `kb query` and `kb export` never disagree about what a column is called or holds
/// (README, "Claim columns").
public struct ClaimColumn: Sendable {
    /// The header: a CSV column name (`n_unit`) or a table heading (`Pre-registered`).
    public let header: String
    let cell: @Sendable (ClaimResult) -> String

    init(_ header: String, _ cell: @escaping @Sendable (ClaimResult) -> String) {
        self.header = header
        self.cell = cell
    }

    /// The column's text for `row`.
    public func value(_ row: ClaimResult) -> String { cell(row) }

    /// The same column under another header.
    func named(_ header: String) -> ClaimColumn { ClaimColumn(header, cell) }
}

extension ClaimColumn {
    // MARK: Columns

    static let rank = ClaimColumn("rank") { String($0.rank) }
    static let score = ClaimColumn("score") { ResultRenderer.fixed($0.score) }
    static let grade = ClaimColumn("grade") { $0.grade.rawValue }
    static let strength = ClaimColumn("strength") { ResultRenderer.fixed($0.strength) }
    static let claim = ClaimColumn("claim") { $0.claim.slug }
    static let statement = ClaimColumn("statement") { $0.claim.statement }
    static let quote = ClaimColumn("quote") { $0.claim.quote ?? "" }
    static let locator = ClaimColumn("locator") { $0.claim.locator ?? "" }
    static let metric = ClaimColumn("metric") { $0.claim.quantity?.metric ?? "" }
    static let value = ClaimColumn("value") { $0.claim.quantity?.value.map(ResultRenderer.number) ?? "" }
    static let unit = ClaimColumn("unit") { $0.claim.quantity?.unit ?? "" }
    static let direction = ClaimColumn("direction") { $0.claim.quantity?.direction?.rawValue ?? "" }
    static let design = ClaimColumn("design") { $0.study?.design?.rawValue ?? "" }
    static let n = ClaimColumn("n") { $0.study?.n.map(String.init) ?? "" }
    static let nUnit = ClaimColumn("n_unit") { $0.study?.nUnit ?? "" }
    static let preregistered = ClaimColumn("preregistered") { $0.study?.preregistered.rawValue ?? "unknown" }
    static let replication = ClaimColumn("replication") { $0.claim.replication.rawValue }
    static let source = ClaimColumn("source") { $0.source?.slug ?? "" }
    static let citation = ClaimColumn("citation") { row in row.source.map { APAStyle.reference(for: $0).plainText } ?? "" }
    static let doi = ClaimColumn("doi") { $0.source?.doi ?? "" }
    static let url = ClaimColumn("url") { $0.source?.url ?? "" }
    static let year = ClaimColumn("year") { row in row.source?.issued.map { String($0.year) } ?? "" }
    static let why = ClaimColumn("why") { ResultRenderer.whySummary($0) }
    /// The value with its sign and unit: "-40%", "+1.2 points".
    static let quantity = ClaimColumn("value") { ResultRenderer.quantity($0.claim) }
    /// The statement, then the quantity in brackets.
    static let statementWithQuantity = ClaimColumn("claim") { $0.claim.statement + ResultRenderer.quantitySuffix($0.claim) }
    /// "experiment, n=453, prereg yes, replication unknown" (or "unsourced").
    static let evidence = ClaimColumn("evidence") { ResultRenderer.evidence($0) }
    /// The source's in-text citation, "Noy & Zhang (2023)", or "no source".
    static let inTextCitation = ClaimColumn("source") { row in row.source.map { APAStyle.inText($0) } ?? "no source" }
    static let knownN = ClaimColumn("n") { $0.study?.n.map(String.init) ?? "unknown" }
    static let knownDesign = ClaimColumn("design") { $0.study?.design?.rawValue ?? "unknown" }

    // MARK: Listings

    /// `kb query --format table`: what a reader scans (the last four wrap).
    public static let table: [ClaimColumn] = [rank.named("#"), score, grade, statementWithQuantity, evidence, inTextCitation, why]
    /// The columns of ``table`` that may wrap, by index.
    public static let tableWrapping: Set<Int> = [3, 4, 5, 6]

    /// `kb query --format markdown` and `kb export --style markdown`'s evidence table.
    public static let markdown: [ClaimColumn] = [
        rank.named("#"), statement.named("Claim"), quantity.named("Value"), knownN, knownDesign.named("Design"),
        preregistered.named("Pre-registered"), replication.named("Replication"), grade.named("Grade"), inTextCitation.named("Source"),
    ]

    /// `kb query --format csv`: the ranking (score, strength, why) beside the evidence and citation.
    public static let queryCSV: [ClaimColumn] = [
        rank, score, grade, strength, claim, statement, metric, value, unit, design, n, nUnit, preregistered, replication,
        source, citation, doi, url, year, why,
    ]

    /// `kb export --style csv` of a claims query: the same columns as ``queryCSV`` less the
    /// ranking's `why`, plus what an evidence table is cited from (quote, locator, the effect's
    /// direction), in the order an analyst reads them.
    public static let evidenceCSV: [ClaimColumn] = [
        rank, claim, statement, quote, locator, metric, value, unit, direction, design, n, nUnit, preregistered, replication,
        grade, strength, score, source, citation, doi, url, year,
    ]
}

extension [ClaimColumn] {
    /// The headers, in order.
    public var headers: [String] { map(\.header) }

    /// One claim's cells, in order.
    public func cells(_ row: ClaimResult) -> [String] { map { $0.value(row) } }

    /// The Markdown table's heading and rule lines.
    public var markdownHeading: String {
        "| \(headers.joined(separator: " | ")) |\n|\(String(repeating: "---|", count: count))\n"
    }

    /// One claim as a Markdown table line (cells escaped).
    public func markdownLine(_ row: ClaimResult) -> String {
        "| \(cells(row).map(ResultRenderer.markdownCell).joined(separator: " | ")) |\n"
    }
}
