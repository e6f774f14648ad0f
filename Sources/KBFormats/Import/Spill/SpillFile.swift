import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A temporary file that is gone as soon as it is made (unlinked at once, so nothing is left
/// behind however the process ends), written and read by offset: where a streamed import keeps
/// matching state that would otherwise grow with the file (``DigestRuns``). Its pages live in
/// the system's page cache, not in the process, and a file closed before the system wrote it out
/// never reaches the disk.
///
/// In `TMPDIR` (else `/tmp`); `KB_IMPORT_SPILL_DIR` overrides it, for measuring.
final class SpillFile {
    typealias Failure = ImportScratchError

    private let descriptor: Int32
    /// Bytes written so far (appends go here).
    private(set) var size = 0

    init() throws {
        let environment = ProcessInfo.processInfo.environment
        let folder = [environment["KB_IMPORT_SPILL_DIR"], environment["TMPDIR"]].lazy.compactMap { $0 }.first { !$0.isEmpty } ?? "/tmp"
        var template = Array((folder + "/kb-import-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { name in name.baseAddress.map { mkstemp($0) } ?? -1 }
        guard made >= 0 else {
            throw Failure(description: "could not make a temporary file in \(folder) for the import's matching state: \(String(cString: strerror(errno)))")
        }
        descriptor = made
        _ = template.withUnsafeBufferPointer { name in name.baseAddress.map { unlink($0) } }
    }

    deinit {
        close(descriptor)
    }

    /// Appends `bytes`; returns the offset they start at.
    @discardableResult
    func append(_ bytes: UnsafeRawBufferPointer) throws -> Int {
        let start = size
        try write(bytes, at: start)
        return start
    }

    /// Writes `bytes` at `offset` (over what is there, or at the end).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        guard let base = bytes.baseAddress else { return }
        try transfer(bytes.count, at: offset, "write the import's matching state to a temporary file") { done in
            pwrite(descriptor, base + done, bytes.count - done, off_t(offset + done))
        }
        size = max(size, offset + bytes.count)
    }

    /// Reads `buffer.count` bytes at `offset` into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        guard let base = buffer.baseAddress else { return }
        try transfer(buffer.count, at: offset, "read the import's matching state back from its temporary file") { done in
            pread(descriptor, base + done, buffer.count - done, off_t(offset + done))
        }
    }

    /// Calls `step` (a `pread` or `pwrite` of the bytes from `done` on) until `count` bytes are
    /// done, again when a signal interrupted it.
    private func transfer(_ count: Int, at offset: Int, _ what: String, _ step: (Int) -> Int) throws {
        var done = 0
        while done < count {
            let moved = step(done)
            if moved < 0, errno == EINTR { continue }
            guard moved > 0 else {
                throw Failure(description: "could not \(what): \(moved < 0 ? String(cString: strerror(errno)) : "it ended early")")
            }
            done += moved
        }
    }
}

/// The import's temporary files (``SpillFile``) could not be made, written or read: no such
/// folder, no space left. Reported as a database error (exit 4): the import wrote nothing.
public struct ImportScratchError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
