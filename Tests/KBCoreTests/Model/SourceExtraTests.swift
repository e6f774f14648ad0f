import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// `Source.extra` keeps CSL variables as the file wrote them: a number stays a number and a
/// flag a flag through decoding and encoding again.
struct SourceExtraTests {
    @Test func numbersAndFlagsSurviveARoundTrip() throws {
        let written = #"{"edition":1,"kb-authors-incomplete":true,"number-of-pages":0,"version":2.5,"volume-title":"x"}"#
        #expect(SourceExtra.encode(SourceExtra.decode(written)) == written)
    }

    @Test func aCSLJSONEditionOfOneIsNotTrue() throws {
        let item = #"[{"id": "a", "type": "book", "title": "T", "edition": 1}]"#
        let batch = try CSLJSONReader.read(SourceText(name: "a.json", bytes: Array(item.utf8)), skipInvalid: false)
        let extra = try #require(batch.sources.first?.source.extra)
        #expect(extra == #"{"edition":1}"#)
    }
}

struct CatalogListingTests {
    @Test func everyListingIsFoundByItsNameAndKindsByTheirSingular() {
        for listing in Catalog.Listing.all { #expect(Catalog.Listing(listing.name) == listing) }
        #expect(Catalog.Listing("role") == .entities(.role))
        #expect(Catalog.Listing("roles") == .entities(.role))
        #expect(Catalog.Listing("nonsense") == nil)
        #expect(Catalog.listable.contains("queries"))
    }
}
