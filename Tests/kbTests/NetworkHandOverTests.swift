import Foundation
import Testing
@testable import KBCommandLine

/// `kb` does not link the PostgreSQL client nor the HTTP server; it hands `kb serve` and every
/// command on a `postgresql://` database to `kb-net`, beside it (README, "Install").
struct NetworkHandOverTests {
    /// Nothing listens on loopback port 1: kb-net's answer is "cannot reach", which `kb` alone
    /// cannot give (it has no PostgreSQL client), so seeing it proves the hand-over.
    static let nowhere = "postgresql://kb@127.0.0.1:1/kb"
    static let unreachable = "database error: cannot reach postgresql://kb@127.0.0.1:1/kb"

    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    static var kbNet: URL { KBProcess.binary.deletingLastPathComponent().appendingPathComponent("kb-net") }

    @Test func kbLinksNeitherStackAndKBNetBoth() throws {
        let kb = try Data(contentsOf: KBProcess.binary, options: .alwaysMapped)
        let kbNet = try Data(contentsOf: Self.kbNet, options: .alwaysMapped)
        // Module names as Swift's metadata spells them in each binary's type descriptors.
        for module in ["PostgresNIO", "Hummingbird", "NIOPosix", "KBServe", "KBPostgres"] {
            #expect(kb.range(of: Data(module.utf8)) == nil, "kb links \(module)")
            #expect(kbNet.range(of: Data(module.utf8)) != nil, "kb-net lacks \(module)")
        }
    }

    @Test func everyCommandCanBeHandedOver() {
        // A command is handed over when it is `kb serve` or its --db (or $KB_DB) is PostgreSQL,
        // read through KBCommand: a subcommand that did not conform would run in kb without
        // the PostgreSQL store.
        for command in KB.configuration.subcommands {
            #expect(command is any KBCommand.Type, "\(command) does not take --db as KBCommand")
        }
    }

