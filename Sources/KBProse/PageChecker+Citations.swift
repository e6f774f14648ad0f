import Foundation
import KBDomain

/// Reading a page's citations (author–year forms, DOIs, URLs, a numbered or APA reference list) and placing each on its line before any is looked up.
extension PageChecker {
    /// A page's citations as its text gives them, before any is looked up in the KB.
    struct ReadCitations {
        /// Each line's citations, none yet with its work.
        var placed: [[Placed]]
        /// Per line, the columns that reference-list entries cover.
        var entrySpans: [[ClosedRange<Int>]]
        /// The lines that hold a reference-list entry.
        var entries: Set<Int>

        /// Per line, the columns whose numbers are no findings' numbers: URLs and DOIs,
        /// reference-list entries, and the digits of a superscript marker (an HTML page's
        /// `<sup>1</sup>`).
        func masks(of page: Page) -> [[ClosedRange<Int>]] {
            let superscripts = Dictionary(grouping: page.superscripts.filter { $0.start.line == $0.end.line }, by: \.start.line)
            return placed.indices.map { line in
                placed[line].filter { $0.citation.form == .url || $0.citation.form == .doi }.map(\.citation.span) + entrySpans[line]
                    + (superscripts[line] ?? []).filter { $0.start.column < $0.end.column }.map { $0.start.column...($0.end.column - 1) }
            }
        }
    }

    /// The page's citations, its reference-list entries and the columns they cover, read from
    /// its text alone (``placeCitations(_:page:)`` looks them up).
    static func readCitations(_ page: Page) -> ReadCitations {
        var placed: [[Placed]] = Array(repeating: [], count: page.lines.count)
        var spans: [[ClosedRange<Int>]] = Array(repeating: [], count: page.lines.count)
        var entries: Set<Int> = []  // lines that hold a reference-list entry
        // An HTML list's items, by the stretch their tags enclose (one line or several).
        var htmlEntries: [Int: [(start: Int, text: String)]] = [:]
        for entry in Self.htmlEntries(page) {
            let line = Array(page.lines[entry.start.line])
            let stop = entry.end.line == entry.start.line ? min(line.count, entry.end.column - 1) : line.count
            let text = String(repeating: " ", count: entry.start.column - 1) + String(line[(entry.start.column - 1)..<max(entry.start.column - 1, stop)])
            htmlEntries[entry.start.line, default: []].append((entry.start.column, text))
            for offset in entry.start.line...min(entry.end.line, page.lines.count - 1) {
                let from = offset == entry.start.line ? entry.start.column : 1
                let to = offset == entry.end.line ? entry.end.column - 1 : page.lines[offset].count
                if from <= to { spans[offset].append(from...to) }
            }
        }
        var inReferences = false
        for (offset, line) in page.lines.enumerated() {
            var citations = CitationReader.citations(in: line)
            if !spans[offset].isEmpty {
                // Inside an entry only its own identifiers are citations (not a title's "Barocas and Selbst (2016)").
                citations = citations.filter { citation in
                    citation.form == .url || citation.form == .doi || !spans[offset].contains { $0.contains(citation.column) }
                }
            }
            if let lineEntries = htmlEntries[offset] {
                citations = lineEntries.map { Self.referenceCitation($0.text, start: $0.start) } + citations
                entries.insert(offset)
            } else if page.blocks.isEmpty || spans[offset].isEmpty {
                if CitationReader.isReferenceHeading(line) { inReferences = true; placed[offset] = []; continue }
                // The list ends at the next heading: a page may go on after its sources.
                if inReferences, CitationReader.isHeading(line) || page.headings.contains(offset) { inReferences = false }
                if inReferences, let entry = CitationReader.referenceEntry(line) {
                    citations = [Self.referenceCitation(line, start: entry.start)] + citations.filter { $0.form == .url || $0.form == .doi }
                    entries.insert(offset)
                    spans[offset] = [1...max(1, line.count)]
                }
            }
            placed[offset] = citations.map { Placed(line: offset + 1, citation: $0, work: nil) }
        }
        return ReadCitations(placed: placed, entrySpans: spans, entries: entries)
    }

