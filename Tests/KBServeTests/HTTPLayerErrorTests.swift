import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KBServe

/// Errors the HTTP layer raises itself reach the client in kb's form, with what they need.
struct HTTPLayerErrorTests {
    /// A chunked body has no `Content-Length` for ``BodyLimitMiddleware`` to refuse it by; the
    /// handler's bounded read raises the 413, which named "0 bytes" (trial 7, bug 6).
    @Test func a413RaisedWhileReadingABodyNamesTheCap() async throws {
        let router = Router()
        router.add(middleware: ErrorResponseMiddleware(timeLimit: 2, maximumBodyBytes: 65_536))
        router.post("/api/echo") { request, _ -> String in
            _ = try await request.body.collect(upTo: 4)
            return "read"
        }
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/echo", method: .post, body: ByteBuffer(string: String(repeating: "x", count: 100))) { response in
                #expect(response.status == .contentTooLarge)
                let text = String(buffer: response.body)
                #expect(text.contains("65536 bytes"), "\(text)")
                #expect(!text.contains("(0 bytes)"), "\(text)")
            }
        }
    }
}
