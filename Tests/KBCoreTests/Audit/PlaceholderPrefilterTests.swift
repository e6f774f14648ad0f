import Testing
@testable import KBDomain

/// `PlaceholderScanner.mayStartHole` lets the scanner skip every scalar no hole can start at;
/// it must never skip one that can.
struct PlaceholderPrefilterTests {
    @Test func everyScalarAHoleCanStartAtPassesTheFilter() {
        let starts = PlaceholderScanner.magnitudes.union(PlaceholderScanner.dashes).union(PlaceholderScanner.currencies)
            .union(".,;:%)=".unicodeScalars)
        for scalar in starts { #expect(PlaceholderScanner.mayStartHole(scalar), "\(scalar)") }
        for scalar in "acdefghijlnopqrstuvwxyz ACDEFGHIJLNOPQRSTUVWXYZ0123456789(\"'!?".unicodeScalars {
            #expect(!PlaceholderScanner.mayStartHole(scalar), "\(scalar)")
        }
    }

    /// At every position of a mixed text (holes, near-holes, words with k, m and b), a scalar the
    /// filter rejects never starts a hole.
    @Test func noHoleStartsWhereTheFilterSaysNone() {
        let texts = ["Salary band: k–k in USA.", "pay between $k-$k a year", "B = . 17, p < .001", "the sample (n = ) was small",
                     "raised wages by % in two years", "Typically requires – weeks to go", "€ , and £ per hour", "bm-km m—M 3k–5k",
                     "improvement of mobile banking by remote workers − days", "n = ; above ."]
        var holes = 0
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            for index in scalars.indices where PlaceholderScanner.hole(at: index, in: scalars) != nil {
                holes += 1
                #expect(PlaceholderScanner.mayStartHole(scalars[index]), "\(text) at \(index)")
            }
        }
        #expect(holes >= 10)
    }
}
