import Foundation
import KBDomain

/// Items handed from one thread to another: at most `capacity` wait, so that the producer stays
/// at most that far ahead. Either side can stop the other: the consumer by ``cancel()`` (a
/// failed write), the producer by ``finish(_:)`` with its error. ``BatchQueue`` hands a mapper's
/// or a reader's batches to the matching side; ``MatchedBatch``es go from a matching thread to
/// the writing one (``Importer/writeMatchingAhead(_:total:names:options:progress:result:)``).
final class HandOffQueue<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var ended = false
    private var failure: Error?
    private var cancelled = false
    let capacity: Int

    init(capacity: Int = 1) {
        self.capacity = capacity
    }

    /// Waits for room; throws `CancellationError` once the consumer has given up.
    func put(_ item: consuming Item) throws {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        items.append(item)
        condition.broadcast()
    }

    /// The producer is done (with its error, if it failed).
    func finish(_ error: Error?) {
        condition.lock()
        ended = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next item; nil at the end; the producer's error once the items before it are taken;
    /// `CancellationError` once the queue is cancelled (a consumer that is itself a producer
    /// for another thread — a matching thread — is stopped so).
    func take() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !ended && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        if !items.isEmpty {
            let item = items.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `produce` on a thread of its own to put the items, and finishes the queue when it
    /// returns (or with its error). The consumer takes the items, then calls ``Filling/stop()``
    /// on its way out, whether it took them all or gave up. Once per queue: a queue has one
    /// producer, which finishes it.
    func fill(_ produce: @escaping @Sendable (HandOffQueue) throws -> Void) -> Filling {
        let thread = OwnThread.start { [self] in
            do {
                try produce(self)
                finish(nil)
            } catch {
                finish(error)
            }
        }
        return Filling(queue: self, thread: thread)
    }

    /// The thread filling a queue (``fill(_:)``).
    struct Filling {
        let queue: HandOffQueue
        let thread: OwnThread.Running<Void>

        /// Cancels the queue (items not yet taken are dropped, and the producer's next `put`
        /// throws) and waits for the thread to end.
        func stop() {
            queue.cancel()
            _ = try? thread.wait()
        }
    }
}

/// Batches handed from the mapping (or reading) thread to the matching one, with the bytes each
/// was made from (``StreamingImport/scale(_:_:)``).
typealias BatchQueue = HandOffQueue<(batch: ImportBatch, bytes: Int)>

extension HandOffQueue where Item == (batch: ImportBatch, bytes: Int) {
    func put(_ batch: consuming ImportBatch, bytes: Int) throws {
        try put((batch: batch, bytes: bytes))
    }
}
