/// `kb show` output: a record as labelled lines, or JSON.
public enum RecordRenderer {
    public static func text(_ record: Catalog.Record) -> String {
        var lines: [(String, String)] = []
        switch record {
        case let .claim(claim, source, study, strength, grade):
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
            lines.append(("replication", claim.replication.rawValue))
            lines.append(("grade", "\(grade.rawValue) (strength \(JSONValue.format(strength)))"))
            if let note = claim.note { lines.append(("note", note)) }
            if let origin = claim.origin { lines.append(("from", origin.description)) }
        case let .source(source, studies, claims):
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
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { label, value in label + String(repeating: " ", count: width - label.count) + "  " + value + "\n" }.joined()
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

    public static func json(_ record: Catalog.Record) -> JSONValue {
        switch record {
        case let .claim(claim, source, study, strength, grade):
            let result = ClaimResult(rank: 1, score: strength, relevance: 1, claim: claim, source: source, study: study, strength: strength,
                                     grade: grade, isRetracted: source?.isRetracted ?? false, why: [])
            guard case var .object(fields) = ResultJSON.claim(result) else { return .null }
            fields["rank"] = nil
            fields["score"] = nil
            fields["relevance"] = nil
            fields["why"] = nil
            return .object(fields)
        case let .source(source, studies, claims):
            let result = SourceResult(rank: 1, score: nil, source: source, studies: studies, claimCount: claims.count, bestGrade: nil)
            guard case var .object(fields) = ResultJSON.sourceResult(result) else { return .null }
            fields["rank"] = nil
            fields["score"] = nil
            fields["best_grade"] = nil
            fields["claim_ids"] = .array(claims.map(JSONValue.string))
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
