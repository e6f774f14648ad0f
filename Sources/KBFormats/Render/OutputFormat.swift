/// How results are written.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, jsonl, csv, markdown
}
