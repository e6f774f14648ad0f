import KBDomain

/// CSL-JSON items valid against the official schema: only CSL variables (kb's own `kb-` keys are
/// never written), names as family/given/particles or literal, dates as date-parts. An incomplete
/// author list is marked in `custom` (``ExportFields/cslCustomIncomplete``).
enum CSLJSONWriter {
    static func item(_ source: Source) -> JSONValue {
        var fields: [String: JSONValue] = ["id": .string(source.slug), "type": .string(source.type),
                                           "title": .string(RichText.cslJSON(ExportFields.title(source)))]
        for (variable, role) in CSLVariables.nameVariables {
            let people = source.contributors.filter { $0.role == role }
            if !people.isEmpty { fields[variable] = .array(people.map(name)) }
        }
        func add(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { fields[key] = .string(value) }
        }
        add("container-title", source.containerTitle)
        add("publisher", source.publisher)
        add("publisher-place", source.publisherPlace)
        add("volume", source.volume)
        add("issue", source.issue)
        add("page", source.page)
        add("DOI", source.doi)
        add("URL", source.url)
        add("note", source.note)
        if ExportFields.authorsIncomplete(source), !source.authors.isEmpty {
            fields["custom"] = .object([ExportFields.cslCustomIncomplete: .bool(true)])
        }
        if let issued = source.issued { fields["issued"] = date(issued) }
        if let accessed = source.accessed.flatMap(PartialDate.init(parsing:)) { fields["accessed"] = date(accessed) }
        for (key, value) in ExportFields.cslExtra(source) where CSLVariables.knownVariables.contains(key) {
            switch value {
            case let text as String: fields[key] = .string(text)
            case let number as Int: fields[key] = .string(String(number))
            default: continue
            }
        }
        return .object(fields)
    }

    static func name(_ person: Contributor) -> JSONValue {
        guard let family = person.family else { return .object(["literal": .string(person.literal ?? "")]) }
        var fields: [String: JSONValue] = ["family": .string(family)]
        if let given = person.given { fields["given"] = .string(given) }
        if let particle = person.particle { fields["non-dropping-particle"] = .string(particle) }
        if let particle = person.droppingParticle { fields["dropping-particle"] = .string(particle) }
        if let suffix = person.suffix { fields["suffix"] = .string(suffix) }
        return .object(fields)
    }

    static func date(_ date: PartialDate) -> JSONValue {
        let parts = [date.year, date.month, date.day].compactMap { $0 }.map { JSONValue.number(Double($0)) }
        return .object(["date-parts": .array([.array(parts)])])
    }
}
