import Foundation
import KBDomain
import Synchronization

/// The bytes of an input's text: held in memory (a file read whole, a window of one, a decoded
/// text), or a large bibliography mapped read-only from its file (``mapping(path:name:dropDistance:)``), so
/// that its import never holds the file (issue 18: a million BibTeX entries held 291 MB of file
/// besides the import's own memory).
///
/// A mapped file's pages are let go as the bytes are read (``passing(_:)``): whenever a
/// reading has moved ``dropDistance`` bytes from where they were last let go, every page of the
/// mapping is given back (`MADV_DONTNEED`), and the next byte read is read again from the page
/// cache. The readers read a file a few times over, each time from start to end (checking it,
/// finding its records, then reading each part), so the process holds at most about 16–32 MB
/// of it at a time, whatever its size (on Linux; elsewhere `MADV_DONTNEED` is only advice).
/// The pages are mapped read-only and never written, so letting them go loses nothing.
struct InputBytes: RandomAccessCollection, @unchecked Sendable {
    private let storage: Storage
    private let base: UnsafeBufferPointer<UInt8>
    /// Whether the bytes are a mapped file, whose pages are let go as it is read.
    let isMapped: Bool

    /// Bytes of reading after which a mapped file's pages are let go.
    static let dropDistance = 16 << 20

    /// How many times a mapped file's pages were let go (a test's view of ``passing(_:)``).
    var drops: Int { storage.drops }

    var startIndex: Int { 0 }
    var endIndex: Int { base.count }
    var count: Int { base.count }

    /// A copy of `bytes`.
    init<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        let count = bytes.count
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(count, 1))
        _ = buffer.initialize(fromContentsOf: bytes)
        storage = Storage(start: UnsafeMutableRawPointer(buffer.baseAddress), length: count, mapped: false)
        base = UnsafeBufferPointer(start: buffer.baseAddress, count: count)
        isMapped = false
    }

    /// `count` bytes written by `fill` (a window read from a file), without a copy.
    init(count: Int, fill: (UnsafeMutableBufferPointer<UInt8>) throws -> Void) rethrows {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(count, 1))
        buffer.initialize(repeating: 0)
        let storage = Storage(start: UnsafeMutableRawPointer(buffer.baseAddress), length: count, mapped: false)
        try fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
        self.storage = storage
        base = UnsafeBufferPointer(start: buffer.baseAddress, count: count)
        isMapped = false
    }

    private init(storage: Storage, base: UnsafeBufferPointer<UInt8>) {
        self.storage = storage
        self.base = base
        isMapped = true
    }

    /// The regular file at `path` mapped read-only, its UTF-8 byte-order mark (if any) left out
    /// as ``TextEncoding/decode(_:file:)`` leaves it out; nil for an empty file, or one that cannot
    /// be mapped (it is then read into memory).
    static func mapping(path: String, name: String, dropDistance: Int = InputBytes.dropDistance) throws -> InputBytes? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw KBError.invalidInput("cannot read \(name): not a regular file")
        }
        let length = Int(status.st_size)
        guard length > 0 else { return nil }
        // A file that cannot be mapped (a file system without mmap) is read into memory instead.
        guard let start = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), start != MAP_FAILED else { return nil }
        let storage = Storage(start: start, length: length, mapped: true, dropDistance: Swift.max(1, dropDistance))
        let all = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: length)
        let origin = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return InputBytes(storage: storage, base: UnsafeBufferPointer(rebasing: all[origin...]))
    }

    @inline(__always)
    subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < base.count, "byte offset out of range")
        if isMapped { storage.passing(position) }
        return base[position]
    }

    /// Notes that a reading is at `position`: a mapped file's pages are let go when it has moved
    /// far enough since they last were. Reading through the subscript notes it on every byte;
    /// a loop over ``withUnsafeBufferPointer(_:)`` notes it itself.
    func passing(_ position: Int) {
        if isMapped { storage.passing(position) }
    }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withExtendedLifetime(storage) { try body(base) }
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(base) }
    }

    /// The bytes in `range`, copied into an array.
    func array(_ range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= base.count, "byte range out of range")
        passing(range.lowerBound)
        return withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Owns the memory: frees a copy, unmaps a file.
    private final class Storage: @unchecked Sendable {
        let start: UnsafeMutableRawPointer?
        let length: Int
        let mapped: Bool
        let dropDistance: Int
        /// Where a reading was when the pages were last let go.
        private let mark = Atomic<Int>(0)
        private let dropCount = Atomic<Int>(0)

        init(start: UnsafeMutableRawPointer?, length: Int, mapped: Bool, dropDistance: Int = .max) {
            self.start = start
            self.length = length
            self.mapped = mapped
            self.dropDistance = dropDistance
        }

        var drops: Int { dropCount.load(ordering: .relaxed) }

        @inline(__always)
        func passing(_ position: Int) {
            let mark = mark.load(ordering: .relaxed)
            if position &- mark > dropDistance || mark &- position > dropDistance { drop(at: position) }
        }

        /// Gives every page of the mapping back; the next read of one maps it again from the page cache.
        func drop(at position: Int) {
            mark.store(position, ordering: .relaxed)
            dropCount.add(1, ordering: .relaxed)
            if let start, length > 0 { _ = madvise(start, length, Int32(MADV_DONTNEED)) }
        }

        deinit {
            if mapped {
                if let start { munmap(start, length) }
            } else {
                start?.deallocate()
            }
        }
    }
}
