import KBDomain

/// The reconciler's works, by position: each one's whole record while the reconciler may need
/// it, or — once a streamed import has written it and let it go (``SourceReconciler/releasesRecords``)
/// — only what messages and indexes name it by (slug, type, id, origin).
///
/// Why not an array of `Source` stubs: a `Source` takes about 360 bytes in an array whatever its
/// fields hold (fourteen optional strings, dates, arrays), so a million works' stubs alone were
/// a third of a gigabyte. A released slot here is a ``Stub`` of about 80 bytes, and a whole
/// record is boxed (one pointer in the array) (issue 18, BENCHMARKS.md "Fifth round").
struct SourceSlots {
    /// What a released work keeps: enough to name it and to find it again in the KB.
    struct Stub {
        var slug: String
        var type: String
        var id: Int64?
        var origin: Origin?
    }

    private enum Slot {
        indirect case whole(Source)
        case released(Stub)
    }

    private var slots: [Slot] = []

    var count: Int { slots.count }

    /// The record at `position`; for a released one, a `Source` holding only the stub's fields.
    subscript(position: Int) -> Source {
        get {
            switch slots[position] {
            case let .whole(source):
                return source
            case let .released(stub):
                var source = Source(slug: stub.slug, type: stub.type, origin: stub.origin)
                source.id = stub.id
                return source
            }
        }
        set { slots[position] = .whole(newValue) }
    }

    /// The slug at `position`, without copying the record out.
    func slug(at position: Int) -> String {
        switch slots[position] {
        case let .whole(source): return source.slug
        case let .released(stub): return stub.slug
        }
    }

    mutating func append(_ source: Source) {
        slots.append(.whole(source))
    }

    /// Keeps only the stub of the record at `position`.
    mutating func release(_ position: Int) {
        guard case let .whole(source) = slots[position] else { return }
        slots[position] = .released(Stub(slug: source.slug, type: source.type, id: source.id, origin: source.origin))
    }

    /// Lets go of the first `n` slots (``WorkSlots/settle(below:)`` keeps them elsewhere).
    mutating func dropFirst(_ n: Int) {
        slots.removeFirst(n)
    }

    /// Whether the slot at `position` holds only a stub.
    func isReleased(_ position: Int) -> Bool {
        if case .released = slots[position] { return true }
        return false
    }

    /// The stub of the record at `position` (whole or not).
    func stub(at position: Int) -> Stub {
        switch slots[position] {
        case let .whole(source): return Stub(slug: source.slug, type: source.type, id: source.id, origin: source.origin)
        case let .released(stub): return stub
        }
    }

    /// The records from `start` on, in order.
    func records(from start: Int) -> [Source] {
        (start..<slots.count).map { self[$0] }
    }
}
