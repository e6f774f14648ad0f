import Foundation

/// The full-text searches of a page's sentences without numbers, run on a second thread over a
/// second connection while the page's citations and numbers are checked on the first (issue 17:
/// on a KB of a million claims they were two fifths of a 10,000-word page's check). The
/// claims that share a sentence's words (``PageChecker/statementCandidates(_:)``) depend on its
/// text alone, so the findings are the ones the check in turn gives, in the same order; only
/// the claims read by both threads are read twice.
final class StatementPass: @unchecked Sendable {
    /// A page needs at least this many sentences without numbers before a second thread is
    /// worth its connection (a short page is checked in turn).
    static let threshold = 32

    private let sentences: [String]
    private let index: EvidenceIndex
    private let done = DispatchSemaphore(value: 0)
    /// Written by the second thread before it signals `done`, read after `wait()`.
    private var searched: [String: [EvidenceClaim]] = [:]

    private init(_ sentences: [String], index: EvidenceIndex) {
        self.sentences = sentences
        self.index = index
    }

    /// Starts searching for `sentences` on a second thread, or returns nil when there are fewer
    /// than `threshold` of them or the KB has no second connection to give (a KB in memory).
    static func start(_ sentences: [String], index: EvidenceIndex, threshold: Int = threshold) -> StatementPass? {
        guard sentences.count >= threshold, index.hasSecondReader else { return nil }
        let pass = StatementPass(sentences, index: index)
        Thread.detachNewThread { pass.run() }
        return pass
    }

    /// Searches until done or until a search fails: what it found by then is kept, and the
    /// caller searches for the rest on its own connection (review 24, M1: the file moved or
    /// replaced under the second connection must not fail a check the first can finish).
    private func run() {
        defer { done.signal() }
        _ = try? index.alongside { second in
            var checker = PageChecker(second)
            for sentence in sentences where searched[sentence] == nil {
                searched[sentence] = try checker.statementCandidates(sentence)
            }
        }
    }

    /// The claims that share each sentence's words, by its text, once the second thread is done
    /// (a sentence it was not given or did not get to, or every one when it could not open its
    /// connection, is missing: the caller searches for it itself).
    func wait() -> [String: [EvidenceClaim]] {
        done.wait()
        done.signal()
        return searched
    }
}
