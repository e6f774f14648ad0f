import Foundation
import KBCore
import KBDomain
import KBFormats
import KBProse
import Testing

/// Trial 20: what an analyst's pages showed (the works are real: the shared Lippens et al.
/// register's Neumark et al. (2019), DOI 10.1086/704008, by Neumark, Burn, Button and Chehras).
struct CheckTrial20Tests {
    /// The register's row of the work: its first author only, no title.
    static let knowledgeBase: KnowledgeBase = {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "neumark2019", issued: PartialDate(year: 2019), doi: "10.1086/704008", contributors: [Contributor(family: "Neumark", given: nil)]),
        ]
        return CheckTrial18Tests.loaded(dataset, "the trial 20 rows")
    }()

    func citations(_ text: String) throws -> [CheckFinding] {
        try KBService(Self.knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .citation }
    }

    @Test(arguments: [
        // B5: a register's label knows the first author only; the full list written out is that work.
        ("Neumark, Burn, Button and Chehras (2019) sent résumés to employers.", "neumark2019"),
        ("Neumark, Burn and Button (2019) sent résumés to employers.", "neumark2019"),
        ("Neumark et al. (2019) sent résumés to employers.", "neumark2019"),
        // Another first author is not its (the KB cannot tell the list is the same work's).
        ("Burn, Neumark and Button (2019) sent résumés to employers.", nil),
        ("Neumark, Burn and Button (2016) sent résumés to employers.", nil),
    ] as [(String, String?)])
    func aLabelsFirstAuthorWithTheFullListIsTheLabelsWork(page: String, source: String?) throws {
        let found = try citations(page)
        #expect(found.count == 1, "\(found)")
        if let source {
            #expect(found.first?.verdict == .supported && found.first?.source == source, "\(found)")
        } else {
            #expect(found.first?.verdict != .supported, "\(found)")
        }
    }
}
