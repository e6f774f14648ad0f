import Foundation
import KBCore
import KBPostgres

/// `kb import` on PostgreSQL (issue 19): kb's importer, unchanged, on a staging copy of the
/// knowledge base, whose new and changed rows are written to the server with `COPY … FROM STDIN`
/// in one transaction (``PostgresStore/importWrite(_:)`` says why and what the copy costs).
extension PostgresService {
    /// `kb import FILE…` on PostgreSQL, as ``Importer/run(_:options:progress:)`` imports into a
    /// file: the same matching, merges, warnings, refusals (nothing written, exit 3), counts,
    /// ids and change log (its batch named after the import's run, as on a file); a second
    /// import of the same files writes nothing. A dry run imports into a copy of one read
    /// snapshot and writes nothing (no lock taken; a standby answers it too).
    public func importFiles(_ inputs: consuming [ImportInput], options: ImportOptions,
                            progress: (@Sendable (ImportProgress) -> Void)? = nil) throws -> ImportReport {
        if options.dryRun {
            return try Importer(try store.snapshot()).run(consume inputs, options: options, progress: progress)
        }
        let inputs = Box(consume inputs)
        let (report, written) = try store.importWrite { copy in
            try Importer(copy).run(inputs.take(), options: options, progress: progress)
        }
        var result = report
        result.timings.insert(("staging copy", written.stagingSeconds), at: 0)
        result.timings.append(("PostgreSQL write", written.serverSeconds))
        result.writeSteps.append(("PostgreSQL: \(written.inserted) rows copied, \(written.updated) updated, \(written.deleted) deleted", written.serverSeconds))
        return result
    }
}

/// The inputs handed to the importer once, from inside the write's closure.
private final class Box: @unchecked Sendable {
    private var inputs: [ImportInput]?
    init(_ inputs: consuming [ImportInput]) { self.inputs = inputs }
    func take() -> [ImportInput] {
        defer { inputs = nil }
        return inputs ?? []
    }
}
