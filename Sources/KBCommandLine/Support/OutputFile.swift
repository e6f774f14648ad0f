import Foundation
import KBCore

/// A file a command writes (`-o`, `--write-baseline`, `--emit-claims`, `--access-log`), checked
/// before any work is done: writing it must never destroy something else. A folder is refused
/// (replacing it would delete what it holds), and so are the knowledge base the command reads
/// (with its `-wal`, `-shm` and `-journal`) and the command's own input files.
package struct OutputFile {
    package let path: String

    /// - Parameters:
    ///   - option: the option as the user wrote it, for the message (`-o`, `--write-baseline`).
    ///   - knowledgeBase: the `--db` location; a PostgreSQL location protects no file.
    ///   - inputs: the files the command reads (pages, a profile file), which it must not overwrite.
    package init(_ path: String, option: String, knowledgeBase: String?, inputs: [String] = []) throws {
        guard !path.isEmpty else { throw KBError.usage("\(option) needs a file name") }
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw KBError.usage("\(option) \(path) is a folder; name the file to write (e.g. \((path as NSString).appendingPathComponent(Self.example(option))))")
        }
        if path.hasSuffix("/") {
            throw KBError.usage("\(option) \(path) names a folder; name the file to write")
        }
        let folder = KBService.folder(of: path)
        if !folder.isEmpty, !manager.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw KBError.usage("\(option) \(path): the folder \(folder) does not exist")
        }
        if let knowledgeBase, !StoreLocation.isPostgres(knowledgeBase) {
            // SQLite keeps a linked file's -wal, -shm and -journal beside the file the link
            // names, so they are checked under both names (they may not exist yet).
            let names = [knowledgeBase, Self.absolute(knowledgeBase)]
            for suffix in KnowledgeBase.fileSuffixes + ["-journal"] where names.contains(where: { Self.sameFile(path, $0 + suffix) }) {
                throw KBError.usage("\(option) \(path) is \(suffix.isEmpty ? "the knowledge base" : "a file of the knowledge base") this command reads (\(knowledgeBase)); writing it would destroy the knowledge base: name another file")
            }
        }
        for input in inputs where input != "-" && Self.sameFile(path, input) {
            throw KBError.usage("\(option) \(path) is one of this command's input files; writing it would replace it: name another file")
        }
        self.path = path
    }

    /// A `--profile` value that names a file (not a stored profile or a role), as an input.
    static func profileFile(_ profile: String?) -> [String] {
        guard let profile, FileManager.default.fileExists(atPath: profile) else { return [] }
        return [profile]
    }

    private static func example(_ option: String) -> String {
        switch option {
        case "--write-baseline": "audit-baseline.txt"
        case "--emit-claims": "claims.yaml"
        case "--access-log": "access.log"
        default: "out.txt"
        }
    }

    /// Whether two paths name one file: the same device and inode when both exist (a hard link,
    /// a symbolic link, `./kb.sqlite` and `kb.sqlite`), else the same absolute path.
    static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat()
        var b = stat()
        if stat(first, &a) == 0, stat(second, &b) == 0 { return a.st_dev == b.st_dev && a.st_ino == b.st_ino }
        return absolute(first) == absolute(second)
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Writes `text` beside the file and renames it into place (one step: the file is either
    /// the old one or the whole new one).
    func write(_ text: String) throws {
        try write { try $0.write(text) }
    }

    /// Writes what `body` sends to the sink, then renames the file into place; on any error the
    /// temporary file is removed and the old file, if any, is left as it was.
    func write<Result>(with body: (inout FileSink) throws -> Result) throws -> Result {
        var sink = try FileSink(self)
        do {
            let result = try body(&sink)
            try sink.commit()
            return result
        } catch {
            sink.abandon()
            throw error
        }
    }
}

/// Text for an ``OutputFile``: written beside it and renamed into place only when complete. A
/// path that names something other than a regular file (a pipe, `/dev/stdout`, a terminal, a
/// device) is written to directly: renaming a file over it would have replaced it.
struct FileSink: ExportSink {
    let path: String
    /// The file written beside `path` and renamed into place; nil when written directly.
    let temporary: String?
    let handle: FileHandle
    /// Whether `path` is a terminal (`-o /dev/tty`): its control characters are then shown, as
    /// ``Console`` shows them (``TerminalText``).
    private var isTerminal = false
    private var buffer: [UInt8] = []

    init(_ file: OutputFile) throws {
        path = file.path
        var status = stat()
        if stat(file.path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            guard let handle = FileHandle(forWritingAtPath: file.path) else {
                throw KBError.usage("cannot write \(file.path): \(String(cString: strerror(errno)))")
            }
            self.handle = handle
            temporary = nil
            isTerminal = isatty(handle.fileDescriptor) == 1
            return
        }
        let temporary = file.path + ".kb-\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw KBError.usage("cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
        self.handle = handle
        self.temporary = temporary
    }

    mutating func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        do {
            try handle.write(contentsOf: isTerminal ? TerminalText.neutralized(buffer) : buffer)
        } catch {
            throw KBError.usage("cannot write \(path): \(Self.reason(error))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// `rename(2)` replaces a file in one step and refuses a folder, where removing the old file
    /// and moving the new one in left a moment with neither (and removed a folder whole).
    mutating func commit() throws {
        try flush()
        guard let temporary else {
            try handle.close()
            return
        }
        // On the disk before the rename, so that a crash leaves the old file or the new one.
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw KBError.usage("cannot write \(path): \(reason)")
        }
    }

    func abandon() {
        try? handle.close()
        if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// The system's words for a failed write ("No space left on device").
    private static func reason(_ error: Error) -> String {
        let error = error as NSError
        let posix = error.domain == NSPOSIXErrorDomain ? error : error.userInfo[NSUnderlyingErrorKey] as? NSError
        guard let posix, posix.domain == NSPOSIXErrorDomain else { return error.localizedDescription }
        return String(cString: strerror(Int32(posix.code)))
    }
}
