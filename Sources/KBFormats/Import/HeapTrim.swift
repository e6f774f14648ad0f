import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Hands the pages freed with a written batch back to the system (glibc's `malloc_trim`).
///
/// Why: a streamed import frees each batch's records on the writing thread after the mapping
/// thread made them, between the matching state that stays; glibc keeps the freed pages of both
/// threads' arenas, so resident memory rose batch after batch by more than what stays
/// (BENCHMARKS.md, "Fifth round"). Trimming before each batch (a few milliseconds, about a
/// hundred batches per million claims) keeps only the pages in use. `KB_IMPORT_TRIM=0` turns it
/// off, for measuring. Looked up at run time (the Glibc module does not declare it; another C
/// library has none, and nothing is done).
enum HeapTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        guard ImportTuning.flag("KB_IMPORT_TRIM") != false else { return nil }
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func afterBatch() {
        _ = trim?(0)
    }
}
