import Testing
@testable import KBCommandLine

/// `--name=` with nothing after `=` is found before the argument parser reads it as `--name`
/// followed by the next word (``EmptyAttachedValue``).
struct EmptyAttachedValueTests {
    @Test func findsTheFirstEmptyAttachedValue() {
        #expect(EmptyAttachedValue.first(in: ["--db=", "stats"]) == EmptyAttachedValue(option: "--db"))
        #expect(EmptyAttachedValue.first(in: ["stats", "--db="]) == EmptyAttachedValue(option: "--db"))
        #expect(EmptyAttachedValue.first(in: ["query", "claims", "--format=", "--db="]) == EmptyAttachedValue(option: "--format"))
        #expect(EmptyAttachedValue.first(in: ["query", "claims", "--explain="]) == EmptyAttachedValue(option: "--explain"))
    }

    @Test(arguments: [["--db=x.sqlite", "stats"], ["query", "claims where n >= 5"], ["--db", "", "stats"], ["query", "--", "--db="],
                      ["--a=b=", "stats"], ["--=", "stats"], ["-x=", "stats"], ["edit", "a", "doi="], []])
    func leavesEveryOtherWordAlone(_ words: [String]) {
        #expect(EmptyAttachedValue.first(in: words) == nil, "\(words)")
    }

    @Test func namesTheOption() {
        #expect(EmptyAttachedValue(option: "--db").error.description.contains("'--db=' is empty"))
    }
}
