import Testing
@testable import KBProse

/// Each citation form a page writes.
struct CitationReaderTests {
    @Test func authorYearForms() throws {
        let amp = CitationReader.citations(in: "First, Noy & Zhang, Science 381(6654) reports the following")
        #expect(amp.count == 1)
        #expect(amp.first?.names == ["Noy", "Zhang"])
        #expect(amp.first?.volume == "381" && amp.first?.issue == "6654")
        #expect(amp.first?.column == 8)

        let and = try #require(CitationReader.citations(in: "Noy and Zhang (2023) found").first)
        #expect(and.names == ["Noy", "Zhang"] && and.year == 2023 && and.isDefinite)

        let parenthesised = try #require(CitationReader.citations(in: "writers. (2023, Noy & Zhang, Science 381(6654) — https://www.science.org/doi/10.1126/science.adh2586).")
            .first { $0.form == .authorYear })
        #expect(parenthesised.year == 2023 && parenthesised.names.prefix(2) == ["Noy", "Zhang"])
        #expect(parenthesised.volume == "381" && parenthesised.issue == "6654")

        let dot = try #require(CitationReader.citations(in: "Indeed Hiring Lab AI at Work 2025 · 2025").first)
        #expect(dot.year == 2025 && dot.names == ["Indeed Hiring Lab AI at Work 2025"])

        let etAl = try #require(CitationReader.citations(in: "Smith et al. (2020) report").first)
        #expect(etAl.names == ["Smith"] && etAl.year == 2020)
    }

    @Test func doisAndURLs() throws {
        let line = "(https://www.science.org/doi/10.1126/science.adh2586). Also doi:10.1037/apl0000001."
        let found = CitationReader.citations(in: line)
        #expect(found.map(\.form) == [.url, .doi])
        #expect(found[0].doi == "10.1126/science.adh2586")
        #expect(found[0].url == "https://www.science.org/doi/10.1126/science.adh2586")
        #expect(found[1].doi == "10.1037/apl0000001")
    }

    @Test func referenceLists() {
        #expect(CitationReader.isReferenceHeading("References"))
        #expect(CitationReader.isReferenceHeading("## References"))
        #expect(!CitationReader.isReferenceHeading("References to the literature follow"))
        #expect(CitationReader.referenceEntry("  1. Noy & Zhang")?.number == 1)
        #expect(CitationReader.referenceEntry("[12] Smith")?.number == 12)
        #expect(CitationReader.referenceEntry("2030: +170M") == nil)
    }

    @Test func aYearAloneIsNoCitation() {
        #expect(CitationReader.citations(in: "by 2030 the roles change").isEmpty)
    }

    /// Trial 11, bug 1: the phrase a sentence opens with ("In the UK,", "In Greece,") is not
    /// the citation's first author; a real first author stays.
    @Test func aSentencesOpeningPhraseIsNoAuthor() throws {
        for (line, text) in [("In the UK, Drydakis et al. (2017) found a ratio of 0.5.", "Drydakis et al. (2017)"),
                             ("In Greece, Drydakis et al. (2017) found a ratio of 0.5.", "Drydakis et al. (2017)"),
                             ("Across the US, Drydakis et al. (2017) found it.", "Drydakis et al. (2017)")] {
            let citation = try #require(CitationReader.citations(in: line).first { $0.form == .authorYear }, "\(line)")
            #expect(citation.names == ["Drydakis"], "\(line): \(citation.names)")
            #expect(citation.text == text, "\(line): \(citation.text)")
            #expect(citation.column == line.distance(from: line.startIndex, to: try #require(line.range(of: text)).lowerBound) + 1)
        }
        let authors = try #require(CitationReader.citations(in: "England, Lee and Park (2010) found it.").first { $0.form == .authorYear })
        #expect(authors.names == ["England", "Lee", "Park"])
    }
}
