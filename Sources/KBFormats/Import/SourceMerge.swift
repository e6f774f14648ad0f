import KBDomain
import KBStore
import KBQuery

/// Merges what a second sighting of a work says into what is known: blanks are filled, known
/// values are never overwritten, and values that disagree are reported.
enum SourceMerge {
    /// Fills `known` from `incoming`; returns the fields that disagree, as
    /// "field: 'known' vs 'incoming'".
    static func merge(_ incoming: Source, into known: inout Source) -> [String] {
        var conflicts: [String] = []
        func fill(_ name: String, _ path: WritableKeyPath<Source, String?>, folded: Bool = false) {
            guard let new = incoming[keyPath: path]?.trimmed, !new.isEmpty else { return }
            guard let old = known[keyPath: path], !old.isEmpty else {
                known[keyPath: path] = new
                return
            }
            let same = folded ? TitleKey.make(old) == TitleKey.make(new) : old == new
            if !same { conflicts.append("\(name): '\(old)' vs '\(new)'") }
        }
        if known.type != incoming.type, incoming.type != "document" {
            if known.type == "document" { known.type = incoming.type } else { conflicts.append("type: '\(known.type)' vs '\(incoming.type)'") }
        }
        fill("title", \.title, folded: true)
        fill("container-title", \.containerTitle, folded: true)
        fill("publisher", \.publisher, folded: true)
        fill("publisher-place", \.publisherPlace, folded: true)
        fill("volume", \.volume)
        fill("issue", \.issue)
        fill("page", \.page)
        fill("doi", \.doi)
        fill("url", \.url)
        fill("accessed", \.accessed)
        fill("note", \.note)
        switch (known.issued, incoming.issued) {
        case (nil, let new?):
            known.issued = new
        case let (old?, new?) where old.year == new.year:
            if old.month == nil, let month = new.month { known.issued?.month = month; known.issued?.day = new.day }
            else if old.month == new.month, old.day == nil, let day = new.day { known.issued?.day = day }
        case let (old?, new?):
            conflicts.append("year: \(old.year) vs \(new.year)")
        default:
            break
        }
        if known.isPeerReviewed == nil { known.isPeerReviewed = incoming.isPeerReviewed }
        var extra = SourceExtra.decode(known.extra)
        var incomingExtra = SourceExtra.decode(incoming.extra)
        let knownIncomplete = extra[SourceExtra.authorsIncomplete] as? Bool == true
        let incomingIncomplete = incomingExtra.removeValue(forKey: SourceExtra.authorsIncomplete) as? Bool == true
        if known.contributors.isEmpty {
            known.contributors = incoming.contributors
            // "Incomplete" describes the list it came with, and only that one.
            if incomingIncomplete, !incoming.authors.isEmpty { extra[SourceExtra.authorsIncomplete] = true }
        } else if Self.extends(incoming.authors, known.authors, knownIncomplete: knownIncomplete) {
            // A fuller list of the same authors (e.g. Crossref's after a register's "Correll et al."): take it.
            known.contributors = incoming.contributors
            if incomingIncomplete { extra[SourceExtra.authorsIncomplete] = true } else { extra[SourceExtra.authorsIncomplete] = nil }
        } else if incomingIncomplete, Self.labelFits(incoming.authors, known.authors, knownIncomplete: knownIncomplete) {
            // An "et al." label of a list already known in full (the register's "Baert et al."
            // after Crossref's three authors), or the same label again: the list stays as it is.
        } else if !incoming.contributors.isEmpty, !incoming.authors.isEmpty,
                  incomingIncomplete || known.authors.map(\.nameKey) != incoming.authors.map(\.nameKey) {
            // Includes a label saying "et al." of a list known to be shorter: one of them is wrong.
            conflicts.append("authors: \(known.authors.map(\.displayName).joined(separator: "; ")) vs "
                             + incoming.authors.map(\.displayName).joined(separator: "; ") + (incomingIncomplete ? " et al." : ""))
        }
        for notice in incoming.notices where !known.notices.contains(notice) {
            known.notices.append(notice)
        }
        for (key, value) in incomingExtra where extra[key] == nil {
            extra[key] = value
        }
        known.extra = SourceExtra.encode(extra)
        return conflicts
    }

    /// Whether an "et al." label naming `label` says nothing against the `known` list: it
    /// starts with the label's names and, unless it is itself a partial list, has the more
    /// names "et al." implies (at least one more, three in all). A complete one-author list
    /// under "Baert et al." is a contradiction, not a match.
    static func labelFits(_ label: [Contributor], _ known: [Contributor], knownIncomplete: Bool) -> Bool {
        guard known.count >= label.count, zip(known, label).allSatisfy({ $0.nameKey == $1.nameKey }) else { return false }
        return knownIncomplete || known.count >= max(3, label.count + 1)
    }

    /// Whether `longer` names the same first authors as `shorter` (by family name) and more, or
    /// gives names where `shorter` had family names only: a fuller list of the same people.
    static func extends(_ longer: [Contributor], _ shorter: [Contributor], knownIncomplete: Bool) -> Bool {
        guard !shorter.isEmpty, longer.count >= shorter.count, longer.map(\.nameKey) != shorter.map(\.nameKey) || shorter.contains(where: { $0.given == nil }) else { return false }
        guard zip(longer, shorter).allSatisfy({ $0.nameKey == $1.nameKey }) else { return false }
        // Family names only, then given names: fuller. Family names only again, split another
        // way (RIS has no particle: "van der Smith-Jones,"), is no fuller and is not taken.
        let givesNames = shorter.allSatisfy { $0.given == nil && $0.literal == nil } && longer.contains { $0.given != nil || $0.literal != nil }
        return knownIncomplete || longer.count > shorter.count || givesNames
    }
}
