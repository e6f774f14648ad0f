import Foundation
import KBDomain
import KBQuery
import KBStore

/// One row at a time: what the rows so far built, a row's checks, and adding it to the batch (or
/// leaving it out whole).
extension CSVMapper {
    /// What the rows mapped so far have built, and what later rows are checked against.
    struct RowState {
        var batch: ImportBatch
        var entities: Set<EntityReference>
        var sourceReferences: [String: Int] = [:]
        var studySlugs: [String: Int] = [:]
        /// The line of each claim id made so far — in a streamed import, made in this batch
        /// (earlier batches' are in `earlierClaims`).
        var claimLines: [String: Int] = [:]
        var warnedKeys = Set<String>()
        /// Fingerprints of the sources and studies built so far (see ``fingerprint(_:_:)``), by
        /// the digest of "source\0spec:key" or "study\0id": a million works' keys as text were
        /// two heap strings each (issue 18).
        var seen = SeenFingerprints()
        /// Whether the rows are mapped in batches (``stream(batchBytes:_:)``). Then a source or
        /// study that a row says something new about, and that the batch does not hold, is one an
        /// earlier batch brought exactly when its fingerprint was recorded before the row
        /// (``RowOutput/seenChanges``): no set of the earlier batches' references and slugs is
        /// kept beside `seen` (issue 18, sixth round).
        var streams = false
        /// The claim ids earlier batches made, with their lines, as digests (``ClaimDigests``).
        var earlierClaims = ClaimDigests()
    }

    /// Maps one row and adds what it made to `state` — or, when the row is invalid, leaves it out
    /// (with `--skip-invalid`, saying why) or throws. `row` is left holding what the row looked up.
    func process(_ record: CSVParser.Record, table: Table, joins: [String: JoinIndex], state: inout RowState, row: inout RowOutput) throws {
        state.batch.recordsRead += 1
        guard record.fields.count == table.names.count else {
            let problem = main.diagnostic("csv.row-width", "row has \(record.fields.count) fields; the header has \(table.names.count)",
                                          at: record.offsets.last ?? 0, help: "a field with a comma or a line break must be quoted (\"…\"), and a quote inside it doubled")
            guard skipInvalid else { throw problem }
            state.batch.skipped.append(problem)
            return
        }
        let lookup = Lookup(record: record, table: table, joins: joins, mapping: mapping, file: main.name)
        for (key, count) in ambiguousJoins(lookup, joins: joins) where state.warnedKeys.insert(key).inserted {
            state.batch.warnings.append(joinWarning(key, count: count, line: record.line))
        }
        if let skip = mapping.skips.first(where: { $0.condition.evaluate(lookup.value).truth }) {
            state.batch.skipped.append(main.diagnostic("mapping.skip", skip.reason, line: record.line))
            return
        }
        let warningsBefore = state.batch.warnings.count
        do {
            try map(record, lookup: lookup, into: &row, entities: &state.entities, batch: &state.batch, seen: &state.seen)
            try checkClaimIDs(row, line: record.line, against: state.claimLines, earlier: state.earlierClaims)
            commit(row, line: record.line, into: &state)
        } catch let problem as Diagnostic {
            // A row left out leaves nothing behind: a later row of the same source, or naming
            // the same new entity, brings them itself.
            undo(row, in: &state.seen, &state.entities)
            state.batch.warnings.removeSubrange(warningsBefore...)
            guard skipInvalid else { throw problem }
            state.batch.skipped.append(problem)
        }
    }

    /// The joins that match more than one row for this row: each key (join name and key) with the
    /// number of rows it matches.
    func ambiguousJoins(_ lookup: Lookup, joins: [String: JoinIndex]) -> [(key: String, count: Int)] {
        mapping.joins.compactMap { join in
            let key = lookup.joinKey(join)
            guard let matches = joins[join.name]?.rows[key], matches.count > 1 else { return nil }
            return (join.name + "\u{0}" + key, matches.count)
        }
    }

    func joinWarning(_ key: String, count: Int, line: Int) -> Diagnostic {
        let parts = key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let file = mapping.joins.first { $0.name == parts[0] }?.file ?? parts[0]
        let shown = (parts.count > 1 ? parts[1] : "").replacingOccurrences(of: "\u{1F}", with: ", ")
        return main.diagnostic("mapping.ambiguous-join", "\(count) rows of \(file) match '\(shown)'; none is used (the join must match one row)", line: line)
    }

