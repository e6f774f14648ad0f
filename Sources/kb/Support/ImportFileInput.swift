import Foundation
import KBCore

/// What `kb import` reads for each name it is given: `-` is standard input; a pipe, a terminal
/// or a socket named by path (`/dev/stdin`, a shell's `<(…)`, a named pipe) is read whole as
/// standard input is, since it cannot be read twice or mapped; a regular file is read when the
/// import needs it. A name that is none of these is refused by what it is.
enum ImportFileInput {
    static func input(for name: String) throws -> ImportInput {
        if name == "-" { return ImportInput(name: "-", bytes: readWhole(FileHandle.standardInput)) }
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
        case S_IFIFO, S_IFCHR, S_IFSOCK:
            guard let handle = FileHandle(forReadingAtPath: name) else {
                throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            defer { try? handle.close() }
            return ImportInput(name: name, bytes: readWhole(handle))
        default:
            throw KBError.invalidInput("cannot read \(name): not a file, a pipe or a device")
        }
    }

    /// Everything `handle` gives until its end. (Read whole: an import restarted whole cannot
    /// read a stream again.)
    private static func readWhole(_ handle: FileHandle) -> [UInt8] {
        Array(handle.readDataToEndOfFile())
    }
}
