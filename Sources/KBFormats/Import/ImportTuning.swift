import Foundation

/// The environment variables that tune an import, for measuring (README, "Import"): each read by
/// one of two rules, and one set to a value its rule does not take is said
/// (``warnings(in:)``), not silently passed over.
public enum ImportTuning {
    /// A whole number, taken as at least 1; nil when unset, empty or not a whole number.
    static func count(_ name: String, in environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        environment[name].flatMap { Int($0) }.map { max(1, $0) }
    }

    /// `1` or `0`; nil when unset or anything else.
    static func flag(_ name: String, in environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool? {
        switch environment[name] {
        case "1": true
        case "0": false
        default: nil
        }
    }

    /// The counts, with what the import uses when one is not given.
    static let counts: [(name: String, otherwise: String)] = [
        ("KB_IMPORT_BATCH_MB", "4 MB batches"), ("KB_IMPORT_CACHE_MB", "a 32 MB page cache"),
        ("KB_IMPORT_MAP_FROM", "8 MB"), ("KB_IMPORT_SPILL_FROM", "65,536 entries"),
    ]
    /// The flags, with what the import does when one is not given.
    static let flags: [(name: String, otherwise: String)] = [
        ("KB_IMPORT_WAL", "0"), ("KB_IMPORT_TRIM", "1"), ("KB_IMPORT_KEEP_RECORDS", "0"), ("KB_IMPORT_KEEP_IDS", "0"),
        ("KB_IMPORT_CHECK_READBACK", "1"),
    ]
    /// `KB_IMPORT_TEMP_STORE`'s values; the first is used when it is not given.
    static let tempStores = ["MEMORY", "FILE"]

    /// `KB_IMPORT_TEMP_STORE` when it is one of ``tempStores``, else the first.
    static func tempStore(in environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["KB_IMPORT_TEMP_STORE"].flatMap { tempStores.contains($0) ? $0 : nil } ?? tempStores[0]
    }

    /// What kb says about each tuning variable set to a value its rule does not take (an empty
    /// one counts as unset), in the variables' order.
    public static func warnings(in environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var warnings: [String] = []
        for (name, otherwise) in counts {
            guard let value = environment[name], !value.isEmpty else { continue }
            if let number = Int(value) {
                if number < 1 { warnings.append("\(name)='\(value)' is taken as 1 (a whole number from 1)") }
            } else {
                warnings.append("ignoring \(name)='\(value)': not a whole number; the import uses \(otherwise)")
            }
        }
        for (name, otherwise) in flags {
            guard let value = environment[name], !value.isEmpty, flag(name, in: environment) == nil else { continue }
            warnings.append("ignoring \(name)='\(value)': 1 or 0; the import takes \(otherwise)")
        }
        if let value = environment["KB_IMPORT_TEMP_STORE"], !value.isEmpty, tempStore(in: environment) != value {
            warnings.append("ignoring KB_IMPORT_TEMP_STORE='\(value)': MEMORY or FILE; the import uses \(tempStores[0])")
        }
        return warnings
    }
}
