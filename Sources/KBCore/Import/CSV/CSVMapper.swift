import Foundation

/// Runs a ``CSVMapping`` over a CSV file: every data row becomes the sources, studies and claims
/// the mapping describes. Rows with the same source `group` key share one source; a mapping's
/// `skip` rules leave rows out with a reason; any other problem is an error at the row's line.
struct CSVMapper {
    let mapping: CSVMapping
    let main: SourceText
    let directory: URL
    let known: SeedLoader.KnownNames
    let skipInvalid: Bool

    /// A loaded CSV: header names (duplicates as `name#2`), index by name, records.
    struct Table {
        var names: [String]
        var index: [String: Int]
        var records: [CSVParser.Record]
    }

    struct JoinIndex {
        var table: Table
        var rows: [String: [Int]]
    }

    /// A whole file in memory (joined files: looked up by key).
    static func load(_ text: SourceText, delimiter: UInt8) throws -> Table {
        var parser = CSVParser(text: text, delimiter: delimiter)
        var table = try header(&parser, text)
        while let record = try parser.next() { table.records.append(record) }
        return table
    }

    /// The header row: column names (a repeated name gets `#2`, `#3`…) and their positions.
    static func header(_ parser: inout CSVParser, _ text: SourceText) throws -> Table {
        guard let header = try parser.next() else {
            throw text.diagnostic("csv.empty", "the CSV file has no header row", at: 0)
        }
        var names: [String] = []
        var index: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmed
            let count = (seen[name] ?? 0) + 1
            seen[name] = count
            let key = count == 1 ? name : "\(name)#\(count)"
            names.append(key)
            if index[key] == nil { index[key] = position }
        }
        return Table(names: names, index: index, records: [])
    }

    /// Maps every row. With `twin` (the same mapping read again, so that no object is shared
    /// between threads) and a file of at least `halvesFrom` bytes, the second half of the rows is
    /// mapped ahead on a second thread (see ``runInHalves``); the result is the same.
    func run(twin: CSVMapping? = nil, halvesFrom: Int = CSVMapper.halvesFrom) throws -> ImportBatch {
        // The main file streams: one record at a time, never all of them in memory.
        var parser = CSVParser(text: main, delimiter: mapping.delimiter)
        let table = try Self.header(&parser, main)
        let joins = try loadJoins()
        try checkColumns(table: table, joins: joins)
        var state = RowState(batch: ImportBatch(file: main.name, format: .csv), entities: initialEntities)
        state.batch.dataset = mapping.taxonomy
        if let twin, main.bytes.count >= halvesFrom,
           let split = parser.boundary(after: parser.cursor.position + (main.bytes.count - parser.cursor.position) / 2, from: parser.cursor) {
            try runInHalves(parser: parser, split: split, table: table, joins: joins, twin: twin, state: &state)
            return state.batch
        }
        while let record = try parser.next() {
            var row = RowOutput()
            try process(record, table: table, joins: joins, state: &state, row: &row)
        }
        return state.batch
    }

    var initialEntities: Set<EntityReference> {
        Set(mapping.taxonomy.entities.map(\.reference)).union(known.entities)
    }

    /// The joined files, each indexed by its join key.
    func loadJoins() throws -> [String: JoinIndex] {
        var joins: [String: JoinIndex] = [:]
        for join in mapping.joins {
            let url = directory.appendingPathComponent(join.file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw join.at.error("mapping.join-file", "cannot read the joined file \(url.path)", help: "join files are read from the main CSV's folder")
            }
            let text = SourceText(name: url.path, text: try mapping.encoding.decode(Array(data), file: url.path))
            let joined = try Self.load(text, delimiter: mapping.delimiter)
            for column in join.on.flatMap({ $0.joined.columns }) + join.filter.map(\.column) where joined.index[column] == nil {
                throw join.at.error("mapping.unknown-column", "the joined file \(join.file) has no column '\(column)'",
                                    help: Suggestions.nearest(to: column, in: joined.names).first.map { "did you mean '\($0)'?" })
            }
            var rows: [String: [Int]] = [:]
            for (position, record) in joined.records.enumerated() {
                let value = { (name: String) in joined.index[name].map { Lookup.cell(record, $0) } ?? .null }
                if join.filter.contains(where: { column, expected in value(column).text != expected }) { continue }
                let key = join.on.map { joinedKey, _ in (try? joinedKey.evaluate(value, unmapped: { _ in }))?.text ?? "" }
                rows[key.joined(separator: "\u{1F}"), default: []].append(position)
            }
            joins[join.name] = JoinIndex(table: joined, rows: rows)
        }
        return joins
    }

    /// What the rows mapped so far have built, and what later rows are checked against.
    struct RowState {
        var batch: ImportBatch
        var entities: Set<EntityReference>
        var sourceReferences: [String: Int] = [:]
        var studySlugs: [String: Int] = [:]
        var claimLines: [String: Int] = [:]
        var warnedKeys = Set<String>()
        /// Fingerprints of the sources and studies built so far (see ``fingerprint(_:_:)``).
        var seen: [String: String] = [:]
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
        for (key, count) in ambiguousJoins(lookup, joins: joins) {
            row.joinKeys.append(key)
            if state.warnedKeys.insert(key).inserted {
                state.batch.warnings.append(joinWarning(key, count: count, line: record.line))
            }
        }
        if let skip = mapping.skips.first(where: { $0.condition.evaluate(lookup.value).truth }) {
            state.batch.skipped.append(main.diagnostic("mapping.skip", skip.reason, line: record.line))
            return
        }
        let warningsBefore = state.batch.warnings.count
        do {
            try map(record, lookup: lookup, into: &row, entities: &state.entities, batch: &state.batch, seen: &state.seen)
            try checkClaimIDs(row, line: record.line, against: state.claimLines)
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
    func checkClaimIDs(_ row: RowOutput, line: Int, against claimLines: [String: Int]) throws {
        var rowLines: [String: Int] = [:]
        for claim in row.claims {
            if let first = claimLines[claim.slug] ?? rowLines[claim.slug] {
                throw main.diagnostic("mapping.duplicate-claim", "claim id '\(claim.slug)' was already made from line \(first)", line: line,
                                      help: "make the mapping's claim id unique per row, e.g. add {row}")
            }
            rowLines[claim.slug] = line
        }
    }

    /// Adds a mapped row's sources (merged into an earlier row's), studies, claims and new
    /// taxonomy nodes to the batch.
    func commit(_ row: RowOutput, line: Int, into state: inout RowState) {
        for (key, incoming) in row.sources {
            if let index = state.sourceReferences[key] {
                var known = state.batch.sources[index].source
                _ = SourceMerge.merge(incoming.source, into: &known)
                state.batch.sources[index].source = known
            } else {
                state.sourceReferences[key] = state.batch.sources.count
                state.batch.sources.append(incoming)
            }
        }
        for study in row.studies {
            if let index = state.studySlugs[study.slug] {
                state.batch.dataset.studies[index] = Self.fill(state.batch.dataset.studies[index], with: study)
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
    func undo(_ row: RowOutput, in seen: inout [String: String], _ entities: inout Set<EntityReference>) {
        for change in row.seenChanges.reversed() { seen[change.key] = change.previous }
        for entity in row.entities { entities.remove(entity.reference) }
    }

    struct RowOutput {
        var sources: [(String, IncomingSource)] = []
        var studies: [Study] = []
        var claims: [Claim] = []
        var entities: [Entity] = []
        /// The fingerprints this row recorded (with what they replaced), undone if it is left out.
        var seenChanges: [(key: String, previous: String?, value: String)] = []
        /// What the row looked up in the state rows before it left: fingerprint keys, taxonomy
        /// nodes, ambiguous join keys (see ``runInHalves``).
        var seenKeys: [String] = []
        var entityReferences: [EntityReference] = []
        var joinKeys: [String] = []
    }

    /// One row's values by column name. A class: the mapping's expressions take `value` as a
    /// closure many times per row, and a closure over a class shares it instead of copying it.
    final class Lookup {
        let record: CSVParser.Record
        let table: Table
        let joins: [String: JoinIndex]
        let mapping: CSVMapping
        let file: String

        init(record: CSVParser.Record, table: Table, joins: [String: JoinIndex], mapping: CSVMapping, file: String) {
            self.record = record
            self.table = table
            self.joins = joins
            self.mapping = mapping
            self.file = file
        }

        func value(_ name: String) -> MappingValue {
            if let index = table.index[name] { return Self.cell(record, index) }
            switch name {
            case "row": return .number(Double(record.line))
            case "line": return .number(Double(record.line))
            case "file": return .text((file as NSString).lastPathComponent)
            default: break
            }
            guard let dot = name.firstIndex(of: "."), let join = mapping.joins.first(where: { $0.name == String(name[..<dot]) }),
                  let index = joins[join.name] else { return .null }
            let column = String(name[name.index(after: dot)...])
            let key = joinKey(join)
            guard let rows = index.rows[key], rows.count == 1, let position = index.table.index[column] else { return .null }
            return Self.cell(index.table.records[rows[0]], position)
        }

        /// The main row's key for a join.
        func joinKey(_ join: CSVMapping.Join) -> String {
            join.on.map { _, main in (try? main.evaluate(self.value, unmapped: { _ in }))?.text ?? "" }.joined(separator: "\u{1F}")
        }

        static func cell(_ record: CSVParser.Record, _ index: Int) -> MappingValue {
            guard record.fields.indices.contains(index) else { return .null }
            let text = record.fields[index]
            return text.trimmed.isEmpty ? .null : .text(text)
        }
    }

    /// Every column a spec reads must exist (with a did-you-mean when it does not).
    func checkColumns(table: Table, joins: [String: JoinIndex]) throws {
        var problems: [Diagnostic] = []
        for (columns, at) in mapping.columnUses {
            for column in columns where table.index[column] == nil && !["row", "line", "file"].contains(column) {
                if let dot = column.firstIndex(of: "."), let join = joins[String(column[..<dot])] {
                    let name = String(column[column.index(after: dot)...])
                    if join.table.index[name] == nil {
                        problems.append(at.error("mapping.unknown-column", "the joined file has no column '\(name)'",
                                                 help: Suggestions.nearest(to: name, in: join.table.names).first.map { "did you mean '\($0)'?" }))
                    }
                    continue
                }
                problems.append(at.error("mapping.unknown-column", "\(main.name) has no column '\(column)'",
                                         help: Suggestions.nearest(to: column, in: table.names).first.map { "did you mean '\($0)'?" } ?? "columns: \(table.names.prefix(12).joined(separator: ", "))…"))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
    }

    /// What a row said about a source or study it shares with an earlier row: the cells of every
    /// column the spec reads. A later row with the same cells adds nothing and is not mapped again
    /// (a source cited by three claims is built once, not three times and merged).
    static func fingerprint(_ columns: [String], _ lookup: Lookup) -> String {
        var out = ""
        for column in columns {
            out += lookup.value(column).text ?? ""
            out += "\u{1F}"
        }
        return out
    }

    func map(_ record: CSVParser.Record, lookup: Lookup, into row: inout RowOutput, entities: inout Set<EntityReference>, batch: inout ImportBatch,
             seen: inout [String: String]) throws {
        func value(_ spec: ValueSpec?) throws -> MappingValue {
            guard let spec else { return .null }
            return try spec.evaluate(lookup.value) { unmapped in
                throw main.diagnostic("mapping.unmapped-value", "the value '\(unmapped)' has no entry in the mapping's map (\(mapping.name))", line: record.line,
                                      help: "add it to the map, or give the map a 'default'")
            }
        }
        func text(_ spec: ValueSpec?) throws -> String? { try value(spec).text?.trimmed.nilIfEmpty }
        func fail(_ message: String, help: String? = nil) -> Diagnostic {
            main.diagnostic("mapping.invalid-value", message, line: record.line, help: help)
        }

        var references: [String: String] = [:]
        for spec in mapping.sources {
            if let when = spec.when, !when.evaluate(lookup.value).truth { continue }
            let explicitID = try text(spec.id).map(Slug.fold)
            let group = try spec.group.lazy.compactMap { try text($0) }.first
            guard let key = explicitID ?? group else { continue }
            let fingerprint = Self.fingerprint(spec.columns, lookup)
            let seenKey = "source\u{0}\(spec.name):\(key)"
            row.seenKeys.append(seenKey)
            let previous = seen[seenKey]
            if previous == fingerprint {
                references[spec.name] = "\(spec.name):\(key)"
                continue
            }
            row.seenChanges.append((seenKey, previous, fingerprint))
            seen[seenKey] = fingerprint
            var source = Source(slug: explicitID ?? "", type: try text(spec.fields["type"]) ?? "article-journal",
                                origin: Origin(file: main.name, line: record.line))
            guard CSLTypes.set.contains(source.type) else { throw fail("unknown CSL type '\(source.type)' for source '\(spec.name)'") }
            source.title = try text(spec.fields["title"])
            source.containerTitle = try text(spec.fields["container-title"])
            source.publisher = try text(spec.fields["publisher"])
            source.publisherPlace = try text(spec.fields["publisher-place"])
            source.volume = try text(spec.fields["volume"])
            source.issue = try text(spec.fields["issue"])
            source.page = try text(spec.fields["page"]).map(BibTeXConverter.normalizePages)
            if let issued = try text(spec.fields["issued"]) {
                source.issued = PartialDate(parsing: String(issued.prefix(10))) ?? BibTeXConverter.firstYear(issued).map { PartialDate(year: $0) }
            }
            var extra: [String: Any] = [:]
            if let raw = try text(spec.fields["doi"]) {
                if let written = try value(spec.fields["doi"]).text, DOI.writingQuirk(written, texAllowed: false) != nil {
                    extra[SourceExtra.doiAsWritten] = written
                }
                if let doi = DOI.normalize(raw) { source.doi = doi } else {
                    extra[SourceExtra.invalidDOI] = raw
                    batch.warnings.append(main.diagnostic("mapping.invalid-doi", "'\(raw)' is not a DOI; kept aside", line: record.line))
                }
            }
            source.url = try text(spec.fields["url"])
            if let url = source.url, let doi = source.doi, BibTeXConverter.doiFromURL(url) == doi { source.url = nil }
            source.note = try text(spec.fields["note"])
            if let reviewed = try text(spec.fields["peer-reviewed"]) { source.isPeerReviewed = ["yes", "true", "1"].contains(reviewed.lowercased()) }
            if let abstract = try text(spec.fields["abstract"]) { extra["abstract"] = abstract }
            if let language = try text(spec.fields["language"]) { extra["language"] = language }
            for (names, role) in [(spec.authors, "author"), (spec.editors, "editor")] {
                guard let names, let cell = try text(names.value) else { continue }
                let parsed = names.format.parse(cell, role: role)
                source.contributors += parsed.people
                if parsed.incomplete && role == "author" { extra[SourceExtra.authorsIncomplete] = true }
            }
            source.extra = SourceExtra.encode(extra)
            let reference = "\(spec.name):\(key)"
            references[spec.name] = reference
            row.sources.append((reference, IncomingSource(source: source, reference: reference, key: explicitID == nil ? group : nil,
                                                          hasExplicitSlug: explicitID != nil)))
        }
        var studies: [String: String] = [:]
        for spec in mapping.studies {
            if let when = spec.when, !when.evaluate(lookup.value).truth { continue }
            guard let source = references[spec.source], let id = try text(spec.id).map(Slug.fold), !id.isEmpty else { continue }
            let fingerprint = source + "\u{0}" + Self.fingerprint(spec.columns, lookup)
            let seenKey = "study\u{0}\(id)"
            row.seenKeys.append(seenKey)
            let previous = seen[seenKey]
            if previous == fingerprint {
                studies[spec.name] = id
                continue
            }
            row.seenChanges.append((seenKey, previous, fingerprint))
            seen[seenKey] = fingerprint
            var study = Study(slug: id, sourceSlug: source, origin: Origin(file: main.name, line: record.line))
            study.label = try text(spec.fields["label"])
            if let design = try text(spec.fields["design"]) {
                guard let parsed = StudyDesign(rawValue: design) else {
                    throw fail("unknown design '\(design)'", help: Suggestions.nearest(to: design, in: StudyDesign.allCases.map(\.rawValue)).first.map { "did you mean '\($0)'?" })
                }
                study.design = parsed
            }
            study.designQuote = try text(spec.fields["design-quote"])
            if let n = try value(spec.fields["n"]).number { study.n = Int(n.rounded()) }
            study.nText = try text(spec.fields["n-text"])
            study.nUnit = try text(spec.fields["n-unit"])
            if let preregistered = try text(spec.fields["preregistered"]) {
                switch preregistered.lowercased() {
                case "yes", "true": study.preregistered = .yes
                case "no", "false": study.preregistered = .no
                case "unknown": study.preregistered = .unknown
                default: throw fail("preregistered must be yes, no or unknown, found '\(preregistered)'")
                }
            }
            study.registryURL = try text(spec.fields["registry"])
            study.population = try text(spec.fields["population"])
            study.country = try text(spec.fields["country"])
            study.period = try text(spec.fields["period"])
            studies[spec.name] = id
            row.studies.append(study)
        }
        for spec in mapping.claims {
            if let when = spec.when, !when.evaluate(lookup.value).truth { continue }
            guard let id = try text(spec.id).map(Slug.fold), !id.isEmpty else { throw fail("the claim id is empty for this row") }
            guard let statement = try text(spec.fields["statement"]) else { throw fail("claim '\(id)' has no statement (the statement's columns are empty)") }
            var claim = Claim(slug: id, statement: statement, origin: Origin(file: main.name, line: record.line))
            claim.quote = try text(spec.fields["quote"])
            claim.locator = try text(spec.fields["locator"])
            if let source = spec.source { claim.sourceSlug = references[source] }
            if let study = spec.study, claim.sourceSlug != nil { claim.studySlug = studies[study] }
            var quantity = Quantity(metric: try text(spec.fields["metric"]), value: try value(spec.fields["value"]).number,
                                    unit: try text(spec.fields["unit"]), baseline: try text(spec.fields["baseline"]),
                                    intervalLow: try value(spec.fields["interval-low"]).number, intervalHigh: try value(spec.fields["interval-high"]).number)
            if let direction = try text(spec.fields["direction"]) {
                guard let parsed = Direction(rawValue: direction) else { throw fail("unknown direction '\(direction)'") }
                quantity.direction = parsed
            }
            claim.quantity = quantity.isEmpty ? nil : quantity
            if let replication = try text(spec.fields["replication"]) {
                guard let parsed = ReplicationStatus(rawValue: replication) else {
                    throw fail("unknown replication status '\(replication)'",
                               help: "map the column's values to: \(ReplicationStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                claim.replication = parsed
            }
            if let wide = try text(spec.fields["economy-wide"]) { claim.isEconomyWide = ["yes", "true", "1"].contains(wide.lowercased()) }
            claim.note = try text(spec.fields["note"])
            for about in spec.about {
                guard let name = try text(about.value) else { continue }
                let reference = EntityReference(about.kind, Slug.fold(name))
                row.entityReferences.append(reference)
                if !entities.contains(reference) {
                    guard about.create else {
                        throw fail("claim '\(id)' is about \(about.kind.rawValue) '\(reference.slug)', which is neither in the KB nor in the mapping's taxonomy",
                                   help: "declare it under the mapping's taxonomy, map the value to a known \(about.kind.rawValue), or set 'create: true'")
                    }
                    entities.insert(reference)
                    row.entities.append(Entity(kind: about.kind, slug: reference.slug, name: name, origin: Origin(file: main.name, line: record.line)))
                }
                if !claim.about.contains(reference) { claim.about.append(reference) }
            }
            for replication in spec.replications {
                guard let source = references[replication.source], let outcome = try text(replication.outcome) else { continue }
                guard let parsed = ReplicationOutcome(rawValue: outcome) else { throw fail("unknown replication outcome '\(outcome)'") }
                claim.replications.append(ClaimReplication(sourceSlug: source, outcome: parsed))
            }
            row.claims.append(claim)
        }
    }

    /// The first study of a slug, with blanks filled from a later row.
    static func fill(_ study: Study, with other: Study) -> Study {
        var merged = study
        if merged.design == nil { merged.design = other.design }
        if merged.n == nil { merged.n = other.n }
        if merged.nUnit == nil { merged.nUnit = other.nUnit }
        if merged.preregistered == .unknown { merged.preregistered = other.preregistered }
        if merged.registryURL == nil { merged.registryURL = other.registryURL }
        if merged.population == nil { merged.population = other.population }
        if merged.country == nil { merged.country = other.country }
        if merged.period == nil { merged.period = other.period }
        return merged
    }
}
