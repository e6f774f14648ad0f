import Foundation

/// A page's sentences without numbers, checked on a second thread over a second connection
/// while the page's numbers are checked on the first (issue 17: on a KB of a million claims
/// their full-text searches were two fifths of a 10,000-word page's check). A sentence without
/// numbers is checked on its own (``PageChecker/statementFindings(_:works:file:line:)``: its
/// words, the works cited in it, nothing the numbers' passes decide), so the findings are the
/// ones the sequential check gives, in the same order; only the look-ups are done twice.
final class StatementPass: @unchecked Sendable {
    /// One sentence without numbers: its text and columns on its line, the works cited in it.
    struct Sentence {
        var text: String
        var range: ClosedRange<Int>
        /// Its line's index on the page (0-based).
        var line: Int
        var works: [CitedWork]
    }

    /// A page needs at least this many such sentences before a second thread is worth its
    /// connection (a short page is checked in turn).
    static let threshold = 32

    private let sentences: [Sentence]
    private let file: String
    private let index: EvidenceIndex
    private let done = DispatchSemaphore(value: 0)
    /// Written by the second thread before it signals `done`, read after `wait()`.
    private var findings: [[CheckFinding]] = []
    private var failure: (any Error)?
    private var ran = false

    private init(_ sentences: [Sentence], file: String, index: EvidenceIndex) {
        self.sentences = sentences
        self.file = file
        self.index = index
    }

    /// Starts checking `sentences` on a second thread, or returns nil when there are fewer than
    /// `threshold` of them or the KB has no second connection to give (a KB in memory).
    static func start(_ sentences: [Sentence], file: String, index: EvidenceIndex, threshold: Int = threshold) -> StatementPass? {
        guard sentences.count >= threshold, index.hasSecondReader else { return nil }
        let pass = StatementPass(sentences, file: file, index: index)
        Thread.detachNewThread { pass.run() }
        return pass
    }

    private func run() {
        defer { done.signal() }
        do {
            let found = try index.alongside { second -> [[CheckFinding]] in
                var checker = PageChecker(second)
                return try sentences.map { sentence in
                    try checker.statementFindings((sentence.text, sentence.range), works: sentence.works, file: file, line: sentence.line + 1)
                }
            }
            if let found {
                findings = found
                ran = true
            }
        } catch {
            failure = error
        }
    }

    /// The findings of each sentence, in the order given, once the second thread is done; nil
    /// when it could not open its connection (the caller then checks them in turn).
    func wait() throws -> [[CheckFinding]]? {
        done.wait()
        done.signal()
        if let failure { throw failure }
        return ran ? findings : nil
    }
}
