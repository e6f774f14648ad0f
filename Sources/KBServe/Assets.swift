/// The one stylesheet and the one script, served from the binary (`/static/kb.css`,
/// `/static/kb.js`): the Content-Security-Policy `default-src 'self'` allows no inline style or
/// script, and a copied binary needs no files beside it.
enum Assets {
    static let css = """
    :root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --paper: #ffffff; --tint: #f6f8fa;
            --accent: #0b57d0; --bad: #a40e26; --good: #116329; --warn: #7d4e00; }
    * { box-sizing: border-box; }
    html { font-size: 16px; }
    body { margin: 0; color: var(--ink); background: var(--paper);
           font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    a { color: var(--accent); }
    a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible, textarea:focus-visible {
        outline: 3px solid #f9a825; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; top: 0; background: var(--paper); padding: .5rem; }
    .skip:focus { left: .5rem; }
    header.site { border-bottom: 1px solid var(--line); background: var(--tint); }
    header.site nav { max-width: 72rem; margin: 0 auto; padding: .6rem 1rem; display: flex; gap: 1.2rem; align-items: baseline; flex-wrap: wrap; }
    header.site .brand { font-weight: 700; color: var(--ink); text-decoration: none; font-size: 1.15rem; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
    h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; }
    h2 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; }
    form.query { display: flex; gap: .5rem; flex-wrap: wrap; align-items: flex-end; margin: .5rem 0 1rem; }
    form.query label { flex-basis: 100%; font-weight: 600; }
    form.query input[type=text] { flex: 1 1 30rem; font: 1rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        padding: .55rem .6rem; border: 1px solid #8c959f; border-radius: 6px; }
    button, .button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid var(--accent);
        background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
    .button.secondary, button.secondary { background: var(--paper); color: var(--accent); }
    .error { border-left: 4px solid var(--bad); background: #fff1f0; padding: .6rem .8rem; margin: .5rem 0 1rem; }
    .error pre { margin: .3rem 0; font: .95rem/1.4 ui-monospace, Menlo, Consolas, monospace; white-space: pre; overflow-x: auto; }
    .notice { color: var(--muted); margin: .3rem 0 1rem; }
    .layout { display: grid; grid-template-columns: 14rem 1fr; gap: 1.5rem; }
    @media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
    aside.facets h2 { font-size: 1rem; margin: 1rem 0 .3rem; text-transform: capitalize; }
    aside.facets ul { list-style: none; padding: 0; margin: 0; }
    aside.facets li { display: flex; justify-content: space-between; gap: .5rem; padding: .1rem 0; }
    aside.facets li.selected a { font-weight: 700; }
    aside.facets .count { color: var(--muted); font-variant-numeric: tabular-nums; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; vertical-align: top; padding: .45rem .5rem; border-bottom: 1px solid var(--line); }
    th { font-size: .85rem; color: var(--muted); font-weight: 600; background: var(--tint); }
    td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
    tbody tr:hover { background: #fbfcfd; }
    .grade { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .85rem; font-weight: 600; white-space: nowrap; }
    .grade-high { background: #dafbe1; color: var(--good); } .grade-moderate { background: #ddf4ff; color: #0a3069; }
    .grade-low { background: #fff8c5; color: var(--warn); } .grade-very-low { background: #ffebe9; color: var(--bad); }
    .retracted { color: var(--bad); font-weight: 700; }
    details.why summary { cursor: pointer; color: var(--accent); font-size: .9rem; }
    details.why ul { margin: .3rem 0; padding-left: 1.1rem; font-size: .9rem; }
    dl.record { display: grid; grid-template-columns: 12rem 1fr; gap: .35rem 1rem; }
    dl.record dt { color: var(--muted); font-weight: 600; }
    dl.record dd { margin: 0; }
    .citation { background: var(--tint); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin: .3rem 0 .6rem;
        white-space: pre-wrap; font: .9rem/1.45 ui-monospace, Menlo, Consolas, monospace; overflow-x: auto; }
    .pager { display: flex; gap: 1rem; margin: 1rem 0; align-items: baseline; }
    .muted { color: var(--muted); }
    ul.plain { padding-left: 1.1rem; }
    footer.site { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
    .gap-map { margin: 0 0 1rem 0; overflow-x: auto; }
    .gap-map svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; fill: #000000; }
    .gap-map svg > text { font-size: 16px; font-weight: 700; }
    .gap-map svg .ink-light { fill: #ffffff; } .gap-map svg .count { font-size: 14px; font-weight: 700; }
    .gap-map svg .grade { font-size: 11px; } .gap-map svg .label { font-size: 12px; } .gap-map svg .total { font-weight: 700; }
    table.map-table td { text-align: right; } table.map-table td.gap { color: var(--muted); }
    form.map, form.write { display: flex; gap: .6rem; flex-wrap: wrap; align-items: baseline; margin-bottom: 1rem; }
    form.write { flex-direction: column; align-items: stretch; max-width: 44rem; }
    form.write textarea, form.write input[type=text] { width: 100%; }
    .error { color: var(--bad); font-weight: 600; }
    @media print {
        header.site, form.query, aside.facets, .pager, .downloads, button, footer.site, .skip { display: none !important; }
        .layout { display: block; }
        body { font-size: 11pt; color: #000; }
        a { color: #000; text-decoration: none; }
        details.why > ul { display: block; }
        tr { page-break-inside: avoid; }
    }
    """

    /// Progressive improvements only: reading works without it. `/` focuses the query box; a
    /// button with `data-copy` copies the text of the element it names.
    static let javascript = """
    "use strict";
    document.addEventListener("keydown", function (event) {
      var box = document.getElementById("q");
      if (event.key === "/" && box && document.activeElement !== box && !/^(INPUT|TEXTAREA)$/.test(document.activeElement.tagName)) {
        event.preventDefault(); box.focus();
      }
    });
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll("button[data-copy]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var target = document.getElementById(button.getAttribute("data-copy"));
          if (!target || !navigator.clipboard) { return; }
          navigator.clipboard.writeText(target.textContent).then(function () {
            var label = button.textContent; button.textContent = "Copied";
            setTimeout(function () { button.textContent = label; }, 1500);
          });
        });
      });
    });
    """
}