    /// Every citation `read` from the page, line by line, with the work it names. The page's own
    /// identifiers come first: DOIs and URLs (an index look-up each), then the reference list's
    /// entries (the work of the entry's DOI or URL, else its names and year); an author–year
    /// citation is then the page's reference-list work with those authors and year, as a reader
    /// follows it, and only a citation the page does not resolve is looked up in the KB by
    /// names. "(WEF 2025)" are the initials of an organisation the page cites elsewhere.
    mutating func placeCitations(_ read: ReadCitations, page: Page) throws -> [[Placed]] {
        var placed = read.placed
        let spans = read.entrySpans
        let entries = read.entries
        var pageWorks: [CitedWork] = []
        func note(_ work: CitedWork?) {
            if let work, !pageWorks.contains(where: { $0.id == work.id }) { pageWorks.append(work) }
        }
        for offset in placed.indices {
            for n in placed[offset].indices where placed[offset][n].citation.form == .doi || placed[offset][n].citation.form == .url {
                placed[offset][n].work = try resolve(placed[offset][n].citation)
                note(placed[offset][n].work)
            }
        }
        for offset in entries.sorted() {
            for n in placed[offset].indices where placed[offset][n].citation.form == .reference {
                // The entry's own DOI or URL (on a minified line, not the paragraph's or the next entry's).
                let span = spans[offset].first { $0.contains(placed[offset][n].citation.column) }
                let linked = placed[offset].lazy.filter { place in place.citation.form != .reference && span?.contains(place.citation.column) == true }
                    .compactMap(\.work).first
                placed[offset][n].work = try linked ?? resolve(placed[offset][n].citation)
                note(placed[offset][n].work)
            }
        }
        for offset in placed.indices {
            for n in placed[offset].indices where placed[offset][n].citation.form == .authorYear {
                let citation = placed[offset][n].citation
                let fitting = Self.fitting(citation, among: pageWorks)
                placed[offset][n].work = try fitting.first ?? resolve(citation)
                placed[offset][n].alternatives = Array(fitting.dropFirst())
                if fitting.isEmpty { try placeAmongNamesakes(&placed[offset][n]) }
                if placed[offset][n].work == nil, !citation.isUndated, placed[offset][n].heldSuffixes.isEmpty {
                    let near = try nearYearCandidates(citation)
                    if near.count > 1 { placed[offset][n].yearCandidates = near }
                }
                if placed[offset][n].work == nil, citation.isUndated, let name = citation.names.first {
                    // An undated work with neither authors nor title is cited by its id ("(neumark, n.d.)").
                    placed[offset][n].work = try index.work(slug: Slug.fold(name)).flatMap { $0.year == nil && $0.authors.isEmpty ? $0 : nil }
                }
            }
        }
        let found = pageWorks + placed.flatMap { $0.compactMap(\.work) }
        for offset in placed.indices {
            for n in placed[offset].indices where placed[offset][n].work == nil {
                placed[offset][n].work = Self.byInitials(placed[offset][n].citation, among: found)
            }
        }
        markNumbered(&placed, page: page, entries: entries)
        return placed
    }

    /// "[1]" in the text cites entry 1 of the page's numbered reference list: the marker is
    /// placed as a citation of that entry's work, so the numbers near it are held to it (trial
    /// 8, bug 8). A marker with no such entry, or a Markdown link ("[1](…)"), is none.
    ///
    /// On an HTML page the reference list's items are numbered in order, as `<ol>` shows them,
    /// and a superscript of digits (`<sup>1</sup>`, `<sup><a href="#ref1">1</a></sup>`) is a
    /// marker too (trial 13, item 6).
    ///
    /// A marker of an entry that names a work the KB lacks is placed too, with no work: its
    /// numbers are that work's, held to no other cited work, and the marker is an unknown
    /// citation as the entry is (trial 20, B1).
    func markNumbered(_ placed: inout [[Placed]], page: Page, entries: Set<Int>) {
        var numbered: [Int: CitedWork?] = [:]
        for offset in entries.sorted() {
            guard let entry = CitationReader.referenceEntry(page.lines[offset]), entry.number > 0,
                  let reference = placed[offset].first(where: { $0.citation.form == .reference }) else { continue }
            if numbered[entry.number] == nil || numbered[entry.number] == .some(nil) { numbered[entry.number] = .some(reference.work) }
        }
        if page.kind == .html, numbered.isEmpty {
            for (index, entry) in Self.htmlEntries(page).enumerated() {
                guard let reference = placed[entry.start.line].first(where: { $0.citation.form == .reference && $0.citation.column == entry.start.column }) else { continue }
                numbered[index + 1] = .some(reference.work)
            }
        }
        guard !numbered.isEmpty else { return }
        for superscript in page.superscripts where superscript.start.line == superscript.end.line && superscript.start.line < placed.count {
            let line = superscript.start.line
            let chars = Array(page.lines[line])
            var column = superscript.start.column
            // Each run of digits in it ("1", "1,3") marks an entry.
            while column < superscript.end.column, column <= chars.count {
                guard chars[column - 1].isASCIIDigit else { column += 1; continue }
                var end = column
                while end <= chars.count, end < superscript.end.column, chars[end - 1].isASCIIDigit { end += 1 }
                if let number = Int(String(chars[(column - 1)..<(end - 1)])), let work = numbered[number] {
                    let citation = Citation(form: .authorYear, column: column, text: String(number), isDefinite: true)
                    placed[line].append(Placed(line: line + 1, citation: citation, work: work))
                }
                column = end
            }
            placed[line].sort { $0.citation.column < $1.citation.column }
        }
        for offset in placed.indices where !entries.contains(offset) {
            let chars = Array(page.lines[offset])
            var i = 0
            var added = false
            while i < chars.count {
                guard chars[i] == "[" else { i += 1; continue }
                var j = i + 1
                while j < chars.count, chars[j].isASCIIDigit, j - i <= 3 { j += 1 }
                if j > i + 1, j < chars.count, chars[j] == "]", j + 1 >= chars.count || chars[j + 1] != "(",
                   let number = Int(String(chars[(i + 1)..<j])), let work = numbered[number] {
                    let citation = Citation(form: .authorYear, column: i + 1, text: String(chars[i...j]), isDefinite: true)
                    placed[offset].append(Placed(line: offset + 1, citation: citation, work: work))
                    added = true
                }
                i = j
            }
            if added { placed[offset].sort { $0.citation.column < $1.citation.column } }
        }
    }

