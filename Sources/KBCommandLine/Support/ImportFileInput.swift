import Foundation
import KBCore

/// What `kb import` reads for each name it is given: `-` (and `/dev/stdin`, descriptor 0) is
/// standard input; a pipe or a terminal named by path (a shell's `<(…)`, a named pipe) is read as
/// standard input is; a regular file is read when the import needs it. A name that is none of
/// these — a folder, a socket, a device that may never end (`/dev/zero`) — is refused by what it is.
///
/// Every stream is `-`: in messages, in the records' provenance and for its citation keys
/// (``CitationKeyFiles``), unless `--as` names it.
///
/// A stream cannot be read twice or mapped, so it is first copied to a temporary file (in
/// `$TMPDIR`, else `/tmp`): on Linux one removed from its folder as soon as it is made and read
/// through `/proc/self/fd`, so that nothing is left behind whatever happens to kb; elsewhere one
/// removed when the import is over. The import then reads it as it reads any file, in windows,
/// not held in memory. Standard input that is a regular file (`kb import - < refs.bib`) is read
/// where it is, when kb may open it again.
final class ImportFileInput {
    /// The temporary copies made, open until the import is over, and (not on Linux) their paths.
    private var spools: [(descriptor: Int32, path: String?)] = []

    deinit {
        for spool in spools {
            close(spool.descriptor)
            if let path = spool.path { unlink(path) }
        }
    }

    /// - Parameter importedAs: the file `--as` says the input is imported as: its name in
    ///   messages and provenance, its format by extension, the folder a mapping's joined files are
    ///   read from, and the name its citation keys are remembered under (``CitationKeyFiles``).
    func input(for name: String, as importedAs: String? = nil) throws -> ImportInput {
        var input = try opened(name)
        // Every stream is `-` in messages and provenance, as its keys are: `/dev/fd/63` names the
        // pipe, not what it carries (and a register piped again by another spelling is not 670
        // records "updated" to a new origin).
        if CitationKeyFiles.isStreamName(name) { input.name = "-" }
        if let importedAs {
            input.name = importedAs
            input.keyFile = CitationKeyFiles.ownName(of: importedAs)
        }
        return input
    }

    private func opened(_ name: String) throws -> ImportInput {
        if CitationKeyFiles.isStandardInput(name) { return try stream(STDIN_FILENO, name: name) }
        var status = stat()
        guard stat(name, &status) == 0 else {
            let reason = errno == ENOENT || errno == ENOTDIR ? "no such file" : String(cString: strerror(errno))
            throw KBError.invalidInput("cannot read \(name): \(reason)")
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            guard access(name, R_OK) == 0 else { throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))") }
            // Read when the import needs it: a UTF-8 CSV in windows, never whole (issue 18).
            return ImportInput(name: name, path: name)
        case S_IFDIR:
            throw KBError.invalidInput("cannot read \(name): it is a folder; name the files in it")
        case S_IFIFO, S_IFCHR:
            let descriptor = open(name, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            return try stream(descriptor, name: name)
        case S_IFSOCK:
            throw KBError.invalidInput("cannot read \(name): it is a socket; pipe it to kb import -")
        case S_IFBLK:
            throw KBError.invalidInput("cannot read \(name): it is a block device, not a file")
        default:
            throw KBError.invalidInput("cannot read \(name): not a file or a pipe")
        }
    }

    /// A stream as a file the import can read: standard input's own file when it is one, read
    /// from its start, and kb may open it again (a file opened for kb by a shell of another
    /// user may not be); else a temporary copy. A device that is not a terminal is refused.
    private func stream(_ descriptor: Int32, name: String) throws -> ImportInput {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))") }
        let kind = status.st_mode & S_IFMT
        if kind == S_IFCHR, isatty(descriptor) == 0 {
            throw KBError.invalidInput("cannot read \(name): it is a device, not a file or a pipe")
        }
        if kind == S_IFDIR { throw KBError.invalidInput("cannot read \(name): it is a folder; name the files in it") }
        if kind == S_IFBLK { throw KBError.invalidInput("cannot read \(name): it is a block device, not a file") }
        #if os(Linux)
        let own = "/proc/self/fd/\(descriptor)"
        if kind == S_IFREG, lseek(descriptor, 0, SEEK_CUR) == 0 {
            let again = open(own, O_RDONLY | O_CLOEXEC)
            if again >= 0 {
                close(again)
                return ImportInput(name: name, path: own)
            }
        }
        #endif
        return ImportInput(name: name, path: try spool(descriptor, name: name))
    }

    /// Copies everything `descriptor` gives until its end into a temporary file, and returns the
    /// path the import reads it by. A read or write error is an input error, not a crash.
    private func spool(_ descriptor: Int32, name: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let folder = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(folder)/kb-import-XXXXXX".utf8CString)
        let copy = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard copy >= 0 else {
            throw ImportScratchError(description: "could not make a temporary file in \(folder) to hold \(name): \(String(cString: strerror(errno))); set TMPDIR to a folder with room for it")
        }
        _ = fcntl(copy, F_SETFD, FD_CLOEXEC)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #if os(Linux)
        spools.append((copy, nil))
        unlink(path)
        let readPath = "/proc/self/fd/\(copy)"
        #else
        spools.append((copy, path))
        let readPath = path
        #endif
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return readPath }
            if count < 0 {
                if errno == EINTR { continue }
                throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            var written = 0
            while written < count {
                let step = chunk.withUnsafeBytes { write(copy, $0.baseAddress?.advanced(by: written), count - written) }
                if step < 0 {
                    if errno == EINTR { continue }
                    throw ImportScratchError(description: "could not copy \(name) into a temporary file in \(folder): \(String(cString: strerror(errno))); set TMPDIR to a folder with room for it")
                }
                written += step
            }
        }
    }
}
