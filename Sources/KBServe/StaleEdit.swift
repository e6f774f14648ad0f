import KBCore

/// An edit form refused because its record moved on after the form was shown (409, trial 7
/// bug 3), made ready to send again: the form carries the record's current version, holds
/// the stored value of every field the user left alone and the user's value of every field
/// they changed, and shows the stored value under a field both changed — so saving again
/// writes what the user meant and nothing they did not see. The message says who changed what.
struct StaleEdit: Sendable {
    /// The form's fields as shown again (plus the user's `_reason`).
    var values: [String: String]
    /// For a field both the user and the later change changed: its stored value.
    var stored: [String: String]
    var version: Int
    var message: String

    /// `later`: the record's changes after the version the form was shown with, oldest first.
    /// The values the form was shown with are the first one's `before`; without it, the current
    /// ones (then every field the user changed counts as theirs).
    init(kind: RecordKind, shown: Int, form: [String: String], current: RecordSnapshot, version: Int, later: [Change]) {
        let now = CuratedValues.of(current)
        let original = CuratedValues.snapshot(later.first?.before, kind: kind.rawValue).map(CuratedValues.of) ?? now
        var values: [String: String] = ["_reason": form["_reason"] ?? ""]
        var stored: [String: String] = [:]
        for name in CuratedFields.names(kind) where name != "id" {
            // Compared as `KBServer.changes` compares: both sides trimmed, LF line breaks.
            let typed = form[name].map(KBServer.comparable)
            guard let typed, typed != KBServer.comparable(original[name] ?? "") else {
                values[name] = now[name]
                continue
            }
            values[name] = typed
            if now[name] != original[name], typed != KBServer.comparable(now[name] ?? "") { stored[name] = now[name] ?? "" }
        }
        self.values = values
        self.stored = stored
        self.version = version
        let changes = later.map { change in
            let fields = CuratedValues.fields(of: change)
            return "change \(change.id) by \(change.author) at \(change.time)" + (fields.contains("*") ? "" : " (\(fields.joined(separator: ", ")))")
        }
        message = "This \(kind.rawValue) changed after you opened the form (version \(shown), now \(version))"
            + (changes.isEmpty ? "" : ": " + changes.joined(separator: "; "))
            + ". Nothing was saved. The form now shows the stored values, with your own changes kept"
            + (stored.isEmpty ? "" : "; where you and that change both changed a field, the stored value is shown under yours")
            + ". Check it and save again."
    }
}

extension KBServer {
    /// The form to show again after a refused edit of `id`, when the refusal was a stale
    /// version; nil when the record is gone or still at the version shown (the conflict was
    /// another one, told as it is).
    func staleEdit(_ id: String, shown: Int, form: [String: String], kind: RecordKind) async throws -> StaleEdit? {
        try await call { service in
            guard let (record, version) = try service.curatedRecord(id), record.kind == kind, version != shown else { return nil }
            let later = try service.log(ChangeLog.Filter(record: id)).filter { $0.recordKind == kind.rawValue && ($0.version ?? 0) > shown }
            return StaleEdit(kind: kind, shown: shown, form: form, current: record, version: version, later: later)
        }
    }
}
