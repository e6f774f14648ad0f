/// Text bound for a terminal with its control characters made visible: an imported title that
/// carries an escape sequence (`ESC ] 52 ; …` writes the clipboard, `ESC [ 8 m` hides what
/// follows, a carriage return overwrites the line) would otherwise act on the analyst's terminal
/// when a table or a message shows it. C0 controls and DEL are written in caret notation (`^[`,
/// `^M`, `^?`), C1 controls (U+0080–U+009F) as U+FFFD; a tab, a line feed and a carriage return
/// before one (a CSV row's end) stay as they are.
/// Only what is written to a terminal is changed: JSON, CSV and the rest keep the data as it is
/// when they go to a file or a pipe.
public enum TerminalText {
    /// `bytes` (UTF-8) with its control characters made visible; the same bytes when it has none.
    public static func neutralized(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: isSuspect) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x09 || byte == 0x0A || (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                out.append(byte)
            } else if byte < 0x20 {
                out.append(contentsOf: [UInt8(ascii: "^"), byte + 0x40])
            } else if byte == 0x7F {
                out.append(contentsOf: [UInt8(ascii: "^"), UInt8(ascii: "?")])
            } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// `text` with its control characters made visible (``neutralized(_:)``).
    public static func neutralized(_ text: String) -> String {
        guard text.utf8.contains(where: isSuspect) else { return text }
        return String(decoding: neutralized(Array(text.utf8)), as: UTF8.self)
    }

    /// A byte that may start a control character: C0 but tab and line feed, DEL, and 0xC2 (the
    /// lead byte of U+0080–U+00BF, looked at closely only then).
    private static func isSuspect(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A) || byte == 0x7F || byte == 0xC2
    }
}
