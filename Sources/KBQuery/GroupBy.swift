import KBDomain
import KBStore

/// One field of a `group by` clause and where it was written.
///
/// ```
/// grouping = "group" "by" FIELD { "," FIELD }
/// ```
public struct GroupField: Sendable, Equatable {
    public var field: Field
    public var range: Range<Int>

    public init(_ field: Field, range: Range<Int> = 0..<0) {
        self.field = field
        self.range = range
    }

    /// Equality ignores ranges, so that a printed and re-parsed query compares equal.
    public static func == (lhs: GroupField, rhs: GroupField) -> Bool { lhs.field == rhs.field }
}

extension Field {
    /// Whether `group by` takes this field: the ones with few, shared values (taxonomy nodes,
    /// closed vocabularies, years, countries, sources). Numbers measured per claim (`n`,
    /// `strength`, `value`) and free text (`quote`, `title`…) would give one group per claim.
    public var isGroupable: Bool {
        switch self {
        case .cohort, .boundary, .jurisdiction, .band, .role, .skill, .topic,
             .design, .preregistered, .country, .nUnit, .replication, .metric, .unit, .direction, .grade, .economyWide,
             .source, .year, .type, .peerReviewed, .retracted:
            true
        case .n, .population, .value, .strength, .quote, .locator, .replicatedBy, .author, .doi, .url, .title:
            false
        }
    }

    /// Whether a claim can have several values (then it counts in each of its groups).
    public var isMultiValued: Bool {
        if case .entity = valueType { return true }
        return false
    }

    public static var groupable: [Field] { allCases.filter(\.isGroupable) }
}

/// The text shown for the group of units without the field.
public enum GroupValue {
    public static let none = "(none)"
}

extension GroupField {
    /// Statements that return results (claims, sources, citations, exports) cannot take a
    /// `group by`: an error at the clause, instead of results that silently ignore it.
    static func requireNoGrouping(_ query: Query, text: String) throws {
        guard let first = query.grouping.first, let last = query.grouping.last else { return }
        throw Diagnostic(id: "query.grouped", message: "'group by' gives counts per group, not \(query.target.rawValue)",
                         location: SourceLocation(file: "query", text: text, range: first.range.lowerBound..<last.range.upperBound),
                         help: "run it with 'kb query' or draw it with 'kb map'; remove 'group by …' to list the \(query.target.rawValue)", input: .query)
    }
}
