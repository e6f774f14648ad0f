/// The claim ids earlier batches of a streamed CSV import made, each as its 128-bit
/// ``Fingerprint`` with the line it was made on: what a streamed import keeps per claim to refuse
/// a claim id made twice, with the first line, as a whole import does (issue 18).
///
/// Kept in sorted runs, one per batch, merged as a binary counter carries, the long ones on disk
/// (``DigestRuns``): about 1.3 bytes of memory per claim (the runs' Bloom filters and sparse
/// indexes), where a dictionary of the ids was 50 MB per million claims and sorted runs in memory
/// 20 bytes per claim.
struct ClaimDigests {
    private var runs: DigestRuns?
    private let spillFrom: Int

    init(spillFrom: Int = DigestRuns.defaultSpillFrom) {
        self.spillFrom = spillFrom
    }

    /// How many claim ids are kept.
    var count: Int { runs?.count ?? 0 }

    /// Adds one batch's claim ids with their lines.
    mutating func add(_ claimLines: [String: Int]) throws {
        guard !claimLines.isEmpty else { return }
        try DigestRuns.add(claimLines.map { DigestRuns.Entry(key: Fingerprint($0.key), value: Fingerprint(number: $0.value)) }, to: &runs, .newest,
                           spillFrom: spillFrom)
    }

    /// The line an earlier batch made `slug` on.
    func line(of slug: String) throws -> Int? {
        try runs?.newest(Fingerprint(slug)).map(\.number)
    }
}
