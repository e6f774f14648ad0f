import KBCore

/// `/api/claims/ID`: `kb show --format json`'s object plus `relations`, the links (`kb link`) the
/// claim is either end of, as its page lists them (review 13 m5: a client of the API saw none).
enum ClaimAPIJSON {
    static func render(_ record: Catalog.Record, relations: [ClaimRelationItem]) -> String {
        guard case .claim = record, case var .object(fields) = RecordRenderer.json(record) else {
            return RecordRenderer.render(record, format: .json)
        }
        fields["relations"] = .array(relations.map { relation in
            .object(["from": .string(relation.from), "kind": .string(relation.kind), "to": .string(relation.to), "note": .from(relation.note)])
        })
        return JSONValue.object(fields).pretty + "\n"
    }
}
