import Foundation
import KBDomain

/// `--emit-claims`: the unsupported numbers of a page as kb YAML that `kb add --from` takes —
/// the sentence as the quote, `FILE:LINE` as the locator, the number, its unit and direction,
/// and a source only when the KB holds the work the page cites for it (never invented).
public enum ClaimEmitter {
    public static func yaml(_ checks: [PageCheck]) -> String {
        var out = "# Unsupported statements found by kb check; review each before adding it (kb add --from FILE).\nclaims:\n"
        var used = Set<String>()
        var count = 0
        for check in checks {
            for finding in check.findings where finding.verdict == .unsupported && finding.subject == .number {
                guard let number = finding.number else { continue }
                var id = Slug.fold("\(NSStringBridge(check.page.name).base)-l\(finding.line)-c\(finding.column)")
                if id.isEmpty { id = "page-l\(finding.line)-c\(finding.column)" }
                while used.contains(id) { id += "-x" }
                used.insert(id)
                count += 1
                let statement = finding.sentence.trimmingCharacters(in: .whitespaces)
                out += "  - id: \(id)\n"
                out += "    statement: \(quoted(statement))\n"
                out += "    quote: \(quoted(statement))\n"
                out += "    locator: \(quoted("\(finding.file):\(finding.line)"))\n"
                if let source = finding.source { out += "    source: \(source)\n" }
                out += "    value: \(JSONValue.format(Self.value(number)))\n"
                switch number.kind {
                case .percent: out += "    unit: percent\n"
                case .money: out += "    unit: \(quoted(number.scale == 1e6 ? "million currency units" : number.scale == 1e3 ? "thousand currency units" : "currency units"))\n"
                case .count where number.scale == 1e6: out += "    unit: million\n"
                case .count where number.scale == 1e9: out += "    unit: billion\n"
                case .count where number.scale == 1e3: out += "    unit: thousand\n"
                default: break
                }
                switch number.sign {
                case .minus: out += "    direction: decrease\n"
                case .plus: out += "    direction: increase\n"
                case .unstated: break
                }
            }
        }
        if count == 0 { out = out.replacingOccurrences(of: "claims:\n", with: "claims: []\n") }
        return out
    }

    /// The value in the seeds' convention (Seeds/claims.yaml): a change in percent carries its
    /// sign with its direction (`value: -40`, `direction: decrease`, as noy2023-writing-time), a
    /// count keeps its magnitude and the direction says which way (`value: 92`, `direction:
    /// decrease`, as wef2025-roles-displaced); a sign the page writes is always kept.
    static func value(_ number: ProseNumber) -> Double {
        number.kind == .percent ? number.signedValue : number.writtenValue
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The file name without folders or extension, for ids.
struct NSStringBridge {
    let path: String
    init(_ path: String) { self.path = path }
    var base: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.split(separator: ".").first.map(String.init) ?? name
    }
}
