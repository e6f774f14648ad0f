import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

struct LexerTests {
    func kinds(_ text: String) throws -> [Token.Kind] {
        try Lexer(text).tokenize().map(\.kind)
    }

    @Test func wordsNumbersOperatorsAndStrings() throws {
        #expect(try kinds("claims for ml-platform-engineer where n>=400 and \"writing\"") == [
            .word("claims"), .word("for"), .word("ml-platform-engineer"), .word("where"), .word("n"), .op(.greaterOrEqual),
            .number(400), .word("and"), .string("writing"), .end,
        ])
    }

    @Test(arguments: [("=", ComparisonOperator.equal), ("==", .equal), ("!=", .notEqual), ("<>", .notEqual), ("<", .less),
                      ("<=", .lessOrEqual), (">", .greater), (">=", .greaterOrEqual)])
    func operators(text: String, op: ComparisonOperator) throws {
        #expect(try kinds("n\(text)1") == [.word("n"), .op(op), .number(1), .end])
    }

    @Test func numbersAreOnlyWholeNumericWords() throws {
        #expect(try kinds("-40 +18 0.5 10.1126/science.adh2586 2030-forecast") == [
            .number(-40), .number(18), .number(0.5), .word("10.1126/science.adh2586"), .word("2030-forecast"), .end,
        ])
    }

    @Test func stringsUnescapeQuotesAndBackslashes() throws {
        #expect(try kinds(#"'it\'s' "a \"b\" \\ c""#) == [.string("it's"), .string(#"a "b" \ c"#), .end])
    }

    @Test func rangesAreCharacterOffsets() throws {
        let tokens = try Lexer("claims where cohort=älter").tokenize()
        #expect(tokens.map(\.range) == [0..<6, 7..<12, 13..<19, 19..<20, 20..<25, 25..<25])
    }

    @Test func unterminatedStringPointsAtItsQuote() {
        #expect(throws: Diagnostic.self) { try Lexer("claims where \"writing").tokenize() }
        do {
            _ = try Lexer("claims where \"writing").tokenize()
        } catch let error as Diagnostic {
            #expect(error.id == "query.unterminated-string")
            #expect(error.location.range == 13..<14)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func strayCharacterIsAnError() throws {
        do {
            _ = try Lexer("claims where n ; drop table claim").tokenize()
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.id == "query.unexpected-character")
            #expect(error.location.range == 15..<16)
        }
    }
}

extension LexerTests {
    @Test func typographicQuotesAreStrings() throws {
        #expect(try kinds("claims where “writing time” and ‘quality’") == [
            .word("claims"), .word("where"), .string("writing time"), .word("and"), .string("quality"), .end,
        ])
    }
}
