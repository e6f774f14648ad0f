import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The bundled seeds in an in-memory knowledge base, built once for the tests that only read.
enum Seeded {
    static let knowledgeBase: KnowledgeBase = {
        do {
            return try KnowledgeBase.seeded()
        } catch {
            fatalError("the bundled seeds do not load: \(error)")
        }
    }()

    static var engine: QueryEngine { QueryEngine(knowledgeBase) }

    static func run(_ text: String, limit: Int? = nil, profile: ProfileSpec? = nil) throws -> QueryOutcome {
        try engine.run(text, profile: profile, limit: limit)
    }

    static func claimSlugs(_ text: String) throws -> [String] {
        let rows = try #require(try run(text).rows.claims)
        return rows.map(\.claim.slug)
    }
}

/// A small knowledge base built from YAML in the test, through the real seed loader.
func makeKnowledgeBase(_ files: [String: String]) throws -> KnowledgeBase {
    let seeds = files.sorted { $0.key < $1.key }.map { SeedFile(name: $0.key, text: $0.value) }
    return try KnowledgeBase.seeded(seeds)
}

/// Renders a thrown diagnostic (or list) as kb prints it, for golden comparisons.
func renderedError(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch let diagnostic as Diagnostic {
        return DiagnosticRenderer().render(diagnostic)
    } catch let list as DiagnosticList {
        return list.diagnostics.map { DiagnosticRenderer().render($0) }.joined()
    } catch {
        return "\(error)"
    }
}
