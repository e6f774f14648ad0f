import KBCore

/// A record's values under the names a user writes them — the edit forms' inputs, `kb edit
/// --set FIELD=VALUE`, the write API's `fields` — each as the text that field takes back, so an
/// edit form can show what is stored, and a field sent back unchanged is recognised as
/// unchanged. The change log keeps records as domain values (`slug`, `sourceSlug`,
/// `isEconomyWide`, a nested `quantity`); the server speaks these names instead (trial 7 bug 7).
enum CuratedValues {
    /// The record's fields, by name; an empty field is absent. `year` is left out (it is
    /// `issued`'s other name: giving both is refused), and so are stored parts no field writes
    /// (notices, replications, the origin).
    static func of(_ record: RecordSnapshot) -> [String: String] {
        var values: [String: String] = [:]
        func put(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { values[name] = value }
        }
        switch record {
        case let .source(source):
            put("id", source.slug)
            put("type", source.type)
            put("title", source.title)
            put("container-title", source.containerTitle)
            put("publisher", source.publisher)
            put("publisher-place", source.publisherPlace)
            put("volume", source.volume)
            put("issue", source.issue)
            put("page", source.page)
            put("issued", source.issued?.iso)
            put("doi", source.doi)
            put("url", source.url)
            put("accessed", source.accessed)
            put("note", source.note)
            put("peer-reviewed", source.isPeerReviewed.map { $0 ? "true" : "false" })
            put("authors", names(source.contributors, role: "author"))
            put("editors", names(source.contributors, role: "editor"))
        case let .study(study):
            put("id", study.slug)
            put("source", study.sourceSlug)
            put("label", study.label)
            put("design", study.design?.rawValue)
            put("design-quote", study.designQuote)
            put("n", study.n.map(String.init))
            put("n-text", study.nText)
            put("n-unit", study.nUnit)
            put("preregistered", study.preregistered == .unknown ? nil : study.preregistered.rawValue)
            put("registry", study.registryURL)
            put("population", study.population)
            put("country", study.country)
            put("period", study.period)
        case let .claim(claim):
            put("id", claim.slug)
            put("statement", claim.statement)
            put("source", claim.sourceSlug)
            put("study", claim.studySlug)
            put("quote", claim.quote)
            put("locator", claim.locator)
            put("note", claim.note)
            if let quantity = claim.quantity {
                put("metric", quantity.metric)
                put("value", quantity.value.map(JSONValue.format))
                put("unit", quantity.unit)
                put("direction", quantity.direction?.rawValue)
                put("baseline", quantity.baseline)
                if let low = quantity.intervalLow, let high = quantity.intervalHigh {
                    put("interval", JSONValue.format(low) + "," + JSONValue.format(high))
                }
            }
            let replication = claim.statedReplication ?? claim.replication
            put("replication", replication == .unknown ? nil : replication.rawValue)
            put("economy-wide", claim.isEconomyWide ? "true" : nil)
            put("about", claim.about.map(\.description).joined(separator: ", "))
            for kind in EntityKind.allCases {
                put(kind.rawValue, claim.about.filter { $0.kind == kind }.map(\.slug).joined(separator: ", "))
            }
        }
        return values
    }

    /// `Family, Given; Organisation` — as the `authors` and `editors` fields take them.
    static func names(_ contributors: [Contributor], role: String) -> String {
        contributors.filter { $0.role == role }.map { person in
            if let literal = person.literal { return literal }
            let family = [person.particle, person.family].compactMap { $0 }.joined(separator: " ")
            return person.given.map { "\(family), \($0)" } ?? family
        }.joined(separator: "; ")
    }

    /// The fields whose values differ between two versions of a record, in the forms' order.
    static func changed(from before: RecordSnapshot?, to after: RecordSnapshot?) -> [String] {
        guard let kind = (after ?? before)?.kind else { return [] }
        let old = before.map(of) ?? [:]
        let new = after.map(of) ?? [:]
        return CuratedFields.names(kind).filter { old[$0] != new[$0] }
    }

    /// A change's snapshot text read back (nil when absent or unreadable).
    static func snapshot(_ text: String?, kind: String) -> RecordSnapshot? {
        guard let text, let kind = RecordKind(rawValue: kind) else { return nil }
        return try? RecordSnapshot(kind: kind, text: text)
    }

    /// The fields a change touched, under the users' names: computed from its two snapshots
    /// when it has both; a change that adds or removes a whole record keeps `*`, and a change
    /// without snapshots (a link) keeps the log's names.
    static func fields(of change: Change) -> [String] {
        guard !change.fields.contains("*"),
              let before = snapshot(change.before, kind: change.recordKind), let after = snapshot(change.after, kind: change.recordKind)
        else { return change.fields }
        let names = changed(from: before, to: after)
        return names.isEmpty ? change.fields : names
    }
}
