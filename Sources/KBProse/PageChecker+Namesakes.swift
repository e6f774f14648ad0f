import Foundation
import KBDomain
import KBStore

/// Works of the same authors and year (trial 10, B3): the register holds drydakis2017 and
/// drydakis2017b, both by Drydakis alone and untitled, so "Drydakis et al. (2017)" fits both
/// equally. The KB's first stored work is then no more the page's than the other: an
/// unsuffixed citation holds its numbers to every such work (a number one of them states is
/// credited to it; one that none states is unsupported, with no work named, so `--emit-claims`
/// never makes it a claim of the wrong work). A year suffix ("(2017b)") picks one of them by
/// the letters kb's APA export gives the run (``EvidenceIndex/apaYearSuffixes(_:)``).
extension PageChecker {
    /// The year suffix an author–year citation writes right after its year ("2017b" → "b").
    static func yearSuffix(_ citation: Citation) -> String? {
        guard citation.form == .authorYear, let year = citation.year else { return nil }
        let c = Array(citation.text)
        let digits = Array(String(year))
        var i = 0
        while i + digits.count < c.count {
            let before = i == 0 ? nil : c[i - 1]
            if Array(c[i..<(i + digits.count)]) == digits, !(before?.isNumber ?? false) {
                let letter = c[i + digits.count]
                let next = i + digits.count + 1 < c.count ? c[i + digits.count + 1] : nil
                if letter.isASCII, letter.isLowercase, !(next?.isWordLetter ?? false) { return String(letter) }
            }
            i += 1
        }
        return nil
    }

    /// How well a work fits a citation, as ``best(_:keys:for:)`` ranks it (nil: it does not
    /// fit): the names it matches, its author count against the form ("et al." three or more),
    /// then the volume the citation gives.
    static func rank(_ work: CitedWork, matched: Set<String>, keys: [String: String], for citation: Citation) -> (Int, Int, Int, Int)? {
        let persons = Set(citation.names.filter { !$0.contains(" " as Character) })
        // "Drydakis (2010)" is Drydakis's own work, not Drydakis & Vlassis's; "et al." three authors or more.
        let etAl = PlainText.offset(of: "et al", in: citation.text) != nil
        let names = Set(matched.compactMap { keys[$0] })
        // "Noy & Zhang": both must be authors of the work — or the first the only author the KB
        // knows of a register's label with no title ("Neumark, Burn and Button (2019)" of the row
        // known as Neumark et al. (2019): trial 20, B5), as "Saeed et al. (2019)" fits it.
        let isLabel = work.authors.count == 1 && work.title == nil
            && citation.names.first.map { folded($0) } == work.authors.first.map { folded($0) }
        let fits = persons.count >= 2 && citation.form != .reference ? names.intersection(persons).count >= 2 || isLabel : !names.isEmpty
        guard fits else { return nil }
        let form = citation.form != .reference && !persons.isEmpty && (etAl ? work.authors.count >= 3 : work.authors.count == persons.count) ? 1 : 0
        // "Silva et al. (2018)" is a work Silva wrote first before one Silva co-wrote (review of
        // the author check: the second kind is an author mismatch).
        let first = citation.form != .reference && citation.names.first.map { folded($0) } == work.authors.first.map { folded($0) } ? 1 : 0
        return (names.count, first, form, work.volume == citation.volume ? 1 : 0)
    }

    /// The KB's works a dated author–year citation fits as well as its best (several when only a
    /// year suffix would tell them apart), by id.
    func namesakes(_ citation: Citation) throws -> [CitedWork] {
        guard citation.form == .authorYear, citation.year != nil, !citation.isUndated else { return [] }
        let keys = Self.nameKeys(citation)
        guard !keys.isEmpty else { return [] }
        let ranked = try index.works(nameKeys: Array(keys.keys).sorted(), year: citation.year).compactMap { found in
            Self.rank(found.work, matched: found.matched, keys: keys, for: citation).map { (work: found.work, rank: $0) }
        }
        guard let top = ranked.map(\.rank).max(by: <) else { return [] }
        var seen = Set<Int64>()
        let tied = ranked.filter { $0.rank == top && seen.insert($0.work.id).inserted }.map(\.work).sorted { $0.id < $1.id }
        // "Vohs et al. (2013)" names Vohs's own works, not Caruso, Vohs et al.'s: a namesake
        // has the first author the citation writes first ("Kim et al. (2012)" of two works
        // Kim co-wrote keeps the KB's first, as before).
        let first = citation.names.first.map(Slug.fold)
        let leading = tied.filter { $0.authors.first.map(Slug.fold) == first }
        return leading
    }

    /// The work a KB-resolved author–year citation names among its namesakes: the one its year
    /// suffix picks, else all of them (the first as the citation's work, the others as
    /// alternatives, and the citation ambiguous).
    mutating func placeAmongNamesakes(_ place: inout Placed) throws {
        guard place.work != nil, place.alternatives.isEmpty else { return }
        let works = try namesakes(place.citation)
        guard works.count > 1, works.contains(where: { $0.id == place.work?.id }) else { return }
        if let letter = Self.yearSuffix(place.citation) {
            let letters = try index.apaYearSuffixes(works)
            if let picked = works.first(where: { letters[$0.id] == letter }) {
                place.work = picked
            } else {
                // A letter none of them takes names none of them, not the KB's first (review 18, M2).
                place.work = nil
                place.heldSuffixes = works.compactMap { letters[$0.id] }.sorted()
            }
            return
        }
        place.work = works[0]
        place.alternatives = Array(works.dropFirst())
        place.isAmbiguous = true
    }
}

extension EvidenceIndex {
    /// The year suffixes kb's APA export gives `works` as one run of the same authors and year
    /// (``APAStyle/suffixes(given:)``): a letter a work gives itself is kept, and the others
    /// take "a", "b", … in APA's order (``APASortKey``: date, then title, then slug), by id.
    func apaYearSuffixes(_ works: [CitedWork]) throws -> [Int64: String] {
        let sources = try GraphReader(db: db).sources(ids: works.map(\.id))
        let keyed = works.compactMap { work in sources[work.id].map { (id: work.id, key: APASortKey($0)) } }
            .map { ($0.id, $0.key, $0.key.bytes) }
            .sorted { APASortKey.precedes($0.2, $1.2) }
        let letters = APAStyle.suffixes(given: keyed.map(\.1.givenSuffix))
        var out: [Int64: String] = [:]
        for (entry, letter) in zip(keyed, letters) { out[entry.0] = letter }
        return out
    }
}
