import Foundation
import KBDomain

/// `--emit-claims`: the unsupported numbers of a page as kb YAML that `kb add --from` takes —
/// the sentence as the statement and quote — the number's clause when the sentence writes other
/// numbers — (a sample size, a number the KB holds for another group, comparison or count of
/// the cited work, and a number whose clause writes another the KB does not back, are not
/// emitted, each listed with its reason), `FILE:LINE` as the locator, the number, its unit and direction,
/// and a source only when the KB holds the work the page cites for it (never invented).
public enum ClaimEmitter {
    public static func yaml(_ checks: [PageCheck]) -> String {
        emit(checks).yaml
    }

    /// The YAML, how many claims it holds, and how many unsupported numbers it leaves out (see
    /// the type's note).
    public static func emit(_ checks: [PageCheck]) -> (yaml: String, count: Int, left: Int) {
        var left = 0
        var out = "# Unsupported statements found by kb check; review each before adding it (kb add --from FILE).\nclaims:\n"
        var used = Set<String>()
        var count = 0
        var skipped: [String] = []
        for check in checks {
            for finding in check.findings where finding.verdict == .unsupported && finding.subject == .number {
                guard let number = finding.number else { left += 1; continue }
                let at = offset(of: finding, in: check.page)
                if Self.isSampleSize(number, at: at, in: finding.sentence) {
                    left += 1
                    skipped.append("\(finding.file):\(finding.line):\(finding.column) \(finding.text) (a sample size, not a finding)")
                    continue
                }
                // "Drydakis et al. (2017)" of two works: a claim with no source would misstate the
                // page, which does cite something, and one with a source would guess (review 18, m3).
                if finding.heldAs == .namesakes {
                    left += 1
                    skipped.append("\(finding.file):\(finding.line):\(finding.column) \(finding.text) (its citation fits several works of the same "
                        + "authors and year, and the page does not say which)")
                    continue
                }
                // The KB holds the number for another group or comparison of the cited work, or as
                // its study's n: a claim of the page's reading would certify it (trial 6, item 9).
                if let claim = finding.claim, finding.source != nil {
                    left += 1
                    // The reason the finding gives: a level, another place, a direction, or another group (review 12, m3; review 14, m5).
                    let held = switch finding.heldAs {
                    case .level: "\(claim)'s level, not a change"
                    case .place: "\(claim)'s, for another place"
                    case .direction: "\(claim)'s, in a direction the page does not give"
                    case .namesakes: "\(claim)'s or another work's of the same authors and year"
                    case nil: "\(claim)'s, for another group, comparison or count"
                    }
                    skipped.append("\(finding.file):\(finding.line):\(finding.column) \(finding.text) (the KB holds it as \(held))")
                    continue
                }
                let clause = Self.clause(at: at, of: number, in: finding.sentence)
                // A clause that writes another number the KB does not back gives no claim:
                // its quote would state that number too, and the page would back itself. A
                // sample size is the study's, not a finding ("15 interviews from 400 applications").
                let unbacked = check.findings.filter { other in
                    guard other.subject == .number, other.verdict != .supported, other.line == finding.line, other.sentence == finding.sentence,
                          other.column != finding.column, let held = other.number else { return false }
                    let otherAt = offset(of: other, in: check.page)
                    return !Self.isSampleSize(held, at: otherAt, in: other.sentence) && Self.clause(at: otherAt, of: held, in: other.sentence) == clause
                }
                guard unbacked.isEmpty else {
                    left += 1
                    skipped.append("\(finding.file):\(finding.line):\(finding.column) \(finding.text) (its clause also writes "
                        + unbacked.map(\.text).joined(separator: ", ") + ", which the KB does not back)")
                    continue
                }
                var id = Slug.fold("\(NSStringBridge(check.page.name).base)-l\(finding.line)-c\(finding.column)")
                if id.isEmpty { id = "page-l\(finding.line)-c\(finding.column)" }
                while used.contains(id) { id += "-x" }
                used.insert(id)
                count += 1
                // A sentence with no other number is quoted whole (its words find the claim again).
                let alone = !check.findings.contains { other in
                    other.subject == .number && other.line == finding.line && other.sentence == finding.sentence && other.column != finding.column
                }
                let statement = (alone ? finding.sentence : clause).trimmingCharacters(in: .whitespaces)
                out += "  - id: \(id)\n"
                out += "    statement: \(quoted(statement))\n"
                out += "    quote: \(quoted(statement))\n"
                out += "    locator: \(quoted("\(finding.file):\(finding.line)"))\n"
                if let source = finding.source {
                    // Cited for another sentence only: the claim is the page's, unsourced (trial 20, B7).
                    out += finding.isSourceCitedElsewhere ? "    # the page cites \(source) for another sentence, not for this one\n" : "    source: \(source)\n"
                }
                out += "    value: \(JSONValue.format(Self.value(number)))\n"
                switch number.kind {
                case .percent: out += "    unit: percent\n"
                case .points: out += "    unit: percentage points\n"
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
        if !skipped.isEmpty {
            out += "# Not emitted: " + skipped.joined(separator: "; ") + "\n"
        }
        return (out, count, left)
    }

    /// Whether the page writes the number as a study's sample size ("n = 453", "sent 900
    /// applications", "a sample of 900"): that is the study's n, not a finding, and emitted as
    /// a claim's value it would support the page's own sample sizes (trial 5, item 10).
    static func isSampleSize(_ number: ProseNumber, at known: Int? = nil, in sentence: String) -> Bool {
        if number.kind == .sampleSize { return true }
        guard number.kind == .count, let at = known ?? offset(of: number, in: sentence) else { return false }
        var local = number
        local.column = at + 1
        return PageChecker.countsSample(local, in: sentence)
    }

    /// The number's clause (``ClaimArms/segments(of:)``), the statement and quote of its
    /// claim: a sentence that writes two unsupported numbers gives two claims, and each must
    /// write only its own — with the whole sentence as both quotes, each claim's text would
    /// state the other's number, and the page would certify itself (trial 5, item 10).
    static func clause(at known: Int? = nil, of number: ProseNumber, in sentence: String) -> String {
        guard let at = known ?? offset(of: number, in: sentence),
              let segment = ClaimArms.segments(of: sentence).first(where: { $0.range.contains(at) }) else { return sentence }
        let clause = segment.text.trimmingCharacters(in: .whitespaces)
        return clause.contains(number.text) ? clause : sentence
    }

    /// Where the finding's number stands in its sentence (0-based), from its column and the
    /// sentence's: "In pilot A, 15% got an offer; in pilot B, 15% did." writes 15% twice, and
    /// each is read in its own clause (review 9, m1). Nil when the page's line does not hold
    /// the sentence (a finding made elsewhere), and the text is searched for instead.
    static func offset(of finding: CheckFinding, in page: Page) -> Int? {
        guard finding.line >= 1, finding.line <= page.lines.count,
              let sentence = PageChecker.sentences(page.lines[finding.line - 1]).first(where: { $0.range.contains(finding.column) }),
              sentence.text == finding.sentence else { return nil }
        let at = finding.column - sentence.range.lowerBound
        return at >= 0 && at < sentence.text.count ? at : nil
    }

    /// Where the number's text stands in its sentence (0-based), the first time it stands as a
    /// whole number ("13%", not the end of "113%").
    static func offset(of number: ProseNumber, in sentence: String) -> Int? {
        let c = Array(sentence)
        let text = Array(number.text)
        guard !text.isEmpty, c.count >= text.count else { return nil }
        for start in 0...(c.count - text.count) where Array(c[start..<(start + text.count)]) == text {
            let before = start > 0 ? c[start - 1] : " "
            let after = start + text.count < c.count ? c[start + text.count] : " "
            if !before.isASCIIDigit, before != ".", !after.isASCIIDigit { return start }
        }
        return nil
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
