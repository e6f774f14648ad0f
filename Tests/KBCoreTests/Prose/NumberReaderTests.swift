import Testing
@testable import KBProse

/// Each number form the issue lists, read as the page means it, and the near-misses that are
/// not a finding's number.
struct NumberReaderTests {
    func only(_ line: String) throws -> ProseNumber {
        let numbers = NumberReader.numbers(in: line)
        #expect(numbers.count == 1, "\(numbers)")
        return try #require(numbers.first)
    }

    @Test func signedPercentages() throws {
        let numbers = NumberReader.numbers(in: "ChatGPT: -40% time, +18% quality")
        #expect(numbers.map(\.signedValue) == [-40, 18])
        #expect(numbers.map(\.kind) == [.percent, .percent])
        #expect(numbers.map(\.column) == [10, 21])
        #expect(numbers.map(\.text) == ["-40%", "+18%"])
    }

    @Test func aDecreaseSaidInWords() throws {
        let cut = try only("ChatGPT cut professional writing-task time by 40% overall.")
        #expect(cut.signedValue == -40)
        #expect(cut.sign == .minus)
        let raised = try only("It raised quality by 18%.")
        #expect(raised.signedValue == 18)
        #expect(try only("41% face the highest exposure").sign == .unstated)
    }

    @Test func approximateCounts() throws {
        let roughly = try only("analysed roughly 2,900 work skills")
        #expect(roughly.value == 2900 && roughly.isApproximate && roughly.kind == .count)
        let tilde = try only("(Indeed, ~2,900 skills)")
        #expect(tilde.value == 2900 && tilde.isApproximate && tilde.text == "~2,900")
    }

    @Test func scales() throws {
        #expect(try only("forecasts 170 million new roles").scale == 1e6)
        let m = try only("+170M new roles")
        #expect(m.value == 170 && m.scale == 1e6 && m.sign == .plus)
        let net = try only("net +78M")
        #expect(net.signedValue == 78 && net.scale == 1e6)
        #expect(try only("-92M displaced").signedValue == -92)
        #expect(try only("92 million are displaced by automation").sign == .minus)
    }

    @Test func sampleSizes() throws {
        #expect(try only("(Science, n=453)").kind == .sampleSize)
        let spaced = try only("a sample of n = 453 writers")
        #expect(spaced.value == 453 && spaced.kind == .sampleSize && spaced.text == "n = 453")
        #expect(try only("(N=45)").value == 45)
    }

    @Test func periodsRangesDecimalsMoney() throws {
        let period = try only("39% skills obsolete in 5yr")
        #expect(period.value == 39 && period.period == "in 5yr")
        #expect(try only("39% of skills will change within 5 years").period == "within 5 years")
        let range = try only("pay rose 10–15% in a year")
        #expect(range.value == 10 && range.upper == 15 && range.kind == .percent)
        let decimal = try only("reliability above .7 percent")
        #expect(decimal.value == 0.7 && decimal.decimals == 1)
        let money = try only("a band of $120k")
        #expect(money.kind == .money && money.value == 120 && money.scale == 1e3)
    }

    @Test func nearMissesAreNotFindings() {
        #expect(NumberReader.numbers(in: "In 2023 the study ran; by 2030 it ends.").isEmpty)
        #expect(NumberReader.numbers(in: "See p. 187 and pp. 190 of the report.").isEmpty)
        #expect(NumberReader.numbers(in: "As §3 and § 12 explain.").isEmpty)
        #expect(NumberReader.numbers(in: "Science 381(6654) · 2023").isEmpty)
        #expect(NumberReader.numbers(in: "Science, 381(6654), 187–192.").isEmpty)
        #expect(NumberReader.numbers(in: "A 5-15 minute instrument, 39 weeks later").isEmpty)
        #expect(NumberReader.numbers(in: "three claims do the work; 12 of them").isEmpty)
        let url = "see https://www.hiringlab.org/2025/09/23/ai-at-work-report-2025 now"
        #expect(NumberReader.numbers(in: url, masked: [5...63]).isEmpty)
    }
}
