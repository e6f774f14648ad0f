import Foundation
import GRDB
import KBDomain
import KBQuery
import KBStore

/// One file to import: its name as shown in messages (a path, or `-` for stdin) and its bytes,
/// or the path to read them from.
public struct ImportInput: Sendable {
    public var name: String
    public var bytes: [UInt8]
    /// Where to read the file when `bytes` is empty: a UTF-8 CSV is then streamed from the file
    /// in windows and never held whole (``CSVFileWindows``); any other file is read whole.
    public var path: String?
    /// The name its citation keys are remembered under (``CitationKeyFiles``): the file's own
    /// name (`-` for a stream) unless `--as` says otherwise.
    public var keyFile: String

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.keyFile = CitationKeyFiles.ownName(of: name)
    }

    /// A file read when the import needs it (`name` is shown in messages, `path` is read).
    public init(name: String, path: String) {
        self.name = name
        self.bytes = []
        self.path = path
        self.keyFile = CitationKeyFiles.ownName(of: name)
    }

    /// The input with its bytes, read from `path` if it has one.
    func loaded() throws -> ImportInput {
        guard let path, bytes.isEmpty else { return self }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KBError.invalidInput("cannot read \(name): no such file or not readable")
        }
        var loaded = ImportInput(name: name, bytes: Array(data))
        loaded.keyFile = keyFile
        return loaded
    }

    /// The bytes format detection looks at (``ImportFormat/detect(name:bytes:)``: the first 4,096).
    var head: [UInt8] {
        guard let path, bytes.isEmpty, let handle = FileHandle(forReadingAtPath: path) else { return bytes }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: 4096)) ?? Data())
    }
}

public struct ImportOptions: Sendable {
    /// The format of every input; detected per file when nil.
    public var format: ImportFormat?
    /// A CSV mapping (YAML text and where it came from), required for CSV.
    public var mapping: (name: String, text: String)?
    /// Text encoding of the inputs (a mapping can declare its own).
    public var encoding: TextEncoding?
    /// Compute and report the changes, then write nothing.
    public var dryRun: Bool
    /// Leave out invalid records (and say which) instead of failing the whole import.
    public var skipInvalid: Bool
    /// The folder a mapping's joined files are read from (defaults to each CSV's folder).
    public var baseDirectory: URL?
    /// Who imports and why, for the change log (the OS user and `import` when nil).
    public var changeContext: ChangeContext?
    /// What each input's citation keys are remembered under (set from the inputs by ``Importer/run(_:options:progress:)``).
    var keyFiles = CitationKeyFiles()

    func with(keyFiles: CitationKeyFiles) -> ImportOptions {
        var options = self
        options.keyFiles = keyFiles
        return options
    }

    /// The format of an input: the one given, else detected from its name and first bytes
    /// (``ImportFormat/detect(name:bytes:)``), else CSV when a mapping is given, since a mapping
    /// reads only CSV (`cat register.csv | kb import - --map register.yaml`).
    func format(of name: String, head: [UInt8]) -> ImportFormat? {
        format ?? ImportFormat.detect(name: name, bytes: head) ?? (mapping != nil ? .csv : nil)
    }
    /// CSV bytes per batch of a streamed import (``StreamingImport``); nil maps and writes each
    /// file whole (the tests compare the two).
    var streamBatchBytes: Int? = CSVMapper.streamBatchBytes
    /// Bytes read at a time from a CSV streamed from its file (``CSVFileWindows``).
    var fileWindowBytes = CSVFileWindows.defaultWindowBytes
    /// Entries per part of a bibliography (BibTeX, RIS, CSL-JSON) converted while the parts
    /// before are matched (``ReadInput``); nil reads each file whole first (the tests compare the two).
    var entriesPerPart: Int? = ReadInput.entriesPerPart
    /// Bibliographies at least this large (bytes) read each part's records again as it is
    /// converted (``ReadInput/readAgainFrom``), and are read from their file mapped
    /// (``Importer/readMapped(_:options:)``); a test seam.
    var readAgainFrom = ReadInput.readAgainFrom
    /// Bytes of reading after which a mapped bibliography's pages are let go
    /// (``InputBytes/dropDistance``); a test seam.
    var dropDistance = InputBytes.dropDistance
    /// Test seam: a BibTeX import's matching fails at this part (``BatchMatcher/failsAtBatch``).
    var matchingFailsAtBatch: Int?
    /// Test seam: entries of a streamed import's runs before they go to disk (``DigestRuns``).
    var spillFrom = DigestRuns.defaultSpillFrom

