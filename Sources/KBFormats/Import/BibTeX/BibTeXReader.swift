import KBDomain
import KBStore
import KBQuery

/// Reads a `.bib` file into an ``ImportBatch`` of sources.
enum BibTeXReader {
    static func read(_ text: SourceText, skipInvalid: Bool) throws -> ImportBatch {
        var parser = BibTeXParser(text: text, skipInvalid: skipInvalid)
        let file = try parser.parse()
        let (sources, warnings) = BibTeXConverter(text: text).sources(from: file)
        var batch = ImportBatch(file: text.name, format: .bibtex)
        batch.recordsRead = file.entries.count + file.skipped.count
        batch.warnings = file.warnings + warnings
        batch.skipped = file.skipped
        for (index, (entry, source)) in zip(file.entries, sources).enumerated() {
            batch.sources.append(IncomingSource(source: source, reference: "#\(index)", key: entry.key, hasExplicitSlug: false))
        }
        return batch
    }
}
