import GRDB
import KBDomain
import KBStore

/// A CSV mapping that restates a stored study by its id states only what it maps: the fields
/// it does not map at all (a small mapping with only `design`, say) keep their stored values
/// instead of being cleared (trial 5, item 13: n, country and period went, and the grade with
/// them). A mapped field whose cell is empty does clear it, as a restatement says; the import
/// report names each such field ("cleared: study x: n").
enum StudyRestatement {
    /// Fills the unmapped fields of `batch`'s studies that are already stored with their stored
    /// values; returns "study SLUG: FIELD, …" for each stored study a mapped, empty cell clears.
    static func keepUnmapped(_ batch: inout ImportBatch, in db: Database) throws -> [String] {
        guard !batch.mappedStudyFields.isEmpty, !batch.dataset.studies.isEmpty else { return [] }
        let stored = try RecordSnapshot.readAll(.study, slugs: batch.dataset.studies.map(\.slug), in: db)
        guard !stored.isEmpty else { return [] }
        var cleared: [String] = []
        for index in batch.dataset.studies.indices {
            let study = batch.dataset.studies[index]
            guard case let .study(old)? = stored[study.slug], let mapped = batch.mappedStudyFields[study.slug] else { continue }
            let (merged, gone) = restate(old, with: study, mapped: mapped)
            batch.dataset.studies[index] = merged
            if !gone.isEmpty { cleared.append("study \(study.slug): " + gone.joined(separator: ", ")) }
        }
        return cleared
    }

    /// `new` over `old`: the fields not in `mapped` (the mapping's field names) from `old`; and
    /// the mapped fields that `new` leaves empty while `old` had a value.
    static func restate(_ old: Study, with new: Study, mapped: Set<String>) -> (Study, cleared: [String]) {
        var merged = new
        var cleared: [String] = []
        func keep<T>(_ name: String, _ path: WritableKeyPath<Study, T?>) {
            if !mapped.contains(name) {
                merged[keyPath: path] = old[keyPath: path]
            } else if merged[keyPath: path] == nil, old[keyPath: path] != nil {
                cleared.append(name)
            }
        }
        keep("label", \.label)
        keep("design", \.design)
        keep("design-quote", \.designQuote)
        keep("n", \.n)
        keep("n-text", \.nText)
        keep("n-unit", \.nUnit)
        if !mapped.contains("preregistered") {
            merged.preregistered = old.preregistered
        } else if merged.preregistered == .unknown, old.preregistered != .unknown {
            cleared.append("preregistered")
        }
        keep("registry", \.registryURL)
        keep("population", \.population)
        keep("country", \.country)
        keep("period", \.period)
        return (merged, cleared)
    }
}