    public init(format: ImportFormat? = nil, mapping: (name: String, text: String)? = nil, encoding: TextEncoding? = nil,
                dryRun: Bool = false, skipInvalid: Bool = false, baseDirectory: URL? = nil, changeContext: ChangeContext? = nil) {
        self.changeContext = changeContext
        self.format = format
        self.mapping = mapping
        self.encoding = encoding
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
        self.baseDirectory = baseDirectory
    }
}

/// What an import did (or, with `--dry-run`, would do).
public struct ImportReport: Sendable {
    public struct FileReport: Sendable {
        public var name: String
        public var format: ImportFormat
        public var records: Int
        public var sources: Int
        public var studies: Int
        public var claims: Int
        public var skipped: Int

        /// Counts of a later part of the same file (a streamed import, a file read in parts).
        mutating func add(_ part: FileReport) {
            records += part.records
            sources += part.sources
            studies += part.studies
            claims += part.claims
            skipped += part.skipped
        }
    }

    public var files: [FileReport] = []
    public var summary = WriteSummary()
    /// Counts by record kind: (added, updated, unchanged).
    public var byKind: [String: (added: Int, updated: Int, unchanged: Int)] = [:]
    public var warnings: [Diagnostic] = []
    public var skipped: [Diagnostic] = []
    public var conflicts: [String] = []
    public var merges: [String] = []
    /// Every stored record the import changed, with the fields: "source X: issuedYear, contributors".
    public var changes: [String] = []
    /// Stored studies whose mapped fields an empty cell cleared: "study x: n, country".
    public var cleared: [String] = []
    public var matchedExisting = 0
    public var isDryRun = false
    /// Seconds spent reading, matching and writing.
    public var timings: [(phase: String, seconds: Double)] = []
    /// The import's batch in the change log (`kb log`, `kb undo`), once written.
    public var batch: String?
    /// The stored records the import was about to write, as they were (for the change log).
    var before: [RecordSnapshot] = []
    /// Seconds spent in each step of the write.
    public var writeSteps: [(step: String, seconds: Double)] = []
    /// Batches a streamed import wrote (0: the files were written whole).
    var streamedBatches = 0
    /// How a CSV import was streamed ("2 batches of 24 MB"), or why it was restarted whole
    /// (`kb import --verbose` shows it); nil for an import written whole from the start.
    public var streaming: String?
    /// Whether the import wrote through a rollback journal instead of the WAL: a KB with no
    /// records yet (``FreshImportJournal``; `kb import --verbose` says so).
    public var rollbackJournal = false
    /// Whether the indexes built at the end of the write (``DeferredIndexes``) were sorted with
    /// temporary storage on disk, as they must be for memory not to grow with the KB (nil: none
    /// were; `kb import --verbose` says which).
    public var indexesSortedOnDisk: Bool?
    /// The bibliographies read from their file mapped rather than into memory
    /// (``Importer/readMapped(_:options:)``; `kb import --verbose` names them).
    public var mappedFiles: [String] = []
}

extension ImportReport {
    /// The first phase, reading (from `started` to `readEnded`), and the last, committing (a dry
    /// run's: rolling back): what the phases timed so far leave of the time since `started`.
    mutating func addReadAndCommit(started: Date, readEnded: Date) {
        timings.insert(("read", readEnded.timeIntervalSince(started)), at: 0)
        // A dry run's last phase is its rollback (and the run log and change log it never writes).
        timings.append((isDryRun ? "roll back" : "commit", Date().timeIntervalSince(started) - timings.reduce(0) { $0 + $1.seconds }))
    }
}

/// Progress of a long import, for a progress bar.
public struct ImportProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int
}

/// `kb import`: reads every file first (any error: nothing is written), then matches, merges and
/// writes everything in one transaction.
public struct Importer: Sendable {
    public let knowledgeBase: KnowledgeBase

    public init(_ knowledgeBase: KnowledgeBase) {
        self.knowledgeBase = knowledgeBase
    }

