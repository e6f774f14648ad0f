/// Text with italic runs, rendered as plain text or Markdown.
public struct StyledText: Sendable, Equatable {
    public enum Run: Sendable, Equatable {
        case plain(String)
        case italic(String)

        var text: String {
            switch self {
            case let .plain(text), let .italic(text): text
            }
        }
    }

    public var runs: [Run] = []

    public init(_ runs: [Run] = []) {
        self.runs = runs
    }

    public static func + (lhs: StyledText, rhs: StyledText) -> StyledText {
        StyledText(lhs.runs + rhs.runs)
    }

    public static func += (lhs: inout StyledText, rhs: StyledText) {
        lhs.runs += rhs.runs
    }

    public static func plain(_ text: String) -> StyledText { StyledText([.plain(text)]) }
    public static func italic(_ text: String) -> StyledText { StyledText([.italic(text)]) }

    public var isEmpty: Bool { runs.allSatisfy { $0.text.isEmpty } }

    public var plainText: String {
        runs.map { run in
            switch run {
            case let .plain(text), let .italic(text): text
            }
        }.joined()
    }

    /// Markdown: italic runs in `*…*`, with Markdown's special characters escaped in plain runs.
    public var markdown: String {
        runs.map { run in
            switch run {
            case let .plain(text): Self.escapeMarkdown(text)
            case let .italic(text): text.isEmpty ? "" : "*" + Self.escapeMarkdown(text) + "*"
            }
        }.joined()
    }

    /// The last character of the text, to decide whether a period is needed.
    var lastCharacter: Character? { runs.last { !$0.text.isEmpty }?.text.last }

    static func escapeMarkdown(_ text: String) -> String {
        // * _ ` [ ] \ — most text has none of them.
        guard text.utf8.contains(where: { $0 == 0x2A || $0 == 0x5F || $0 == 0x60 || $0 == 0x5B || $0 == 0x5D || $0 == 0x5C }) else { return text }
        var out = ""
        for character in text {
            if "*_`[]\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
