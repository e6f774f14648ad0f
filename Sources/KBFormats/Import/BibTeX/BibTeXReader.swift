import KBDomain
import KBStore
import KBQuery

/// Reads a `.bib` file into an ``ImportBatch`` of sources.
enum BibTeXReader {
    static func read(_ text: SourceText, skipInvalid: Bool) throws -> ImportBatch {
        let parsed = try Parsed(text, skipInvalid: skipInvalid)
        return try parsed.part(parsed.file.entries.indices, markingDuplicateKeys: false)
    }

    /// A file parsed, its entries not yet converted: the importer converts it in parts while
    /// the parts before are matched (``Importer``). Reading fails here or never.
    ///
    /// A large file (``ReadInput/readAgainFrom``) is read twice, so that only a part's
    /// entries are ever held: first whole, to check it and keep of each entry its key, its place
    /// and its `crossref` (and every `entriesPerPart` entries where to read again:
    /// ``BibTeXParser/Checkpoint``); then each part's entries again as it is converted. The
    /// parents a `crossref` names are read again once, and kept.
    struct Parsed: RecordsInParts {
        let text: SourceText
        /// The file's entries; without their fields (but `crossref`) when the parts are read again.
        let file: BibTeXFile
        let parents: BibTeXConverter.Parents
        /// ``ImportBatch/duplicateKeyLines(_:)`` of the whole file.
        let duplicateKeys: [String: [Int]]
        let skipInvalid: Bool
        /// Entries between two checkpoints when each part's entries are read again, else nil.
        let readsAgainEvery: Int?

        init(_ text: SourceText, skipInvalid: Bool, readingPartsAgainEvery every: Int? = nil) throws {
            var parser = BibTeXParser(text: text, skipInvalid: skipInvalid)
            if let every {
                parser.keepsFields = false
                parser.checkpointEvery = max(1, every)
            }
            let file = try parser.parseInHalves()
            self.text = text
            self.file = file
            self.skipInvalid = skipInvalid
            readsAgainEvery = every.map { max(1, $0) }
            let duplicateKeys = ImportBatch.duplicateKeyLines(file.entries.lazy.map { ($0.key, text.line(of: $0.offset)) })
            self.duplicateKeys = duplicateKeys
            var parents = BibTeXConverter.Parents(file, text: text, duplicateKeys: duplicateKeys)
            guard let every = readsAgainEvery else {
                self.parents = parents
                return
            }
            // The parents that some entry's crossref names, read again whole.
            var wanted: [Int: [Int]] = [:]
            for (index, entry) in file.entries.enumerated() where parents.byKey[entry.key.lowercased()]?.offset == entry.offset {
                wanted[index / every, default: []].append(index)
            }
            for checkpoint in wanted.keys.sorted() {
                let indices = wanted[checkpoint] ?? []
                var again = BibTeXParser(text: text, skipInvalid: skipInvalid)
                let start = checkpoint * every
                let entries = try again.entries(from: file.checkpoints[checkpoint], skipping: 0, count: (indices.max() ?? start) - start + 1)
                for index in indices {
                    guard index - start < entries.count else {
                        throw text.diagnostic("bibtex.read-again", "the file changed while it was imported: entry \(index) is not where it was",
                                              at: file.entries[index].offset)
                    }
                    parents.byKey[entries[index - start].key.lowercased()] = entries[index - start]
                }
            }
            self.parents = parents
        }

        var recordCount: Int { file.entries.count }

        /// The entries in `range`, as the whole reading read them.
        private func entries(_ range: Range<Int>) throws -> ArraySlice<BibTeXEntry> {
            guard let every = readsAgainEvery, !range.isEmpty else { return file.entries[range] }
            var parser = BibTeXParser(text: text, skipInvalid: skipInvalid)
            let checkpoint = range.lowerBound / every
            let read = try parser.entries(from: file.checkpoints[checkpoint], skipping: range.lowerBound - checkpoint * every, count: range.count)
            guard read.count == range.count else {
                throw text.diagnostic("bibtex.read-again", "the file changed while it was imported: entry \(range.lowerBound + read.count) is not where it was",
                                      at: file.entries[range.lowerBound].offset)
            }
            return read[...]
        }

        func part(_ range: Range<Int>) throws -> ImportBatch {
            try part(range, markingDuplicateKeys: true)
        }

        /// The batch of the entries in `range`, their duplicate keys marked unless told not to
        /// (``ImportBatch/markDuplicateKeys(_:)``, as the importer marks a whole file's).
        /// The part that starts at the first entry also holds what is the file's as a whole:
        /// the records read, the parser's warnings and skipped entries, the duplicate-key warnings;
        /// a later part is a continuation of it. The parts of a file, in order, add up to
        /// ``BibTeXReader/read(_:skipInvalid:)``'s batch.
        func part(_ range: Range<Int>, markingDuplicateKeys: Bool) throws -> ImportBatch {
            var batch = ImportBatch(file: text.name, format: .bibtex)
            var warnings: [Diagnostic] = []
            if range.lowerBound == 0 {
                batch.recordsRead = file.entries.count + file.skipped.count
                warnings = file.warnings + parents.warnings
                batch.skipped = file.skipped
            } else {
                batch.isContinuation = true
            }
            let entries = try entries(range)
            let sources = BibTeXConverter(text: text).sources(from: entries, parents: parents, warnings: &warnings)
            batch.warnings = warnings
            batch.sources.reserveCapacity(sources.count)
            for (index, (source, entry)) in zip(range, zip(sources, entries)) {
                batch.sources.append(IncomingSource(source: source, reference: "#\(index)", key: entry.key, hasExplicitSlug: false))
            }
            if markingDuplicateKeys { batch.markDuplicateKeys(duplicateKeys) }
            return batch
        }
    }
}
