import KBDomain

/// Whether a claim states a page's number: equal as written (to the precision the page writes),
/// sign-aware ("cut by 40%" is −40 and does not match a +40 claim), a percentage only against a
/// percentage, a count or sample size against the claim's value, its study's n or its baseline.
enum NumberMatch {
    static func states(_ claim: EvidenceClaim, _ number: ProseNumber) -> Bool {
        statesAsValue(claim, number) || writes(written(claim), number, level: readsAsLevel(claim, number))
    }

    /// Whether a sign only implied may be dropped for the number against this claim: the claim
    /// states a level, or the number is not the claim's quantity but another its text writes
    /// (a group's counts, "291 from 2494", in a ratio's statement with direction `decrease`).
    /// Against the quantity of a change's claim (noy2023's −40%) the sign is held (review 12, B1).
    static func readsAsLevel(_ claim: EvidenceClaim, _ number: ProseNumber) -> Bool {
        guard !isLevel(claim), let value = claim.value else { return true }
        var unsigned = number
        unsigned.sign = .unstated
        return !(valueMatches(value, unsigned, scale: 1) || valueMatches(value * claim.scale, unsigned, scale: number.scale))
    }

    /// The numbers a claim's statement and quote write (``PageChecker`` keeps them per claim).
    static func written(_ claim: EvidenceClaim) -> [ProseNumber] {
        // Read as the brief writes it: "945.9999999999999" is 946 (``FloatArtefacts``).
        [claim.statement, claim.quote].compactMap { $0 }.flatMap { NumberReader.numbers(in: FloatArtefacts.tidied($0)) }
    }

    /// Whether a claim's text writes the number (`written`, from ``written(_:)``): of the same
    /// kind, equal as the page writes it, with the same sign when both say one ("3725 callbacks
    /// from 29105 applications" states 3725 and 29105, whatever the claim's own value is).
    ///
    /// `level`: the claim states a level (``isLevel(_:)``; a group's counts are levels). Only
    /// then is a sign a direction word only implies ("got fewer callbacks, 291 from 2494") not
    /// held against a number the claim writes with none (review 9, M1); against a change's
    /// claim (noy2023's −40%) "increased writing time, 40% in all" keeps its sign and is the
    /// opposite direction (review 12, B1).
    static func writes(_ written: [ProseNumber], _ number: ProseNumber, level: Bool) -> Bool {
        guard number.upper == nil else { return false }
        return written.contains { held in
            let signs = number.sign == .unstated || held.sign == number.sign || (level && !number.isChange && held.sign == .unstated)
            return held.kind == number.kind && held.upper == nil && signs
                && equal(held.value * held.scale, number.value * number.scale, decimals: number.decimals, scale: number.scale)
        }
    }

    /// Whether the claim's quantity (its value, its study's n, its baseline) is the number.
    /// A count is its study's n only when `asSample` (the page writes it as a sample's size,
    /// ``PageChecker/countsSample(_:in:)``): "received 8002 callbacks" is not Lahey's 8002
    /// applications, though the digits agree.
    static func statesAsValue(_ claim: EvidenceClaim, _ written: ProseNumber, asSample: Bool = true) -> Bool {
        let number = levelReading(claim, written)
        switch number.kind {
        case .sampleSize:
            return claim.studyN.map { equal(Double($0), number.value * number.scale, decimals: 0) } ?? false
        case .percent:
            guard claim.isPercent, let value = claim.signedValue, !isChangeAgainstLevel(claim, number) else { return false }
            return valueMatches(value, number, scale: 1)
        case .points:
            guard claim.isPoints, let value = claim.signedValue else { return false }
            return valueMatches(value, number, scale: 1)
        case .ratio:
            guard let value = claim.signedValue, !claim.isPercent, claim.scale == 1 else { return false }
            // A value stored negative (a correlation of -0.43) is not written as ".43": the
            // page gives it the opposite sign (trial 6, item 5). A ratio stored positive with
            // direction `decrease` is still written as stored.
            if number.sign == .unstated, (claim.value ?? 0) < 0 { return false }
            return valueMatches(value, number, scale: 1)
        case .count, .money:
            if let value = claim.signedValue, !claim.isPercent, valueMatches(value * claim.scale, number, scale: number.scale) || valueMatches(value, number, scale: 1) {
                return true
            }
            if asSample, let n = claim.studyN, number.sign != .minus, equal(Double(n), number.value * number.scale, decimals: 0) { return true }
            if let baseline = claim.baseline, number.sign == .unstated, NumberInText.appears(number.value * number.scale, in: baseline) { return true }
            return false
        }
    }

    /// The claim's value against the page's: one end of a range the page gives, else equal to the
    /// page's precision; with the page's sign when it states one.
    static func valueMatches(_ claimValue: Double, _ number: ProseNumber, scale: Double) -> Bool {
        // A range states its ends, not every value between them (trial 14, B3).
        if let upper = number.upper {
            return [number.value, upper].contains { equal(abs(claimValue), $0 * scale, decimals: number.decimals, scale: scale) }
        }
        let stated = number.value * scale
        switch number.sign {
        case .unstated: return equal(abs(claimValue), stated, decimals: number.decimals, scale: scale)
        case .plus: return claimValue > 0 && equal(claimValue, stated, decimals: number.decimals, scale: scale)
        case .minus: return claimValue < 0 && equal(-claimValue, stated, decimals: number.decimals, scale: scale)
        }
    }

