import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// Trial 21: an id a page or the API cannot find names what was looked for and links the ids of
/// that kind nearest to it; an id of another kind points to its page, whichever page it was
/// typed on; an unknown claim in a link's body is the request's mistake (400), not the URL's.
struct RecordNotFoundRouteTests {
    /// M2: `/sources/CLAIM` points to the claim (as `/claims/SOURCE` pointed to the source), and
    /// a study's id to its source's page.
    @Test func anIdOfAnotherKindPointsToItsPageFromEitherPage() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/sources/noy2023-writing-time", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("no source &#39;noy2023-writing-time&#39;: &#39;noy2023-writing-time&#39; is the claim noy2023-writing-time"))
                #expect(response.text.contains("Did you mean <a href=\"/claims/noy2023-writing-time\">the claim noy2023-writing-time</a>?"))
            }
            try await client.execute(uri: "/api/sources/noy2023-writing-time", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["help"] as? String == "its page is /claims/noy2023-writing-time")
            }
            try await client.execute(uri: "/sources/older-workers", method: .get) { response in
                #expect(response.text.contains("<a href=\"/nodes/cohort/older-workers\">the cohort older-workers</a>"))
            }
            // The seed's study of the Indeed report: no page of its own, its source's shows it.
            try await client.execute(uri: "/claims/indeed2025aiatwork-skills-analysis", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("<a href=\"/sources/indeed2025aiatwork\">a study of the source indeed2025aiatwork</a>"), "\(response.text)")
            }
        }
    }

    /// m5: a claim's URL one typo away suggests claims only, as links; the API names them in `help`.
    @Test func aTypoInAClaimsIdSuggestsClaimsOnlyAsLinks() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/claims/noy2023-writing-tim", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("<p>no claim &#39;noy2023-writing-tim&#39;</p>"), "\(response.text)")
                #expect(response.text.contains("Did you mean <a href=\"/claims/noy2023-writing-time\">noy2023-writing-time</a>, "))
            }
            // An id near a source's and a study's: on a claim's page, neither is offered.
            try await client.execute(uri: "/claims/indeed2025aiatwor", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(!response.text.contains("Did you mean"), "\(response.text)")
            }
            try await client.execute(uri: "/sources/indeed2025aiatwor", method: .get) { response in
                #expect(response.text.contains("Did you mean <a href=\"/sources/indeed2025aiatwork\">indeed2025aiatwork</a>?</p>"), "\(response.text)")
            }
            try await client.execute(uri: "/api/claims/noy2023-writing-tim", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["message"] as? String == "no claim 'noy2023-writing-tim'")
                #expect((error["help"] as? String)?.hasPrefix("did you mean 'noy2023-writing-time'") == true, "\(error)")
            }
        }
    }

    /// M3: a node's typo, in its slug or its kind, has a did-you-mean to the node's page, and the
    /// message names the kind of node, not every kind of record.
    @Test func aNodesTypoInItsSlugOrKindLeadsToTheNode() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/nodes/cohort/older-worker", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("<p>no cohort &#39;older-worker&#39;</p>"), "\(response.text)")
                #expect(response.text.contains("Did you mean <a href=\"/nodes/cohort/older-workers\">older-workers</a>?"))
            }
            try await client.execute(uri: "/nodes/cohorts/older-workers", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("no kind of taxonomy node &#39;cohorts&#39;"))
                #expect(response.text.contains("Did you mean <a href=\"/nodes/cohort/older-workers\">cohort</a>?"), "\(response.text)")
            }
            // An alias still finds its node.
            try await client.execute(uri: "/nodes/cohort/older", method: .get) { #expect($0.status == .ok) }
            // A path's id is decoded once: the links kb makes encode it once (review 39 m5: %2520).
            try await client.execute(uri: "/nodes/cohortz/older%20workers", method: .get) { response in
                #expect(response.text.contains("no kind of taxonomy node &#39;cohortz&#39;"), "\(response.text)")
                #expect(response.text.contains("<a href=\"/nodes/cohort/older%20workers\">cohort</a>"), "\(response.text)")
            }
            try await client.execute(uri: "/claims/cohort%3Aolder-workers", method: .get) { response in
                #expect(response.text.contains("<a href=\"/nodes/cohort/older-workers\">the cohort older-workers</a>"), "\(response.text)")
            }
        }
    }

    /// M4: a link to a claim that does not exist is a 400 naming the body's field, with the
    /// did-you-mean; an unknown claim in the URL stays a 404; nothing is written either way.
    @Test func aLinkToAnUnknownClaimIsTheBodysMistake() async throws {
        let service = try ServeFixture.service()
        let before = try service.log().count
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let linked = try await WriteRouteTests.json(client, "/api/claims/noy2023-writing-time/links", .post,
                                                        #"{"kind": "supports", "to": "noy2023-writing-tim"}"#)
            #expect(linked.status == 400)
            let error = try #require(linked.object["error"] as? [String: Any])
            #expect(error["message"] as? String == "'to': no claim 'noy2023-writing-tim'")
            #expect((error["help"] as? String)?.hasPrefix("did you mean 'noy2023-writing-time'") == true, "\(error)")
            let unknownFrom = try await WriteRouteTests.json(client, "/api/claims/noy2023-writing-tim/links", .post,
                                                             #"{"kind": "supports", "to": "noy2023-writing-time"}"#)
            #expect(unknownFrom.status == 404)

            let (cookie, token) = try await WriteRouteTests.token(client, "/claims/noy2023-writing-time")
            try await WriteRouteTests.post(client, "/claims/noy2023-writing-time/link", cookie: cookie, [
                ("_csrf", token), ("kind", "supports"), ("to", "noy2023-writing-tim"),
            ]) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("&#39;to&#39;: no claim &#39;noy2023-writing-tim&#39;; did you mean"), "\(response.text)")
            }
        }
        #expect(try service.log().count == before)
    }
}
