/// `/login`: where a browser gives the server's token once and gets a session cookie (only when
/// the server runs with `--token`).
enum LoginPage {
    static func render(next: String, failed: Bool) -> HTML {
        Layout.page(title: "Sign in", showsQueryBox: false, """
        <h1>Sign in</h1>
        \(failed ? HTML("<div class=\"error\" role=\"alert\">That token is not the one this server was started with.</div>") : HTML.empty)
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
