import KBDomain
import KBQuery

/// `kb show` output: a record as labelled lines, or JSON.
public enum RecordRenderer {
    /// The record in `format`: labelled lines (table), a two-column CSV or Markdown table of
    /// the same lines, pretty JSON, or the JSON on one line (jsonl).
    public static func render(_ record: Catalog.Record, format: OutputFormat) -> String {
        LabelledLines(lines: lines(record), json: json(record)).render(format)
    }

    public static func text(_ record: Catalog.Record) -> String {
        LabelledLines(lines: lines(record), json: .null).render(.table)
    }

    static func lines(_ record: Catalog.Record) -> [(String, String)] {
        var lines: [(String, String)] = []
        switch record {
        case let .claim(claim, source, study, strength, grade, replicatedBy, replicates):
            lines.append(("claim", claim.slug))
            lines.append(("statement", claim.statement))
            if let quote = claim.quote { lines.append(("quote", "“\(quote)”")) }
            if let locator = claim.locator { lines.append(("locator", locator)) }
            if let quantity = claim.quantity {
                let value = [quantity.metric, quantity.value.map(JSONValue.format), quantity.unit, quantity.direction?.rawValue].compactMap { $0 }
                lines.append(("quantity", value.joined(separator: " · ")))
                if let baseline = quantity.baseline { lines.append(("baseline", baseline)) }
            }
            lines.append(("about", claim.about.map(\.description).joined(separator: ", ") + (claim.isEconomyWide ? (claim.about.isEmpty ? "" : ", ") + "economy-wide" : "")))
            lines.append(("source", source.map { APAStyle.reference(for: $0).plainText } ?? "none (an unsourced assertion)"))
            if let study { lines += studyLines(study) }
            lines.append(("replication", Self.replicationText(claim)))
            for link in claim.replications {
                // Who tried to replicate it and what they found, each citable on its own.
                let citation = replicatedBy[link.sourceSlug].map { " — " + APAStyle.reference(for: $0).plainText } ?? ""
                let who = link.claimSlug.map { "claim \($0)" + (link.sourceSlug.isEmpty ? "" : " of \(link.sourceSlug)") } ?? link.sourceSlug
                lines.append(("replicated-by", "\(who): \(link.outcome.rawValue)\(citation)" + (link.note.map { " (\($0))" } ?? "")))
            }
            for replicated in replicates {
                lines.append(("replicates", "\(replicated.claimSlug): \(replicated.outcome.rawValue)" + (replicated.note.map { " (\($0))" } ?? "")))
            }
            // Rounded as in query results (three decimals), not the raw sum of its factors.
            lines.append(("grade", "\(grade.rawValue) (strength \(ResultRenderer.fixed(strength)))"))
            if let note = claim.note { lines.append(("note", note)) }
            if let origin = claim.origin { lines.append(("from", origin.description)) }
        case let .source(source, studies, claims, replicates):
            lines.append(("source", source.slug))
            lines.append(("reference", APAStyle.reference(for: source).plainText))
            lines.append(("type", source.type))
            if let doi = source.doi { lines.append(("doi", doi)) }
            if let url = source.url { lines.append(("url", url)) }
            lines.append(("peer-reviewed", source.isPeerReviewed.map { $0 ? "yes" : "no" } ?? "unknown"))
            for notice in source.notices {
                lines.append(("notice", [notice.kind.rawValue, notice.date, notice.reason].compactMap { $0 }.joined(separator: " · ")))
            }
            for study in studies { lines += studyLines(study) }
            lines.append(("claims", claims.isEmpty ? "none" : claims.joined(separator: ", ")))
            for replicated in replicates {
                lines.append(("replicates", "\(replicated.claimSlug): \(replicated.outcome.rawValue)" + (replicated.note.map { " (\($0))" } ?? "")))
            }
            if let origin = source.origin { lines.append(("from", origin.description)) }
        case let .study(study):
            lines += studyLines(study)
            lines.append(("source", study.sourceSlug))
        case let .note(note):
            lines.append(("note", note.slug))
            lines.append(("kind", note.kind.rawValue))
            lines.append(("text", note.text))
        case let .entity(detail):
            lines.append((detail.entity.kind.rawValue, detail.entity.slug))
            lines.append(("name", detail.entity.name))
            if let description = detail.description { lines.append(("description", description)) }
            if !detail.aliases.isEmpty { lines.append(("aliases", detail.aliases.joined(separator: ", "))) }
            for attribute in detail.attributes {
                lines.append((attribute.name, "\(attribute.value)" + (attribute.context.isEmpty ? "" : " (for \(attribute.context))")
                              + (attribute.quote.map { " — “\($0)”" } ?? "")))
            }
            for edge in detail.edges { lines.append(("edge", edge)) }
            lines.append(("claims", detail.claims.isEmpty ? "none" : detail.claims.joined(separator: ", ")))
        }
        return lines
    }

    static func studyLines(_ study: Study) -> [(String, String)] {
        var lines = [("study", study.slug)]
        lines.append(("design", (study.design?.rawValue ?? "unknown") + (study.designQuote.map { " (“\($0)”)" } ?? "")))
        let n = study.n.map { "\($0)" + (study.nUnit.map { " \($0)" } ?? "") + (study.nText.map { " (as stated: “\($0)”)" } ?? "") } ?? "unknown"
        lines.append(("n", n))
        lines.append(("preregistered", study.preregistered.rawValue))
        if let population = study.population { lines.append(("population", population)) }
        if let country = study.country { lines.append(("country", country)) }
        if let period = study.period { lines.append(("period", period)) }
        return lines
    }

