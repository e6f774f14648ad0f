import KBDomain
import KBStore

/// Each claim's jurisdictions as `jurisdiction=X` finds them (DESIGN §3), joined in memory: the
/// jurisdictions it is about, those of the boundaries it is about (`in-jurisdiction`), and those
/// its study's country is a name of (an alias key or the slug of the jurisdiction or of one of
/// its boundaries).
///
/// As SQL each claim was tested against each jurisdiction by correlated sub-queries (19.8 s of
/// CPU for `group by jurisdiction` at 200k claims); here the few jurisdictions are resolved once,
/// through the same store look-ups the filter uses (``QueryStore/withBoundaries(inJurisdictions:)``,
/// ``QueryStore/aliasKeys(of:)``), so a group counts exactly what its filter finds, and each claim
/// costs a look-up of its links (``ClaimLinks``) and of its country's folded name.
struct JurisdictionResolver {
    /// The kinds of node whose links can place a claim in a jurisdiction.
    static let linkKinds: [EntityKind] = [EdgeKind.inJurisdiction.endpoints.to, EdgeKind.inJurisdiction.endpoints.from]

    /// Per node (a jurisdiction, or a boundary in one), the jurisdictions it places a claim in.
    private(set) var byNode: [Int64: [Int64]] = [:]
    /// Per folded name, the jurisdictions a study country of that name is in.
    private(set) var byKey: [String: [Int64]] = [:]
    /// Countries as stored, folded once each (a million claims share a few hundred).
    private var folded: [String: [Int64]] = [:]

    init(store: any QueryStore) throws {
        for jurisdiction in try store.nodes(of: .jurisdiction) {
            let nodes = try store.withBoundaries(inJurisdictions: [jurisdiction.id])
            for node in nodes { byNode[node, default: []].append(jurisdiction.id) }
            for key in try store.aliasKeys(of: nodes) { byKey[key, default: []].append(jurisdiction.id) }
        }
    }

    /// A resolver with the given places (tests).
    init(byNode: [Int64: [Int64]], byKey: [String: [Int64]]) {
        self.byNode = byNode
        self.byKey = byKey
    }

    /// The jurisdictions of claim `id`, about the nodes `links` give it (of ``linkKinds``), whose
    /// study's country is `country` (as stored): sorted, each once. The common claim, in one
    /// jurisdiction by one link or by its country, gets the stored list itself (no copy).
    mutating func jurisdictions(of id: Int64, links: [ClaimLinks], country: String?) -> ArraySlice<Int64> {
        var first: [Int64]?
        var found: [Int64] = []
        func add(_ places: [Int64]) {
            guard !places.isEmpty else { return }
            guard let only = first else { return first = places }
            if found.isEmpty { found = only }
            found += places
        }
        for kind in links {
            for node in kind.nodes(of: id) { if let places = byNode[node] { add(places) } }
        }
        if let country { add(jurisdictions(country: country)) }
        guard !found.isEmpty else { return (first ?? [])[...] }
        found.sort()
        var unique = [found[0]]
        for id in found.dropFirst() where id != unique[unique.count - 1] { unique.append(id) }
        return unique[...]
    }

    private mutating func jurisdictions(country: String) -> [Int64] {
        if let known = folded[country] { return known }
        let places = byKey[Slug.fold(country)] ?? []
        folded[country] = places
        return places
    }
}
