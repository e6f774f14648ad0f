import Foundation
import Testing
@testable import KBQuery

/// `@NAME` comes from query text (over HTTP too, with kb serve): a name is a slug, never a path.
struct SavedQueryNameTests {
    @Test(arguments: ["mission", "preregistered-large-samples", "my_query", "q2"])
    func plainNamesAreNames(name: String) {
        #expect(SavedQuery.isPlainName(name))
    }

    @Test(arguments: ["", "../Queries/mission", "/etc/passwd", "a/b", ".hidden", "a b", "x.kbq"])
    func pathsAreNotNames(name: String) {
        #expect(!SavedQuery.isPlainName(name))
    }

    /// From the package root `Queries/../Queries/mission.kbq` is a real file; as a name it finds
    /// nothing, and `@../Queries/mission` is an unknown saved query, not that file.
    @Test func aPathThroughQueriesFindsNothing() throws {
        #expect(try SavedQuery.named("../Queries/mission") == nil)
        #expect(try SavedQuery.named("mission") != nil)
    }
}
