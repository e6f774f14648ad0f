import Foundation
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// A NUL character (U+0000) in a value — which PostgreSQL's text cannot hold, so that the server
/// would have cut it off — is refused as bad input on every store (review of issue 19, M2): an
/// import names the file, line and column of the escape that makes it and writes nothing; `kb
/// add` and `kb edit` name the field. The same refusals on PostgreSQL: ``PostgresNULTests``.
@Suite struct NULCharacterTests {
    /// A CSL-JSON file whose third line holds a `\u0000` escape at column 20.
    static let json = "[\n  {\"id\": \"nul-work\", \"type\": \"book\", \"issued\": {\"date-parts\": [[2020]]},\n   \"title\": \"Before\\u0000after\"}\n]\n"
    /// A kb YAML file whose fourth line holds a `\0` escape in the scalar at column 12.
    static let yaml = "sources:\n  - id: nul-yaml-work\n    type: book\n    title: \"Before\\0after\"\n    issued: 2020\n"
    /// An escaped backslash followed by `u0000` is text, not a NUL character.
    static let escapedBackslash = "[{\"id\": \"not-nul\", \"type\": \"book\", \"title\": \"A path C:\\\\u0000 kept\", \"issued\": {\"date-parts\": [[2020]]}}]\n"

    static func service() throws -> (KBService, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-nul-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("kb.sqlite").path
        _ = try KBService.create(path: path, seedsFolder: nil, replacing: false)
        return (try KBService.open(path: path), folder)
    }

    static func options() -> ImportOptions {
        ImportOptions(changeContext: ChangeContext(author: "imp", command: "import"))
    }

    static func curation() -> CurationOptions {
        CurationOptions(context: ChangeContext(author: "ana", command: "edit"))
    }

    /// The diagnostics an error carries (one, or a list).
    static func diagnostics(_ error: any Error) -> [Diagnostic] {
        switch error {
        case let diagnostic as Diagnostic: [diagnostic]
        case let list as DiagnosticList: list.diagnostics
        default: []
        }
    }

    /// The refusal of `input`: its diagnostic (the first), which must be bad input (exit 3).
    static func refusal(_ body: () throws -> Void) throws -> Diagnostic {
        do {
            try body()
        } catch {
            #expect(ErrorCategory(of: error)?.exitStatus == 3, "\(error)")
            return try #require(diagnostics(error).first, "\(error)")
        }
        Issue.record("accepted a NUL character")
        throw KBError.invalidInput("accepted")
    }

    @Test func anImportRefusesANULCharacterAtItsLineAndColumn() throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(at: folder) }
        let changes = try service.log().count
        let fromJSON = try Self.refusal {
            _ = try Importer(service.knowledgeBase).run([ImportInput(name: "nul.json", bytes: Array(Self.json.utf8))], options: Self.options())
        }
        #expect(fromJSON.id == "import.nul-character" && fromJSON.message.contains("NUL character (U+0000)"), "\(fromJSON)")
        #expect(fromJSON.location.file == "nul.json" && fromJSON.location.line == 3 && fromJSON.location.column == 20, "\(fromJSON.location)")
        let fromYAML = try Self.refusal {
            _ = try Importer(service.knowledgeBase).run([ImportInput(name: "nul.yaml", bytes: Array(Self.yaml.utf8))], options: Self.options())
        }
        #expect(fromYAML.id == "yaml.nul-character", "\(fromYAML)")
        #expect(fromYAML.location.file == "nul.yaml" && fromYAML.location.line == 4 && fromYAML.location.column == 12, "\(fromYAML.location)")
        // Nothing was written, the file's other records neither.
        #expect(try service.log().count == changes)
        #expect(throws: (any Error).self) { try service.catalog.show("nul-work") }
        #expect(throws: (any Error).self) { try service.catalog.show("nul-yaml-work") }
        // `\\u0000` (an escaped backslash) is text: imported as written.
        let report = try Importer(service.knowledgeBase).run([ImportInput(name: "kept.json", bytes: Array(Self.escapedBackslash.utf8))], options: Self.options())
        #expect(report.summary.added >= 1, "\(report.summary)")
    }

    @Test func addAndEditRefuseANULCharacterNamingTheField() throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(at: folder) }
        let changes = try service.log().count
        let added = try Self.refusal {
            _ = try service.add(.claim, fields: [FieldAssignment(field: "statement", value: "Cut\u{0}off"), FieldAssignment(field: "source", value: "noy2023experimental")],
                                options: Self.curation())
        }
        #expect(added.id == "curation.nul-character" && added.message.contains("'statement'"), "\(added)")
        #expect(added.location.column == "statement=Cut".count + 1 && !added.location.text.contains("\u{0}"), "\(added.location)")
        let edited = try Self.refusal {
            _ = try service.edit("noy2023-writing-time", fields: [try FieldAssignment.parse("note=a\u{0}b")], options: Self.curation())
        }
        #expect(edited.id == "curation.nul-character" && edited.message.contains("'note'"), "\(edited)")
        let fromFile = try Self.refusal {
            _ = try service.add(from: SeedFile(name: "add.yaml", text: Self.yaml), options: Self.curation())
        }
        #expect(fromFile.id == "yaml.nul-character" && fromFile.location.line == 4, "\(fromFile)")
        #expect(try service.log().count == changes, "nothing was written")
    }
}
