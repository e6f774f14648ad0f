import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain

/// What the curation suites over a seeded KB share: the change context their writes are logged
/// with, and a claim read back through the curator.
protocol CuratorSuite {
    var curator: Curator { get }
}

extension CuratorSuite {
    func options() -> CurationOptions { CurationOptions(context: ChangeContext(author: "ana", command: "test")) }

    func claim(_ id: String) throws -> Claim {
        guard case let .claim(claim) = try #require(try curator.record(id)).record else { throw KBError.invalidInput("\(id) is not a claim") }
        return claim
    }
}
