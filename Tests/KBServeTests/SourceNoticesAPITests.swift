import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// Trial 9 bug 6: `/api/sources/ID` says what the source page says — `retracted` and the notices.
struct SourceNoticesAPITests {
    @Test func aRetractionIsInTheSourcesJSON() async throws {
        let service = try ServeFixture.service()
        _ = try service.notice("noy2023experimental", kind: .retraction, date: "2026-11-30", reason: "data fabricated",
                               url: "https://example.org/notice", options: CurationOptions(context: ChangeContext(author: "t", command: "notice")))
        try await ServeFixture.withClient(service: service) { client in
            try await client.execute(uri: "/api/sources/noy2023experimental", method: .get) { response in
                #expect(response.status == .ok)
                let object = try response.json()
                #expect(object["retracted"] as? Bool == true)
                let notices = try #require(object["notices"] as? [[String: Any]])
                #expect(notices.count == 1)
                #expect(notices.first?["kind"] as? String == "retraction")
                #expect(notices.first?["date"] as? String == "2026-11-30")
                #expect(notices.first?["reason"] as? String == "data fabricated")
                #expect(notices.first?["url"] as? String == "https://example.org/notice")
            }
        }
    }
}
