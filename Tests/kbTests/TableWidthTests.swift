import Testing
@testable import KBCommandLine

/// One rule for the width of every table (``TableWidth``): `$COLUMNS` from 1 wins, even below the
/// narrowest a table can be drawn; a `$COLUMNS` that is not a width is said, not silently replaced.
struct TableWidthTests {
    @Test(arguments: [("80", 80), ("40", 40), ("20", 20), ("15", 15), ("1", 1), (" 60 ", 60), ("+90", 90),
                            ("\t72\t", 72), ("\u{00A0}50\u{2003}", 50)])
    func columnsFromOneWin(_ columns: String, _ width: Int) {
        let resolved = TableWidth.resolve(columns: columns, terminal: 200)
        #expect(resolved == TableWidth(columns: width, origin: .environment))
        #expect(resolved.warning == nil)
    }

    @Test(arguments: ["abc", "0", "-5", "80x", "1e3", "\n80", "8 0"])
    func aColumnsThatIsNotAWidthIsIgnoredAndSaid(_ columns: String) throws {
        let onTerminal = TableWidth.resolve(columns: columns, terminal: 90)
        #expect(onTerminal == TableWidth(columns: 90, origin: .terminal, ignoredColumns: columns))
        let offTerminal = TableWidth.resolve(columns: columns, terminal: nil)
        #expect(offTerminal == TableWidth(columns: 120, origin: .standard, ignoredColumns: columns))
        let warning = try #require(offTerminal.warning)
        #expect(warning.contains("COLUMNS='\(columns)'") && warning.contains("120"), "\(warning)")
    }

    @Test func withoutColumnsTheTerminalThenTheStandardWidth() {
        #expect(TableWidth.resolve(columns: nil, terminal: 100) == TableWidth(columns: 100, origin: .terminal))
        #expect(TableWidth.resolve(columns: "", terminal: 100) == TableWidth(columns: 100, origin: .terminal))
        #expect(TableWidth.resolve(columns: nil, terminal: 12) == TableWidth(columns: 12, origin: .terminal))
        #expect(TableWidth.resolve(columns: nil, terminal: 0) == TableWidth(columns: 120, origin: .standard))
        #expect(TableWidth.resolve(columns: nil, terminal: nil) == TableWidth(columns: 120, origin: .standard))
    }
}
