import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Export → import → export is a fixed point for the three interchange formats, over generated
/// sources (unicode names, particles, organisations, LaTeX and Markdown specials, missing fields).
struct RoundTripTests {
    static let seeds: [UInt64] = Array(1...24)

    static func export(_ knowledgeBase: KnowledgeBase, _ style: ExportStyle) throws -> String {
        var sink = StringSink()
        _ = try Exporter(knowledgeBase).export("sources", style: style, to: &sink)
        return sink.text
    }

    static func knowledgeBase(with sources: [Source]) throws -> KnowledgeBase {
        let knowledgeBase = try KnowledgeBase.inMemory()
        var dataset = Dataset()
        dataset.sources = sources
        _ = try knowledgeBase.load(dataset, command: "test", files: [])
        return knowledgeBase
    }

    @Test(arguments: [ExportStyle.bibtex, .ris, .cslJSON], seeds)
    func exportImportExportIsAFixedPoint(style: ExportStyle, seed: UInt64) throws {
        var generator = SourceGenerator(seed: seed)
        let original = try Self.knowledgeBase(with: generator.sources(60))
        let first = try Self.export(original, style)

        let copy = try KnowledgeBase.inMemory()
        let report = try Importer(copy).run([ImportInput(name: "export.\(style.fileExtension)", bytes: Array(first.utf8))])
        #expect(report.byKind["source"]?.added == 60, "seed \(seed): every exported work comes back as one source")
        let second = try Self.export(copy, style)
        if first != second {
            // Show the first record that differs, as exported each time.
            let separator = style == .cslJSON ? "\n  },\n" : "\n\n"
            let (a, b) = (first.components(separatedBy: separator), second.components(separatedBy: separator))
            let index = Array(zip(a, b)).firstIndex { $0.0 != $0.1 } ?? min(a.count, b.count)
            Issue.record("seed \(seed), \(style.rawValue): record \(index + 1) differs:\n\(index < a.count ? a[index] : "<end>")\n---\n\(index < b.count ? b[index] : "<end>")")
        }
    }

    /// An export read back into the knowledge base it came from adds nothing: every work is
    /// matched to itself, the ones with no DOI, title or URL too (by the id kb gave it, when the
    /// record says exactly what the source says). A trial found a register's
    /// untitled works added again on each round trip.
    @Test(arguments: [ExportStyle.bibtex, .ris, .cslJSON], [UInt64(1), 2, 3, 4, 5, 6])
    func anExportReadBackIntoItsKnowledgeBaseAddsNothing(style: ExportStyle, seed: UInt64) throws {
        var generator = SourceGenerator(seed: seed)
        let sources = generator.sources(60)
        let knowledgeBase = try Self.knowledgeBase(with: sources)
        let count = { try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM source") ?? 0 } }
        let before = try count()
        let exported = try Self.export(knowledgeBase, style)
        let report = try Importer(knowledgeBase).run([ImportInput(name: "export.\(style.fileExtension)", bytes: Array(exported.utf8))])
        #expect(report.byKind["source"]?.added ?? 0 == 0, "seed \(seed), \(style.rawValue): \(report.byKind)")
        // Nor changes anything: what the writer adds by itself (a braced acronym, a report's
        // group author as its institution) is not read back as news (a trial saw 25 updated).
        #expect(report.byKind["source"]?.updated ?? 0 == 0, "seed \(seed), \(style.rawValue): \(report.byKind) \(report.changes.prefix(3))")
        #expect(try count() == before)
    }

    /// The id clue is not enough alone: a file's record whose key is a stored source's slug but
    /// which says more or other than it (a second author is not an identity field; a year is)
    /// is another work, added beside it.
    @Test func aForeignRecordWithAStoredSlugAsItsKeyIsNotMergedIntoIt() throws {
        let stored = Source(slug: "lahey2008", type: "report", issued: PartialDate(year: 2008), contributors: [Contributor(family: "Lahey", given: "Joanna")])
        let knowledgeBase = try Self.knowledgeBase(with: [stored])
        let sameWork = "@techreport{lahey2008,\n  author = {Lahey, Joanna},\n  year = {2008}\n}\n"
        let otherAuthor = "@techreport{lahey2008,\n  author = {Lahey, Joanna and Other, Ann},\n  year = {2009}\n}\n"
        let dry = ImportOptions(dryRun: true)
        let same = try Importer(knowledgeBase).run([ImportInput(name: "a.bib", bytes: Array(sameWork.utf8))], options: dry)
        #expect(same.byKind["source"]?.added ?? 0 == 0 && same.matchedExisting == 1, "\(same.byKind)")
        let other = try Importer(knowledgeBase).run([ImportInput(name: "b.bib", bytes: Array(otherAuthor.utf8))], options: dry)
        #expect(other.byKind["source"]?.added == 1, "\(other.byKind)")
        // Agreeing is not saying the same: a record that leaves out the year conflicts with
        // nothing stored, yet it is not the source's export, so the id alone does not match it.
        let noYear = "@techreport{lahey2008,\n  author = {Lahey, Joanna}\n}\n"
        let less = try Importer(knowledgeBase).run([ImportInput(name: "c.bib", bytes: Array(noYear.utf8))], options: dry)
        #expect(less.byKind["source"]?.added == 1 && less.matchedExisting == 0, "\(less.byKind)")
    }

    /// The property holds for the generated data only if the generator reaches the hard cases.
    @Test func theGeneratorReachesTheHardCases() {
        var generator = SourceGenerator(seed: 1)
        let sources = generator.sources(300)
        #expect(sources.contains { $0.title == nil })
        #expect(sources.contains { $0.issued == nil })
        #expect(sources.contains { $0.contributors.contains(where: \.isOrganisation) })
        #expect(sources.contains { $0.contributors.contains { $0.particle != nil } })
        #expect(sources.contains { ($0.title ?? "").contains("{") && ($0.title ?? "").contains("%") })
        #expect(sources.contains { $0.contributors.contains { ($0.family ?? "").unicodeScalars.contains { $0.value > 0x7F } } })
    }
}
