/// The ids a did-you-mean ranks for an id that names no record.
///
/// A small KB gives every id (the nearest are then exactly the nearest). A large one cannot: at a
/// million claims, fetching three million slugs, sorting them and computing an edit distance for
/// each took 27–150 s, so an unknown id in `kb show` or behind `kb serve`'s 404 ran into the time
/// limit. There the candidates are the ids next to the unknown one in byte order, on each side
/// and per table (read through each table's unique slug index), plus those that start like it:
/// a typo late in an id, or an id cut short, still finds its record; a typo in the first
/// characters of a large table's id may go without a suggestion.
package enum NearbySlugs {
    /// Up to this many ids in a table, all of them are candidates.
    package static let wholeTableLimit = 20_000
    /// Ids taken on each side of the unknown one, per table, beyond that size.
    package static let neighbours = 30

    /// Candidates for `id` from the `slug` column of each of `tables` (kb's own table names,
    /// never user input). `binaryOrder` wraps a column so that the store compares it byte by
    /// byte (``SQLDialect/binaryOrder(_:)``).
    package static func candidates(for id: String, tables: [String], in executor: any StatementExecutor,
                                   binaryOrder: (String) -> String = { $0 }) throws -> [String] {
        var found: [String] = []
        for table in tables {
            let sample = try executor.rows("SELECT slug FROM \(sql: table) LIMIT \(wholeTableLimit + 1)").compactMap { $0[0].string }
            if sample.count <= wholeTableLimit {
                found += sample
                continue
            }
            let slug = binaryOrder("slug")
            found += try executor.rows("""
                SELECT slug FROM \(sql: table) WHERE \(sql: slug) >= \(id) ORDER BY \(sql: slug) LIMIT \(neighbours)
                """).compactMap { $0[0].string }
            found += try executor.rows("""
                SELECT slug FROM \(sql: table) WHERE \(sql: slug) < \(id) ORDER BY \(sql: slug) DESC LIMIT \(neighbours)
                """).compactMap { $0[0].string }
            // Those sharing the unknown id's first characters (up to half of it), whatever follows.
            let prefix = String(id.prefix(max(1, id.count / 2)))
            found += try executor.rows("""
                SELECT slug FROM \(sql: table) WHERE \(sql: slug) >= \(prefix) ORDER BY \(sql: slug) LIMIT \(neighbours)
                """).compactMap { $0[0].string }
        }
        // Each id once, in byte order, as the UNION of the whole lists gave them.
        return Array(Set(found)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
