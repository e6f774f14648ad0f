import KBDomain
import KBStore
import KBQuery

/// A source as a reader found it, before it is matched against what the KB already holds.
struct IncomingSource: Sendable {
    var source: Source
    /// How studies and claims of the same batch refer to it.
    var reference: String
    /// The citation key it had in its file (BibTeX key, RIS ID, CSL-JSON id), if any.
    var key: String?
    /// True when `source.slug` is an identity the file chose (kb YAML, a mapping's `id`):
    /// it is then matched by slug. Otherwise kb makes a citation key for it.
    var hasExplicitSlug: Bool
    /// A later row of a CSV group whose source an earlier batch of a streamed import already
    /// brought: merged into that source, as the mapper merges the rows of one batch.
    var isLateRow = false
}

/// What one input file yields: sources, and for datasets studies, claims and taxonomy.
struct ImportBatch: Sendable {
    var file: String
    var format: ImportFormat
    var sources: [IncomingSource] = []
    /// Taxonomy, studies, claims, notes and profiles; studies' and claims' `sourceSlug` hold an
    /// ``IncomingSource/reference`` of this batch.
    var dataset = Dataset()
    /// Records (entries, items, rows) read, whether or not they became something.
    var recordsRead = 0
    var warnings: [Diagnostic] = []
    /// Records of one work within the file that disagree, each naming both records' file:line.
    var conflicts: [String] = []
    /// Records left out, each with the reason (`--skip-invalid`, a mapping's `skip` rules).
    var skipped: [Diagnostic] = []
    /// A later batch of the same file (a streamed import): its counts add to the file's.
    var isContinuation = false
    /// Studies an earlier batch of the file brought, as a later row describes them: their
    /// blanks are filled from it (``CSVMapper/fill(_:with:)``).
    var lateStudies: [Study] = []
    /// For each study a CSV mapping made, the study fields its mapping maps (`n`, `country`…):
    /// a stored study it restates keeps the others (``StudyRestatement``).
    var mappedStudyFields: [String: Set<String>] = [:]
}

/// The formats `kb import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    case bibtex
    case ris
    case cslJSON = "csl-json"
    case csv
    case kb

    /// From the extension, else from the first meaningful characters of the content.
    public static func detect(name: String, bytes: [UInt8]) -> ImportFormat? {
        let lowered = name.lowercased()
        if lowered.hasSuffix(".bib") || lowered.hasSuffix(".bibtex") { return .bibtex }
        if lowered.hasSuffix(".ris") { return .ris }
        if lowered.hasSuffix(".json") || lowered.hasSuffix(".csljson") { return .cslJSON }
        if lowered.hasSuffix(".csv") || lowered.hasSuffix(".tsv") { return .csv }
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return .kb }
        var body = bytes.prefix(4096)
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let head = String(decoding: body, as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace }
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") { return .cslJSON }
        if trimmed.hasPrefix("TY  -") { return .ris }
        if trimmed.hasPrefix("@") || head.range(of: "\n@") != nil || head.range(of: "\n @") != nil { return .bibtex }
        if ["roles:", "skills:", "sources:", "claims:", "cohorts:"].contains(where: { trimmed.hasPrefix($0) }) { return .kb }
        return nil
    }
}

extension ImportBatch {
    /// Marks the sources whose citation key the file gives to more than one entry, so that the
    /// audit (`source.duplicate-key`) can name them after the import: "'Huang_2014' names 2
    /// entries of fred_original.bib (lines 10, 200)".
    mutating func markDuplicateKeys() {
        guard format == .bibtex || format == .ris || format == .cslJSON else { return }
        markDuplicateKeys(Self.duplicateKeyLines(sources.map { ($0.key, $0.source.origin?.line ?? 0) }))
    }

    /// The lines of the entries of each citation key (lower-cased) that more than one entry of
    /// a file has: what ``markDuplicateKeys(_:)`` needs from the whole file.
    static func duplicateKeyLines(_ entries: some Sequence<(key: String?, line: Int)>) -> [String: [Int]] {
        // Each key's first line, and the lines of the keys met again: a list for every key of a
        // million-entry file took about 50 MB more.
        var first: [String: Int] = [:]
        var lines: [String: [Int]] = [:]
        for (key, line) in entries {
            guard let key = key?.lowercased(), !key.isEmpty else { continue }
            if let earlier = first.updateValue(line, forKey: key) {
                first[key] = earlier
                lines[key, default: [earlier]].append(line)
            }
        }
        return lines
    }

    /// Marks this batch's sources whose key `lines` lists (``duplicateKeyLines(_:)`` of the
    /// whole file, of which the batch may be a part).
    mutating func markDuplicateKeys(_ lines: [String: [Int]]) {
        guard !lines.isEmpty else { return }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        for index in sources.indices {
            guard let key = sources[index].key, let entryLines = lines[key.lowercased()], entryLines.count > 1 else { continue }
            var extra = SourceExtra.decode(sources[index].source.extra)
            extra[SourceExtra.duplicateKey] = "'\(key)' names \(entryLines.count) entries of \(name) (lines \(entryLines.map(String.init).joined(separator: ", ")))"
            sources[index].source.extra = SourceExtra.encode(extra)
        }
    }
}
