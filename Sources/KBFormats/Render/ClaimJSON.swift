import KBDomain
import KBQuery

/// The JSON contract for results (documented in the README, "JSON output").
public enum ResultJSON {
    public static func claim(_ result: ClaimResult) -> JSONValue {
        let claim = result.claim
        var claimFields: [String: JSONValue] = [
            "id": .string(claim.slug),
            "statement": .string(claim.statement),
            "economy_wide": .bool(claim.isEconomyWide),
            "about": .array(claim.about.map { .string($0.description) }),
        ]
        if let quote = claim.quote { claimFields["quote"] = .string(quote) }
        if let locator = claim.locator { claimFields["locator"] = .string(locator) }
        if let quantity = claim.quantity {
            if let metric = quantity.metric { claimFields["metric"] = .string(metric) }
            if let value = quantity.value { claimFields["value"] = .number(value) }
            if let unit = quantity.unit { claimFields["unit"] = .string(unit) }
            if let direction = quantity.direction { claimFields["direction"] = .string(direction.rawValue) }
            if let baseline = quantity.baseline { claimFields["baseline"] = .string(baseline) }
        }
        if let note = claim.note { claimFields["note"] = .string(note) }
        let evidence: [String: JSONValue] = [
            "design": .from(result.study?.design?.rawValue),
            "n": .from(result.study?.n),
            "n_unit": .from(result.study?.nUnit),
            "preregistered": .string(result.study?.preregistered.rawValue ?? "unknown"),
            "peer_reviewed": result.source?.isPeerReviewed.map(JSONValue.bool) ?? .null,
            "replication": .string(claim.replication.rawValue),
            "retracted": .bool(result.isRetracted),
            "grade": .string(result.grade.rawValue),
            "strength": .number((result.strength * 10_000).rounded() / 10_000),
        ]
        return .object([
            "rank": .number(Double(result.rank)),
            "score": .number(result.score),
            "relevance": .number(result.relevance),
            "claim": .object(claimFields),
            "source": result.source.map(source) ?? .null,
            "evidence": .object(evidence),
            "why": .array(result.why.map(why)),
        ])
    }

    public static func source(_ source: Source) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(source.slug),
            "citation": .string(APAStyle.reference(for: source).plainText),
            "in_text": .string(APAStyle.inText(source)),
            "type": .string(source.type),
            "year": .from(source.issued?.year),
        ]
        if let title = source.title { fields["title"] = .string(title) }
        if let doi = source.doi { fields["doi"] = .string(doi) }
        if let url = source.url { fields["url"] = .string(url) }
        return .object(fields)
    }

    public static func why(_ factor: WhyFactor) -> JSONValue {
        var fields: [String: JSONValue] = ["factor": .string(factor.factor), "value": .string(factor.value)]
        if let effect = factor.effect { fields["effect"] = .number(effect) }
        return .object(fields)
    }

    public static func sourceResult(_ result: SourceResult) -> JSONValue {
        guard case var .object(fields) = source(result.source) else { return .null }
        fields["rank"] = .number(Double(result.rank))
        fields["score"] = .from(result.score)
        fields["claims"] = .number(Double(result.claimCount))
        fields["best_grade"] = .from(result.bestGrade?.rawValue)
        fields["studies"] = .array(result.studies.map { study in
            .object([
                "id": .string(study.slug),
                "design": .from(study.design?.rawValue),
                "n": .from(study.n),
                "n_unit": .from(study.nUnit),
                "preregistered": .string(study.preregistered.rawValue),
            ])
        })
        return .object(fields)
    }
}