    /// A row is committed whole or not at all: its claim ids are checked first.
    func checkClaimIDs(_ row: RowOutput, line: Int, against claimLines: [String: Int], earlier: ClaimDigests = ClaimDigests()) throws {
        var rowLines: [String: Int] = [:]
        for claim in row.claims {
            if let first = try claimLines[claim.slug] ?? earlier.line(of: claim.slug) ?? rowLines[claim.slug] {
                throw main.diagnostic("mapping.duplicate-claim", "claim id '\(claim.slug)' was already made from line \(first)", line: line,
                                      help: "make the mapping's claim id unique per row, e.g. add {row}")
            }
            rowLines[claim.slug] = line
        }
    }

    /// Adds a mapped row's sources (merged into an earlier row's), studies, claims and new
    /// taxonomy nodes to the batch.
    func commit(_ row: RowOutput, line: Int, into state: inout RowState) {
        // In a streamed import: the fingerprints this row found recorded before it, by rows
        // committed earlier (a row left out takes its own back), so the sources and studies not
        // in this batch among them are an earlier batch's.
        let recordsAgain = state.streams && row.seenChanges.contains { $0.previous != nil }
        func recordedBefore(_ key: String) -> Bool {
            let digest = Fingerprint(key)
            return row.seenChanges.contains { $0.key == digest && $0.previous != nil }
        }
        for (key, incoming) in row.sources {
            if let index = state.sourceReferences[key] {
                var known = state.batch.sources[index].source
                // Two rows of one work that disagree (the register's 2017 and 2019 for one DOI):
                // the first row's value is kept, and both rows are named.
                for conflict in SourceMerge.merge(incoming.source, into: &known) {
                    let first = known.origin?.description ?? main.name
                    state.batch.conflicts.append("\(key): \(conflict) (\(first) vs \(main.name):\(line)); kept the first")
                }
                state.batch.sources[index].source = known
            } else if recordsAgain, recordedBefore("source\u{0}" + key) {
                // The writer merges it into the source it already has, and puts its conflicts here.
                var late = incoming
                late.isLateRow = true
                state.batch.conflicts.append(Self.lateConflictMark + String(state.batch.sources.count))
                state.batch.sources.append(late)
            } else {
                state.sourceReferences[key] = state.batch.sources.count
                state.batch.sources.append(incoming)
            }
        }
        for (slug, fields) in row.mappedStudyFields { state.batch.mappedStudyFields[slug, default: []].formUnion(fields) }
        for study in row.studies {
            if let index = state.studySlugs[study.slug] {
                state.batch.dataset.studies[index] = Self.fill(state.batch.dataset.studies[index], with: study)
            } else if recordsAgain, recordedBefore("study\u{0}" + study.slug) {
                state.batch.lateStudies.append(study)
            } else {
                state.studySlugs[study.slug] = state.batch.dataset.studies.count
                state.batch.dataset.studies.append(study)
            }
        }
        for claim in row.claims {
            state.claimLines[claim.slug] = line
            state.batch.dataset.claims.append(claim)
        }
        state.batch.dataset.entities += row.entities
    }

    /// Takes back what mapping a row recorded: its fingerprints and its new taxonomy nodes.
    func undo(_ row: RowOutput, in seen: inout SeenFingerprints, _ entities: inout Set<EntityReference>) {
        for change in row.seenChanges.reversed() { seen.set(change.key, change.previous) }
        for entity in row.entities { entities.remove(entity.reference) }
    }

    struct RowOutput {
        var sources: [(String, IncomingSource)] = []
        var studies: [Study] = []
        /// The study fields each study's spec maps, by study id.
        var mappedStudyFields: [String: Set<String>] = [:]
        var claims: [Claim] = []
        var entities: [Entity] = []
        /// The fingerprints this row recorded (with what they replaced), undone if it is left out.
        var seenChanges: [(key: Fingerprint, previous: Fingerprint?, value: Fingerprint)] = []
        /// What the row looked up in the state rows before it left: fingerprint keys and taxonomy
        /// nodes (see ``runInHalves``).
        var seenKeys: [Fingerprint] = []
        var entityReferences: [EntityReference] = []
    }
}
