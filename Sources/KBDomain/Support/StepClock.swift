import Foundation

/// Times the steps of a long operation one after another, for `--verbose`.
package struct StepClock {
    package struct Lap: Sendable {
        package var step: String
        package var seconds: Double
    }

    package private(set) var laps: [Lap] = []
    private var last = Date()

    package init() {}

    /// Ends the step running since the previous lap (or since the clock started).
    package mutating func lap(_ step: String) {
        let now = Date()
        laps.append(Lap(step: step, seconds: now.timeIntervalSince(last)))
        last = now
    }
}
