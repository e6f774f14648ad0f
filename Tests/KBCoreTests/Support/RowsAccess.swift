@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Optional views of a result's kind, for `try #require(outcome.rows.claims)`: a test that gets
/// the wrong kind of rows fails there instead of returning quietly and passing.
extension QueryOutcome.Rows {
    var claims: [ClaimResult]? {
        if case let .claims(rows) = self { rows } else { nil }
    }

    var sources: [SourceResult]? {
        if case let .sources(rows) = self { rows } else { nil }
    }

    var citations: [(rank: Int, source: Source, reference: StyledText)]? {
        if case let .citations(rows) = self { rows } else { nil }
    }
}

extension JSONValue {
    /// The fields of an object, nil for any other kind of value.
    var fields: [String: JSONValue]? {
        if case let .object(fields) = self { fields } else { nil }
    }
}
