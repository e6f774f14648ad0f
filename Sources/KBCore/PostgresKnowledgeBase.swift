/// What `kb query` and `kb run` ask of a knowledge base, on a file (``KBService``) or on
/// PostgreSQL (``PostgresKnowledgeBase``), so that the command line prints either one way.
public protocol QueryAnswering {
    func run(_ request: QueryRequest) throws -> QueryAnswer
    func isGrouped(_ request: QueryRequest) -> Bool
    func group(_ request: QueryRequest) throws -> GroupedAnswer
    func explain(_ request: QueryRequest) throws -> QueryExplanation
}

extension KBService: QueryAnswering {}

/// A PostgreSQL knowledge base as kb's commands use it: `PostgresService` (KBPostgresFacade),
/// whose methods answer as ``KBService``'s do on a file. The commands (KBCommandLine) name only
/// this, so that the `kb` executable does not link the PostgreSQL client; `kb-net` does.
public protocol PostgresKnowledgeBase: QueryAnswering {
    /// The location with its password hidden, for messages.
    var redactedLocation: String { get }
    func create(seedsFolder: String?, replacing: Bool, context: ChangeContext?) throws -> KBService.Creation
    func refuseReadOnly() throws
    func map(rows: String, columns: String, query: String?, profile: String?, maxCells: Int?) throws -> GapMap
    func list(_ listing: Catalog.Listing) throws -> [Catalog.Entry]
    func statistics() throws -> [Catalog.Statistic]
    func show(_ id: String) throws -> Catalog.Record
    func log(_ filter: ChangeLog.Filter) throws -> [Change]
    func snapshotService() throws -> KBService
    func export<Sink: ExportSink>(_ text: String, style: ExportStyle, profile: String?, to sink: inout Sink) throws -> ExportSummary
    func importFiles(_ inputs: consuming [ImportInput], options: ImportOptions,
                     progress: (@Sendable (ImportProgress) -> Void)?) throws -> ImportReport
    func add(_ kind: RecordKind, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult
    func add(from file: SeedFile, options: CurationOptions) throws -> CurationResult
    func edit(_ id: String, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult
    func notice(_ source: String, kind: NoticeKind, date: String?, reason: String?, url: String?, options: CurationOptions) throws -> CurationResult
    func link(_ from: String, kind: String, to: String, note: String?, options: CurationOptions) throws -> CurationResult
    func remove(_ id: String, cascade: Bool, options: CurationOptions) throws -> CurationResult
    func undo(_ change: Int64, force: Bool, options: CurationOptions) throws -> CurationResult
}
