/// A gap map refused before it is drawn because it would have more cells than allowed: a map is
/// one cell per pair of its axes' values, so two large fields (skill × role at 1M claims is
/// about 5 million cells) would take a minute, half a gigabyte, and a grid nobody can read.
/// Counting the axes' values first is cheap; the face says how to narrow the map or raise the
/// limit.
public struct GapMapTooLarge: Error, Sendable, Equatable, CustomStringConvertible {
    public var rowField: Field
    public var columnField: Field
    public var rows: Int
    public var columns: Int
    public var limit: Int

    public var cells: Int { rows * columns }

    /// The cells a map may have unless its caller says otherwise: every map a reader can take in
    /// (cohort × boundary is a few hundred; design × country a few thousand) fits many times over.
    public static let defaultLimit = 50_000

    /// "skill × role is 2,300 × 2,200 = 5,060,000 cells, more than the 50,000 a map draws".
    public var description: String {
        "the gap map \(rowField.rawValue) × \(columnField.rawValue) would be \(Self.grouped(rows)) × \(Self.grouped(columns)) = \(Self.grouped(cells)) cells, more than the \(Self.grouped(limit)) a map draws"
    }

    /// `n` with thousands separated by commas (not locale-dependent: the message is tested).
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (n < 0 ? "-" : "") + out
    }
}
