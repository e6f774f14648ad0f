import Foundation

/// A curation conflict (409) in the words of the web: the library words its conflicts for the
/// command line ("retry with --if-version 3", "kb undo 12 --force"), which a client of the API or
/// a form cannot follow. Each remedy becomes the write API's own field or parameter
/// (`if_version`, `cascade`, `force`; README, "Serving"), the rest of the message — what
/// conflicts with what, who changed it when — stays as the library says it.
enum ConflictWording {
    /// Replacements, most specific first; the last ones catch a flag or command the specific ones
    /// missed (a new message in the library), so no CLI wording reaches a client.
    static let replacements: [(pattern: String, template: String)] = [
        (#"read it again \(kb show [^)]*\) and retry with --if-version (\d+)"#, #"read it again and retry with "if_version": $1"#),
        (#"use --cascade to remove them too"#, #"remove with cascade=yes to remove them too"#),
        (#"kb undo (\d+) --force to restore it anyway"#, #"undo change $1 with "force": true to restore it anyway"#),
        (#"\(kb remove, kb undo of their changes\)"#, "(remove them, or undo their changes)"),
        (#"restored by kb undo"#, "restored by an undo"),
        (#" \(kb init\)"#, ""),
        (#"stays in kb log"#, "stays in the change log"),
        (#"--if-version"#, #""if_version""#),
        (#"--cascade"#, "cascade=yes"),
        (#"--force"#, #""force": true"#),
        (#"\(kb [a-z]+[^)]*\)"#, ""),
        (#"\bkb (undo|remove|edit|add|link|notice|init|show)\b"#, "$1"),
    ]

    /// For the undo form: its remedy is the "Undo anyway" button shown under the message.
    static func form(_ message: String) -> String {
        message.replacingOccurrences(of: #"kb undo (\d+) --force to restore it anyway"#, with: "use the button below to restore it anyway",
                                     options: .regularExpression)
            .replacingOccurrences(of: #"kb undo (\d+) --force"#, with: "undo change $1 anyway (the button below)", options: .regularExpression)
            .replacingOccurrences(of: "--force", with: "undo anyway (the button below)")
            .applyingAPI()
    }

    /// For the remove form: its remedies are the form shown again under the message, carrying the
    /// current version, and its "with what depends on it" box.
    static func removeForm(_ message: String) -> String {
        message.replacingOccurrences(of: #"read it again \(kb show [^)]*\) and retry with --if-version (\d+)"#,
                                     with: "read it again, or remove it as it is now (version $1) with the form below", options: .regularExpression)
            .replacingOccurrences(of: "use --cascade to remove them too", with: "tick \u{201C}with what depends on it\u{201D} below to remove them too")
            .applyingAPI()
    }

    static func api(_ message: String) -> String {
        replacements.reduce(message) { text, replacement in
            text.replacingOccurrences(of: replacement.pattern, with: replacement.template, options: .regularExpression)
        }
    }
}

private extension String {
    func applyingAPI() -> String { ConflictWording.api(self) }
}
