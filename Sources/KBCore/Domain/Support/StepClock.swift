import Foundation

/// Times the steps of a long operation one after another, for `--verbose`.
struct StepClock {
    struct Lap: Sendable {
        var step: String
        var seconds: Double
    }

    private(set) var laps: [Lap] = []
    private var last = Date()

    /// Ends the step running since the previous lap (or since the clock started).
    mutating func lap(_ step: String) {
        let now = Date()
        laps.append(Lap(step: step, seconds: now.timeIntervalSince(last)))
        last = now
    }
}
