import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The scanners behind `text.html-entity` and `source.withdrawn-title`.
struct CurationScannerTests {
    @Test func entitiesAreFoundButAmpersandsAndURLsAreNot() {
        #expect(CurationScanner.entities(in: "Smith &amp; Jones") == "'&amp;' in 'Smith &amp; Jones'")
        #expect(CurationScanner.entities(in: "it&#x2019;s and &#233;t&#233;")?.components(separatedBy: "  |  ").count == 3)
        #expect(CurationScanner.entities(in: "&amp;amp;")?.hasPrefix("'&amp;'") == true)
        for plain in ["Smith & Jones", "https://x.org/?a=1&b=2;c", "R&D", "&#;", "&#xZZ;", "& ;", "AT&T"] {
            #expect(CurationScanner.entities(in: plain) == nil, "\(plain)")
        }
    }

    @Test func withdrawnMarkersButNotTitlesAboutWithdrawal() {
        let marked = ["WITHDRAWN: Effects of pay", "RETRACTED: Sense Creative!", "Retracted: Super Size Me", "[Retracted] A study",
                      "Withdrawn", "Notice of Retraction: Hiring bias", "Hiring bias (retracted article)", "Retraction notice to: X",
                      "Retracted article: Hiring bias"]
        for title in marked { #expect(CurationScanner.withdrawnMarker(in: title) != nil, "\(title)") }
        #expect(CurationScanner.withdrawnMarker(in: "RETRACTED: Sense Creative!") == "RETRACTED")
        let plain = ["Withdrawal from the labour market", "Withdrawn workers and their wages", "Retraction of labour supply",
                     "Why firms retract offers", "Retractions in economics: a survey"]
        for title in plain { #expect(CurationScanner.withdrawnMarker(in: title) == nil, "\(title)") }
    }
}