    /// Takes the inputs over: each file's bytes are let go once it is read, so that a large
    /// file is not held through the write.
    public func run(_ inputs: consuming [ImportInput], options: ImportOptions = ImportOptions(),
                    progress: (@Sendable (ImportProgress) -> Void)? = nil) throws -> ImportReport {
        let started = Date()
        let names = inputs.map(\.name)
        let options = options.with(keyFiles: CitationKeyFiles(inputs.map { ($0.name, $0.keyFile) }))
        if let batchBytes = options.streamBatchBytes,
           inputs.allSatisfy({ options.format(of: $0.name, head: $0.head) == .csv }) {
            return try runStreaming(consume inputs, names: names, batchBytes: batchBytes, options: options, progress: progress)
        }
        let files = Box(consume inputs)
        let mapped = Box([String]())
        // Read on a thread of its own: the records it makes live in another malloc arena than
        // SQLite's pages, sort keys and full-text terms, which then stay closer together in memory
        // (measured at a million claims: write 39.9 → 38.6 s, a gain within the machine's drift;
        // the large CSV's second thread needs its own arena anyway). Every file is read (and a
        // BibTeX file parsed) before anything is written: a file that cannot be read writes nothing.
        let read = try OwnThread.run { [self] in
            var read: [ReadInput] = []
            for index in files.value.indices {
                progress?(ImportProgress(phase: "reading \(files.value[index].name)", done: index, total: files.value.count))
                if let input = try self.readMapped(files.value[index], options: options) {
                    read.append(input)
                    mapped.value.append(files.value[index].name)
                    continue
                }
                let input = try files.value[index].loaded()
                files.value[index].bytes = []
                read.append(try self.read(inParts: input, options: options))
            }
            return Box(read)
        }
        let readEnded = Date()
        let total = read.value.reduce(0) { $0 + $1.sourceCount }
        let inParts = read.value.contains(where: \.isInParts)
        // Bibliographies alone (in parts): matched beside the write (``writeMatchingAhead(_:total:names:options:progress:result:)``).
        let allInParts = !read.value.isEmpty && read.value.allSatisfy(\.isInParts)
        if allInParts {
            var result: ImportReport?
            let journal = try FreshImportJournal.around(knowledgeBase.writer, dryRun: options.dryRun) {
                try writeMatchingAhead(read, total: total, names: names, options: options, progress: progress, result: { result = $0 })
            }
            var report = result ?? ImportReport()
            report.rollbackJournal = journal.switched
            report.mappedFiles = mapped.value
            report.addReadAndCommit(started: started, readEnded: readEnded)
            return report
        }
        // A bibliography's records become sources on a second thread, part after part, while this
        // one matches the parts before (the parts in order are the file's batch: ``RecordsInParts``).
        let parts = Self.convert(read)
        defer { parts.stop() }
        let dryRun = options.dryRun
        var result: ImportReport?
        let retired = Retired()
        var freeing: OwnThread.Running<Void>?
        defer { _ = try? freeing?.wait() }
        let journal = try FreshImportJournal.around(knowledgeBase.writer, dryRun: options.dryRun) {
            try knowledgeBase.writer.writeWithoutTransaction { db in
                try BulkWriteSettings.apply(in: db) {
                    try db.inTransaction {
                        let watermark = try ChangeRecorder.Watermark.read(in: db)
                        var report = try ImportWriter(db: db, progress: progress, keepBefore: !dryRun, keyFiles: options.keyFiles)
                            .write(total: total, retired: retired) { try parts.queue.take()?.batch }
                        freeing = OwnThread.start { retired.values.removeAll() }
                        let completion = try conclude(&report, names: names, options: options, watermark: watermark, in: db)
                        result = report
                        return completion
                    }
                }
            }
        }
        var report = result ?? ImportReport()
        report.rollbackJournal = journal.switched
        report.mappedFiles = mapped.value
        // Matching a file read in parts waits for its conversion: the two are one phase.
        if inParts, let match = report.timings.firstIndex(where: { $0.phase == "match" }) { report.timings[match].phase = "convert and match" }
        report.addReadAndCommit(started: started, readEnded: readEnded)
        return report
    }

    /// The inputs as batches on a thread of their own (a BibTeX file's in parts, converted as they
    /// are taken). Each input moves out of `read` into the queue: a large batch is never held twice.
    static func convert(_ read: Box<[ReadInput]>) -> BatchQueue.Filling {
        BatchQueue(capacity: 4).fill { parts in
            try ReadInput.forEachPart(takenFrom: read) { batch, entries in try parts.put(batch, bytes: entries) }
        }
    }

    /// How an import's transaction ends: rolled back for a dry run (the report says so), else
    /// committed after ``record(_:names:options:watermark:in:)``.
    func conclude(_ report: inout ImportReport, names: [String], options: ImportOptions, watermark: ChangeRecorder.Watermark,
                  in db: Database) throws -> Database.TransactionCompletion {
        if options.dryRun {
            report.isDryRun = true
            return .rollback
        }
        try record(&report, names: names, options: options, watermark: watermark, in: db)
        return .commit
    }

