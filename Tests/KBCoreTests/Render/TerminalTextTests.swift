import Testing
@testable import KBDomain

/// Text bound for a terminal shows its control characters instead of obeying them.
struct TerminalTextTests {
    @Test func controlCharactersAreShownAndTheRestIsKept() {
        let cases: [(String, String)] = [
            ("a\u{1B}]52;c;aGk=\u{07}b", "a^[]52;c;aGk=^Gb"),
            ("hidden \u{1B}[8mtext\u{1B}[0m", "hidden ^[[8mtext^[[0m"),
            ("over\rwrite", "over^Mwrite"),
            ("a,b\r\nc,d\r\n", "a,b\r\nc,d\r\n"),
            ("end\r", "end^M"),
            ("del\u{7F}", "del^?"),
            ("next\u{85}line \u{9B}31m", "next\u{FFFD}line \u{FFFD}31m"),
            ("tab\tand\nline", "tab\tand\nline"),
            ("Zoë, naïve, \u{A0}nbsp, 漢字, 👩‍💻", "Zoë, naïve, \u{A0}nbsp, 漢字, 👩‍💻"),
            ("nul\u{0}", "nul^@"),
        ]
        for (text, shown) in cases {
            #expect(TerminalText.neutralized(text) == shown, "\(text.debugDescription)")
            #expect(TerminalText.neutralized(Array(text.utf8)) == Array(shown.utf8), "\(text.debugDescription)")
        }
    }
}
