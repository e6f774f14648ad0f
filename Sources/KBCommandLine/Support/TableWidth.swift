import Foundation

/// The width tables are fitted to, and where it came from; one rule for every command.
///
/// `$COLUMNS`, when it is a whole number from 1, wins (a script or a test chooses its width);
/// else the terminal's width; else 120. A width narrower than a table can be drawn gives that
/// table at its narrowest (``TextTable``: its wrapping columns stop shrinking at 6 characters),
/// not a 120-wide one: `COLUMNS=15` asks for the narrowest table, and gets it. An empty `$COLUMNS`
/// counts as unset; one that is set but not a width (`abc`, `0`, `-5`) is ignored and said once
/// on stderr, as GNU `ls` does, rather than silently replaced.
struct TableWidth: Equatable {
    enum Origin: Equatable {
        /// `$COLUMNS`.
        case environment
        /// The terminal standard output writes to.
        case terminal
        /// Neither: ``standard``.
        case standard
    }

    var columns: Int
    var origin: Origin
    /// `$COLUMNS` as given, when it was set but is not a width.
    var ignoredColumns: String?

    /// The width when neither `$COLUMNS` nor a terminal gives one.
    static let standard = 120

    /// The width from `$COLUMNS` (`columns`) and the terminal's width in characters (`terminal`;
    /// nil or 0 when standard output is not a terminal or the terminal does not say).
    static func resolve(columns: String?, terminal: Int?) -> TableWidth {
        var ignored: String?
        if let columns, !columns.isEmpty {
            if let number = Int(Self.trimmed(columns)), number >= 1 {
                return TableWidth(columns: number, origin: .environment)
            }
            ignored = columns
        }
        if let terminal, terminal >= 1 { return TableWidth(columns: terminal, origin: .terminal, ignoredColumns: ignored) }
        return TableWidth(columns: standard, origin: .standard, ignoredColumns: ignored)
    }

    /// `text` without the spaces and tabs around it. (Not Foundation's `trimmingCharacters`,
    /// which goes through `NSString` and its UTF-16 views: six first uses of generic types,
    /// each a scan of the Swift runtime's conformance records, 2.3 M instructions in a query
    /// that runs in 80 M.)
    static func trimmed(_ text: String) -> Substring {
        // What `CharacterSet.whitespaces` holds: the tab and the space separators (Zs).
        let blank: (Character) -> Bool = { character in
            character.unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
        }
        var trimmed = Substring(text)
        while let first = trimmed.first, blank(first) { trimmed.removeFirst() }
        while let last = trimmed.last, blank(last) { trimmed.removeLast() }
        return trimmed
    }

    /// What kb says on stderr about an ignored `$COLUMNS`, if anything.
    var warning: String? {
        ignoredColumns.map { "ignoring COLUMNS='\($0)': not a width (a whole number from 1); tables are \(columns) characters wide" }
    }
}
