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

    /// Review 13 m7: a notice without its reason or date is refused in the API's words.
    @Test func aNoticeWithoutItsReasonSaysSoInTheAPIsWords() async throws {
        try await ServeFixture.withClient(WriteRouteTests.writing) { client in
            for (body, field) in [(#"{"kind": "retraction", "date": "2024"}"#, "'reason'"), (#"{"kind": "retraction", "reason": "x"}"#, "'date'")] {
                let (status, object) = try await WriteRouteTests.json(client, "/api/sources/noy2023experimental/notices", .post, body)
                #expect(status == 400)
                let message = try #require((object["error"] as? [String: Any])?["message"] as? String)
                #expect(message.contains(field) && !message.contains("--"), "\(message)")
            }
        }
    }

    /// Review 16 m5: the library's checks of a notice's date answer in the API's words too.
    @Test func aBadDateIsNamedAsTheAPINamesIt() async throws {
        try await ServeFixture.withClient(WriteRouteTests.writing) { client in
            for (date, said) in [("yesterday", "'date': expected a date"), ("2099", "'date': 2099 is in the future")] {
                let body = #"{"kind": "correction", "date": "\#(date)", "reason": "x"}"#
                let (status, object) = try await WriteRouteTests.json(client, "/api/sources/noy2023experimental/notices", .post, body)
                #expect(status == 400)
                let message = try #require((object["error"] as? [String: Any])?["message"] as? String)
                #expect(message.hasPrefix(said) && !message.contains("--"), "\(message)")
            }
        }
    }

    @Test func theCLIsOptionBecomesTheField() {
        #expect(ServeError.webWording("--reason: a notice needs its reason") == "'reason': a notice needs its reason")
        #expect(ServeError.webWording("--date: 2099 is in the future") == "'date': 2099 is in the future")
        #expect(ServeError.webWording("no such field: x") == "no such field: x")
        #expect(ServeError.webWording("--: x") == "--: x")
    }
}
