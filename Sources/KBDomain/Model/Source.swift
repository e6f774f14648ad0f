/// A citable work, described with CSL variables.
public struct Source: Codable, Sendable, Equatable {
    public var id: Int64?
    /// Stable, human-readable id; also the citation key (`noy2023experimental`).
    public var slug: String
    /// CSL type: article-journal, report, webpage, dataset, book, chapter, ...
    public var type: String
    public var title: String?
    public var containerTitle: String?
    public var publisher: String?
    public var publisherPlace: String?
    public var volume: String?
    public var issue: String?
    public var page: String?
    public var issued: PartialDate?
    /// Normalised DOI (see ``DOI/normalize(_:)``).
    public var doi: String?
    public var url: String?
    public var accessed: String?
    /// `nil` when unknown.
    public var isPeerReviewed: Bool?
    /// CSL variables kb has no column for, as a JSON object.
    public var extra: String?
    public var note: String?
    public var contributors: [Contributor]
    public var notices: [Notice]
    public var origin: Origin?

    public init(slug: String, type: String = "article-journal", title: String? = nil, containerTitle: String? = nil,
                publisher: String? = nil, publisherPlace: String? = nil, volume: String? = nil, issue: String? = nil,
                page: String? = nil, issued: PartialDate? = nil, doi: String? = nil, url: String? = nil,
                accessed: String? = nil, isPeerReviewed: Bool? = nil, extra: String? = nil, note: String? = nil,
                contributors: [Contributor] = [], notices: [Notice] = [], origin: Origin? = nil) {
        self.slug = slug
        self.type = type
        self.title = title
        self.containerTitle = containerTitle
        self.publisher = publisher
        self.publisherPlace = publisherPlace
        self.volume = volume
        self.issue = issue
        self.page = page
        self.issued = issued
        self.doi = doi
        self.url = url
        self.accessed = accessed
        self.isPeerReviewed = isPeerReviewed
        self.extra = extra
        self.note = note
        self.contributors = contributors
        self.notices = notices
        self.origin = origin
    }

    /// Authors in order (contributors with the `author` role).
    public var authors: [Contributor] { contributors.filter { $0.role == "author" } }

    /// Whether a retraction stands (a later reinstatement lifts it).
    public var isRetracted: Bool {
        guard let retraction = notices.last(where: { $0.kind == .retraction }) else { return false }
        return !notices.contains { $0.kind == .reinstatement && ($0.date ?? "") >= (retraction.date ?? "") }
    }
}

/// A date known to the year, month or day.
public struct PartialDate: Codable, Sendable, Equatable, Comparable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2023`, `2025-09`, `2025-09-23` (also with `/`); a day its month does not have
    /// (`2024-02-30`, `2023-02-29`, `2025-04-31`) is not a date.
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]) else { return nil }
        var month: Int?
        var day: Int?
        if parts.count > 1 { guard let m = Int(parts[1]), (1...12).contains(m) else { return nil }; month = m }
        if parts.count > 2 {
            guard let m = month, let d = Int(parts[2]), (1...Self.days(inMonth: m, of: year)).contains(d) else { return nil }
            day = d
        }
        self.init(year: year, month: month, day: day)
    }

    /// The days of `month` (1–12) in `year`, by the Gregorian calendar.
    public static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var iso: String {
        var text = String(format: "%04d", year)
        if let month { text += String(format: "-%02d", month) }
        if let day { text += String(format: "-%02d", day) }
        return text
    }

    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
    }
}

/// A person (family/given/particles/suffix) or an organisation (`literal`) who made a source.
public struct Contributor: Codable, Sendable, Equatable {
    public var role: String
    public var family: String?
    public var given: String?
    public var droppingParticle: String?
    public var particle: String?
    public var suffix: String?
    public var literal: String?

    public init(role: String = "author", family: String? = nil, given: String? = nil, droppingParticle: String? = nil,
                particle: String? = nil, suffix: String? = nil, literal: String? = nil) {
        self.role = role
        self.family = family
        self.given = given
        self.droppingParticle = droppingParticle
        self.particle = particle
        self.suffix = suffix
        self.literal = literal
    }

    public static func organisation(_ name: String, role: String = "author") -> Contributor {
        Contributor(role: role, literal: name)
    }

    public var isOrganisation: Bool { family == nil && literal != nil }

    /// The key `author=` matches: folded family name (with its particle) or organisation name.
    public var nameKey: String {
        if let family { return Slug.fold(particle.map { "\($0) \(family)" } ?? family) }
        return Slug.fold(literal ?? "")
    }

    /// "Noy, S." / "World Economic Forum" — for listings, not for citation styles.
    public var displayName: String {
        if let family {
            let last = [droppingParticle, particle, family].compactMap { $0 }.joined(separator: " ")
            return [last, given].compactMap { $0 }.joined(separator: ", ") + (suffix.map { ", \($0)" } ?? "")
        }
        return literal ?? ""
    }
}

/// A typed, dated editorial notice on a source.
public struct Notice: Codable, Sendable, Equatable {
    public var kind: NoticeKind
    public var date: String?
    public var reason: String?
    public var url: String?

    public init(kind: NoticeKind, date: String? = nil, reason: String? = nil, url: String? = nil) {
        self.kind = kind
        self.date = date
        self.reason = reason
        self.url = url
    }
}

/// Where a record came from: a file and a 1-based line.
public struct Origin: Codable, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
