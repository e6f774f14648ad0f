import KBDomain
import KBStore

/// The parsed form of a query. Nodes keep their ranges in the query text so that later stages
/// (name resolution, type checks) can point at the offending word.
///
/// ```
/// query     = target [ "for" subject { "," subject } ] [ "where" condition ]
///             [ "group" "by" FIELD { "," FIELD } ]
///             [ "rank" "by" key [ "asc" | "desc" ] { "," key [ "asc" | "desc" ] } ] [ "limit" INT ]
/// subject   = ( SLUG | "profile:" SLUG ) [ "within" INT ( "hop" | "hops" ) | "direct" ]
/// ```
public struct Query: Sendable, Equatable {
    public var target: Target
    public var subjects: [Subject]
    public var condition: Condition?
    public var ranking: [RankKey]
    public var limit: Int?
    /// The largest `limit` (and `--limit`): a billion rows, far past any KB this machine holds;
    /// kb's steps of work per row wanted (``StrengthRange``) stay whole numbers below it.
    public static let maximumLimit = 1_000_000_000
    /// `group by` fields: one row per group instead of results (see ``GroupField``).
    public var grouping: [GroupField] = []

    public init(target: Target, subjects: [Subject] = [], condition: Condition? = nil, ranking: [RankKey] = [], limit: Int? = nil) {
        self.target = target
        self.subjects = subjects
        self.condition = condition
        self.ranking = ranking
        self.limit = limit
    }
}

public enum Target: String, Sendable, CaseIterable, Equatable {
    case claims, sources, citations
}

/// A `for` subject: a role or skill by name or alias, or `profile:SLUG`, optionally bounded:
/// `X within N hops` follows at most N edges of the subject graph, `X direct` none.
public struct Subject: Sendable, Equatable {
    public var name: String
    public var isProfile: Bool
    public var range: Range<Int>
    /// At most this many edges from the subject (0 = the subject alone); nil = every path
    /// ``SubjectExpander`` follows, plus economy-wide claims.
    public var maxHops: Int?

    public init(name: String, isProfile: Bool = false, range: Range<Int> = 0..<0, maxHops: Int? = nil) {
        self.name = name
        self.isProfile = isProfile
        self.range = range
        self.maxHops = maxHops
    }
}

/// A boolean combination of predicates.
public indirect enum Condition: Sendable, Equatable {
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)
    case predicate(Predicate)

    /// The top-level `and` factors, in order: `a and (b or c) and d` → [a, b or c, d].
    package var conjuncts: [Condition] {
        operands { if case let .and(lhs, rhs) = $0 { (lhs, rhs) } else { nil } }
    }

    /// The top-level `or` alternatives, in order: `a or (b and c) or d` → [a, b and c, d].
    package var disjuncts: [Condition] {
        operands { if case let .or(lhs, rhs) = $0 { (lhs, rhs) } else { nil } }
    }

    /// The operands of a chain of one operator (`split` gives a node's two sides, nil for an
    /// operand), in order. Walked with a stack, not recursion: a query of the longest length
    /// holds a chain of some 9,000 operands, which recursion (and arrays joined at every level)
    /// made slow and deep.
    private func operands(_ split: (Condition) -> (Condition, Condition)?) -> [Condition] {
        var operands: [Condition] = []
        var pending = [self]
        while let node = pending.popLast() {
            if let (lhs, rhs) = split(node) {
                pending.append(rhs)
                pending.append(lhs)
            } else {
                operands.append(node)
            }
        }
        return operands
    }

    static func conjunction(_ parts: [Condition]) -> Condition? {
        guard var result = parts.first else { return nil }
        for part in parts.dropFirst() { result = .and(result, part) }
        return result
    }

    /// Every predicate, with whether it sits under an odd number of `not`s.
    func predicates(negated: Bool = false) -> [(Predicate, Bool)] {
        var found: [(Predicate, Bool)] = []
        var pending = [(self, negated)]
        while let (node, negated) = pending.popLast() {
            switch node {
            case let .and(lhs, rhs), let .or(lhs, rhs):
                pending.append((rhs, negated))
                pending.append((lhs, negated))
            case let .not(inner): pending.append((inner, !negated))
            case let .predicate(predicate): found.append((predicate, negated))
            }
        }
        return found
    }
}

public struct Predicate: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `FIELD op value`
        case compare(Field, ComparisonOperator, Value)
        /// `FIELD in (v1, v2, ...)`, and `FIELD=v1|v2|...`, which means the same.
        case member(Field, [Value])
        /// `FIELD!=v1|v2|...`: none of them, the same as `FIELD!=v1 and FIELD!=v2 ...`.
        case noneOf(Field, [Value])
        /// `FIELD=LOW..HIGH` (inclusive; either end may be nil, not both) or, with `!=`, outside it.
        /// Only for numbers and ordinal fields (``Field/isOrderable``).
        case range(Field, ComparisonOperator, low: Value?, high: Value?)
        /// `@NAME`: the condition of saved query NAME, replaced by it before compiling
        /// (``SavedConditions``).
        case saved(String)
        /// A bare boolean field: `preregistered`, `retracted`, ...
        case flag(Field)
        /// `missing FIELD` / `has FIELD`
        case missing(Field)
        case has(Field)
        /// A quoted string: full-text match over claims, quotes and titles.
        case text(String)
    }

    public var kind: Kind
    /// The whole predicate's range.
    public var range: Range<Int>
    /// The field name's range (empty for text).
    public var fieldRange: Range<Int>

    public init(_ kind: Kind, range: Range<Int> = 0..<0, fieldRange: Range<Int> = 0..<0) {
        self.kind = kind
        self.range = range
        self.fieldRange = fieldRange
    }

    public var field: Field? {
        switch kind {
        case let .compare(field, _, _), let .member(field, _), let .flag(field), let .missing(field), let .has(field),
             let .noneOf(field, _), let .range(field, _, _, _): field
        case .text, .saved: nil
        }
    }

    /// Equality ignores ranges, so that a printed and re-parsed query compares equal.
    public static func == (lhs: Predicate, rhs: Predicate) -> Bool { lhs.kind == rhs.kind }
}

/// A literal value and where it was written.
public struct Value: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case word(String)
        case number(Double)
        case string(String)
        case boolean(Bool)
    }

    public var kind: Kind
    public var range: Range<Int>

    public init(_ kind: Kind, range: Range<Int> = 0..<0) {
        self.kind = kind
        self.range = range
    }

    /// The value as text (a number in its shortest form).
    public var text: String {
        switch kind {
        case let .word(text), let .string(text): text
        case let .number(value): QueryPrinter.number(value)
        case let .boolean(value): value ? "true" : "false"
        }
    }

    public static func == (lhs: Value, rhs: Value) -> Bool { lhs.kind == rhs.kind }
}

public struct RankKey: Sendable, Equatable {
    public enum Key: String, Sendable, CaseIterable, Equatable {
        case relevance, strength, year, n
    }

    public var key: Key
    public var isDescending: Bool

    public init(_ key: Key, descending: Bool = true) {
        self.key = key
        self.isDescending = descending
    }
}

extension Subject {
    public static func == (lhs: Subject, rhs: Subject) -> Bool {
        lhs.name == rhs.name && lhs.isProfile == rhs.isProfile && lhs.maxHops == rhs.maxHops
    }
}
