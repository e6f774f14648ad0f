import Testing
@testable import KBFormats

/// The import's tuning variables (``ImportTuning``): read by one rule each, and a value the rule
/// does not take is said, with what the import does instead.
struct ImportTuningTests {
    @Test func countsAndFlagsAreReadByTheirRules() {
        let environment = ["A": "12", "B": "0", "C": "-3", "D": "abc", "E": "", "F": "1", "G": "true"]
        #expect(ImportTuning.count("A", in: environment) == 12)
        #expect(ImportTuning.count("B", in: environment) == 1)
        #expect(ImportTuning.count("C", in: environment) == 1)
        #expect(ImportTuning.count("D", in: environment) == nil)
        #expect(ImportTuning.count("E", in: environment) == nil)
        #expect(ImportTuning.count("unset", in: environment) == nil)
        #expect(ImportTuning.flag("F", in: environment) == true)
        #expect(ImportTuning.flag("B", in: environment) == false)
        #expect(ImportTuning.flag("G", in: environment) == nil)
        #expect(ImportTuning.flag("E", in: environment) == nil)
    }

    @Test func aValueItsRuleDoesNotTakeIsSaid() {
        let environment = ["KB_IMPORT_BATCH_MB": "8M", "KB_IMPORT_CACHE_MB": "0", "KB_IMPORT_MAP_FROM": "1",
                           "KB_IMPORT_SPILL_FROM": "", "KB_IMPORT_WAL": "yes", "KB_IMPORT_TRIM": "0",
                           "KB_IMPORT_TEMP_STORE": "file", "PATH": "/bin"]
        #expect(ImportTuning.warnings(in: environment) == [
            "ignoring KB_IMPORT_BATCH_MB='8M': not a whole number; the import uses 4 MB batches",
            "KB_IMPORT_CACHE_MB='0' is taken as 1 (a whole number from 1)",
            "ignoring KB_IMPORT_WAL='yes': 1 or 0; the import takes 0",
            "ignoring KB_IMPORT_TEMP_STORE='file': MEMORY or FILE; the import uses MEMORY",
        ])
        #expect(ImportTuning.warnings(in: ["KB_IMPORT_BATCH_MB": "16", "KB_IMPORT_TEMP_STORE": "FILE", "KB_IMPORT_KEEP_IDS": "1"]).isEmpty)
        #expect(ImportTuning.warnings(in: [:]).isEmpty)
    }
}
