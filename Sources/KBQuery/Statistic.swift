extension Catalog {
    /// One line of `kb stats`: what it counts, as the table labels it and as JSON keys it.
    /// The key is written here, not derived from the label, so that relabelling a line (or
    /// indenting it under another) never renames a key a script reads.
    public struct Statistic: Sendable, Equatable {
        /// The JSON key: `schema_version`, `unsourced_claims`, `high_claims`.
        public var key: String
        /// The table's label, indented under the line it details: "  unsourced claims".
        public var label: String
        public var value: Value

        public enum Value: Sendable, Equatable {
            case count(Int)
            case text(String)

            /// As the table shows it.
            public var text: String {
                switch self {
                case let .count(count): String(count)
                case let .text(text): text
                }
            }
        }

        public init(_ key: String, _ label: String, _ value: Value) {
            self.key = key
            self.label = label
            self.value = value
        }
    }
}

extension [Catalog.Statistic] {
    /// The count under `key`, 0 when there is none.
    public func count(_ key: String) -> Int {
        for statistic in self where statistic.key == key {
            if case let .count(count) = statistic.value { return count }
        }
        return 0
    }
}
