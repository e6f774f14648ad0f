import Foundation
import KBCore

/// What `kb import` reads for each name it is given: `-` is standard input; a pipe or a terminal
/// named by path (`/dev/stdin`, a shell's `<(…)`, a named pipe) is read whole as standard input
/// is, since it cannot be read twice or mapped (so it is held in memory, where a regular file is
/// streamed); a regular file is read when the import needs it. A name that is none of these is
/// refused by what it is.
enum ImportFileInput {
    static func input(for name: String) throws -> ImportInput {
        if name == "-" { return ImportInput(name: "-", bytes: try readWhole(STDIN_FILENO, name: "-")) }
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
            return ImportInput(name: name, bytes: try readWhole(descriptor, name: name))
        case S_IFSOCK:
            throw KBError.invalidInput("cannot read \(name): it is a socket; pipe it to kb import -")
        case S_IFBLK:
            throw KBError.invalidInput("cannot read \(name): it is a block device, not a file")
        default:
            throw KBError.invalidInput("cannot read \(name): not a file or a pipe")
        }
    }

    /// Everything `descriptor` gives until its end, read straight into one buffer (an import
    /// restarted whole cannot read a stream again); a read error is an input error, not a crash.
    private static func readWhole(_ descriptor: Int32, name: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
