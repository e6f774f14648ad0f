import Foundation
import KBCore

/// The audit of the knowledge base as it is now, computed in the background once per state
/// (``ContentVersion``, which every write changes) and then served from memory: `/audit` and
/// `/api/audit` both read it.
///
/// At 1M claims the audit is close to a minute of CPU, longer than any client waits for one
/// response; a request that arrives while it runs waits a little (``ServeConfiguration/auditWait``:
/// a small KB's audit is done by then) and is otherwise answered 503 with `Retry-After`, saying
/// since when it has been running. A failed computation (its own time limit) is kept for that
/// state too, so that requests do not start a minute of work each; a write clears it.
actor AuditCache {
    /// The report (the page) and its JSON (`kb audit --format json`'s object), made once.
    struct Answer: Sendable {
        var report: AuditReport
        var json: String
    }

    /// What a request gets: the answer, or when the computation it waits for began.
    enum Lookup: Sendable {
        case ready(Answer)
        case computing(started: Date, retryAfter: Int)
    }

    private enum State {
        case computing(ContentVersion, started: Date, task: Task<Answer, any Error>)
        case ready(ContentVersion, Answer)
        case failed(ContentVersion, any Error)

        var version: ContentVersion {
            switch self {
            case let .computing(version, _, _), let .ready(version, _), let .failed(version, _): version
            }
        }
    }

    private var state: State?
    /// How long the last finished computation took: what `Retry-After` is estimated from.
    private var lastDuration: Double?
    /// How many computations were started, for tests.
    private(set) var computed = 0

    /// The audit at `version`: kept, being computed (waited for at most `wait` seconds), or
    /// started now by `compute`. A request that read its version just before a write that
    /// another has already seen is given the newer state's answer.
    /// - Throws: the computation's error when it failed for this state.
    func lookup(version: ContentVersion, wait: Double, compute: @escaping @Sendable () async throws -> Answer) async throws -> Lookup {
        if let state, state.version == version || StateCache<Int, Int>.isOlder(version, than: state.version) {
            return try await answer(from: state, wait: wait)
        }
        let task = Task { try await compute() }
        computed += 1
        let current = State.computing(version, started: Date(), task: task)
        state = current
        Task { self.settle(version, result: await task.result) }
        return try await answer(from: current, wait: wait)
    }

    private func answer(from state: State, wait: Double) async throws -> Lookup {
        switch state {
        case let .ready(_, answer):
            return .ready(answer)
        case let .failed(_, error):
            throw error
        case let .computing(version, started, task):
            if let answer = try await Self.waiting(for: task, seconds: wait) { return .ready(answer) }
            // It may have finished (or failed) while this request waited.
            if let now = self.state, now.version == version, case .computing = now {
                return .computing(started: started, retryAfter: retryAfter(since: started))
            }
            return try await answer(from: self.state ?? state, wait: 0)
        }
    }

    private func settle(_ version: ContentVersion, result: Result<Answer, any Error>) {
        guard let state, state.version == version, case let .computing(_, began, _) = state else { return }
        switch result {
        case let .success(answer):
            self.state = .ready(version, answer)
            lastDuration = Date().timeIntervalSince(began)
        case let .failure(error):
            self.state = .failed(version, error)
        }
    }

    /// Seconds until the computation is likely done: what the last one took, less the time
    /// this one has run; 30 s when no audit has finished yet. At least 5 s, at most 5 minutes.
    private func retryAfter(since started: Date) -> Int {
        let remaining = (lastDuration ?? 30) - Date().timeIntervalSince(started)
        return Int(min(300, max(5, remaining.rounded(.up))))
    }

    /// The task's answer if it finishes within `seconds`, else nil (the task runs on); its
    /// error if it fails within them. A race of two unstructured tasks rather than a task
    /// group: a group would wait for its child still awaiting the audit.
    private static func waiting(for task: Task<Answer, any Error>, seconds: Double) async throws -> Answer? {
        guard seconds > 0 else { return nil }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Answer?, any Error>) in
            let once = ResumeOnce(continuation)
            Task { once.resume(with: await task.result.map { Optional($0) }) }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                once.resume(with: .success(nil))
            }
        }
    }
}

/// A continuation resumed by whichever of two racers comes first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = continuation
    }

    func resume(with result: Result<T, any Error>) {
        lock.lock()
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(with: result)
    }
}
