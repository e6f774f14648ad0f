import Foundation
import Synchronization
import Testing

/// What `kb import` reads for each name (`ImportFileInput`): a pipe named by path
/// (`/dev/stdin`, a named pipe, a shell's `<(…)`) is read whole, as `-` is; a folder and a
/// missing file are refused by what they are.
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
        #expect(piped.stderr.contains("/dev/stdin (bibtex): 1 record read, 1 source"), "\(piped.stderr)")
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
