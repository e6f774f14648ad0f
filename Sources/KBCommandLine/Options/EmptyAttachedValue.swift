import KBCore

/// An option written `--name=` with nothing after `=`, which kb refuses before the argument
/// parser sees the words.
///
/// swift-argument-parser reads `--name=` as `--name` alone and takes the next word for its value:
/// `kb --db= stats` meant `kb --db stats`, a root with no command, which printed the general help
/// and exited 0; `kb stats --db=` said "Missing value" with the root's usage. The value was given,
/// and given empty, so kb says that, naming the option (exit 2).
struct EmptyAttachedValue: Equatable {
    /// The option's name, as `--db`.
    var option: String

    /// The first word of `words` (the arguments after the program's name) that is `--name=` with
    /// nothing after `=`, before any `--` (after it every word is an argument).
    static func first(in words: [String]) -> EmptyAttachedValue? {
        for word in words {
            if word == "--" { return nil }
            if word.count > 3, word.hasPrefix("--"), word.hasSuffix("="), word.firstIndex(of: "=") == word.index(before: word.endIndex) {
                return EmptyAttachedValue(option: String(word.dropLast()))
            }
        }
        return nil
    }

    /// The usage error kb reports.
    var error: KBError {
        .usage("'\(option)=' is empty: put a value after '=', or leave out the '=' for an option that takes none")
    }
}
