/// RFC 4180 CSV with spreadsheet formulas neutralised: a cell that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (and is not a plain number) gets a leading `'`, so that
/// Excel and LibreOffice show it as text instead of running it.
public enum CSVWriter {
    public static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    public static func cell(_ value: String) -> String {
        var text = neutralised(value)
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    public static func neutralised(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
        if Double(value) != nil, !value.contains(where: { $0.isLetter }) { return value }
        return "'" + value
    }
}