    /// After a successful write: the run log, the change log's batch, fresh planner statistics.
    func record(_ report: inout ImportReport, names: [String], options: ImportOptions, watermark: ChangeRecorder.Watermark, in db: Database) throws {
        try ImportRunLog.record(report.summary, command: "import", files: names, in: db)
        // One batch of the change log per import, named after its run.
        let batch = "import-\(db.lastInsertedRowID)"
        let context = options.changeContext ?? ChangeContext(author: ChangeContext.author(nil), command: "import")
        try ChangeRecorder.recordImport(context, batch: batch, since: watermark, existing: report.before, in: db)
        report.before = []
        report.batch = batch
        // Fresh statistics for the query planner after an import that changed the KB
        // noticeably (sampled: a fraction of a second even at a million claims).
        if report.summary.added + report.summary.updated > 1000 { try KnowledgeBase.analyze(db) }
    }

    /// What kb YAML being imported may refer to without declaring it (``SeedLoader/KnownNames/read(in:)``,
    /// shared with `kb add --from`).
    func knownNames() throws -> SeedLoader.KnownNames {
        try knowledgeBase.reader.read { db in try SeedLoader.KnownNames.read(in: db) }
    }

    /// Reads one input: a bibliography (BibTeX, RIS, CSL-JSON) checked whole, to be converted in
    /// parts (``RecordsInParts``); any other read whole, its duplicate keys marked.
    func read(inParts input: ImportInput, options: ImportOptions) throws -> ReadInput {
        let format = options.format(of: input.name, head: input.bytes)
        if let entriesPerPart = options.entriesPerPart.map({ max(1, $0) }), let format, [.bibtex, .ris, .cslJSON].contains(format) {
            try Self.checkNotEmpty(input.bytes, name: input.name)
            let text = try (options.encoding ?? .utf8).sourceText(input.bytes, file: input.name)
            return try Self.inParts(text, format: format, readingAgain: input.bytes.count >= options.readAgainFrom, entriesPerPart: entriesPerPart, options: options)
        }
        var batch = try read(input, options: options)
        batch.markDuplicateKeys()
        return .whole(batch)
    }

