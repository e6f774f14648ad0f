import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// Trial 21 m3, m6: a write the API cannot take says what is wrong in the API's words — the
/// member or field by name, no Swift type names or Foundation offsets, and no line or column of
/// the `FIELD=VALUE` text the CLI would have had.
struct WriteErrorWordingTests {
    static func error(_ answer: (status: Int, object: [String: Any])) throws -> [String: Any] {
        try #require(answer.object["error"] as? [String: Any])
    }

    @Test func aBodyThatCannotBeReadIsSaidInTheAPIsWords() async throws {
        try await ServeFixture.withClient(WriteRouteTests.writing) { client in
            let path = "/api/claims/noy2023-writing-time"
            let cases: [(body: String, message: String)] = [
                (#"{"fields": {"statement": "x"}"#, "the body is not valid JSON"),
                (#"["fields"]"#, "the body must be a JSON object"),
                (#"{"fields": "statement=x"}"#, "'fields' must be an object of field names and values"),
                (#"{"fields": {"statement": "x"}, "if_version": "three"}"#, "'if_version' must be a whole number"),
                (#"{"fields": {"statement": "x"}, "if_version": 3.5}"#, "'if_version' must be a whole number"),
                (#"{"fields": {"statement": "x"}, "if_version": 1e40}"#, "'if_version' must be a whole number"),
                (#"{"fields": {"statement": "x"}, "if_version": true}"#, "'if_version' must be a whole number"),
                (#"{"fields": {"statement": "x"}, "reason": 4}"#, "'reason' must be text"),
                (#"{"fields": {"statement": {"a": 1}}}"#, "'fields.statement': a field's value is text, a number, true/false or a list of them"),
            ]
            for (body, message) in cases {
                let answer = try await WriteRouteTests.json(client, path, .patch, body)
                #expect(answer.status == 400, "\(body)")
                let error = try Self.error(answer)
                #expect(error["message"] as? String == message, "\(body): \(error)")
                #expect((error["help"] as? String)?.hasPrefix("a write's body is one JSON object") == true, "\(body): \(error)")
                for leak in ["Dictionary", "Swift.", "NSCocoa", "debugDescription", "Expected to decode"] {
                    #expect(!"\(error)".contains(leak), "\(body): \(error)")
                }
            }
        }
    }

    @Test func aFieldsBadValueNamesTheFieldWithoutALineOrColumn() async throws {
        let service = try ServeFixture.service()
        let before = try service.log().count
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let answer = try await WriteRouteTests.json(client, "/api/claims/noy2023-writing-time", .patch, #"{"fields": {"value": "abc"}}"#)
            #expect(answer.status == 400)
            let error = try Self.error(answer)
            #expect(error["message"] as? String == "'value': expected a number, found 'abc'", "\(error)")
            #expect(error["id"] as? String == "curation.invalid-number")
            #expect(error["line"] is NSNull && error["column"] is NSNull, "\(error)")
            // A field kb does not have: the message names it already, and still no position.
            let unknown = try await WriteRouteTests.json(client, "/api/claims/noy2023-writing-time", .patch, #"{"fields": {"valeu": "3"}}"#)
            #expect(unknown.status == 400)
            let unknownError = try Self.error(unknown)
            #expect((unknownError["message"] as? String)?.hasPrefix("'valeu'") == false, "\(unknownError)")
            #expect((unknownError["message"] as? String)?.contains("valeu") == true, "\(unknownError)")
            #expect(unknownError["column"] is NSNull, "\(unknownError)")

            // The edit form says the same, with the field's name.
            let (cookie, token) = try await WriteRouteTests.token(client, "/claims/noy2023-writing-time/edit")
            try await WriteRouteTests.post(client, "/claims/noy2023-writing-time/edit", cookie: cookie, [("_csrf", token), ("value", "abc")]) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("&#39;value&#39;: expected a number, found &#39;abc&#39;"), "\(response.text)")
            }
        }
        #expect(try service.log().count == before)
    }
}
