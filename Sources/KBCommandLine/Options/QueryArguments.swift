import KBCore

/// `kb query TEXT [options]`, the command analysts and scripts run most, read without
/// swift-argument-parser when every word of it is one this reader knows: the parser reflects
/// over the commands' properties, and each first use of a type there scans the Swift runtime's
/// protocol-conformance records of the whole binary (BENCHMARKS.md, "Full-text query at 1M: what
/// the process itself costs, cut").
///
/// What it reads is exactly what ``QueryCommand`` declares (``optionNames``): `--db PATH` and
/// `--read-only` before or after `query` (after wins for `--db`, as ``GlobalOptions/merged(with:)``),
/// then `--format`, `--limit`, `--profile` (as `--name value` or `--name=value`), `--explain`,
/// `--exact-total` and one query text, with the parser's own checks (``Choice/find(_:)``,
/// ``ResultSettings/limits``). Anything else — another command, help, `--version`, an unknown or
/// repeated option, an empty `--name=` (refused before either reader, ``EmptyAttachedValue``), an
/// empty value (`--db ""`), a value or query that starts with `-` (`--limit -1`: the parser reads it and
/// refuses it), `--`, a value the parser would refuse — gives `nil`, and the argument parser reads the words as before, with its
/// errors and help. `QueryArgumentsTests` holds the two readers equal on every word list it accepts.
struct QueryArguments: Equatable {
    var text: String
    var options = ResultSettings()
    var database = DatabaseChoice()

    /// Every option ``QueryCommand`` takes besides help; `QueryArgumentsTests` checks the list
    /// against the parser's.
    static let optionNames: Set<String> = ["--db", "--read-only", "--format", "--limit", "--profile", "--explain", "--exact-total"]

    /// The words after the program's name, read as a query; nil when the argument parser must read them.
    static func read(_ words: [String]) -> QueryArguments? {
        var reader = Reader(words: words)
        return reader.read()
    }

    private struct Reader {
        let words: [String]
        var index = 0
        var seen: Set<String> = []

        mutating func read() -> QueryArguments? {
            // Before the command: the root's own options only.
            var before = DatabaseChoice()
            while index < words.count, words[index].hasPrefix("-") {
                guard readDatabaseOption(into: &before) else { return nil }
            }
            guard index < words.count, words[index] == "query" else { return nil }
            index += 1
            seen = []
            var after = DatabaseChoice()
            var options = ResultSettings()
            var text: String?
            while index < words.count {
                let word = words[index]
                if !word.hasPrefix("-") {
                    guard text == nil else { return nil }
                    text = word
                    index += 1
                    continue
                }
                if readDatabaseOption(into: &after) { continue }
                guard readResultOption(into: &options) else { return nil }
            }
            guard let text else { return nil }
            let database = DatabaseChoice(db: after.db ?? before.db, readOnly: after.readOnly || before.readOnly)
            return QueryArguments(text: text, options: options, database: database)
        }

        /// `--db PATH`, `--db=PATH` or `--read-only` at `index`, read into `choice`.
        mutating func readDatabaseOption(into choice: inout DatabaseChoice) -> Bool {
            let (name, attached) = split(words[index])
            switch name {
            case "--db":
                guard let value = value(of: name, attached: attached) else { return false }
                choice.db = value
            case "--read-only":
                guard flag(name, attached: attached) else { return false }
                choice.readOnly = true
            default:
                return false
            }
            return true
        }

        /// One of ``ResultOptions``' options at `index`, read into `options`.
        mutating func readResultOption(into options: inout ResultSettings) -> Bool {
            let (name, attached) = split(words[index])
            switch name {
            case "--format":
                guard let value = value(of: name, attached: attached),
                      let format: OutputFormat = Choice.find(value) else { return false }
                options.format = format
            case "--limit":
                guard let value = value(of: name, attached: attached), let limit = Int(value),
                      ResultSettings.limits.contains(limit) else { return false }
                options.limit = limit
            case "--profile":
                guard let value = value(of: name, attached: attached) else { return false }
                options.profile = value
            case "--explain":
                guard flag(name, attached: attached) else { return false }
                options.explain = true
            case "--exact-total":
                guard flag(name, attached: attached) else { return false }
                options.exactTotal = true
            default:
                return false
            }
            return true
        }

        /// An option's value, attached (`--name=value`) or the next word, which must not look
        /// like an option; nil when missing, empty (`--db ""`: the parser refuses it) or when
        /// the option was given before. Reads past the value only when it gives one.
        mutating func value(of name: String, attached: String?) -> String? {
            guard firstUse(name) else { return nil }
            if let attached {
                guard !attached.isEmpty else { return nil }
                index += 1
                return attached
            }
            guard index + 1 < words.count, !words[index + 1].isEmpty, !words[index + 1].hasPrefix("-") else { return nil }
            index += 2
            return words[index - 1]
        }

        /// A flag at `index`, given once and without `=`: read past it.
        mutating func flag(_ name: String, attached: String?) -> Bool {
            guard attached == nil, firstUse(name) else { return false }
            index += 1
            return true
        }

        mutating func firstUse(_ name: String) -> Bool {
            seen.insert(name).inserted
        }

        /// `--name=value` as its name and value; any other word as itself and nil.
        func split(_ word: String) -> (name: String, value: String?) {
            guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
            return (String(word[..<equals]), String(word[word.index(after: equals)...]))
        }
    }
}
