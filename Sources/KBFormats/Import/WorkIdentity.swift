import Foundation
import KBDomain
import KBQuery
import KBStore

/// What must hold before two records are taken for one work. A curator has to defend every
/// citation, so a weak clue (a title and year, a URL, a citation key seen before) only counts
/// when nothing the two records say contradicts it: two records that disagree on DOI, URL,
/// title, year or first author stay two sources (the audit's duplicate rule can flag them).
enum WorkIdentity {
    /// The first way the two records disagree, if any ("different DOIs"…); details only one of
    /// them gives never count against the match.
    static func disagreement(_ a: Source, _ b: Source) -> String? {
        IdentityKeys(a).disagreement(with: IdentityKeys(b))
    }

    /// Title + year match: both records must name a first author, the same one (two untitled-
    /// author "Analysis" (2025) reports are not one work), and nothing else may disagree.
    static func sameByTitle(_ a: Source, _ b: Source) -> Bool {
        IdentityKeys(a).sameByTitle(IdentityKeys(b))
    }

    /// URL and citation-key matches: nothing the two records say may disagree.
    static func agree(_ a: Source, _ b: Source) -> Bool {
        disagreement(a, b) == nil
    }

    /// Whether the two records say the same on every identity field — title, year, first
    /// author, DOI and URL, a field one leaves out being left out by the other too. Among several
    /// works a record could be, this is the one it made itself on an earlier import.
    static func identical(_ a: Source, _ b: Source) -> Bool {
        IdentityKeys(a) == IdentityKeys(b)
    }

    /// The ways a URL of this ``comparableURL(_:)`` form is usually stored (with or without
    /// `https://`/`http://`, `www.` and one trailing slash), for a lookup through the `url`
    /// index. A stored address whose scheme or host is written in capitals is not among them:
    /// the lookup misses it, the comparison would not.
    static func urlSpellings(_ comparable: String) -> [String] {
        var spellings: [String] = []
        for scheme in ["https://", "http://", ""] {
            for www in ["", "www."] {
                for slash in ["", "/"] { spellings.append(scheme + www + comparable + slash) }
            }
        }
        return spellings
    }

    /// A URL as compared for identity: without its scheme, `www.`, case of the host and a
    /// trailing slash (`http://osf.io/abc/` and `https://osf.io/abc` are one address).
    static func comparableURL(_ url: String) -> String? {
        var text = Substring(url.trimmed)  // Unicode whitespace, as Foundation trims, without NSString bridging
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) {
            text = text.dropFirst(scheme.count)
        }
        if text.lowercased().hasPrefix("www.") { text = text.dropFirst(4) }
        while text.hasSuffix("/") { text = text.dropLast() }
        guard !text.isEmpty else { return nil }
        let host = text.prefix { $0 != "/" }
        return host.lowercased() + text.dropFirst(host.count)
    }

    static func titleKey(_ title: String) -> String? {
        let key = TitleKey.make(title)
        return key.isEmpty ? nil : key
    }
}

/// A record's identity fields as ``WorkIdentity`` compares them, folded once: an import compares
/// one record with many candidates (a shared address, a common title), and folding titles and
/// URLs again for every pair made that quadratic in string work.
///
/// Each text is kept as its 128-bit ``Fingerprint`` (the fields are only ever compared for
/// equality): the reconciler keeps these for every work of an import, and the folded title, the
/// DOI and the first author's name key as text were about 150 bytes of heap per work — a third of
/// what a streamed import kept per work (issue 18, sixth round).
struct IdentityKeys: Equatable {
    /// The digests, ``Fingerprint/absent`` for a field the record does not give: an optional
    /// digest takes 24 bytes in a struct, a digest 16.
    private var doiDigest: Fingerprint
    private var urlDigest: Fingerprint
    private var titleDigest: Fingerprint
    private var firstAuthorDigest: Fingerprint
    var year: Int?

    var doi: Fingerprint? { doiDigest == .absent ? nil : doiDigest }
    /// ``WorkIdentity/comparableURL(_:)``.
    var url: Fingerprint? { urlDigest == .absent ? nil : urlDigest }
    /// ``TitleKey/make(_:)``, nil when it folds to nothing.
    var title: Fingerprint? { titleDigest == .absent ? nil : titleDigest }
    /// The first author's ``Contributor/nameKey``.
    var firstAuthor: Fingerprint? { firstAuthorDigest == .absent ? nil : firstAuthorDigest }

    init(_ source: Source) {
        self.init(source, title: source.title.flatMap(WorkIdentity.titleKey))
    }

    /// The four digests (DOI, URL, title, first author; ``Fingerprint/absent`` for one not
    /// given) as kept on disk (``WorkLedger``).
    var digests: (doi: Fingerprint, url: Fingerprint, title: Fingerprint, firstAuthor: Fingerprint) {
        (doiDigest, urlDigest, titleDigest, firstAuthorDigest)
    }

    init(digests: (doi: Fingerprint, url: Fingerprint, title: Fingerprint, firstAuthor: Fingerprint), year: Int?) {
        (doiDigest, urlDigest, titleDigest, firstAuthorDigest) = digests
        self.year = year
    }

    /// - Parameter title: the source's title key, when the caller has folded it already.
    init(_ source: Source, title: String?) {
        doiDigest = source.doi.map(Fingerprint.init) ?? .absent
        urlDigest = source.url.flatMap(WorkIdentity.comparableURL).map(Fingerprint.init) ?? .absent
        titleDigest = title.map(Fingerprint.init) ?? .absent
        year = source.issued?.year
        firstAuthorDigest = source.authors.first.map { Fingerprint($0.nameKey) } ?? .absent
    }

    /// ``WorkIdentity/disagreement(_:_:)``.
    func disagreement(with other: IdentityKeys) -> String? {
        if let x = doi, let y = other.doi, x != y { return "different DOIs" }
        if let x = url, let y = other.url, x != y, !(doi != nil && doi == other.doi) { return "different URLs" }
        if let x = title, let y = other.title, x != y { return "different titles" }
        if let x = year, let y = other.year, x != y { return "different years" }
        if let x = firstAuthor, let y = other.firstAuthor, x != y { return "different first authors" }
        return nil
    }

    /// ``WorkIdentity/sameByTitle(_:_:)``.
    func sameByTitle(_ other: IdentityKeys) -> Bool {
        guard let x = firstAuthor, let y = other.firstAuthor, x == y else { return false }
        return disagreement(with: other) == nil
    }
}
