import KBDomain

/// The reconciler's works by position, with their identity keys: those of the batches not yet
/// handed over in memory (``SourceSlots``), those handed over, written and let go of in a
/// ``WorkLedger`` on disk (``settle(below:)``), so that what the reconciler keeps per work of a
/// streamed import does not grow with the file (issue 18). A settled work a later record merges
/// with is brought back whole (``setWhole(_:at:)``) until it is let go of again.
struct WorkSlots {
    private var ledger: WorkLedger?
    /// Positions below this are in the ledger.
    private(set) var settled = 0
    /// Positions `settled` on.
    private var tail = SourceSlots()
    private var tailIdentities: [IdentityKeys] = []
    /// Settled positions brought back whole (merged again, or never let go of), with their keys.
    private var lifted: [Int: (source: Source, identity: IdentityKeys)] = [:]

    var count: Int { settled + tail.count }

    /// The record at `position`; for one let go of, a `Source` holding only its stub's fields.
    func source(at position: Int) throws -> Source {
        if position >= settled { return tail[position - settled] }
        if let whole = lifted[position] { return whole.source }
        return Self.source(try stub(at: position))
    }

    func slug(at position: Int) throws -> String {
        if position >= settled { return tail.slug(at: position - settled) }
        if let whole = lifted[position] { return whole.source.slug }
        return try stub(at: position).slug
    }

    /// Whether only the stub of the record at `position` is kept.
    func isReleased(_ position: Int) -> Bool {
        position >= settled ? tail.isReleased(position - settled) : lifted[position] == nil
    }

    func identity(at position: Int) throws -> IdentityKeys {
        if position >= settled { return tailIdentities[position - settled] }
        if let whole = lifted[position] { return whole.identity }
        guard let ledger else { throw SpillFile.Failure(description: "work \(position) of the import was not kept") }
        return try ledger.identity(at: position)
    }

    mutating func append(_ source: Source, identity: IdentityKeys) {
        tail.append(source)
        tailIdentities.append(identity)
    }

    /// The whole record at `position` again (merged with a later record).
    mutating func setWhole(_ source: Source, at position: Int) throws {
        if position >= settled {
            tail[position - settled] = source
        } else {
            lifted[position] = (source, try lifted[position]?.identity ?? identity(at: position))
        }
    }

    mutating func setIdentity(_ identity: IdentityKeys, at position: Int) {
        if position >= settled {
            tailIdentities[position - settled] = identity
        } else {
            lifted[position]?.identity = identity
        }
    }

    /// Keeps only the stub of the record at `position`.
    mutating func release(_ position: Int) throws {
        if position >= settled {
            tail.release(position - settled)
        } else if let whole = lifted.removeValue(forKey: position) {
            try ledger?.replace(Self.stub(whole.source), identity: whole.identity, at: position)
        }
    }

    /// The records from `start` on, in order (a settled one as ``source(at:)`` gives it).
    func records(from start: Int) throws -> [Source] {
        guard start < settled else { return tail.records(from: start - settled) }
        return try (start..<settled).map { try source(at: $0) } + tail.records(from: 0)
    }

    /// Moves the works below `position` to the ledger: a record still whole (kept whole by
    /// ``SourceReconciler/release(_:)``) stays in memory beside its stub.
    mutating func settle(below position: Int) throws {
        guard position > settled else { return }
        let ledger = try self.ledger ?? WorkLedger()
        self.ledger = ledger
        let moving = position - settled
        for offset in 0..<moving {
            try ledger.append(tail.stub(at: offset), identity: tailIdentities[offset])
            if !tail.isReleased(offset) { lifted[settled + offset] = (tail[offset], tailIdentities[offset]) }
        }
        tail.dropFirst(moving)
        tailIdentities.removeFirst(moving)
        settled = position
    }

    private func stub(at position: Int) throws -> SourceSlots.Stub {
        guard let ledger else { throw SpillFile.Failure(description: "work \(position) of the import was not kept") }
        return try ledger.stub(at: position)
    }

    private static func stub(_ source: Source) -> SourceSlots.Stub {
        SourceSlots.Stub(slug: source.slug, type: source.type, id: source.id, origin: source.origin)
    }

    private static func source(_ stub: SourceSlots.Stub) -> Source {
        var source = Source(slug: stub.slug, type: stub.type, origin: stub.origin)
        source.id = stub.id
        return source
    }
}

/// Positions by key (``PositionIndex``) for the reconciler's DOI, slug, title, URL and key
/// indexes: the current batch's in memory, the batches' before in sorted runs (``DigestRuns``,
/// on disk once large) from ``spill()`` on. A key gives its positions in the order first listed,
/// each once.
struct SpilledPositions {
    private var recent = PositionIndex<Fingerprint>()
    private var added: [DigestRuns.Entry] = []
    private var runs: DigestRuns?

    func positions(_ key: Fingerprint) throws -> [Int] {
        let earlier = try runs?.all(key).map(\.number) ?? []
        let now = recent[key]
        guard !earlier.isEmpty else { return now }
        var seen = Set<Int>()
        return (earlier + now).filter { seen.insert($0).inserted }
    }

    func first(_ key: Fingerprint) throws -> Int? {
        try positions(key).first
    }

    mutating func insert(_ position: Int, for key: Fingerprint) {
        if !recent[key].contains(position) { added.append(DigestRuns.Entry(key: key, value: Fingerprint(number: position))) }
        recent.insert(position, for: key)
    }

    /// Hands the positions listed since the last call to the runs (on disk from `spillFrom` entries).
    mutating func spill(spillFrom: Int) throws {
        guard !added.isEmpty else { return }
        try DigestRuns.add(added, to: &runs, .all, spillFrom: spillFrom)
        added.removeAll(keepingCapacity: true)
        recent = PositionIndex()
    }
}

/// A flag per position (made new by this import, merged into, a late row's target), as bits.
struct PositionFlags {
    private var words: [UInt64] = []

    func contains(_ position: Int) -> Bool {
        position >> 6 < words.count && words[position >> 6] & (1 << UInt64(position & 63)) != 0
    }

    mutating func insert(_ position: Int) {
        while words.count <= position >> 6 { words.append(0) }
        words[position >> 6] |= 1 << UInt64(position & 63)
    }
}
