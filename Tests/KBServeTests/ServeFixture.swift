import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
@testable import KBServe

/// A knowledge base built from the bundled seeds in a temporary file (a DatabasePool, as the
/// server opens it), and the server's application over it.
enum ServeFixture {
    static func service() throws -> KBService {
        let directory = scratchRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try KBService.open(path: directory.appendingPathComponent("kb.sqlite").path, readers: readers)
    }

    /// The read connections `kb serve` opens by default (a pool, as the server's requests read
    /// side by side; without `readers` a file in WAL mode is opened in one connection).
    static let readers = LaneWidths.forCores().readers

    /// A KB of `claims` claims about one role (more than a total's default bound of 1000, for
    /// ``TotalCount``), built with `kb init --seeds`' path from hand-written seed files.
    static func manyClaims(_ claims: Int) throws -> KBService {
        let directory = scratchRoot.appendingPathComponent(UUID().uuidString)
        let seeds = directory.appendingPathComponent("seeds")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        try "roles:\n  - {id: analyst}\n".write(to: seeds.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let lines = (1...claims).map { "  - {id: finding-\($0), statement: Finding \($0), source: work, about: [role:analyst]}" }
        try (["sources:", "  - {id: work, title: One work, issued: 2020}", "claims:"] + lines).joined(separator: "\n")
            .write(to: seeds.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("kb.sqlite").path
        _ = try KBService.create(path: path, seedsFolder: seeds.path, replacing: false)
        return try KBService.open(path: path, readers: readers)
    }

    /// One folder per test process, removed when it exits (a KB per test, left behind, piled up
    /// in /tmp by the thousand).
    private static let scratchRoot: URL = {
        atexit { try? FileManager.default.removeItem(at: ServeFixture.scratchRootPath) }
        return scratchRootPath
    }()

    private static let scratchRootPath = FileManager.default.temporaryDirectory.appendingPathComponent("kb-serve-tests-\(getpid())")

    /// Runs `body` against the routes of a server over `service` (a new seeded KB by default).
    static func withClient<T: Sendable>(_ configuration: ServeConfiguration = ServeConfiguration(), service: KBService? = nil,
                                        _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let server = KBServer(service: try service ?? Self.service(), configuration: configuration)
        return try await server.application().test(.router, body)
    }

    /// A BibTeX file whose fields carry the usual script-injection payloads.
    static let hostileBibTeX = """
    @article{xss2024payloads,
      title = {<script>window.__kbxss=1</script> Hiring "><img src=x onerror="window.__kbxss=2"> </textarea>},
      author = {Evil, <b onmouseover="window.__kbxss=3">Mallory</b> and Tables, Bobby},
      journal = {Journal of <svg onload=window.__kbxss=4>},
      year = {2024},
      url = {javascript:window.__kbxss=5},
      note = {</textarea><script>window.__kbxss=6</script>}
    }

    """

    static func importHostile(into service: KBService) throws {
        _ = try Importer(service.knowledgeBase).run([ImportInput(name: "hostile.bib", bytes: Array(hostileBibTeX.utf8))])
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
}
