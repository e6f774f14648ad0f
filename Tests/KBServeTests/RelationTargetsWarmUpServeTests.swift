import Foundation
import Testing
@testable import KBServe

/// Review 16 m3: the warm-up reads the log outside the lock, and a claim page asking while it
/// runs is answered at once with what has been read, instead of waiting for the whole log.
struct RelationTargetsWarmUpServeTests {
    /// A log of three relation changes: two links to x, one to y.
    static let log: [(id: Int64, recordId: String)] = [(1, "a supports x"), (2, "b contradicts x"), (3, "c supports y")]

    static func read(_ after: Int64, _ through: Int64) -> (ids: [(id: Int64, recordId: String)], last: Int64) {
        (log.filter { $0.id > after && $0.id <= through }, 3)
    }

    /// What a thread answered, handed to the test's.
    final class Answer: @unchecked Sendable {
        private let lock = NSLock()
        private var value: [String]?
        var ids: [String]? {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }

    @Test func aClaimPageDoesNotWaitForTheWarmUp() throws {
        let targets = RelationTargets(range: 1)
        let (reached, release, finished) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let warmUp = Answer()
        // The warm-up: stalls (a slow log) after its first range, until released.
        DispatchQueue.global().async {
            warmUp.ids = try? targets.ids(to: "x") { after, through in
                if after == 1 {
                    reached.signal()
                    release.wait()
                }
                return Self.read(after, through)
            }
            finished.signal()
        }
        #expect(reached.wait(timeout: .now() + 10) == .success)
        // Answered at once, without reading, with the first range's link (the lock is not held).
        let reads = Answer()
        reads.ids = []
        let partial = try targets.ids(to: "x") { after, through in
            reads.ids = (reads.ids ?? []) + ["\(after)"]
            return Self.read(after, through)
        }
        #expect(partial == ["a supports x"])
        #expect(reads.ids == [])
        release.signal()
        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(warmUp.ids == ["a supports x", "b contradicts x"])
        // Warm: a later call reads only what was logged since (after change 3).
        let later = try targets.ids(to: "y") { after, through in
            reads.ids = (reads.ids ?? []) + ["\(after)"]
            return Self.read(after, through)
        }
        #expect(later == ["c supports y"])
        #expect(reads.ids == ["3"])
    }

    /// A warm-up stopped by the time limit leaves what it merged, and the next caller goes on from there.
    @Test func aStoppedWarmUpIsTakenUpByTheNextCaller() throws {
        struct Stopped: Error {}
        let targets = RelationTargets(range: 1)
        #expect(throws: Stopped.self) {
            try targets.ids(to: "x") { after, through in
                if after == 1 { throw Stopped() }
                return Self.read(after, through)
            }
        }
        let reads = Answer()
        reads.ids = []
        let ids = try targets.ids(to: "x") { after, through in
            reads.ids = (reads.ids ?? []) + ["\(after)"]
            return Self.read(after, through)
        }
        #expect(ids == ["a supports x", "b contradicts x"])
        #expect(reads.ids == ["1", "2"])
    }

    /// Review 17 M2: a warm reader that read the log before another reader merged a longer
    /// read sees an older end of the same log; that is not another knowledge base, so nothing
    /// is thrown away and the log is not read again from its start.
    @Test func aReaderBehindAnotherDoesNotResetTheCache() throws {
        let targets = RelationTargets(range: 100)
        let grown: [(id: Int64, recordId: String)] = Self.log + [(4, "d supports z"), (5, "e supports w")]
        _ = try targets.ids(to: "x") { after, through in Self.read(after, through) }
        var aReads: [Int64] = []
        let behind = try targets.ids(to: "z") { after, through in
            aReads.append(after)
            // Before this (slow) reader merges what it saw up to change 4, another reads to 5.
            if aReads.count == 1 {
                _ = try targets.ids(to: "w") { after, through in (grown.filter { $0.id > after && $0.id <= through }, 5) }
            }
            return (grown.filter { $0.id > after && $0.id <= min(through, 4) }, 4)
        }
        #expect(behind == ["d supports z"])
        #expect(aReads == [3], "the slow reader read again: \(aReads)")
        // Nothing was lost: the other reader's link is still known without reading the log.
        let w = try targets.ids(to: "w") { _, _ in ([], 5) }
        #expect(w == ["e supports w"])
    }
}