    @Test(arguments: [
        ["--db", nowhere, "stats"],
        ["stats", "--db", nowhere],
        ["--db", nowhere, "query", "claims for ml-platform-engineer"],
        ["query", "claims", "--db", nowhere, "--format", "json"],
        ["--db", nowhere, "list", "sources"],
        ["--db", nowhere, "show", "noy2023"],
        ["--db", nowhere, "export", "sources", "--style", "bibtex"],
        ["--db", nowhere, "map", "cohort", "boundary"],
        ["--db", nowhere, "log"],
        ["--db", nowhere, "audit"],
        ["--db", nowhere, "init"],
        ["--db", nowhere, "run", "mission"],
        ["--db", nowhere, "check", "page.md"],
        ["--db", nowhere, "brief", "ml-platform-engineer"],
        ["--db", nowhere, "import", "refs.bib"],
        ["--db", nowhere, "add", "source", "--title", "A title", "--issued", "2023", "--reason", "read it"],
        ["--db", nowhere, "edit", "noy2023", "title=Another title", "--reason", "typo"],
        ["--db", nowhere, "notice", "noy2023", "--type", "correction", "--reason", "erratum"],
        ["--db", nowhere, "link", "noy2023-writer-gap", "--supports", "noy2023-time-saved"],
        ["--db", nowhere, "remove", "noy2023-writer-gap", "--reason", "duplicate"],
        ["--db", nowhere, "undo", "+1"],
        ["--db", nowhere, "serve", "--port", "0"],
    ])
    func aPostgresCommandRunsInKBNet(_ arguments: [String]) throws {
        try "ChatGPT cut writing time by 40% (Noy & Zhang, 2023).\n".write(to: directory.appendingPathComponent("page.md"), atomically: true, encoding: .utf8)
        try "@article{a, title={A title}, year={2020}}\n".write(to: directory.appendingPathComponent("refs.bib"), atomically: true, encoding: .utf8)
        let result = try KBProcess.run(arguments, in: directory, deadline: 60)
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains(Self.unreachable), "\(result.stderr)")
        // Nothing was made on the spot: the command never ran in kb.
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("kb.sqlite").path))
    }

    @Test func theEnvironmentsDatabaseIsHandedOverToo() throws {
        let result = try KBProcess.run(["query", "claims"], in: directory, environment: ["KB_DB": Self.nowhere])
        #expect(result.status == 4)
        #expect(result.stderr.contains(Self.unreachable), "\(result.stderr)")
    }

    @Test func kbNetGetsTheArgumentsStandardInputEnvironmentAndFolder() throws {
        // A stand-in kb-net that says what it was given: kb replaces itself with it, having
        // read nothing of standard input and changed nothing.
        let alone = try copyOfKBAlone()
        let standIn = alone.deletingLastPathComponent().appendingPathComponent("kb-net")
        try """
            #!/bin/sh
            printf 'argv0=%s\\n' "$0"
            for word in "$@"; do printf 'arg=%s\\n' "$word"; done
            printf 'author=%s\\n' "$KB_AUTHOR"
            printf 'folder=%s\\n' "$(pwd -P)"
            cat
            exit 7

            """.write(to: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn.path)
        let page = "ChatGPT cut writing time by 40%.\nSecond line.\n"
        let result = try KBProcess.run(["--db", Self.nowhere, "check", "-", "--format", "json"], in: directory,
                                       environment: ["KB_AUTHOR": "ana"], executable: alone, stdin: page)
        #expect(result.status == 7, "\(result.stderr)")
        #expect(result.stdout == """
            argv0=\(standIn.path)
            arg=--db
            arg=\(Self.nowhere)
            arg=check
            arg=-
            arg=--format
            arg=json
            author=ana
            folder=\(directory.resolvingSymlinksInPath().path)

            """ + page, "\(result.stdout)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        // A kb-net that cannot run is said so, with why.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: standIn.path)
        let refused = try KBProcess.run(["serve"], in: directory, executable: alone)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("kb: error: cannot run \(standIn.resolvingSymlinksInPath().path): Permission denied"), "\(refused.stderr)")
        try FileManager.default.removeItem(at: standIn)
    }

    @Test func kbNetIsFoundBesideTheFileALinkNamesAndNotOnPath() throws {
        // kb linked from another folder finds kb-net beside the file the link names.
        let linked = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: linked, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: linked.appendingPathComponent("kb"), withDestinationURL: KBProcess.binary)
        let throughLink = try KBProcess.run(["--db", Self.nowhere, "stats"], in: directory, executable: linked.appendingPathComponent("kb"))
        #expect(throughLink.status == 4)
        #expect(throughLink.stderr.contains(Self.unreachable), "\(throughLink.stderr)")
        // A kb-net on PATH is not taken: any program of that name would get the command and the
        // database's password.
        let alone = try copyOfKBAlone()
        let onPath = try KBProcess.run(["--db", Self.nowhere, "stats"], in: directory,
                                       environment: ["PATH": Self.kbNet.deletingLastPathComponent().path + ":/usr/bin:/bin"], executable: alone)
        #expect(onPath.status == 2)
        #expect(onPath.stderr.contains("which is not beside kb in"), "\(onPath.stderr)")
    }

    @Test(arguments: [["serve"], ["--db", nowhere, "stats"], ["query", "claims", "--db", nowhere]])
    func kbAloneSaysWhereKBNetBelongs(_ arguments: [String]) throws {
        let alone = try copyOfKBAlone()
        let result = try KBProcess.run(arguments, in: directory, executable: alone, deadline: 60)
        #expect(result.status == 2)
        let folder = alone.deletingLastPathComponent().resolvingSymlinksInPath().path
        #expect(result.stderr == "kb: error: kb serve and commands on a PostgreSQL database run in kb-net, which is not beside kb in \(folder): "
                + "put the kb-net built with this kb there ('swift build' builds both; 'swift run kb' builds kb alone)\n", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("kb.sqlite").path))
        // Everything else runs in kb alone.
        let query = try KBProcess.run(["query", "claims for pytorch", "--limit", "1"], in: directory, executable: alone)
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.contains("ChatGPT"))
    }

    @Test func aCopyOfKBNamedKBNetIsRefusedNotRunForEver() throws {
        let alone = try copyOfKBAlone()
        let impostor = alone.deletingLastPathComponent().appendingPathComponent("kb-net")
        try FileManager.default.copyItem(at: KBProcess.binary, to: impostor)
        defer { try? FileManager.default.removeItem(at: impostor) }
        for arguments in [["serve"], ["--db", Self.nowhere, "stats"]] {
            let result = try KBProcess.run(arguments, in: directory, executable: alone, deadline: 30)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr == "kb: error: \(impostor.resolvingSymlinksInPath().path) was run as kb-net but has no PostgreSQL nor kb serve: it is a copy of kb, or a link to it; install the kb-net that was built with this kb\n",
                    "\(result.stderr)")
        }
        // The marker stops only an executable without the stacks: kb-net runs the command.
        let net = try KBProcess.run(["--db", Self.nowhere, "stats"], in: directory, environment: ["KB_HANDED_OVER": "1"], executable: Self.kbNet)
        #expect(net.status == 4)
        #expect(net.stderr.contains(Self.unreachable), "\(net.stderr)")
    }

    @Test func helpAndUsageErrorsAreKBsOwn() throws {
        // Parsed by kb: `kb serve --help` and a bad option need no kb-net.
        let alone = try copyOfKBAlone()
        let help = try KBProcess.run(["serve", "--help"], in: directory, executable: alone)
        #expect(help.status == 0)
        #expect(help.stdout.contains("--access-log"))
        let bad = try KBProcess.run(["serve", "--no-such-option"], in: directory, executable: alone)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Unknown option '--no-such-option'"), "\(bad.stderr)")
    }

    private func copyOfKBAlone() throws -> URL {
        let folder = directory.appendingPathComponent("alone")
        let copy = folder.appendingPathComponent("kb")
        if !FileManager.default.fileExists(atPath: copy.path) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: KBProcess.binary, to: copy)
        }
        return copy
    }
}
