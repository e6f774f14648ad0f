import Testing
@testable import KBServe

/// Escaping by construction: interpolated text can only ever be text.
struct HTMLTests {
    @Test func interpolatedTextIsEscaped() {
        let hostile = #"<script>alert("x")</script> & 'quoted'"#
        let page: HTML = "<p title=\"\(hostile)\">\(hostile)</p>"
        #expect(page.rendered == "<p title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</p>")
    }

    @Test func markupIsInsertedOnceNotEscapedTwice() {
        let inner: HTML = "<em>\("a<b")</em>"
        let outer: HTML = "<p>\(inner) \([inner, inner])</p>"
        #expect(outer.rendered == "<p><em>a&lt;b</em> <em>a&lt;b</em><em>a&lt;b</em></p>")
    }

    @Test func optionalTextAndNumbers() {
        let missing: String? = nil
        let page: HTML = "<td>\(missing)</td><td>\(Optional("<x>"))</td><td>\(42)</td>"
        #expect(page.rendered == "<td></td><td>&lt;x&gt;</td><td>42</td>")
    }

    @Test func onlyWebAddressesBecomeLinks() {
        #expect(Layout.externalLink("javascript:alert(1)").rendered == "javascript:alert(1)")
        #expect(Layout.externalLink("JaVaScRiPt:alert(1)").rendered == "JaVaScRiPt:alert(1)")
        #expect(Layout.externalLink("data:text/html,<b>").rendered == "data:text/html,&lt;b&gt;")
        #expect(Layout.externalLink("https://doi.org/10.1/x\"y").rendered == "<a href=\"https://doi.org/10.1/x&quot;y\" rel=\"noopener noreferrer\">https://doi.org/10.1/x&quot;y</a>")
    }

    @Test func queryStringsRoundTrip() {
        let query = "claims where \"a&b\" and cohort=older + x"
        let link = URLText.results(query, page: 2)
        #expect(link == "/query?q=claims%20where%20%22a%26b%22%20and%20cohort%3Dolder%20%2B%20x&page=2")
        let parsed = URLText.parameters(String(link.split(separator: "?")[1]))
        #expect(parsed["q"] == query)
        #expect(parsed["page"] == "2")
        #expect(URLText.parameters("q=claims+where+x&q=second")["q"] == "claims where x")
    }

    @Test func signInGoesOnlyToPathsOfThisSite() {
        #expect(KBServer.localPath("/query?q=x") == "/query?q=x")
        #expect(KBServer.localPath("//evil.example/") == "/")
        #expect(KBServer.localPath("https://evil.example/") == "/")
        #expect(KBServer.localPath("/\\evil.example") == "/")
        #expect(KBServer.localPath(nil) == "/")
    }
}

/// Pages of records with many neighbours list the first ones and link to the rest.
struct LongListTests {
    @Test func aRecordWithManyClaimsListsTheFirstHundred() {
        let items = RecordPages.claimItems((1...250).map { "claim-\($0)" }, more: "<a href=\"/query?q=claims\">claims</a>")
        #expect(items.count == 101)
        let list = items.joined(separator: "").rendered
        #expect(list.contains("href=\"/claims/claim-100\""))
        #expect(!list.contains("href=\"/claims/claim-101\""))
        #expect(list.hasSuffix("<li class=\"muted\">and 150 more: <a href=\"/query?q=claims\">claims</a></li>"))
        #expect(RecordPages.claimItems(["one"], more: "x").count == 1)
    }
}