    /// Equal as written: "40%" is 39.5 up to 40.5, "4.2" is 4.15 up to 4.25, "170M" ± 0.5M. A
    /// value halfway is equal to both roundings: R and Python round 24.65 to 24.6 (half to even,
    /// and a binary double just below the half), a hand rounds it to 24.7 (trial 18, M1).
    static func equal(_ held: Double, _ stated: Double, decimals: Int, scale: Double = 1) -> Bool {
        abs(held - stated) <= tolerance(decimals: decimals, scale: scale) + 1e-9 * max(1, abs(stated))
    }

    /// Half the last written digit: a number written to `decimals` places stands for values
    /// this far from it either way.
    static func tolerance(decimals: Int, scale: Double = 1) -> Double {
        var tolerance = 0.5 * scale
        for _ in 0..<decimals { tolerance /= 10 }
        return tolerance
    }

    /// Whether the page writes a change ("cut callbacks by 61%", "+18%": a percentage with a
    /// sign) and the claim states a level (a percentage with no direction and no sign: "a
    /// callback rate of 10%"). A change is never held to a level — neither supported nor a
    /// mismatch by it (trial 5, item 4); a claim with a negative value and no direction states
    /// a signed quantity, and stays comparable.
    ///
    /// Only a number the page writes as a change counts (``ProseNumber/isChange``): a direction
    /// word elsewhere in the clause leaves it a level ("got fewer callbacks, 14% of
    /// applications"), held to the claim's level, so a wrong one is a mismatch (review 9, M1).
    static func isChangeAgainstLevel(_ claim: EvidenceClaim, _ number: ProseNumber) -> Bool {
        (number.sign != .unstated || number.isDirectionUnread) && number.isChange && isLevel(claim)
    }

    /// A claim that states a level: no direction, a value that is not negative, and a
    /// statement that does not write that value as a change ("Drezavu skills changed by 10.8%"
    /// is a change of +10.8%, not a level: ``EvidenceClaim/writesChange``).
    static func isLevel(_ claim: EvidenceClaim) -> Bool {
        claim.direction == nil && (claim.value ?? 0) >= 0 && !claim.writesChange
    }

    /// The number as a level claim reads it: a sign only a direction word implies (the number
    /// not written as a change) is dropped, for a level has none ("fewer callbacks, 10% of
    /// applications" is Kang's callback rate of 10%).
    static func levelReading(_ claim: EvidenceClaim, _ number: ProseNumber) -> ProseNumber {
        guard number.sign != .unstated, !number.isChange, isLevel(claim) else { return number }
        var level = number
        level.sign = .unstated
        return level
    }

    /// A claim that states the same kind of number (a percentage for a percentage, a count in
    /// the same unit for a count): a candidate for a mismatch.
    static func isSameKind(_ claim: EvidenceClaim, _ number: ProseNumber) -> Bool {
        switch number.kind {
        case .percent: claim.isPercent && claim.value != nil && !isChangeAgainstLevel(claim, number)
        case .sampleSize: claim.studyN != nil
        // A ratio is not a count: "sent 8500 applications" is not held against a callback ratio.
        // Nor is an effect size below 1 ("d = 0.85"): "mothers got 3 offers" is not held to it (trial 19, m3).
        case .count, .money: claim.value != nil && !claim.isPercent && !claim.isRatio && (number.scale == 1 || claim.scale == number.scale)
            && !(number.kind == .count && claim.value.map { $0 != 0 && abs($0) < 1 } == true)
            // Nor one with a fraction ("b = 1.21") for a whole count ("childless women got 12").
            && !(number.kind == .count && number.scale == 1 && number.decimals == 0 && claim.scale == 1 && claim.value.map { $0.rounded() != $0 } == true)
        case .ratio: claim.value != nil && !claim.isPercent && claim.scale == 1
        case .points: claim.isPoints && claim.value != nil
        }
    }

    /// What the claim states, in the page's terms: "-40%", "-92 million roles", "n = 453". The
    /// value carries the sign its direction gives it (92 "decrease" is -92 million roles), as
    /// the page's number is read with its sign; only a ratio is shown as stored, for a ratio is
    /// never negative: a ratio with direction `decrease` is 0.706 (a ratio below 1), not -0.706.
    static func describe(_ claim: EvidenceClaim, as number: ProseNumber) -> String {
        let value = (claim.isRatio ? claim.value : claim.signedValue) ?? 0
        switch number.kind {
        case .sampleSize: return "n = \(claim.studyN.map(String.init) ?? "?")"
        case .percent: return "\(JSONValue.format(value))%"
        case .points: return "\(JSONValue.format(value)) percentage points"
        case .count, .money, .ratio: return "\(JSONValue.format(value))\(claim.unit.map { " " + $0 } ?? "")"
        }
    }
}

extension NumberMatch {
    /// Whether a claim's value lies exactly halfway between two roundings of the number as
    /// written ("24%" of 24.5): ``equal(_:_:decimals:scale:)`` accepts both, as R, Python and a
    /// hand round differently.
    static func isTie(_ claimValue: Double, _ number: ProseNumber) -> Bool {
        guard number.upper == nil, number.kind == .percent || number.kind == .points || number.kind == .ratio else { return false }
        return abs(abs(abs(claimValue) - number.value) - tolerance(decimals: number.decimals)) <= 1e-9 * max(1, abs(claimValue))
    }
}
