import Foundation
import KBDomain

/// The full-text searches of a page's sentences without numbers, run on a second thread over a
/// second connection while the page's citations and numbers are checked on the first (issue 17:
/// on a KB of a million claims they were two fifths of a 10,000-word page's check). The
/// claims that share a sentence's words (``PageChecker/statementCandidates(_:)``) depend on its
/// text alone, so the findings are the ones the check in turn gives, in the same order; only
/// the claims read by both threads are read twice.
final class StatementPass {
    /// A page needs at least this many sentences without numbers before a second thread is
    /// worth its connection (a short page is checked in turn).
    static let threshold = 32

    /// The second thread's search; it lets go of the index (and so of the KB) before
    /// ``wait()`` returns (``OwnThread``), so the process never ends with that thread still
    /// holding the KB's connection open.
    private let running: OwnThread.Running<[String: [EvidenceClaim]]>
    /// The search's result, once waited for (``wait()`` is called more than once).
    private var searched: [String: [EvidenceClaim]]?

    private init(_ running: OwnThread.Running<[String: [EvidenceClaim]]>) {
        self.running = running
    }

    /// Starts searching for `sentences` on a second thread, or returns nil when there are fewer
    /// than `threshold` of them or the KB has no second connection to give (a KB in memory).
    static func start(_ sentences: [String], index: EvidenceIndex, threshold: Int = threshold) -> StatementPass? {
        guard sentences.count >= threshold, index.hasSecondReader else { return nil }
        // Handed to the second thread, which only asks the index for a connection of its own
        // (``EvidenceIndex/alongside(_:)``, from the index's knowledge base) and reads through it;
        // the first thread goes on reading through the index's own connection.
        let work = Box((sentences: sentences, index: index))
        return StatementPass(OwnThread.start { search(work.value.sentences, index: work.value.index) })
    }

    /// Searches until done or until a search fails: what it found by then is kept, and the
    /// caller searches for the rest on its own connection (review 24, M1: the file moved or
    /// replaced under the second connection must not fail a check the first can finish).
    private static func search(_ sentences: [String], index: EvidenceIndex) -> [String: [EvidenceClaim]] {
        var searched: [String: [EvidenceClaim]] = [:]
        _ = try? index.alongside { second in
            var checker = PageChecker(second)
            for sentence in sentences where searched[sentence] == nil {
                searched[sentence] = try checker.statementCandidates(sentence)
            }
        }
        return searched
    }

    /// The claims that share each sentence's words, by its text, once the second thread is done
    /// (a sentence it was not given or did not get to, or every one when it could not open its
    /// connection, is missing: the caller searches for it itself).
    func wait() -> [String: [EvidenceClaim]] {
        if let searched { return searched }
        let found = (try? running.wait()) ?? [:]
        searched = found
        return found
    }
}
