import Foundation
import Testing

/// What the build cannot check by itself about the layers (README, "Layout"): SQL-engine
/// specifics stay in the store, the faces have no SQL, and no target imports one above it.
struct LayeringTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources").standardized
    /// The engine's targets, bottom first.
    static let layers = ["KBDomain", "KBStore", "KBPostgres", "KBQuery", "KBFormats", "KBAudit", "KBCuration", "KBProse", "KBCore", "KBPostgresFacade", "KBServe", "KBCommandLine"]

    /// Each Swift file under `Sources/`, by path relative to it, with its lines of code
    /// (comments left out).
    static func files() throws -> [(path: String, code: [String])] {
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var files: [(String, [String])] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let path = String(url.standardized.path.dropFirst(sources.path.count + 1))
            let code = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("//") }
            files.append((path, code))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func engineSpecificsStayInTheStore() throws {
        let files = try Self.files()
        #expect(files.count > 50)
        for (path, code) in files where !path.hasPrefix("KBStore/") {
            for needle in ["json_each", "EXPLAIN QUERY PLAN", "placeholders(", "SQLiteQueryStore"] {
                #expect(!code.contains { $0.contains(needle) }, "\(path) uses \(needle)")
            }
        }
    }

    @Test func theFacesHaveNoSQL() throws {
        for (path, code) in try Self.files() where path.hasPrefix("kb/") || path.hasPrefix("kb-net/") || path.hasPrefix("kb-fuzz/") || path.hasPrefix("KBServe/") || path.hasPrefix("KBCommandLine/") {
            #expect(!code.contains { $0.hasPrefix("import GRDB") || $0.contains("SELECT ") }, "\(path)")
        }
    }

    /// Curation keeps the rules and the store keeps the SQL (issue 13, D1): KBCuration asks its
    /// questions of the ``CurationStore`` bound to the write's transaction, so a second store
    /// (PostgreSQL) does not touch the curation commands. No `import GRDB`, no raw-SQL entry point
    /// (`sql:`), no statement in a string literal.
    @Test func curationHasNoSQL() throws {
        let curation = try Self.files().filter { $0.path.hasPrefix("KBCuration/") }
        #expect(curation.count > 5)
        for (path, code) in curation {
            #expect(!code.contains { $0.hasPrefix("import GRDB") || $0.hasPrefix("@_exported import GRDB") }, "\(path) imports GRDB")
            #expect(!code.contains { $0.contains("sql:") }, "\(path) passes raw SQL")
            #expect(Self.sqlInStringLiterals(code).isEmpty, "\(path) holds SQL: \(Self.sqlInStringLiterals(code))")
        }
    }

    /// The check above finds a statement in a one-line literal, an interpolated one and a
    /// multi-line one, and leaves messages alone (curation's "FROM KIND TO", "select").
    @Test func theSQLCheckFindsStatements() {
        #expect(Self.sqlInStringLiterals(["let ids = try db.fetch(\"SELECT id FROM claim WHERE slug = \\(slug)\")"]).count == 1)
        #expect(Self.sqlInStringLiterals(["try db.run(\"DELETE FROM \\(sql: table) WHERE slug = ?\")"]).count == 1)
        #expect(Self.sqlInStringLiterals(["try db.run(\"\"\"", "INSERT OR IGNORE INTO claimRelation (kind)", "\"\"\")"]).count == 1)
        #expect(Self.sqlInStringLiterals(["try db.run(\"UPDATE claim SET version = 2\")"]).count == 1)
        #expect(Self.sqlInStringLiterals(["throw Conflict(\"'\\(id)' is not FROM KIND TO; select another\")", "let x = 1 // SELECT"]).isEmpty)
    }

    /// The string literals of `code` (one-line, and the lines of multi-line ones) that hold an
    /// SQL statement or clause.
    static func sqlInStringLiterals(_ code: [String]) -> [String] {
        let statement = #/\b(SELECT|INSERT\s+(OR\s+[A-Z]+\s+)?INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|WHERE|JOIN)\b/#
        let literal = #/"(?:[^"\\]|\\.)*"/#
        var found: [String] = []
        var inMultiline = false
        for line in code {
            if line.contains("\"\"\"") {
                // Opening or closing a multi-line literal; its own line holds no SQL worth a look.
                if line.components(separatedBy: "\"\"\"").count == 2 { inMultiline.toggle() }
                continue
            }
            let texts = inMultiline ? [line] : line.matches(of: literal).map { String($0.output) }
            found += texts.filter { $0.contains(statement) }
        }
        return found
    }

    /// The PostgreSQL store sits beside the SQLite one: only the facade may choose it.
    @Test func onlyTheFacadeImportsThePostgreSQLStore() throws {
        for (path, code) in try Self.files() where !path.hasPrefix("KBPostgresFacade/") && !path.hasPrefix("KBPostgres/") {
            #expect(!code.contains { $0 == "import KBPostgres" || $0 == "@_exported import KBPostgres" }, "\(path) imports KBPostgres")
        }
    }

    /// `kb` is KBCommandLine and KBCore alone, which import neither network stack: `kb serve`
    /// and PostgreSQL reach them only through `NetworkStacks`, installed by kb-net (README,
    /// "Install"). `NetworkHandOverTests` checks the built binary.
    @Test func theCommandLineAndTheFacadeImportNoNetworkStack() throws {
        let stacks = ["KBServe", "KBPostgres", "KBPostgresFacade", "Hummingbird", "PostgresNIO", "NIO", "NIOCore", "NIOPosix"]
        let lean = ["kb/", "KBCommandLine/", "KBCore/", "KBProse/", "KBCuration/", "KBAudit/", "KBFormats/", "KBQuery/", "KBStore/", "KBDomain/"]
        var checked = 0
        for (path, code) in try Self.files() where lean.contains(where: { path.hasPrefix($0) }) {
            checked += 1
            for line in code {
                if let module = Self.importedModule(line) { #expect(!stacks.contains(module), "\(path) imports \(module)") }
            }
        }
        #expect(checked > 100)
    }

    /// The module an import line names, in any of Swift's spellings (attributes, an access
    /// level, a kind and a declaration: `@preconcurrency package import struct NIOCore.ByteBuffer`).
    static func importedModule(_ line: String) -> String? {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        while let first = words.first, first.hasPrefix("@") || ["public", "package", "internal", "fileprivate", "private"].contains(first) {
            words.removeFirst()
        }
        guard words.first == "import", words.count >= 2 else { return nil }
        let kinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias", "actor"]
        let named = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
        return named.split(separator: ".").first.map(String.init)
    }

    @Test func everySpellingOfAnImportIsRead() {
        #expect(Self.importedModule("import NIOCore") == "NIOCore")
        #expect(Self.importedModule("@preconcurrency import NIOPosix") == "NIOPosix")
        #expect(Self.importedModule("package import PostgresNIO") == "PostgresNIO")
        #expect(Self.importedModule("@_exported public import KBServe") == "KBServe")
        #expect(Self.importedModule("import struct NIOCore.ByteBuffer") == "NIOCore")
        #expect(Self.importedModule("let imported = 1") == nil)
    }

    @Test func noTargetImportsOneAboveIt() throws {
        for (path, code) in try Self.files() {
            guard let layer = Self.layers.firstIndex(where: { path.hasPrefix($0 + "/") }) else { continue }
            for line in code where line.hasPrefix("import ") || line.hasPrefix("@_exported import ") {
                let module = String(line.split(separator: " ").last ?? "")
                if let imported = Self.layers.firstIndex(of: module) {
                    #expect(imported < layer, "\(path) imports \(module)")
                }
            }
        }
    }
}
