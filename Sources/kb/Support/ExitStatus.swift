/// kb's exit codes (DESIGN §5).
enum ExitStatus {
    static let success: Int32 = 0
    static let findings: Int32 = 1
    static let usage: Int32 = 2
    static let invalidInput: Int32 = 3
    static let database: Int32 = 4
}
