/// Text with italic, bold, superscript and subscript runs, rendered as plain text or Markdown.
public struct StyledText: Sendable, Equatable {
    public enum Run: Sendable, Equatable {
        case plain(String)
        case italic(String)
        case bold(String)
        case superscript(String)
        case `subscript`(String)

        var text: String {
            switch self {
            case let .plain(text), let .italic(text), let .bold(text), let .superscript(text), let .subscript(text): text
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

    /// A title that may hold CSL rich text (``RichText``), set in italics (`italic`) or not. Inner
    /// `<i>` flips the surrounding style, as CSL's flip-flop rule does: a species name in an
    /// italic title is set in roman. Small caps and `nocase` have no form in APA's plain text or
    /// Markdown: their text is kept as it is.
    static func title(_ text: String, italic: Bool) -> StyledText {
        guard RichText.hasMarkup(text) else { return italic ? .italic(text) : .plain(text) }
        return StyledText(RichText.segments(text).map { segment in
            if segment.styles.contains(.superscript) { return .superscript(segment.text) }
            if segment.styles.contains(.subscript) { return .subscript(segment.text) }
            if segment.styles.contains(.bold) { return .bold(segment.text) }
            return italic != segment.styles.contains(.italic) ? .italic(segment.text) : .plain(segment.text)
        })
    }

    public var isEmpty: Bool { runs.allSatisfy { $0.text.isEmpty } }

    public var plainText: String {
        runs.map(\.text).joined()
    }

    /// Markdown: italic runs in `*…*`, bold in `**…**`, superscript and subscript as the HTML
    /// Markdown allows (`<sup>…</sup>`), with Markdown's special characters escaped.
    public var markdown: String {
        runs.map { run in
            switch run {
            case let .plain(text): Self.escapeMarkdown(text)
            case let .italic(text): Self.emphasis(text, "*")
            case let .bold(text): Self.emphasis(text, "**")
            case let .superscript(text): text.isEmpty ? "" : "<sup>" + Self.escapeMarkdown(text) + "</sup>"
            case let .subscript(text): text.isEmpty ? "" : "<sub>" + Self.escapeMarkdown(text) + "</sub>"
            }
        }.joined()
    }

    /// `*text*`, with white space at either end kept outside the markers: Markdown does not
    /// read `*but *` as emphasis.
    static func emphasis(_ text: String, _ marker: String) -> String {
        let core = text.trimmingCharacters(in: .whitespaces)
        guard !core.isEmpty else { return text }
        let leading = String(text.prefix { $0 == " " })
        let trailing = String(text.reversed().prefix { $0 == " " })
        return leading + marker + escapeMarkdown(core) + marker + trailing
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

/// The rich text CSL-JSON allows in titles (CSL-JSON schema, "Rich text"): `<i>`, `<b>`,
/// `<sup>`, `<sub>`, `<span style="font-variant:small-caps;">` and `<span class="nocase">`, plus
/// Crossref's JATS `<scp>` (small caps), which reaches kb through Crossref's titles. Only these
/// exact tags are markup; any other `<` is text ("a < b"). Each export writes the markup in its
/// own format's way (``StyledText/title(_:italic:)``, ``BibTeXWriter``, ``cslJSON(_:)``), or
/// drops the tags and keeps the text (``plain(_:)``, RIS and APA's plain text).
package enum RichText {
    package enum Style: Hashable { case italic, bold, smallCaps, superscript, `subscript`, noCase }

    package struct Segment: Equatable {
        package var text: String
        package var styles: Set<Style>
    }

    static let smallCapsSpan = "<span style=\"font-variant:small-caps;\">"
    static let openings: [(String, Style)] = [("<i>", .italic), ("<b>", .bold), ("<sup>", .superscript), ("<sub>", .subscript),
                                              ("<scp>", .smallCaps), (smallCapsSpan, .smallCaps), ("<span class=\"nocase\">", .noCase)]
    static let closings: [(String, Set<Style>)] = [("</i>", [.italic]), ("</b>", [.bold]), ("</sup>", [.superscript]), ("</sub>", [.subscript]),
                                                   ("</scp>", [.smallCaps]), ("</span>", [.smallCaps, .noCase])]

    package static func hasMarkup(_ text: String) -> Bool {
        text.utf8.contains(0x3C) && segments(text).contains { !$0.styles.isEmpty }
    }

    /// The text split where its styles change. A closing tag without its opening tag is text.
    package static func segments(_ text: String) -> [Segment] {
        guard text.utf8.contains(0x3C) else { return [Segment(text: text, styles: [])] }
        var segments: [Segment] = []
        var open: [Style] = []
        var current = ""
        var rest = Substring(text)
        func flush() {
            if !current.isEmpty { segments.append(Segment(text: current, styles: Set(open))) }
            current = ""
        }
        while let first = rest.first {
            if first == "<" {
                if let (tag, style) = openings.first(where: { rest.hasPrefix($0.0) }) {
                    flush()
                    open.append(style)
                    rest = rest.dropFirst(tag.count)
                    continue
                }
                if let (tag, styles) = closings.first(where: { rest.hasPrefix($0.0) }), let index = open.lastIndex(where: { styles.contains($0) }) {
                    flush()
                    open.remove(at: index)
                    rest = rest.dropFirst(tag.count)
                    continue
                }
            }
            current.append(first)
            rest = rest.dropFirst()
        }
        flush()
        return segments
    }

    /// The text without its markup.
    package static func plain(_ text: String) -> String {
        guard text.utf8.contains(0x3C) else { return text }
        return segments(text).map(\.text).joined()
    }

    /// The markup as CSL-JSON defines it: Crossref's `<scp>` becomes the small-caps span.
    package static func cslJSON(_ text: String) -> String {
        guard text.contains("<scp>") else { return text }
        return text.replacingOccurrences(of: "<scp>", with: smallCapsSpan).replacingOccurrences(of: "</scp>", with: "</span>")
    }
}

import Foundation
