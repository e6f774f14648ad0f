import KBDomain
import KBStore

extension Parser {
    /// `group by FIELD { , FIELD }`, after `where` and before `limit`.
    ///
    /// Only ``Field/isGroupable`` fields group; anything else is an error at the field that
    /// lists the fields that do. Groups have their own order (count, then value), so a
    /// `rank by` after them is an error too, not silently ignored.
    mutating func parseGrouping(target: Target) throws -> [GroupField] {
        let groupToken = advance()
        guard isKeyword("by") else {
            throw error("query.expected-by", "expected 'by' after 'group'" + (current.kind == .end ? "" : ", found \(current.display)"),
                        at: current.range, help: "e.g. claims group by cohort")
        }
        _ = advance()
        guard target != .citations else {
            throw error("query.group-citations", "'group by' groups claims or sources, not citations", at: groupToken.range,
                        help: "write 'claims … group by …' or 'sources … group by …'")
        }
        let groupable = Field.groupable.map(\.rawValue).joined(separator: ", ")
        var fields: [GroupField] = []
        repeat {
            if case .comma = current.kind, !fields.isEmpty { _ = advance() }
            let token = current
            guard let word = token.keyword, !Self.reservedWords.contains(word) || Field.named(word) != nil else {
                throw error("query.expected-field", "expected a field to group by" + (token.kind == .end ? "" : ", found \(token.display)"),
                            at: token.range, help: "fields that group: \(groupable)")
            }
            guard let field = Field.named(word) else {
                let near = Suggestions.nearest(to: word, in: Field.groupable.map(\.rawValue))
                throw error("query.unknown-field", "unknown field '\(word)'", at: token.range,
                            help: near.first.map { "did you mean '\($0)'?" } ?? "fields that group: \(groupable)")
            }
            guard field.isGroupable else {
                throw error("query.not-groupable", "cannot group by '\(field.rawValue)': it has a value of its own for almost every \(target == .sources ? "source" : "claim")",
                            at: token.range, help: "fields that group: \(groupable)")
            }
            if fields.contains(where: { $0.field == field }) {
                throw error("query.duplicate-group", "'\(field.rawValue)' is already a group field", at: token.range, help: "name each field once")
            }
            _ = advance()
            fields.append(GroupField(field, range: token.range))
        } while current.kind == .comma
        if isKeyword("rank") {
            throw error("query.rank-groups", "'rank by' does not apply to 'group by': groups are ordered by count, then value", at: current.range,
                        help: "remove 'rank by …'; 'limit N' keeps the N largest groups")
        }
        return fields
    }
}
