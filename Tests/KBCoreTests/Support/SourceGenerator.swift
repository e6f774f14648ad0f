@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// A small deterministic random generator (SplitMix64), so a failing case can be replayed from
/// its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generated sources for property tests: unicode and particle-laden names, organisations, LaTeX
/// and Markdown specials in titles, and any field possibly missing. Every value is made up for
/// the test and never leaves it.
struct SourceGenerator {
    var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    static let families = ["Müller", "Łukasiewicz", "Nguyễn", "Çelik", "Søgaard", "O'Neil", "Smith-Jones", "García Márquez", "Ødegård",
                           "Zhang", "Δημητρίου", "Ivanova", "Lopez Bóo", "Ó Briain", "Kowalski", "Brown"]
    static let givens = ["José María", "Zoë", "Jean-Paul", "J. R. R.", "Ana", "Søren", "W. Edwards", "Łucja", "Émile", "Chiara", "Q."]
    static let particles = ["van der", "de la", "von", "van"]
    static let organisations = ["World Economic Forum", "Indeed Hiring Lab", "Deutsche Forschungsgemeinschaft", "OECD",
                                "Centre for Research & Development", "Office of the 100% Renewable Grid"]
    static let words = ["evidence", "AI", "hiring", "of", "skills", "Über", "naïve", "résumé", "100%", "R&D", "C#", "$5", "under_score",
                        "{braces}", "~tilde", "caret^", "“quoted”", "long--dash", "GenAI", "the", "and", "*stars*", "[brackets]", "ML",
                        "Kubernetes", "older", "workers", "why?", "écoles", "数据"]
    static let types = ["article-journal", "book", "chapter", "report", "thesis", "webpage", "dataset", "paper-conference", "article",
                        "document", "software", "manuscript", "post", "review", "entry-encyclopedia", "motion_picture", "broadcast",
                        "interview", "speech", "standard", "periodical", "post-weblog", "article-newspaper"]

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    mutating func phrase(_ count: ClosedRange<Int>) -> String {
        (0..<Int.random(in: count, using: &random)).map { _ in pick(Self.words) }.joined(separator: " ")
    }

    mutating func person(role: String) -> Contributor {
        if chance(20) { return .organisation(pick(Self.organisations), role: role) }
        var person = Contributor(role: role, family: pick(Self.families))
        if chance(85) { person.given = pick(Self.givens) }
        if chance(15) { person.particle = pick(Self.particles) }
        if chance(5) { person.suffix = "Jr." }
        return person
    }

    mutating func source(_ index: Int) -> Source {
        var source = Source(slug: "gen\(index)", type: pick(Self.types))
        // A distinct marker word keeps generated works from being taken for one another.
        if chance(90) { source.title = phrase(1...7) + " w\(index)" }
        source.contributors = (0..<Int.random(in: 0...4, using: &random)).map { _ in person(role: "author") }
        if chance(20) { source.contributors += (0..<Int.random(in: 1...2, using: &random)).map { _ in person(role: "editor") } }
        if chance(60) { source.containerTitle = phrase(1...4) }
        if chance(50) { source.publisher = chance(50) ? pick(Self.organisations) : phrase(1...3) }
        if chance(40) { source.volume = String(Int.random(in: 1...400, using: &random)) }
        if chance(30) { source.issue = String(Int.random(in: 1...12, using: &random)) }
        if chance(40) {
            let start = Int.random(in: 1...900, using: &random)
            source.page = chance(80) ? "\(start)-\(start + Int.random(in: 1...40, using: &random))" : String(start)
        }
        if chance(85) {
            var date = PartialDate(year: Int.random(in: 1950...2026, using: &random))
            if chance(40) { date.month = Int.random(in: 1...12, using: &random) }
            if date.month != nil, chance(50) { date.day = Int.random(in: 1...28, using: &random) }
            source.issued = date
        }
        if chance(50) { source.doi = "10.\(Int.random(in: 1000...99999, using: &random))/gen.\(index).\(Int.random(in: 0...999, using: &random))" }
        if chance(30) { source.url = "https://example.org/w\(index)/a_b--c~d?q=1%202" }
        if chance(20) { source.note = phrase(2...5) }
        return source
    }

    mutating func sources(_ count: Int) -> [Source] {
        (0..<count).map { source($0) }
    }
}
