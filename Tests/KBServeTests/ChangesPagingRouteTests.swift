import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// Review 16 m1/m2: a record's changes are read newest first, at most a page of them, and the
/// older ones are a `before` away on `/changes` and `/api/changes`.
struct ChangesPagingRouteTests {
    static let claim = "noy2023-writing-time"

    /// Three edits of the claim; their change ids, oldest first.
    static func edited(_ service: KBService) throws -> [Int64] {
        try ["a", "b", "c"].map { note in
            let result = try service.edit(claim, fields: [FieldAssignment(field: "note", value: note)],
                                          options: CurationOptions(context: ChangeContext(author: "ana", command: "test")))
            return try #require(result.changes.first).id
        }
    }

    @Test func theChangeLogPagesBackByBefore() async throws {
        let service = try ServeFixture.service()
        let ids = try Self.edited(service)
        try await ServeFixture.withClient(service: service) { client in
            try await client.execute(uri: "/changes?record=\(Self.claim)&before=\(ids[2])", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(body.contains("<tr><td>\(ids[1])</td>") && body.contains("<tr><td>\(ids[0])</td>"), "\(body)")
                #expect(!body.contains("<tr><td>\(ids[2])</td>"), "\(body)")
                #expect(body.contains("before change \(ids[2])"), "\(body)")
            }
            try await client.execute(uri: "/api/changes?record=\(Self.claim)&before=\(ids[1])", method: .get) { response in
                let changes = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [[String: Any]] ?? []
                let listed = changes.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                #expect(listed.contains(ids[0]) && !listed.contains(ids[1]) && !listed.contains(ids[2]), "\(listed)")
                #expect(response.headers[HTTPFields.Element.Name("Link")!] == nil)
            }
            try await client.execute(uri: "/changes?record=\(Self.claim)&before=x", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("before&#39; takes a change&#39;s id"))
            }
        }
    }

    /// The newest `limit`, read newest first, and the pages below them, make up the whole history.
    @Test func theNewestPagesMakeUpTheHistory() throws {
        let service = try ServeFixture.service()
        let options = CurationOptions(context: ChangeContext(author: "ana", command: "test"))
        let other = ClaimLinksRouteTests.from
        _ = try Self.edited(service)
        let link = try #require(try service.link(other, kind: "supports", to: Self.claim, note: nil, options: options).changes.first)
        _ = try service.link(Self.claim, kind: "contradicts", to: other, note: nil, options: options)
        _ = try service.undo(link.id, force: false, options: options)
        let incoming = ["\(other) supports \(Self.claim)"]
        let filter = ChangeLog.Filter(record: Self.claim)
        let all = try service.curator.history(filter, incoming: incoming).map(\.id)
        #expect(all.count >= 6, "\(all)")
        var pages: [[Int64]] = []
        var before: Int64?
        while true {
            let page = try service.curator.newestHistory(filter, incoming: incoming, before: before, limit: 2).map(\.id)
            guard let oldest = page.first else { break }
            pages.insert(page, at: 0)
            before = oldest
        }
        #expect(pages.flatMap { $0 } == all)
        #expect(pages.dropFirst().allSatisfy { $0.count == 2 })
        // The link to it, since removed, needs its id (from the relation targets), as in the full history.
        #expect(try service.curator.newestHistory(filter, limit: 10).map(\.id).contains(link.id) == false)
    }
}
