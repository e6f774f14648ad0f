import Testing
@testable import KBFormats

/// `ResultRenderer.fixed` writes every score, effect and strength people read (tables, Markdown,
/// kb serve's "why"); a penalty between -1 and 0 once lost its sign and read as a bonus.
@Suite struct FixedNumberTests {
    @Test(arguments: [
        (0.1, "0.100"), (-0.1, "-0.100"), (-0.0004, "0.000"), (-1.5, "-1.500"),
        (2.25, "2.250"), (-0.683, "-0.683"), (0, "0.000"), (12.0004, "12.000"),
    ])
    func threeDecimalsWithTheSign(value: Double, expected: String) {
        #expect(ResultRenderer.fixed(value) == expected)
    }
}
