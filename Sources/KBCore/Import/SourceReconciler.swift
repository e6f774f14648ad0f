import Foundation
import GRDB

/// Decides, for each incoming source, whether it is a work the import has already seen, one the
/// KB already holds, or a new one — matching by DOI, then by the file's own id, then by title +
/// year + first author, then by URL, then by the file and citation key it had before — and gives
/// it its final slug. Matches are merged (``SourceMerge``); disagreements are reported.
struct SourceReconciler {
    let db: Database
    /// The sources to write, in the order first seen.
    private(set) var sources: [Source] = []
    /// (file, key) pairs to remember for each slug.
    private(set) var keys: [(file: String, key: String, slug: String)] = []
    private(set) var conflicts: [String] = []
    /// "file:line is the same work as file:line (same DOI)".
    private(set) var merges: [String] = []
    private(set) var matchedExisting = 0
    /// Slugs of the sources that are new to the KB.
    private(set) var newSlugs = Set<String>()

    private var byDOI: [String: Int] = [:]
    private var bySlug: [String: Int] = [:]
    private var byTitle: [String: [Int]] = [:]
    private var byURL: [String: Int] = [:]

    private var existing: any ExistingSources

    /// - Parameter incoming: how many sources the import brings (decides how to look up the KB).
    init(db: Database, incoming: Int) throws {
        self.db = db
        self.existing = try ExistingSourcesFactory.make(db: db, incoming: incoming)
    }

    /// Takes in one source and returns the slug it ends up with.
    mutating func add(_ incoming: IncomingSource, file: String) throws -> String {
        let fileKey = (file as NSString).lastPathComponent
        var source = incoming.source
        if let doi = source.doi { source.doi = DOI.normalize(doi) ?? doi }
        if let title = source.title, ExportFields.isUntitledPlaceholder(title) { source.title = nil }
        // The folded title, computed once: every match below and the index use it.
        let plainTitleKey = source.title.flatMap { $0.isEmpty ? nil : TitleKey.make($0) }
        let titleKey = plainTitleKey.map { Self.titleKey($0, year: source.issued?.year) }
        if let (index, reason) = matchPending(source, titleKey: titleKey, incoming: incoming, fileKey: fileKey) {
            let first = sources[index].origin?.description ?? sources[index].slug
            merges.append("\(source.origin?.description ?? file) is the same work as \(first) (\(reason)); merged")
            var known = sources[index]
            for conflict in SourceMerge.merge(source, into: &known) {
                conflicts.append("\(known.slug) (\(source.origin?.description ?? file)): \(conflict); kept the first")
            }
            sources[index] = known
            indexSource(index)
            remember(incoming, fileKey: fileKey, slug: known.slug)
            return known.slug
        }
        if var known = try matchExisting(source, plainTitleKey: plainTitleKey, incoming: incoming, fileKey: fileKey) {
            matchedExisting += 1
            for conflict in SourceMerge.merge(source, into: &known) {
                conflicts.append("\(known.slug) (\(source.origin?.description ?? file)): \(conflict); kept the stored value")
            }
            append(known)
            remember(incoming, fileKey: fileKey, slug: known.slug)
            return known.slug
        }
        if !incoming.hasExplicitSlug || source.slug.isEmpty {
            // The file's own key when it is already a kb key and free (so a kb export imports
            // with the keys it was written with); a new readable key otherwise.
            if let key = incoming.key, CitationKey.isKBKey(key), try !isSlugTaken(key) {
                source.slug = key
            } else {
                source.slug = try CitationKey.unique(CitationKey.base(for: source)) { candidate in try isSlugTaken(candidate) }
            }
        }
        append(source, titleKey: titleKey)
        newSlugs.insert(source.slug)
        remember(incoming, fileKey: fileKey, slug: source.slug)
        return source.slug
    }

    private mutating func isSlugTaken(_ candidate: String) throws -> Bool {
        try bySlug[candidate] != nil || existing.id(slug: candidate) != nil
    }

    /// - Parameter titleKey: the source's ``titleKey(_:)`` when the caller has it.
    private mutating func append(_ source: Source, titleKey: String?? = nil) {
        sources.append(source)
        indexSource(sources.count - 1, titleKey: titleKey)
    }

    private mutating func indexSource(_ position: Int, titleKey: String?? = nil) {
        let source = sources[position]
        bySlug[source.slug] = position
        if let doi = source.doi { byDOI[doi] = byDOI[doi] ?? position }
        if let key = titleKey ?? Self.titleKey(source) { byTitle[key, default: []].append(position) }
        if let url = source.url { byURL[url] = byURL[url] ?? position }
    }

    private mutating func remember(_ incoming: IncomingSource, fileKey: String, slug: String) {
        guard let key = incoming.key, !key.isEmpty else { return }
        keys.append((fileKey, key, slug))
    }

    /// "title key|year" — the title-based identity.
    static func titleKey(_ source: Source) -> String? {
        guard let title = source.title, !title.isEmpty else { return nil }
        return titleKey(TitleKey.make(title), year: source.issued?.year)
    }

    static func titleKey(_ folded: String, year: Int?) -> String {
        folded + "|" + (year.map(String.init) ?? "")
    }

    static func sameFirstAuthor(_ a: Source, _ b: Source) -> Bool {
        guard let first = a.authors.first, let second = b.authors.first else { return true }
        return first.nameKey == second.nameKey
    }

    private func matchPending(_ source: Source, titleKey: String?, incoming: IncomingSource, fileKey: String) -> (Int, String)? {
        if let doi = source.doi, let index = byDOI[doi] { return (index, "same DOI") }
        if incoming.hasExplicitSlug, let index = bySlug[source.slug] { return (index, "same id") }
        if let key = titleKey, let index = byTitle[key]?.first(where: { Self.sameFirstAuthor(sources[$0], source) && (sources[$0].doi == nil || source.doi == nil) }) {
            return (index, "same title, year and first author")
        }
        if let url = source.url, let index = byURL[url], sources[index].doi == nil || source.doi == nil { return (index, "same URL") }
        return nil
    }

    private mutating func matchExisting(_ source: Source, plainTitleKey: String?, incoming: IncomingSource, fileKey: String) throws -> Source? {
        func load(_ id: Int64?) throws -> Source? {
            guard let id else { return nil }
            return try GraphReader(db: db).sources(ids: [id])[id]
        }
        if let doi = source.doi, let found = try load(existing.id(doi: doi)) {
            return found
        }
        if incoming.hasExplicitSlug, let found = try load(existing.id(slug: source.slug)) {
            return found
        }
        if let plainTitleKey {
            for id in try existing.ids(titleKey: plainTitleKey, year: source.issued?.year) {
                if let found = try load(id), Self.sameFirstAuthor(found, source), found.doi == nil || source.doi == nil { return found }
            }
        }
        if let url = source.url, let found = try load(existing.id(url: url)), found.doi == nil || source.doi == nil {
            return found
        }
        if let key = incoming.key, !key.isEmpty, let found = try load(existing.id(file: fileKey, key: key)) {
            return found
        }
        return nil
    }

}
