import Testing
@testable import KBFormats

/// The name an input's citation keys are remembered under: a file's own name, `-` for every
/// stream, whatever its path says.
struct CitationKeyFilesTests {
    @Test func everyStreamIsDashAndAFileIsItsName() {
        for stream in ["-", "/dev/stdin", "/dev/fd/0", "/dev/fd/63", "/proc/self/fd/3", "/proc/4242/fd/62"] {
            #expect(CitationKeyFiles.ownName(of: stream) == "-", "\(stream)")
        }
        for (file, name) in [("refs.bib", "refs.bib"), ("a/b/refs.bib", "refs.bib"), ("/dev/fd/x", "x"), ("/proc/self/fd/3/x", "x"),
                             ("exports/fd/63", "63"), ("63", "63"), ("./-", "-")] {
            #expect(CitationKeyFiles.ownName(of: file) == name, "\(file)")
        }
        #expect(["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"].allSatisfy(CitationKeyFiles.isStandardInput))
        #expect(!["/dev/fd/63", "stdin", "/proc/1/fd/0"].contains(where: CitationKeyFiles.isStandardInput))
        let names = CitationKeyFiles([("-", "register.csv"), ("a/refs.bib", "refs.bib")])
        #expect(names.name(of: "-") == "register.csv" && names.name(of: "a/refs.bib") == "refs.bib" && names.name(of: "/dev/fd/63") == "-")
    }
}
