import KBDomain

/// What the reconciler keeps of each work an earlier batch of a streamed import brought, once
/// written and let go of (``WorkSlots``): the stub that names it (slug, type, id, origin) and
/// its identity keys, by position, in two temporary files (``SpillFile``) — a fixed record per
/// position, and the stubs' text — not in memory (issue 18: at ten million claims the stubs,
/// identities and their arrays were about 600 MB).
final class WorkLedger: @unchecked Sendable {
    /// Words per position: four digests of two words, the year, the stub's offset and length.
    private static let recordWords = 11
    private static let noYear = UInt64(bitPattern: Int64.min)
    private let records: SpillFile
    private let stubs: SpillFile
    private(set) var count = 0

    init() throws {
        records = try SpillFile()
        stubs = try SpillFile()
    }

    /// Adds the work at position `count`.
    func append(_ stub: SourceSlots.Stub, identity: IdentityKeys) throws {
        try write(stub, identity: identity, at: count)
        count += 1
    }

    /// Replaces what is kept of the work at `position` (below `count`).
    func replace(_ stub: SourceSlots.Stub, identity: IdentityKeys, at position: Int) throws {
        try write(stub, identity: identity, at: position)
    }

    private func write(_ stub: SourceSlots.Stub, identity: IdentityKeys, at position: Int) throws {
        // slug \0 type \0 id \0 origin file \0 origin line
        let text = [stub.slug, stub.type, stub.id.map(String.init) ?? "", stub.origin?.file ?? "\u{1}", stub.origin.map { String($0.line) } ?? ""].joined(separator: "\u{0}")
        let bytes = Array(text.utf8)
        let offset = try bytes.withUnsafeBytes { try stubs.append($0) }
        var words: [UInt64] = []
        words.reserveCapacity(Self.recordWords)
        let digests = identity.digests
        for digest in [digests.doi, digests.url, digests.title, digests.firstAuthor] {
            words.append(digest.words.0)
            words.append(digest.words.1)
        }
        words.append(identity.year.map { UInt64(bitPattern: Int64($0)) } ?? Self.noYear)
        words.append(UInt64(offset))
        words.append(UInt64(bytes.count))
        try words.withUnsafeBytes { try records.write($0, at: position * Self.recordWords * 8) }
    }

    private func record(at position: Int) throws -> [UInt64] {
        var words = [UInt64](repeating: 0, count: Self.recordWords)
        try words.withUnsafeMutableBytes { try records.read(into: $0, at: position * Self.recordWords * 8) }
        return words
    }

    func identity(at position: Int) throws -> IdentityKeys {
        let words = try record(at: position)
        func digest(_ index: Int) -> Fingerprint { Fingerprint(words: (words[2 * index], words[2 * index + 1])) }
        return IdentityKeys(digests: (digest(0), digest(1), digest(2), digest(3)), year: words[8] == Self.noYear ? nil : Int(Int64(bitPattern: words[8])))
    }

    func stub(at position: Int) throws -> SourceSlots.Stub {
        let words = try record(at: position)
        var bytes = [UInt8](repeating: 0, count: Int(words[10]))
        try bytes.withUnsafeMutableBytes { try stubs.read(into: $0, at: Int(words[9])) }
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 5 else { throw SpillFile.Failure(description: "the import's temporary file holds a damaged record") }
        let origin = parts[3] == "\u{1}" ? nil : Origin(file: parts[3], line: Int(parts[4]) ?? 0)
        return SourceSlots.Stub(slug: parts[0], type: parts[1], id: Int64(parts[2]), origin: origin)
    }
}
