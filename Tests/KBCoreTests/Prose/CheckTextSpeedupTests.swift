import Foundation
import Testing
@testable import KBProse

/// The text helpers that replaced Foundation's on `kb check`'s hot paths (issue 17: a
/// 10,000-word page against a million claims within a second) give Foundation's answers.
struct CheckTextSpeedupTests {
    static let samples = ["", " ", "\t", "  \t ", "plain", " lead", "trail ", "\tboth\t", "\u{A0}no-break\u{A0}", "\u{3000}ideographic\u{2003}",
                          "line\n", "\nline", "\u{2028}sep", " e\u{301} ", " \u{301}combining", "References", "## References:", "  **Sources** ",
                          "café résumé", " 🙂 ", "\u{200B}zero-width\u{200B}", "\u{202F}narrow\u{205F}", "\u{1680}ogham\u{180E}"]

    @Test func spacesAreTrimmedAsFoundationTrimsThem() {
        for text in Self.samples {
            let foundation = text.trimmingCharacters(in: .whitespaces)
            #expect(text.trimmingSpaces == foundation, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(Substring(text).trimmingSpaces == foundation)
            #expect(text.isBlankLine == foundation.isEmpty)
            let marks = CharacterSet(charactersIn: "#*: ")
            #expect(Substring(text).trimmingScalars { "#*: ".unicodeScalars.contains($0) } == text.trimmingCharacters(in: marks))
        }
    }

    @Test func theSpacesAreFoundationsWhitespaceSet() {
        // Every scalar of the Basic Multilingual Plane, as a text of its own.
        let differing = (0...0xFFFF).compactMap { Unicode.Scalar($0) }.filter { scalar in
            scalar.isHorizontalSpace != String(Character(scalar)).trimmingCharacters(in: .whitespaces).isEmpty
        }
        #expect(differing.isEmpty, "\(differing.map { String($0.value, radix: 16) })")
    }

    @Test func aReferenceHeadingIsReadWithItsMarks() {
        #expect(CitationReader.isReferenceHeading("## References"))
        #expect(CitationReader.isReferenceHeading("  **Works cited:** "))
        #expect(!CitationReader.isReferenceHeading("References to earlier work"))
    }

