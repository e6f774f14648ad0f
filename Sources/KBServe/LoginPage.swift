/// `/login`: where a browser gives the server's token once and gets a session cookie (only when
/// the server runs with `--token`).
enum LoginPage {
    /// `retryAfter`: the token was not compared, because this address's wait after a wrong one
    /// had not passed (``LoginThrottle``).
    static func render(next: String, failed: Bool, retryAfter: Int? = nil) -> HTML {
        let alert: HTML = if let retryAfter {
            "<div class=\"error\" role=\"alert\">A wrong token was sent from your address a moment ago, so this one was not checked: wait \(retryAfter) s and send it again.</div>"
        } else if failed {
            HTML("<div class=\"error\" role=\"alert\">That token is not the one this server was started with.</div>")
        } else {
            HTML.empty
        }
        return Layout.page(title: "Sign in", showsQueryBox: false, """
        <h1>Sign in</h1>
        \(alert)
        <form method="post" action="/login">
        <input type="hidden" name="next" value="\(next)">
        <p><label for="token">Access token</label><br>
        <input type="password" id="token" name="token" autocomplete="current-password" required></p>
        <p><label for="name">Your name (for the change log of your edits; optional)</label><br>
        <input type="text" id="name" name="name" autocomplete="name"></p>
        <p><button type="submit">Sign in</button></p>
        </form>
        """)
    }
}
