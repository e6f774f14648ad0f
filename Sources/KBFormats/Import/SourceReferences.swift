import KBDomain

/// Per file of a streamed import: the final slug of each source reference its batches brought
/// (a mapping's `name:key`), for the studies and claims that name it and a late row of its work.
/// The current batch's as text; the batches' before by the reference's digest and the work's
/// position in the reconciler (``DigestRuns``, on disk once large), its slug read from there
/// when a later batch names it: a dictionary of every reference and slug of the file was about
/// 17 bytes of memory per claim (issue 18).
struct SourceReferences {
    private var recent: [String: (slug: String, position: Int)] = [:]
    private var earlier: DigestRuns?
    private let spillFrom: Int

    init(spillFrom: Int = DigestRuns.defaultSpillFrom) {
        self.spillFrom = spillFrom
    }

    mutating func set(_ reference: String, slug: String, position: Int) {
        recent[reference] = (slug, position)
    }

    func slug(_ reference: String, in reconciler: SourceReconciler) throws -> String? {
        if let found = recent[reference] { return found.slug }
        guard let position = try earlier?.newest(Fingerprint(reference))?.number else { return nil }
        return try reconciler.slug(at: position)
    }

    /// The slugs of the references `part`'s studies and claims name (``ImportWriter/resolve(_:slugs:)``).
    func slugs(for part: Dataset, in reconciler: SourceReconciler) throws -> [String: String] {
        var slugs = recent.mapValues(\.slug)
        guard earlier != nil else { return slugs }
        var named = Set(part.studies.map(\.sourceSlug))
        for claim in part.claims {
            if let reference = claim.sourceSlug { named.insert(reference) }
            for link in claim.replications { named.insert(link.sourceSlug) }
        }
        for reference in named where slugs[reference] == nil {
            if let slug = try slug(reference, in: reconciler) { slugs[reference] = slug }
        }
        return slugs
    }

    /// Hands the current batch's references to the runs (the next batch's are new).
    mutating func spill() throws {
        guard !recent.isEmpty else { return }
        try DigestRuns.add(recent.map { DigestRuns.Entry(key: Fingerprint($0.key), value: Fingerprint(number: $0.value.position)) }, to: &earlier, .newest, spillFrom: spillFrom)
        recent = [:]
    }
}
