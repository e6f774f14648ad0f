import Foundation
import KBDomain
import KBFormats
import KBQuery
import KBStore

/// Findings accepted as they are, so that `kb audit --baseline FILE --fail-on warning` can gate CI
/// on a KB that already has findings: only findings not in the file are reported and gated.
///
/// A finding is keyed by its rule, its subject (kind and id, which kb derives from the data, not
/// from row ids, so they survive a re-import) and a fingerprint of its evidence. The fingerprint
/// ignores where a file lies (`/home/a/refs.bib` and `refs.bib` are the same) and spacing; rules
/// whose evidence only says where the record came from (the `missing FIELD` rules,
/// `source.uncited`) are keyed without it, so a line moving in the file does not make a finding
/// new. The file is text, one finding a line, sorted, so it diffs well under version control.
public struct AuditBaseline: Sendable {
    /// The keys the file lists.
    public let keys: Set<String>
    /// The keys a run has met (``admits(_:)`` records them).
    public private(set) var met: Set<String> = []

    static let header = """
        # kb audit baseline: findings accepted as they are. One a line: rule, subject kind, subject id and a
        # fingerprint of the evidence, separated by tabs. Written by `kb audit --write-baseline FILE`;
        # `kb audit --baseline FILE` reports (and --fail-on gates) only findings not listed here.

        """

    public init(keys: Set<String>) {
        self.keys = keys
    }

    /// Reads a baseline file; a malformed line is an error naming `FILE:LINE:COLUMN`.
    public init(contentsOf path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KBError.invalidInput("cannot read the audit baseline \(path): \(error.localizedDescription)")
        }
        try self.init(parsing: text, file: path)
    }

    public init(parsing text: String, file: String) throws {
        var keys = Set<String>()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, fields.allSatisfy({ !$0.isEmpty }) else {
                throw KBError.invalidInput("\(file):\(offset + 1):1: an audit baseline line has 4 tab-separated fields "
                                           + "(rule, subject kind, subject id, fingerprint); this one has \(fields.count)")
            }
            guard AuditSubject(rawValue: String(fields[1])) != nil else {
                let column = fields[0].count + 2
                throw KBError.invalidInput("\(file):\(offset + 1):\(column): '\(fields[1])' is not a subject kind ("
                                           + AuditSubject.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            keys.insert(String(line))
        }
        self.keys = keys
    }

    /// Whether `finding` is new (not in the baseline); records the ones that are not.
    public mutating func admits(_ finding: AuditFinding) -> Bool {
        let key = Self.key(for: finding)
        guard keys.contains(key) else { return true }
        met.insert(key)
        return false
    }

    /// Baseline entries of `rules` no finding of the run matched: fixed since, or outside what
    /// the run audited.
    public func unmet(among rules: [AuditRule]) -> Int {
        let ran = Set(rules.map(\.id))
        return keys.subtracting(met).filter { ran.contains(String($0.prefix { $0 != "\t" })) }.count
    }

    /// The file `--write-baseline` writes: the header, then every finding's key, sorted.
    public static func file(for findings: some Sequence<AuditFinding>) -> String {
        file(keys: Set(findings.map(key(for:))))
    }

    /// The file for keys made with ``key(for:)``.
    public static func file(keys: Set<String>) -> String {
        header + keys.sorted().map { $0 + "\n" }.joined()
    }

    /// `rule<TAB>kind<TAB>subject<TAB>fingerprint`.
    public static func key(for finding: AuditFinding) -> String {
        let context = Auditor.catalogue.first { $0.id == finding.rule }?.evidenceIsContext ?? false
        let subject = finding.subject.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        return [finding.rule, finding.subjectKind.rawValue, subject, context ? "-" : fingerprint(finding.evidence)].joined(separator: "\t")
    }

    /// 16 hex digits of FNV-1a over the evidence with spacing collapsed and file paths cut to
    /// their last component; "-" for no evidence.
    static func fingerprint(_ evidence: String?) -> String {
        guard let evidence, !evidence.isEmpty else { return "-" }
        let words = evidence.split(whereSeparator: \.isWhitespace).map { word -> Substring in
            guard let first = word.first, first == "/" || first == "." || first == "~", let slash = word.lastIndex(of: "/") else { return word }
            return word[word.index(after: slash)...]
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in words.joined(separator: " ").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
