import Foundation
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBFormats
@testable import KBPostgres
@testable import KBStore

/// A NUL character (U+0000), which PostgreSQL's text cannot hold (the server cut the value off
/// there), is refused as bad input on PostgreSQL as on a file (review of issue 19, M2): the same
/// error naming the file, line and column, exit 3, nothing written; `kb add` and `kb edit` the
/// same error naming the field. Needs KB_TEST_POSTGRES_URL.
@Suite(.serialized)
struct PostgresNULTests {
    /// A CSL-JSON file whose third line holds a `\u0000` escape, and a kb YAML file whose fourth
    /// line holds a `\0` escape.
    static let inputs: [(name: String, text: String, location: String)] = [
        ("nul.json", "[\n  {\"id\": \"nul-work\", \"type\": \"book\", \"issued\": {\"date-parts\": [[2020]]},\n   \"title\": \"Before\\u0000after\"}\n]\n", "nul.json:3:20"),
        ("nul.yaml", "sources:\n  - id: nul-yaml-work\n    type: book\n    title: \"Before\\0after\"\n    issued: 2020\n", "nul.yaml:4:12"),
    ]

    static func outcome<T>(_ body: () throws -> T) -> String {
        switch Result(catching: body) {
        case .success: return "accepted"
        case let .failure(error):
            let first = (error as? Diagnostic) ?? (error as? DiagnosticList)?.diagnostics.first
            let said = first.map { "\($0.location.file):\($0.location.line):\($0.location.column): \($0.message)" } ?? "\(error)"
            return "exit \(ErrorCategory(of: error)?.exitStatus ?? -1) at \(said)"
        }
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aNULCharacterIsRefusedOnBothStores() async throws {
        try await withLoadedStores { location, postgres, sqlite in
            let before = try PostgresImportParityTests.counts(location)
            let options = ImportOptions(changeContext: ChangeContext(author: "imp", command: "import"))
            for input in Self.inputs {
                let bytes = Array(input.text.utf8)
                let lite = Self.outcome { try Importer(sqlite.knowledgeBase).run([ImportInput(name: input.name, bytes: bytes)], options: options) }
                let live = Self.outcome { try postgres.importFiles([ImportInput(name: input.name, bytes: bytes)], options: options) }
                #expect(live == lite, "\(input.name)")
                #expect(live.hasPrefix("exit 3 at \(input.location):") && live.contains("NUL character (U+0000)"), "\(live)")
            }
            let curation = CurationOptions(context: ChangeContext(author: "ana", command: "edit", time: Date(timeIntervalSince1970: 1_780_000_000)))
            let fields = [FieldAssignment(field: "statement", value: "Cut\u{0}off"), FieldAssignment(field: "source", value: "noy2023experimental")]
            let added = (Self.outcome { try sqlite.add(.claim, fields: fields, options: curation) },
                         Self.outcome { try postgres.add(.claim, fields: fields, options: curation) })
            #expect(added.1 == added.0 && added.1.hasPrefix("exit 3") && added.1.contains("'statement' holds a NUL character"), "\(added)")
            let note = [FieldAssignment(field: "note", value: "a\u{0}b")]
            let edited = (Self.outcome { try sqlite.edit("noy2023-writing-time", fields: note, options: curation) },
                          Self.outcome { try postgres.edit("noy2023-writing-time", fields: note, options: curation) })
            #expect(edited.1 == edited.0 && edited.1.hasPrefix("exit 3") && edited.1.contains("'note' holds a NUL character"), "\(edited)")
            #expect(try PostgresImportParityTests.counts(location) == before, "nothing was written on the server")
            #expect(try tablesThatDiffer(location, sqlite) == [], "nor on the file")
        }
    }
}
