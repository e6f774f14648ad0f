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
