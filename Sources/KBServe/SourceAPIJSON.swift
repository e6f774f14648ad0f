import KBCore

/// `/api/sources/ID`: `kb show --format json`'s object plus what the source page shows of its
/// standing — `retracted` and its notices (retraction, correction, expression of concern,
/// reinstatement) — so a client of the API sees a retraction too (trial 9 bug 6).
enum SourceAPIJSON {
    static func render(_ record: Catalog.Record) -> String {
        guard case let .source(source, _, _, _) = record, case var .object(fields) = RecordRenderer.json(record) else {
            return RecordRenderer.render(record, format: .json)
        }
        fields["retracted"] = .bool(source.isRetracted)
        fields["notices"] = .array(source.notices.map { notice in
            .object(["kind": .string(notice.kind.rawValue), "date": .from(notice.date), "reason": .from(notice.reason), "url": .from(notice.url)])
        })
        return JSONValue.object(fields).pretty + "\n"
    }
}
