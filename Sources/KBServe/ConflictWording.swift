import Foundation
import KBCore

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

    /// For the API: each structured remedy in the API's own fields (review 13 m2: worded from the
    /// conflict's reason, not by rewriting the command line's sentence); any other conflict's
    /// message with its flags and commands replaced.
    static func api(_ conflict: CurationConflict) -> String {
        switch conflict.reason {
        case let .stale(current):
            conflict.situation + ": read it again and retry with \"if_version\": \(current)"
        case let .dependents(lines):
            // As many as the remove form names (review 16 m8: an API client learnt less).
            conflict.situation + " (" + lines.prefix(namedDependents).joined(separator: ", ")
                + (lines.count > namedDependents ? " and \(lines.count - namedDependents) more" : "")
                + "); remove them first, or remove with cascade=yes to remove them too"
        case let .overridden(change, by):
            conflict.situation + "; undo change \(by) first, or undo change \(change) with \"force\": true to restore it anyway"
        case .other:
            api(conflict.message)
        }
    }

    /// For the undo form, whose remedy is the "Undo anyway" button under the message; nil when
    /// the conflict is not an overriding change (the button would not help).
    static func undoForm(_ conflict: CurationConflict) -> String? {
        guard case let .overridden(_, by) = conflict.reason else { return nil }
        return conflict.situation + "; undo change \(by) first, or use the button below to restore it anyway"
    }

    /// The most dependents the remove form names; the rest are counted.
    static let namedDependents = 50

    /// For the remove form, whose remedies are the form shown again under the message, carrying
    /// the current version, and its "with what depends on it" box (left as the user sent it).
    static func removeForm(_ conflict: CurationConflict) -> String {
        switch conflict.reason {
        case let .stale(current):
            return conflict.situation + ": read it again, or remove it as it is now (version \(current)) with the form below"
        case let .dependents(lines):
            let named = lines.prefix(namedDependents).joined(separator: ", ")
            let more = lines.count > namedDependents ? " and \(lines.count - namedDependents) more" : ""
            return conflict.situation + ": " + named + more
                + ". Nothing was removed: remove them first, or tick \u{201C}with what depends on it\u{201D} below to remove them too"
        case .overridden, .other:
            return api(conflict)
        }
    }

    /// A message's command-line flags and commands in the API's words (the conflicts without a
    /// structured reason).
    static func api(_ message: String) -> String {
        replacements.reduce(message) { text, replacement in
            text.replacingOccurrences(of: replacement.pattern, with: replacement.template, options: .regularExpression)
        }
    }
}
