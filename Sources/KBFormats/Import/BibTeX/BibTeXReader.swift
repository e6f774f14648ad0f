import KBDomain
import KBStore
import KBQuery

/// Reads a `.bib` file into an ``ImportBatch`` of sources.
enum BibTeXReader {
    static func read(_ text: SourceText, skipInvalid: Bool) throws -> ImportBatch {
        let parsed = try Parsed(text, skipInvalid: skipInvalid)
        return parsed.part(parsed.file.entries.indices, markingDuplicateKeys: false)
    }

    /// A file parsed, its entries not yet converted: the importer converts it in parts while
    /// the parts before are matched (``Importer``). Reading fails here or never.
    struct Parsed: Sendable {
        let text: SourceText
        let file: BibTeXFile
        let parents: BibTeXConverter.Parents
        /// ``ImportBatch/duplicateKeyLines(_:)`` of the whole file.
        let duplicateKeys: [String: [Int]]

        init(_ text: SourceText, skipInvalid: Bool) throws {
            var parser = BibTeXParser(text: text, skipInvalid: skipInvalid)
            let file = try parser.parse()
            self.text = text
            self.file = file
            parents = BibTeXConverter.Parents(file, text: text)
            duplicateKeys = ImportBatch.duplicateKeyLines(file.entries.lazy.map { ($0.key, text.line(of: $0.offset)) })
        }

        /// The batch of the entries in `range`, their duplicate keys marked unless told not to
        /// (``ImportBatch/markDuplicateKeys(_:)``, as the importer marks a whole file's).
        /// The part that starts at the first entry also holds what is the file's as a whole:
        /// the records read, the parser's warnings and skipped entries, the duplicate-key warnings;
        /// a later part is a continuation of it. The parts of a file, in order, add up to
        /// ``BibTeXReader/read(_:skipInvalid:)``'s batch.
        func part(_ range: Range<Int>, markingDuplicateKeys: Bool = true) -> ImportBatch {
            var batch = ImportBatch(file: text.name, format: .bibtex)
            var warnings: [Diagnostic] = []
            if range.lowerBound == 0 {
                batch.recordsRead = file.entries.count + file.skipped.count
                warnings = file.warnings + parents.warnings
                batch.skipped = file.skipped
            } else {
                batch.isContinuation = true
            }
            let sources = BibTeXConverter(text: text).sources(from: file, entries: range, parents: parents, warnings: &warnings)
            batch.warnings = warnings
            batch.sources.reserveCapacity(sources.count)
            for (index, source) in zip(range, sources) {
                batch.sources.append(IncomingSource(source: source, reference: "#\(index)", key: file.entries[index].key, hasExplicitSlug: false))
            }
            if markingDuplicateKeys { batch.markDuplicateKeys(duplicateKeys) }
            return batch
        }
    }
}