    /// A claim's replication status as shown, and — when the replications recorded for it rolled
    /// it away from what the analyst stated (`kb edit … replication=`, the file) — the stated one,
    /// so that a status set by hand is never silently out of sight. `unknown` states nothing.
    static func replicationText(_ claim: Claim) -> String {
        guard let stated = claim.statedReplication, stated != claim.replication, stated != .unknown else { return claim.replication.rawValue }
        return "\(claim.replication.rawValue) (stated: \(stated.rawValue); rolled up with the replications below)"
    }

    public static func json(_ record: Catalog.Record) -> JSONValue {
        switch record {
        case let .claim(claim, source, study, strength, grade, replicatedBy, replicates):
            let result = ClaimResult(rank: 1, score: strength, relevance: 1, claim: claim, source: source, study: study, strength: strength,
                                     grade: grade, isRetracted: source?.isRetracted ?? false, why: [])
            guard case var .object(fields) = ResultJSON.claim(result) else { return .null }
            fields["rank"] = nil
            fields["score"] = nil
            fields["relevance"] = nil
            fields["why"] = nil
            fields["replicated_by"] = .array(claim.replications.map { link in
                var entry: [String: JSONValue] = [
                    "source": link.sourceSlug.isEmpty ? .null : .string(link.sourceSlug), "outcome": .string(link.outcome.rawValue), "note": .from(link.note),
                    "citation": replicatedBy[link.sourceSlug].map { .string(APAStyle.inText($0)) } ?? .null,
                    "reference": replicatedBy[link.sourceSlug].map { .string(APAStyle.reference(for: $0).plainText) } ?? .null]
                // A replication `kb link` recorded names the replicating claim too.
                if let claim = link.claimSlug { entry["claim"] = .string(claim) }
                return .object(entry)
            })
            // What the analyst stated, when the replications listed moved the status shown.
            // (In JSON even a stated `unknown`: a reader cannot tell it from a stated roll-up otherwise.)
            if let stated = claim.statedReplication, stated != claim.replication {
                fields["stated_replication"] = .string(stated.rawValue)
            }
            if !replicates.isEmpty {
                fields["replicates"] = .array(replicates.map {
                    .object(["claim": .string($0.claimSlug), "outcome": .string($0.outcome.rawValue), "note": .from($0.note)])
                })
            }
            return .object(fields)
        case let .source(source, studies, claims, replicates):
            let result = SourceResult(rank: 1, score: nil, source: source, studies: studies, claimCount: claims.count, bestGrade: nil)
            guard case var .object(fields) = ResultJSON.sourceResult(result) else { return .null }
            fields["rank"] = nil
            fields["score"] = nil
            fields["best_grade"] = nil
            fields["claim_ids"] = .array(claims.map(JSONValue.string))
            fields["replicates"] = .array(replicates.map {
                .object(["claim": .string($0.claimSlug), "outcome": .string($0.outcome.rawValue), "note": .from($0.note)])
            })
            return .object(fields)
        case let .study(study):
            return .object(["id": .string(study.slug), "source": .string(study.sourceSlug), "design": .from(study.design?.rawValue),
                            "n": .from(study.n), "n_unit": .from(study.nUnit), "preregistered": .string(study.preregistered.rawValue)])
        case let .note(note):
            return .object(["id": .string(note.slug), "kind": .string(note.kind.rawValue), "text": .string(note.text)])
        case let .entity(detail):
            return .object(["id": .string(detail.entity.slug), "kind": .string(detail.entity.kind.rawValue), "name": .string(detail.entity.name),
                            "description": .from(detail.description), "aliases": .array(detail.aliases.map(JSONValue.string)),
                            "attributes": .array(detail.attributes.map { .object(["name": .string($0.name), "value": .string($0.value),
                                                                                 "context": .string($0.context), "quote": .from($0.quote)]) }),
                            "edges": .array(detail.edges.map(JSONValue.string)), "claims": .array(detail.claims.map(JSONValue.string))])
        }
    }
}

/// Label–value lines (`kb show`, `kb stats`) in each ``OutputFormat``, so that every format a
/// command accepts prints what it says: CSV and Markdown get `field,value` rows, JSON the
/// record's own structure.
public struct LabelledLines: Sendable {
    public var lines: [(String, String)]
    public var json: JSONValue

    public init(lines: [(String, String)], json: JSONValue) {
        self.lines = lines
        self.json = json
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table:
            let width = lines.map(\.0.count).max() ?? 0
            return lines.map { label, value in label + String(repeating: " ", count: width - label.count) + "  " + value + "\n" }.joined()
        case .json:
            return json.pretty + "\n"
        case .jsonl:
            return json.compact + "\n"
        case .csv:
            return CSVWriter.row(["field", "value"]) + lines.map { CSVWriter.row([$0.0.trimmingCharacters(in: .whitespaces), $0.1]) }.joined()
        case .markdown:
            return "| field | value |\n|---|---|\n" + lines.map {
                "| \(ResultRenderer.markdownCell($0.0.trimmingCharacters(in: .whitespaces))) | \(ResultRenderer.markdownCell($0.1)) |\n"
            }.joined()
        }
    }
}

extension LabelledLines {
    /// `kb stats`: each statistic under its label in a table, under its key in JSON (counts
    /// as numbers).
    public init(_ statistics: [Catalog.Statistic]) {
        var fields: [String: JSONValue] = [:]
        for statistic in statistics {
            switch statistic.value {
            case let .count(count): fields[statistic.key] = .number(Double(count))
            case let .text(text): fields[statistic.key] = .string(text)
            }
        }
        self.init(lines: statistics.map { ($0.label, $0.value.text) }, json: .object(fields))
    }
}
