import KBDomain
import KBStore

/// `FIELD=LOW..HIGH` in SQL: for numbers a `BETWEEN` (or `>=`, `<=` for an open end) on the
/// field's column, which its index answers; for ordinal fields the list of values inside the
/// range, as `grade >= moderate` compiles. With `!=`, the values outside it (a claim without the
/// value is in neither, as with `n != 400`).
extension PredicateCompiler {
    func range(_ field: Field, _ op: ComparisonOperator, low: Value?, high: Value?, predicate: Predicate) throws -> SQLFragment {
        let column = Self.column(field)
        let inside = op != .notEqual
        switch field.valueType {
        case .number:
            let bounds = try [low, high].map { value -> Double? in
                guard let value else { return nil }
                guard case let .number(number) = value.kind else {
                    throw diagnostic("query.expected-number", "'\(field.rawValue)' takes a number, found '\(value.text)'", value.range,
                                     help: "e.g. \(field.rangeExample)")
                }
                return number
            }
            switch (bounds[0], bounds[1]) {
            case let (lower?, upper?):
                return inside ? "\(sql: column) BETWEEN \(lower) AND \(upper)" : "(\(sql: column) < \(lower) OR \(sql: column) > \(upper))"
            case let (lower?, nil):
                return "\(sql: column) \(sql: inside ? ">=" : "<") \(lower)"
            case let (nil, upper?):
                return "\(sql: column) \(sql: inside ? "<=" : ">") \(upper)"
            case (nil, nil):
                return SQLFragment(sql: inside ? "\(column) IS NOT NULL" : "0")
            }
        case let .vocabulary(allowed, ordered: true):
            let lowest = try low.map { allowed.firstIndex(of: try vocabularyValue(field, $0, allowed: allowed)) ?? 0 } ?? 0
            let highest = try high.map { allowed.firstIndex(of: try vocabularyValue(field, $0, allowed: allowed)) ?? 0 } ?? allowed.count - 1
            let list = allowed.indices.filter { (lowest <= $0 && $0 <= highest) == inside }.map { allowed[$0] }
            return "\(sql: column) IN \(list: list)"
        default:
            throw diagnostic("query.unordered-range", "'\(field.rawValue)' has no order, so it takes no range", predicate.fieldRange,
                             help: "ranges apply to \(Field.allCases.filter(\.isOrderable).map(\.rawValue).joined(separator: ", "))")
        }
    }
}

/// Bounded subjects (`for X within N hops`, `for X direct`) leave out economy-wide claims,
/// which no edge leads to: when every subject is bounded, the answer keeps only claims about a
/// node the subjects reach, through `claimAbout`'s entity index.
enum BoundedReach {
    /// `condition` and, when every subject is bounded, "about a reached node"; `condition` as it
    /// is when there is no subject or one is unbounded.
    static func restrict(_ condition: SQLFragment?, reach: [Reach], subjects: [ResolvedSubject], target: Target) -> SQLFragment? {
        guard !subjects.isEmpty, subjects.allSatisfy({ $0.maxHops != nil }) else { return condition }
        let ids = Array(Set(reach.map(\.entityID))).sorted()
        let about: SQLFragment = "SELECT claimId FROM claimAbout WHERE entityId IN \(list: ids)"
        let filter: SQLFragment = target == .sources
            ? "s.id IN (SELECT c.sourceId FROM claim c WHERE c.id IN (\(about)))"
            : "c.id IN (\(about))"
        return condition.map { "(\(filter) AND \($0))" } ?? filter
    }
}