    /// An HTML reference list's items (`<li>` after a heading that reads "References", up to the
    /// next heading) that read like references: each from its text's first character (the line
    /// after the `<li>` when the text starts there) to the tag that ends it. The tags' structure
    /// decides, not where lines break: minified HTML is one line.
    static func htmlEntries(_ page: Page) -> [(start: Page.Position, end: Page.Position)] {
        var out: [(start: Page.Position, end: Page.Position)] = []
        var inReferences = false
        for block in page.blocks {
            switch block.kind {
            case .heading:
                inReferences = CitationReader.isReferenceHeading(page.text(from: block.start, to: block.end))
            case .superscript:
                continue
            case .listItem:
                guard inReferences, let start = firstCharacter(of: page, from: block.start, before: block.end),
                      CitationReader.readsLikeReference(page.text(from: start, to: block.end)) else { continue }
                out.append((start, block.end))
            }
        }
        return out
    }

    /// The place of the first character other than white space from `start`, before `end`.
    static func firstCharacter(of page: Page, from start: Page.Position, before end: Page.Position) -> Page.Position? {
        var line = start.line
        var column = start.column
        while line < page.lines.count, line <= end.line {
            let chars = Array(page.lines[line])
            while column - 1 < chars.count {
                let place = Page.Position(line: line, column: column)
                guard place < end else { return nil }
                if !chars[column - 1].isWhitespace { return place }
                column += 1
            }
            line += 1
            column = 1
        }
        return nil
    }

    /// A reference entry's year in parentheses ("(2023)", "(2017b)"), compiled once a run.
    static let entryYear = try? NSRegularExpression(pattern: #"\(((?:19|20)\d{2})[a-z]?\)"#)
    /// A reference entry's volume and issue ("381(6654)").
    static let entryVolume = try? NSRegularExpression(pattern: #"(\d+)\((\d+)\)"#)

    /// A numbered reference entry as one citation: the names that open it and the first year in
    /// parentheses ("Noy & Zhang, Science 381(6654)ChatGPT: … (2023)").
    static func referenceCitation(_ line: String, start: Int) -> Citation {
        let text = line.dropFirst(start - 1).trimmingSpaces
        let column = line.count - line.dropFirst(start - 1).drop { $0 == " " }.count + 1
        var year: Int?
        if let regex = entryYear {
            let ns = text as NSString
            // APA's "Authors (Year). Title.": the first year in parentheses (a title may cite another).
            if let first = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
                year = Int(ns.substring(with: first.range(at: 1)))
            }
        }
        var volume: String?
        var issue: String?
        if let regex = entryVolume,
           let match = regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) {
            volume = (text as NSString).substring(with: match.range(at: 1))
            issue = (text as NSString).substring(with: match.range(at: 2))
        }
        let head = String(text.prefix(80))
        let names = CitationReader.splitNames(head)
        return Citation(form: .reference, column: column, text: text, names: names, year: year,
                        volume: volume, issue: issue, isDefinite: !names.isEmpty)
    }
}
