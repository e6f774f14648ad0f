import Foundation

/// The name each input's citation keys are remembered under, for a later import's "same file and
/// key" clue (``SourceReconciler``): a file's own name (`refs.bib` of `a/refs.bib`: an import
/// from another folder, or a fresh copy of the same export, still matches them), `-` for a
/// stream, or the name `kb import --as` gives.
///
/// Every stream (`-`, `/dev/stdin`, a shell's `<(…)`, which is `/dev/fd/63` or `/dev/fd/62`) is
/// `-`: its path names the pipe, not what it carries, so a register piped today through `<(zcat …)`
/// and tomorrow through `zcat … | kb import -` matches itself, and its keys are as weak a clue as
/// two `references.bib`'s (the work a key named before must not disagree with the record).
public struct CitationKeyFiles: Sendable {
    private var names: [String: String] = [:]

    public init() {}

    /// Each input's name (as shown) with its ``ImportInput/keyFile``.
    init(_ inputs: [(name: String, keyFile: String)]) {
        for input in inputs { names[input.name] = input.keyFile }
    }

    /// What `file`'s keys are remembered under: its ``ImportInput/keyFile`` when it is one of the
    /// inputs, its own name otherwise.
    func name(of file: String) -> String {
        names[file] ?? Self.ownName(of: file)
    }

    /// A file's name without its folders, or `-` for a name that is a stream's
    /// (``isStreamName(_:)``).
    public static func ownName(of file: String) -> String {
        isStreamName(file) ? "-" : (file as NSString).lastPathComponent
    }

    /// `-`, `/dev/stdin`, and a descriptor's name: `/dev/fd/N`, `/proc/self/fd/N`, `/proc/PID/fd/N`.
    public static func isStreamName(_ file: String) -> Bool {
        if file == "-" || file == "/dev/stdin" { return true }
        let parts = file.split(separator: "/", omittingEmptySubsequences: false)
        let isNumber = { (part: Substring) in !part.isEmpty && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) }
        if parts.count == 4, parts[0].isEmpty, parts[1] == "dev", parts[2] == "fd", isNumber(parts[3]) { return true }
        if parts.count == 5, parts[0].isEmpty, parts[1] == "proc", parts[2] == "self" || isNumber(parts[2]), parts[3] == "fd", isNumber(parts[4]) {
            return true
        }
        return false
    }

    /// Whether `file` names standard input (`-`, `/dev/stdin`, descriptor 0), which can be read once.
    public static func isStandardInput(_ file: String) -> Bool {
        file == "-" || file == "/dev/stdin" || file == "/dev/fd/0" || file == "/proc/self/fd/0"
    }
}
