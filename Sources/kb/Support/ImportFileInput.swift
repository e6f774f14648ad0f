import Foundation
import KBCore

/// What `kb import` reads for each name it is given: `-` is standard input; a pipe or a terminal
/// named by path (`/dev/stdin`, a shell's `<(…)`, a named pipe) is read as standard input is; a
/// regular file is read when the import needs it. A name that is none of these is refused by what
/// it is.
///
/// A stream cannot be read twice or mapped, so it is first copied to a temporary file (in
/// `$TMPDIR`, else `/tmp`), removed from its folder as soon as it is made: the import then reads
/// it as it reads any file, in windows, not held in memory, and nothing is left behind whatever
/// happens to kb. Standard input that is a regular file (`kb import - < refs.bib`) is read where
/// it is.
///
/// A stream has no name of its own for its citation keys (``ImportInput/keyFile``): `-` and
/// `/dev/fd/63` say nothing about what they carry, so its keys are not a matching clue for a later
/// import unless `--as` names them.
final class ImportFileInput {
    /// The temporary copies made, open until the import is over.
    private var spools: [Int32] = []

    deinit { for descriptor in spools { close(descriptor) } }

    /// - Parameter keysAs: the name `--as` gives the input's citation keys (nil: a file's own name;
    ///   a stream's are kept but not matched).
    func input(for name: String, keysAs: String? = nil) throws -> ImportInput {
        var input = try opened(name)
        if let keysAs { input.keyFile = CitationKeyFiles.ownName(of: keysAs) }
        return input
    }

    private func opened(_ name: String) throws -> ImportInput {
        if name == "-" { return try stream(STDIN_FILENO, name: "-") }
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
            let descriptor = open(name, O_RDONLY)
            guard descriptor >= 0 else { throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            // A device that is not a terminal (`/dev/zero`, `/dev/urandom`) may never end.
            if status.st_mode & S_IFMT == S_IFCHR, isatty(descriptor) == 0 {
                throw KBError.invalidInput("cannot read \(name): it is a device, not a file or a pipe")
            }
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
    /// from its start; else a temporary copy.
    private func stream(_ descriptor: Int32, name: String) throws -> ImportInput {
        var status = stat()
        var input: ImportInput
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, lseek(descriptor, 0, SEEK_CUR) == 0 {
            input = ImportInput(name: name, path: "/proc/self/fd/\(descriptor)")
        } else {
            input = ImportInput(name: name, path: "/proc/self/fd/\(try spool(descriptor, name: name))")
        }
        input.keyFile = nil
        return input
    }

    /// Copies everything `descriptor` gives until its end into a temporary file with no name,
    /// and returns the copy's descriptor. A read or write error is an input error, not a crash.
    private func spool(_ descriptor: Int32, name: String) throws -> Int32 {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(folder)/kb-import-XXXXXX".utf8CString)
        let copy = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard copy >= 0 else {
            throw KBError.invalidInput("cannot read \(name): no temporary file in \(folder) to hold it: \(String(cString: strerror(errno)))")
        }
        spools.append(copy)
        unlink(String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return copy }
            if count < 0 {
                if errno == EINTR { continue }
                throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            var written = 0
            while written < count {
                let step = chunk.withUnsafeBytes { write(copy, $0.baseAddress?.advanced(by: written), count - written) }
                if step < 0 {
                    if errno == EINTR { continue }
                    throw KBError.invalidInput("cannot read \(name): cannot hold it in \(folder): \(String(cString: strerror(errno)))")
                }
                written += step
            }
        }
    }
}
