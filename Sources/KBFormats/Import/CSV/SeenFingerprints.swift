/// The fingerprint of what the rows so far said about each source and study (``CSVMapper/fingerprint(_:_:)``),
/// by the digest of "source\0spec:key" or "study\0id": whether a later row says anything new.
///
/// The current batch's are a dictionary; in a streamed import each batch's are handed to sorted
/// runs (``DigestRuns``, kept on disk once large) when the batch is (``spill()``), so that what
/// the mapper keeps of a file's sources and studies does not grow with the file (issue 18: at ten
/// million claims the dictionary of every work's fingerprints was about 340 MB).
struct SeenFingerprints {
    private var recent: [Fingerprint: Fingerprint] = [:]
    private var earlier: DigestRuns?
    private let spillFrom: Int

    init(spillFrom: Int = DigestRuns.defaultSpillFrom) {
        self.spillFrom = spillFrom
    }

    /// The fingerprint last recorded under `key`.
    func value(_ key: Fingerprint) throws -> Fingerprint? {
        if let value = recent[key] { return value }
        return try earlier?.newest(key)
    }

    /// Records `value` under `key`; nil takes back a key that had no fingerprint before (a row
    /// left out, ``CSVMapper/undo(_:in:_:)``: nothing was recorded under it before that row).
    mutating func set(_ key: Fingerprint, _ value: Fingerprint?) {
        recent[key] = value
    }

    /// Whether this batch recorded `key` (the first half of a file mapped in halves is one batch).
    func recordedInBatch(_ key: Fingerprint) -> Bool {
        recent[key] != nil
    }

    /// Hands the batch's fingerprints over to the runs, for a streamed import's next batch.
    mutating func spill() throws {
        guard !recent.isEmpty else { return }
        try DigestRuns.add(recent.map { DigestRuns.Entry(key: $0.key, value: $0.value) }, to: &earlier, .newest, spillFrom: spillFrom)
        recent.removeAll(keepingCapacity: true)
    }
}
