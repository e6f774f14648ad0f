import Foundation
import Testing

/// Runs the built `kb` binary and captures what it prints (argument-parser's
/// `AssertExecuteCommand`, with kb's exit codes).
struct KBProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `kb` next to the test bundle in the build folder.
    static let binary: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates {
            var url = directory
            for _ in 0..<4 {
                let kb = url.appendingPathComponent("kb")
                if FileManager.default.isExecutableFile(atPath: kb.path) { return kb }
                url = url.deletingLastPathComponent()
            }
        }
        return candidates[0].appendingPathComponent("kb")
    }()

    /// With a `deadline`, a process still running after that many seconds is terminated (its
    /// status is then SIGTERM's 15), so a command that should refuse but serves fails the test
    /// instead of hanging it.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:], executable: URL = binary,
                    stdin: String? = nil, deadline: TimeInterval? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["KB_DB"] = nil
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = "120"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let deadline {
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { if process.isRunning { process.terminate() } }
        }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let errors = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errors.data, as: UTF8.self))
    }

    /// A fresh, empty directory outside the source tree, inside one folder per test process that
    /// is removed when the process exits (left behind, they filled /tmp with copies of the binary).
    static func temporaryDirectory() throws -> URL {
        let url = scratchRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Swift Testing has no hook after the last suite and suites are structs without `deinit`,
    /// hence `atexit`.
    private static let scratchRoot: URL = {
        atexit { try? FileManager.default.removeItem(at: KBProcess.scratchRootPath) }
        return scratchRootPath
    }()

    private static let scratchRootPath = FileManager.default.temporaryDirectory.appendingPathComponent("kb-e2e-\(getpid())")
}

/// Holds what a reader thread collected until the caller has waited for it.
final class DataBox: @unchecked Sendable {
    var data = Data()
}