    /// A large bibliography (``ImportOptions/readAgainFrom`` bytes or more) in UTF-8, read from its
    /// file mapped (``InputBytes/mapping(path:name:dropDistance:)``) rather than into memory: its bytes are
    /// never all held, whatever its size. Nil for any other input, and for a file that is not
    /// well-formed UTF-8 (read whole, its decoding says where).
    func readMapped(_ input: ImportInput, options: ImportOptions) throws -> ReadInput? {
        guard let path = input.path, input.bytes.isEmpty, let entriesPerPart = options.entriesPerPart.map({ max(1, $0) }),
              (options.encoding ?? .utf8) == .utf8 else { return nil }
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) >= max(1, options.readAgainFrom),
              let format = options.format(of: input.name, head: input.head), [.bibtex, .ris, .cslJSON].contains(format),
              let text = try TextEncoding.mappedSourceText(path: path, file: input.name, dropDistance: options.dropDistance) else { return nil }
        try Self.checkNotEmpty(text.bytes, name: input.name)
        return try Self.inParts(text, format: format, readingAgain: true, entriesPerPart: entriesPerPart, options: options)
    }

    /// A bibliography's text checked whole, its records to be converted in parts; each part's
    /// records read again from the text when `readingAgain` (else kept from the first reading).
    static func inParts(_ text: SourceText, format: ImportFormat, readingAgain: Bool, entriesPerPart: Int, options: ImportOptions) throws -> ReadInput {
        let records: any RecordsInParts = switch format {
        case .bibtex: try BibTeXReader.Parsed(text, skipInvalid: options.skipInvalid, readingPartsAgainEvery: readingAgain ? entriesPerPart : nil)
        case .ris: try RISReader.Parsed(text, skipInvalid: options.skipInvalid)
        default: try CSLJSONReader.Parsed(text, skipInvalid: options.skipInvalid)
        }
        return .inParts(records, entriesPerPart: entriesPerPart)
    }

    /// Reads one input into a batch, with the format given or detected.
    func read(_ input: ImportInput, options: ImportOptions) throws -> ImportBatch {
        // An empty input is said to be empty, not of a format that cannot be told.
        try Self.checkNotEmpty(input)
        guard let format = options.format(of: input.name, head: input.bytes) else {
            throw KBError.usage("cannot tell the format of \(input.name); give --format bibtex|ris|csl-json|csv|kb")
        }
        switch format {
        case .bibtex:
            return try BibTeXReader.read(try (options.encoding ?? .utf8).sourceText(input.bytes, file: input.name), skipInvalid: options.skipInvalid)
        case .kb:
            let text = try (options.encoding ?? .utf8).decode(input.bytes, file: input.name)
            return try KBYAMLReader.read(name: input.name, text: text, known: try knownNames())
        case .ris:
            return try RISReader.read(try (options.encoding ?? .utf8).sourceText(input.bytes, file: input.name), skipInvalid: options.skipInvalid)
        case .cslJSON:
            return try CSLJSONReader.read(try (options.encoding ?? .utf8).sourceText(input.bytes, file: input.name), skipInvalid: options.skipInvalid)
        case .csv:
            let (mapper, twin) = try csvMapper(input, options: options, twin: input.bytes.count >= CSVMapper.halvesFrom)
            return try mapper.run(twin: twin)
        }
    }

    static func checkNotEmpty(_ input: ImportInput) throws {
        try checkNotEmpty(input.bytes, name: input.name)
    }

    /// Refuses a file of blank space, after a byte-order mark or not (read until its first other byte).
    static func checkNotEmpty<Bytes: Collection<UInt8>>(_ bytes: Bytes, name: String) throws {
        // After a byte-order mark, as a mapped file's text starts (``InputBytes/mapping(path:name:dropDistance:)``).
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw Diagnostic(id: "import.empty-file", message: "the file is empty", location: SourceLocation(file: name, text: "", range: 0..<0),
                             help: "nothing to import")
        }
    }

    /// The mapper of a CSV input (and, when `twin`, the mapping read again for a second thread).
    func csvMapper(_ input: ImportInput, options: ImportOptions, twin: Bool) throws -> (CSVMapper, CSVMapping?) {
        guard let mappingFile = options.mapping else {
            throw KBError.usage("importing CSV needs a mapping: --map MAPPING.yaml (its format: Tests/Fixtures/mappings/README.md in kb's source tree, with a mapping for each dataset kb is tested on)")
        }
        let mapping = try CSVMapping(name: mappingFile.name, text: mappingFile.text, known: try knownNames())
        let encoding = options.encoding ?? mapping.encoding
        let text = try encoding.sourceText(input.bytes, file: input.name)
        let directory = options.baseDirectory ?? URL(fileURLWithPath: input.name).deletingLastPathComponent()
        let known = try knownNames()
        // A large file is mapped on two threads, each with its own reading of the mapping.
        let twin = twin ? try CSVMapping(name: mappingFile.name, text: mappingFile.text, known: known) : nil
        return (CSVMapper(mapping: mapping, main: text, directory: directory, known: known, skipInvalid: options.skipInvalid), twin)
    }
}

/// Reads kb's own YAML (the seed format) as an import.
enum KBYAMLReader {
    static func read(name: String, text: String, known: SeedLoader.KnownNames) throws -> ImportBatch {
        let dataset = try SeedLoader.load([SeedFile(name: name, text: text)], known: known)
        var batch = ImportBatch(file: name, format: .kb)
        batch.sources = dataset.sources.map { IncomingSource(source: $0, reference: $0.slug, key: nil, hasExplicitSlug: true) }
        batch.dataset = dataset
        batch.dataset.sources = []
        batch.recordsRead = dataset.sources.count + dataset.claims.count + dataset.entities.count + dataset.notes.count
        return batch
    }
}

/// Connection settings for one large write, set before its transaction begins (SQLite does not
/// change where temporary data goes inside one) and restored after it.
enum BulkWriteSettings {
    /// SQLite's page cache for the write, in KiB: 32 MB (at a million claims 256 MB cost about
    /// 0.2 GB of peak memory and gained no speed: BENCHMARKS.md, "Streaming import").
    /// `KB_IMPORT_CACHE_MB` overrides it and `KB_IMPORT_TEMP_STORE` (`MEMORY`, `FILE`) the
    /// temporary storage, for measuring.
    static let cacheKiB = ImportTuning.count("KB_IMPORT_CACHE_MB").map { $0 << 10 } ?? 32_768
    static let tempStore = ImportTuning.tempStore()

    static func apply<T>(in db: Database, _ body: () throws -> T) throws -> T {
        // A larger page cache than the default 2 MB, and each statement's undo journal (and the
        // index builds' sorts) in memory instead of in temporary files.
        // Restored as they were (a scratch copy's own cache: KnowledgeBase.scratch()).
        let (cacheSize, tempStoreWas) = (try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000, try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? 0)
        try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB); PRAGMA temp_store = \(tempStore)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize); PRAGMA temp_store = \(tempStoreWas)") }
        return try body()
    }
}
