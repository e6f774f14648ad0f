/// A number a page states: "-40%", "roughly 2,900", "170M", "n = 453", "$120k", "30–40%".
public struct ProseNumber: Sendable, Equatable {
    /// What the number counts.
    /// A ratio is a bare decimal ("a correlation of .706", "ratio 0.9"): matched as a count is.
    /// Points ("28 percentage points", "18 points", "4 pp") are a difference of percentages, not
    /// a percentage: only a claim in points states them (trial 12, B9).
    public enum Kind: String, Sendable, Codable { case percent, count, sampleSize = "n", money, ratio, points }
    /// The sign the page gives it: written (`-40%`, `+18%`), or said ("cut … by 40%"); which of
    /// the two is ``isSignWritten``.
    public enum Sign: String, Sendable, Codable { case plus, minus, unstated }

    /// The number as written, without its scale: 170 for "170M", 0.7 for ".7".
    public var value: Double
    /// The upper end of a range ("30–40%"), as written.
    public var upper: Double?
    /// × 1,000 for "k"/"thousand", × 1,000,000 for "M"/"million".
    public var scale: Double
    /// Digits after the decimal point, as written (for "equal as written").
    public var decimals: Int
    public var kind: Kind
    public var sign: Sign
    /// "roughly", "~", "about": the page says the number is approximate.
    public var isApproximate: Bool
    /// A period the number is stated over ("in 5yr", "within 5 years"), as written.
    public var period: String?
    /// 1-based column of the first character, and the text as written.
    public var column: Int
    public var text: String
    /// Whether the sign is a character the page writes (`-40%`), not a word that says it
    /// ("cut … by 40%"): only a written sign is part of the number as rendered.
    public var isSignWritten: Bool = false
    /// Whether the page writes the number as a change, not a level: a written sign ("+18%"),
    /// "by N%", a change's noun or a comparative after it ("an 18% decline", "18% lower"), or a
    /// direction word right before it ("dropped 18%", "up 40%"). A direction word elsewhere in
    /// the clause ("got fewer callbacks, 14% of applications") gives the clause's tone, not a
    /// change: the number is still a level (review 9, M1).
    public var isChange: Bool = false
    /// Whether the sign is only implied: a direction word says it, but the number is not
    /// written as a change ("quality gains, 18%"), or the word is across a comma ("went up,
    /// by 40%"). A disagreement with a change's claim is then `unsupported`, not an error-level
    /// `mismatch` (review 14, M1): the page may well mean another number's direction.
    public var isSignLoose: Bool = false
    /// Whether the page writes a change ("by 40%") whose direction no word reads
    /// ("shifted writing time by 40%"): it is held to no claim, so it is `unsupported`
    /// rather than sign-free `supported` (review 14, m3).
    public var isDirectionUnread: Bool = false

    /// Whether the page writes a rate as a proportion ("a callback rate of 0.109"): read as a
    /// percentage (10.9, one decimal), the text as written.
    public var isProportion: Bool = false

    /// The value with its sign, as the page means it (−40 for "cut by 40%").
    public var signedValue: Double { sign == .minus ? -abs(value) : value }

    /// The value as the page writes it: negative only when the page writes a minus sign
    /// (".706" after "fell" is 0.706; its direction is ``sign``, said in words).
    public var writtenValue: Double { isSignWritten && sign == .minus ? -abs(value) : abs(value) }

    /// The direction words give the number when the page writes no sign ("cut … by 40%" is a
    /// decrease), or nil.
    public var saidDirection: Sign? { !isSignWritten && sign != .unstated ? sign : nil }
}
