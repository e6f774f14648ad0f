import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Text in scripts written without spaces is found by substring (issue 12, item 17), through the
/// trigram tables of migration 5; Latin terms keep the unicode61 tables, their plans and ranking.
struct SubstringSearchTests {
    /// Invented titles and statements in Chinese, Japanese and Thai beside a Latin one.
    static func dataset() -> Dataset {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "zh-employment", title: "人工智能对就业的影响", containerTitle: "经济研究", issued: PartialDate(year: 2020),
                   contributors: [Contributor(family: "王", given: "小明")]),
            Source(slug: "ja-labour", title: "日本の労働市場と生成AI", issued: PartialDate(year: 2023)),
            Source(slug: "en-wages", title: "Wages and productivity", issued: PartialDate(year: 2021)),
        ]
        dataset.claims = [
            Claim(slug: "zh-claim", statement: "生成式人工智能提高了写作效率", sourceSlug: "zh-employment"),
            Claim(slug: "th-claim", statement: "ปัญญาประดิษฐ์ช่วยเพิ่มผลผลิต", sourceSlug: "en-wages"),
            Claim(slug: "en-claim", statement: "Writing time fell with generative AI", sourceSlug: "en-wages"),
        ]
        return dataset
    }

    static let knowledgeBase: KnowledgeBase = {
        do {
            let knowledgeBase = try KnowledgeBase.inMemory()
            try knowledgeBase.load(dataset(), command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("\(error)")
        }
    }()

    static func slugs(_ text: String, in knowledgeBase: KnowledgeBase = knowledgeBase) throws -> [String] {
        switch try QueryEngine(knowledgeBase).run(text).rows {
        case let .claims(rows): rows.map(\.claim.slug).sorted()
        case let .sources(rows): rows.map(\.source.slug).sorted()
        default: []
        }
    }

    @Test(arguments: [
        ("sources where \"就业\"", ["zh-employment"]), // two characters: LIKE
        ("sources where \"就业的\"", ["zh-employment"]), // three: trigram
        ("sources where \"人工智能对就业的影响\"", ["zh-employment"]),
        ("sources where \"经济研究\"", ["zh-employment"]), // the container title
        ("sources where \"労働市場\"", ["ja-labour"]),
        ("sources where \"市場\" and year = 2023", ["ja-labour"]),
        ("sources where \"影\"", ["zh-employment"]), // one character
        ("claims where \"写作\"", ["zh-claim"]),
        ("claims where \"写作效率\"", ["zh-claim"]),
        ("claims where \"就业\"", ["zh-claim"]), // the source's title, as for Latin words
        ("claims where \"ผลผลิต\"", ["th-claim"]),
        ("claims where \"写作 generative\"", []), // every term must match
        ("claims where \"写作\" or \"writing\"", ["en-claim", "zh-claim"]),
        ("claims where \"人工智能　写作\"", ["zh-claim"]), // an ideographic space separates terms
        ("claims where not \"写作\"", ["en-claim", "th-claim"]),
        ("claims where \"就业的影响\" rank by relevance", ["zh-claim"]),
        ("sources where \"失业\"", []),
    ])
    func findsSubstrings(query: String, expected: [String]) throws {
        #expect(try Self.slugs(query) == expected, "\(query)")
    }

    @Test func latinTermsKeepTheirPlanAndRanking() throws {
        let explanation = try QueryEngine(Self.knowledgeBase).explain("claims where \"writing\"")
        #expect(!explanation.sql.contains("Trigram"))
        #expect(explanation.sql.contains("claimSearch MATCH ?"))
        #expect(try Self.slugs("claims where \"write\"") == ["en-claim"]) // porter stemming still applies
        let cjk = try QueryEngine(Self.knowledgeBase).explain("claims where \"写作效率\"")
        #expect(cjk.sql.contains("claimTrigram MATCH ?"))
        #expect(!cjk.sql.contains("写作"))
    }

    @Test func theMigrationsGlobIsTheSwiftRanges() throws {
        let migration = try #require(SchemaMigrations.files.first { $0.identifier.hasPrefix("0005") })
        let globs = migration.sql.components(separatedBy: "GLOB '").count - 1
        #expect(globs > 10)
        #expect(migration.sql.components(separatedBy: "GLOB '\(SubstringSearch.globPattern)'").count - 1 == globs, "every GLOB in 0005 uses SubstringSearch.globPattern")
        for (text, expected) in [("人工", true), ("カタカナ", true), ("ไทย", true), ("한국의", true), ("𠀋", true), ("café résumé", false), ("Ωμέγα", false), ("“quoted” – dash…", false), ("", false)] {
            let (globbed, function) = try Self.knowledgeBase.reader.read { db in
                (try Bool.fetchOne(db, sql: "SELECT ? GLOB ?", arguments: [text, SubstringSearch.globPattern]),
                 try Bool.fetchOne(db, sql: "SELECT kb_unspaced('plain', NULL, ?)", arguments: [text]))
            }
            #expect(globbed == expected, "\(text)")
            #expect(function == expected, "\(text)")
            #expect(SubstringSearch.hasUnspacedScript(text) == expected, "\(text)")
        }
    }

    @Test func onlyRowsWithThoseScriptsAreInTheTrigramTables() throws {
        let counts = try Self.knowledgeBase.reader.read { db in
            [try Int.fetchOne(db, sql: "SELECT count(*) FROM claimTrigram"), try Int.fetchOne(db, sql: "SELECT count(*) FROM sourceTrigram")]
        }
        #expect(counts == [2, 2])
    }

    /// Edits made with sqlite3 (no bulk write) are kept in step by the triggers.
    @Test func triggersKeepTheTrigramTablesInStep() throws {
        let knowledgeBase = try KnowledgeBase.inMemory()
        try knowledgeBase.load(Self.dataset(), command: "test", files: [])
        try knowledgeBase.writer.write { db in
            try db.execute(sql: "UPDATE source SET title = '机器学习与工资' WHERE slug = 'en-wages'")
            try db.execute(sql: "UPDATE claim SET statement = 'Writing got faster' WHERE slug = 'zh-claim'")
            try db.execute(sql: "INSERT INTO claim (slug, statement) VALUES ('new-claim', '远程办公的效果')")
            try db.execute(sql: "DELETE FROM source WHERE slug = 'ja-labour'")
        }
        #expect(try Self.slugs("sources where \"工资\"", in: knowledgeBase) == ["en-wages"])
        #expect(try Self.slugs("claims where \"工资\"", in: knowledgeBase) == ["en-claim", "th-claim"])
        #expect(try Self.slugs("claims where \"写作\"", in: knowledgeBase) == [])
        #expect(try Self.slugs("claims where \"就业\"", in: knowledgeBase) == ["zh-claim"]) // its source's title still
        #expect(try Self.slugs("claims where \"远程办公\"", in: knowledgeBase) == ["new-claim"])
        #expect(try Self.slugs("sources where \"労働\"", in: knowledgeBase) == [])
    }

    /// A bulk write (import) indexes new rows and re-indexes changed ones at its end.
    @Test func aBulkWriteIndexesNewAndChangedRows() throws {
        let knowledgeBase = try KnowledgeBase.inMemory()
        try knowledgeBase.load(Self.dataset(), command: "test", files: [])
        var changed = Self.dataset()
        changed.sources[2].title = "工资与生产率"
        changed.claims[0].statement = "Writing efficiency rose"
        changed.claims.append(Claim(slug: "added", statement: "自动化减少了重复劳动", sourceSlug: "ja-labour"))
        try knowledgeBase.load(changed, command: "test", files: [])
        #expect(try Self.slugs("sources where \"生产率\"", in: knowledgeBase) == ["en-wages"])
        #expect(try Self.slugs("claims where \"生产率\"", in: knowledgeBase) == ["en-claim", "th-claim"])
        #expect(try Self.slugs("claims where \"写作\"", in: knowledgeBase) == [])
        #expect(try Self.slugs("claims where \"重复劳动\"", in: knowledgeBase) == ["added"])
        #expect(try Self.slugs("claims where \"劳动\"", in: knowledgeBase) == ["added"])
    }

    /// A KB made before migration 5 finds its CJK rows once migrated.
    @Test func theMigrationBackfillsExistingRows() throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in KBFunctions.install(in: db) }
        let queue = try DatabaseQueue(configuration: configuration)
        try SchemaMigrations.migrator.migrate(queue, upTo: "0004_query_indexes")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO source (id, slug, title) VALUES (1, 'old-zh', '老龄劳动者的招聘歧视'), (2, 'old-en', 'Hiring older workers')")
            try db.execute(sql: "INSERT INTO claim (slug, statement, sourceId) VALUES ('old-claim', 'Callbacks fell with age', 1)")
        }
        let knowledgeBase = try KnowledgeBase(queue, path: ":memory:")
        #expect(try Self.slugs("sources where \"招聘\"", in: knowledgeBase) == ["old-zh"])
        #expect(try Self.slugs("claims where \"歧视\"", in: knowledgeBase) == ["old-claim"])
    }

    @Test func patternsAreSortedIntoWordsAndSubstrings() throws {
        let search = try #require(SubstringSearch(rawPattern: "(ai 就业 影响的) OR (wages)"))
        #expect(search.groups.map(\.words) == [["ai"], ["wages"]])
        #expect(search.groups.map(\.long) == [["影响的"], []])
        #expect(search.groups.map(\.short) == [["就业"], []])
        #expect(SubstringSearch(rawPattern: "wages productivity") == nil)
        #expect(SubstringSearch.likePattern("a%b_") == "%a\\%b\\_%")
    }
}
