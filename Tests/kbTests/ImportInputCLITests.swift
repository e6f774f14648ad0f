import Foundation
import Synchronization
import Testing

/// What `kb import` reads for each name (`ImportFileInput`): a pipe named by path
/// (`/dev/stdin`, a named pipe, a shell's `<(…)`) is read as `-` is, through a temporary copy;
/// a stream's citation keys are remembered under `-`, or the name `--as` gives; a folder, a
/// device and a missing file are refused by what they are.
@Suite(.serialized)
struct ImportInputCLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String..., stdin: String? = nil) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, stdin: stdin, deadline: 60)
    }

    static let bibtex = "@article{roe2018, title = {A work read from a pipe}, author = {Roe, R.}, journal = {J}, year = {2018}}\n"

    @Test func devStdinIsReadAsTheDashIs() throws {
        // No --format: the format is told by the content, which must then still be read whole.
        let piped = try kb("import", "/dev/stdin", stdin: Self.bibtex)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stderr.contains("- (bibtex): 1 record read, 1 source"), "\(piped.stderr)")
        #expect(piped.stderr.contains("1 added"), "\(piped.stderr)")
        // The same record through '-' is the same work: nothing changes.
        let dash = try kb("import", "-", "--format", "bibtex", stdin: Self.bibtex)
        #expect(dash.status == 0 && dash.stderr.contains("0 added, 0 updated, 1 unchanged"), "\(dash.stderr)")
    }

    /// A named pipe is read to its end, and its name's extension still says its format.
    @Test func aNamedPipeIsReadToItsEnd() throws {
        let fifo = directory.appendingPathComponent("feed.bib").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = Self.bibtex
        let written = Mutex(-1)
        let writer = Thread {
            // Opened without blocking, once kb has opened the pipe to read (ENXIO until then).
            let giveUp = Date().addingTimeInterval(30)
            var descriptor: Int32 = -1
            while descriptor < 0, Date() < giveUp {
                descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
                if descriptor < 0 { usleep(10_000) }
            }
            if descriptor >= 0 {
                _ = fcntl(descriptor, F_SETFL, 0)
                let count = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
                written.withLock { $0 = count }
                close(descriptor)
            }
        }
        writer.start()
        let result = try kb("import", fifo)
        // The writer found kb reading the pipe and wrote the whole entry (else kb, left waiting,
        // is stopped by the deadline and the status says so).
        #expect(written.withLock { $0 } == text.utf8.count)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("feed.bib (bibtex): 1 record read, 1 source"), "\(result.stderr)")
        #expect(result.stderr.contains("1 added"), "\(result.stderr)")
    }

    /// A CSV read from a pipe has no name to tell its format by: `--map` says it, since a
    /// mapping reads only CSV (it was "cannot tell the format").
    @Test func aMappingSaysAPipedInputIsCSV() throws {
        let mapping = directory.appendingPathComponent("piped.yaml")
        try Data("""
            sources:
              work:
                group: ["{title}"]
                title: "{title}"
                issued: "{year}"
            claims:
              - id: "piped-{id}"
                source: work
                statement: "{statement}"

            """.utf8).write(to: mapping)
        let csv = "id,statement,title,year\nc1,Access to ChatGPT cut writing time,Experimental evidence on the productivity effects of generative artificial intelligence,2023\n"
        for name in ["-", "/dev/stdin"] {
            let result = try kb("import", name, "--map", mapping.path, "--dry-run", stdin: csv)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("(csv)") && result.stderr.contains("1 claim"), "\(name): \(result.stderr)")
        }
        // Without a mapping, a piped input that is not recognisably a bibliography is still refused.
        let unknown = try kb("import", "-", stdin: csv)
        #expect(unknown.status == 2 && unknown.stderr.contains("cannot tell the format of -"), "\(unknown.stderr)")
    }

    /// A tuning variable set to what it does not take is said before the import, which runs.
    @Test func aTuningValueNotTakenIsSaid() throws {
        let result = try KBProcess.run(["import", "-", "--format", "bibtex"], in: directory,
                                       environment: ["KB_IMPORT_BATCH_MB": "8M", "KB_IMPORT_WAL": "yes"], stdin: Self.bibtex, deadline: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("kb: ignoring KB_IMPORT_BATCH_MB='8M': not a whole number; the import uses 4 MB batches"), "\(result.stderr)")
        #expect(result.stderr.contains("kb: ignoring KB_IMPORT_WAL='yes': 1 or 0; the import takes 0"), "\(result.stderr)")
        #expect(result.stderr.contains("1 added"), "\(result.stderr)")
    }

    /// Every stream's citation keys are remembered under `-` (a pipe's path, `/dev/fd/63`, names
    /// the pipe, not what it carries): the same register piped again, by any stream, is the same
    /// works. `--as` names them, and a later import under that name (or of a file of that name)
    /// matches them. Standard input is read once: naming it twice is refused.
    @Test func aStreamsKeysAreRememberedAsDashOrAsAsNamesThem() throws {
        // An untitled, authorless record whose key is not one kb makes: the key is its only clue.
        let first = try kb("import", "-", stdin: "@misc{Reg7, note = {first}}\n")
        #expect(first.status == 0 && first.stderr.contains("1 added"), "\(first.stderr)")
        let again = try kb("import", "/dev/stdin", stdin: "@misc{Reg7, note = {first}}\n")
        #expect(again.status == 0 && again.stderr.contains("0 added, 0 updated, 1 unchanged"), "\(again.stderr)")
        // Imported as the file it names: its name in the report (and the records' provenance).
        let named = try kb("import", "-", "--as", "exports/register.bib", stdin: "@misc{Reg7, note = {third}}\n")
        #expect(named.status == 0 && named.stderr.contains("1 added") && named.stderr.contains("exports/register.bib (bibtex): 1 record read"), "\(named.stderr)")
        let namedAgain = try kb("import", "-", "--as", "register.bib", stdin: "@misc{Reg7, note = {third}}\n")
        #expect(namedAgain.status == 0 && namedAgain.stderr.contains("0 added, 0 updated, 1 unchanged"), "\(namedAgain.stderr)")
        // A file of that name is the same file: its key matches too.
        let file = directory.appendingPathComponent("register.bib")
        try Data("@misc{Reg7, note = {third}}\n".utf8).write(to: file)
        let byFile = try kb("import", file.path)
        #expect(byFile.status == 0 && byFile.stderr.contains("0 added, 0 updated, 1 unchanged"), "\(byFile.stderr)")
        let found = try kb("query", "sources where source=Reg7", "--format", "csv")
        #expect(found.status == 0 && found.stdout.split(whereSeparator: \.isNewline).count == 3, "\(found.stdout)\(found.stderr)")
        let many = try kb("import", "-", file.path, "--as", "x.bib", stdin: "")
        #expect(many.status == 2 && many.stderr.contains("--as names one input; import the files one at a time"), "\(many.stderr)")
        for stream in ["-", "/dev/fd/63", ""] {
            let refused = try kb("import", "-", "--as", stream, stdin: "")
            #expect(refused.status == 2 && refused.stderr.contains("--as takes a file name, such as register.csv"), "\(stream): \(refused.stderr)")
        }
        for twice in [["-", "-"], ["-", "/dev/stdin"]] {
            let refused = try KBProcess.run(["import"] + twice, in: directory, stdin: "@misc{Reg8, note = {x}}\n", deadline: 60)
            #expect(refused.status == 2 && refused.stderr.contains("standard input can be read once; name it ('-' or /dev/stdin) once"), "\(refused.stderr)")
        }
    }

    /// A stream is copied to a temporary file that has no name from the start: nothing is left
    /// in `$TMPDIR`, and a `$TMPDIR` that cannot hold it fails the import, which writes nothing.
    @Test func aStreamIsCopiedToATemporaryFileThatLeavesNothingBehind() throws {
        let spoolFolder = directory.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spoolFolder, withIntermediateDirectories: true)
        let entries = (0..<2_000).map { "@article{w\($0), title = {Work number \($0) read from a pipe}, author = {Roe, R.}, journal = {J}, year = {2018}}\n" }.joined()
        let piped = try KBProcess.run(["import", "-"], in: directory, environment: ["TMPDIR": spoolFolder.path], stdin: entries, deadline: 60)
        #expect(piped.status == 0 && piped.stderr.contains("- (bibtex): 2000 records read, 2000 sources"), "\(piped.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: spoolFolder.path).isEmpty)
        let before = try kb("stats", "--format", "json").stdout
        let missing = spoolFolder.appendingPathComponent("gone").path
        let refused = try KBProcess.run(["import", "-", "--format", "bibtex"], in: directory, environment: ["TMPDIR": missing], stdin: Self.bibtex, deadline: 60)
        #expect(refused.status == 4 && refused.stderr.contains("could not make a temporary file in \(missing) to hold -: ")
                && refused.stderr.contains("set TMPDIR to a folder with room for it"), "\(refused.stderr)")
        // An empty stream is said to be empty (it was "cannot tell the format of -").
        let empty = try kb("import", "-", stdin: "")
        #expect(empty.status == 3 && empty.stderr.contains("-:1:1: error: the file is empty"), "\(empty.stderr)")
        #expect(try kb("stats", "--format", "json").stdout == before)
    }

    /// Standard input that is a regular file is read where it is, from its start, and a second
    /// import of it changes nothing; a device that is not a terminal (it may never end) is
    /// refused by what it is, by name or on standard input.
    @Test func aFileOnStandardInputIsReadAndADeviceIsRefused() throws {
        try Data(Self.bibtex.utf8).write(to: directory.appendingPathComponent("redirected.bib"))
        for expected in ["1 added", "0 added, 0 updated, 1 unchanged"] {
            let redirected = try KBProcess.run(["-c", "exec \"$0\" import - < redirected.bib", KBProcess.binary.path], in: directory,
                                               executable: URL(fileURLWithPath: "/bin/sh"), deadline: 60)
            #expect(redirected.status == 0 && redirected.stderr.contains("- (bibtex): 1 record read, 1 source"), "\(redirected.stderr)")
            #expect(redirected.stderr.contains(expected), "\(redirected.stderr)")
        }
        let device = try kb("import", "/dev/zero")
        #expect(device.status == 3 && device.stderr.contains("cannot read /dev/zero: it is a device, not a file or a pipe"), "\(device.stderr)")
        let onStandardInput = try KBProcess.run(["-c", "exec \"$0\" import - < /dev/zero", KBProcess.binary.path], in: directory,
                                                executable: URL(fileURLWithPath: "/bin/sh"), deadline: 60)
        #expect(onStandardInput.status == 3 && onStandardInput.stderr.contains("cannot read -: it is a device, not a file or a pipe"), "\(onStandardInput.stderr)")
    }

    @Test func aFolderOrAMissingFileIsRefusedForWhatItIs() throws {
        let before = try kb("stats", "--format", "json").stdout
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("refs"), withIntermediateDirectories: true)
        let folder = try kb("import", "refs")
        #expect(folder.status == 3 && folder.stderr.contains("cannot read refs: it is a folder; name the files in it"), "\(folder.stderr)")
        let missing = try kb("import", "nothere.bib")
        #expect(missing.status == 3 && missing.stderr.contains("cannot read nothere.bib: no such file"), "\(missing.stderr)")
        #expect(try kb("stats", "--format", "json").stdout == before)
    }
}