    @Test func aCitationFormIsSkippedOnlyOnALineItCannotMatch() {
        let lines = ["Noy and Zhang (2023) found ChatGPT cut writing time by 40%.", "(Smith et al., 2020)", "Noy & Zhang, Science 381(6654) · 2023",
                     "(2023, Noy & Zhang, Science 381(6654) — https://doi.org/10.1126/science.adh2586)", "Noy & Zhang, Science 381(6654)",
                     "(WEF 2025) and (Indeed, 2025)", "(neumark, n.d.) and (Smith & Chen, n. d.)", "World Economic Forum Future of Jobs Report 2025",
                     "Indeed Hiring Lab AI at Work 2025 · 2025", "No citation at all here.", "Lee, Park, and Kim (1999) · ＆ 2023"]
        let forms = [CitationReader.undated, CitationReader.yearThenNames, CitationReader.namesDotYear, CitationReader.namesThenYear,
                     CitationReader.twoAuthors, CitationReader.parenthesised, CitationReader.runThenYear]
        var skipped = 0
        for line in lines {
            let literals = CitationReader.FormLiterals(line)
            for form in forms {
                let matches = form?.firstMatch(in: line, range: NSRange(location: 0, length: (line as NSString).length)) != nil
                if matches { #expect(literals.mayMatch(form), "\(line)") }
                if !literals.mayMatch(form) { skipped += 1 }
            }
        }
        #expect(skipped > 0)
        #expect(!CitationReader.FormLiterals("No citation at all here.").mayMatch(CitationReader.namesThenYear))
        #expect(!CitationReader.FormLiterals("Noy and Zhang (2023)").mayMatch(CitationReader.twoAuthors))
    }

    @Test func aLeadPatternAnswersAsItsRegularExpression() {
        let text = """
            See Figure 3.2, Table 2.1 and Fig. 4; Section 4.3, Web 2.0, p. 12, pp. 187–192, page 3, Pages 4, PP 5, \
            APPENDIX 2, eqs. 7, Science 381(6654), 187–192 and (Noy & Zhang, 2023), 90%; 12(3) , 45 — café p. 7, \
            Stage\t2, tab\n3, ſtep 4, KB 5, step5 6, homepage 7, figure.. 8, figure . 9; p < .05, p = .003, a p-value of .03, \
            p value was .2, alpha = .05, α of .05, CI .2, pof .4, significance level .01, P<0.001, this is 0.9; \
            52 callbacks from 2052, 28 of 281, 28 out of 281, 21 callbacks came from 55, 11 from 67 and 3 teams; \
            191 of the 1,902 from\u{A0}3427, 7 OF 9, 40 per cent
            """
        let chars = Array(text)
        let leads: [(filtered: ProsePattern, plain: ProsePattern)] = [
            (NumberReader.labelLeadPattern, ProsePattern(NumberReader.labelLead, caseInsensitive: true)),
            (NumberReader.pageLead, ProsePattern(#"(?:^|[^\p{L}])(?:p|pp|page|pages)\.?\s*$"#)),
            (NumberReader.issueLead, ProsePattern(#"\d\([^()\s]+\)\s*,\s*$"#)),
            (NumberReader.countBefore, ProsePattern(#"\d[\d,]* +(?:[\p{L}-]+ +){0,2}(?:from|out +of|of) +$"#)),
            (NumberReader.statisticLead, ProsePattern(#"(?:^|[^\p{L}])(?:p(?:[- ]?values?)?|alpha|α|significance(?: level)?|ci)\s*(?:[<>=≤≥]|of|was|is|were|at|below|under)?\s*$"#,
                                                      caseInsensitive: true)),
        ]
        let after = (filtered: NumberReader.baseAfter, plain: ProsePattern(#"^ +(?:[\p{L}-]+ +){0,2}(?:from|out +of|of) +\d[\d,]*"#))
        var matched = 0
        func same(_ pattern: (filtered: ProsePattern, plain: ProsePattern), _ text: String) {
            #expect(pattern.filtered.matches(text) == pattern.plain.matches(text), "\(text)")
            #expect(pattern.filtered.firstMatch(in: text) == pattern.plain.firstMatch(in: text), "\(text)")
            if pattern.plain.matches(text) { matched += 1 }
        }
        for end in chars.indices {
            for width in [7, 12, 20, 24, 40] {
                for pattern in leads { same(pattern, String(chars[max(0, end - width)..<end])) }
            }
            same(after, String(chars[end..<min(chars.count, end + 40)]))
        }
        #expect(matched > 100)
    }

    @Test func aSearchFindsWhatFoundationFinds() {
        let texts = ["chatgpt cut writing time by 40% in a trial", "the café's résumé screening cut callbacks", "a\u{301}bc abc", "k\u{212A} kelvin"]
        let parts = ["writing time", "cut", "40% in a trial", "absent", "résumé", "abc", "\u{E1}bc", "kk", "k", "", "a trial longer than the text itself"]
        for text in texts {
            for part in parts {
                let foundation = text.range(of: part).map { text.distance(from: text.startIndex, to: $0.lowerBound) }
                #expect(PlainText.offset(of: part, in: text) == foundation, "\(part) in \(text)")
            }
        }
    }

    @Test func aTextOfASCIIWithoutALongDecimalIsLeftAsItIs() {
        #expect(!FloatArtefacts.mayHoldArtefact("rose 10.8% from 945.99 of 11000 (2023)."))
        #expect(!FloatArtefacts.mayHoldArtefact("a ratio of 0.849411594"))
        #expect(FloatArtefacts.mayHoldArtefact("a ratio of 0.8494115949"))
        #expect(FloatArtefacts.mayHoldArtefact("café"))
        // Digits of another script are `\d` too: such a text goes to the regular expression.
        #expect(FloatArtefacts.tidied("got 312.99999999999994 callbacks in café") == "got 313 callbacks in café")
        #expect(FloatArtefacts.tidied("rose 10.8% from 945.99") == "rose 10.8% from 945.99")
    }
}
