import Foundation
import KBCore

/// libFuzzer entry point: one query text through the lexer, parser and compiler, then its SQL
/// planned (`explain`) and run (`run`) against an in-memory copy of the bundled seed KB, and its
/// total counted up to a bound held against the exact one. Anything
/// but a clean result, a Diagnostic or an unknown name — a crash, a hang, a sanitizer report, or
/// SQLite rejecting the compiled SQL — is a finding. Built and run by `Fuzz/run.sh`.
private let knowledgeBase: KnowledgeBase = {
    do {
        return try KnowledgeBase.seeded()
    } catch {
        fatalError("the bundled seeds do not load: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let engine = QueryEngine(knowledgeBase)
    do {
        _ = try engine.explain(text)
        _ = try engine.run(text)
        // The bounded total (TotalCount) counts what the exact one counts, up to the bound.
        let exact = try engine.run(text, limit: 1, total: .exact)
        let bounded = try engine.run(text, limit: 1, total: .atMost(2))
        if bounded.total != min(exact.total, 2) || bounded.isTotalExact != (exact.total <= 2) {
            fatalError("kb-fuzz: bounded total \(bounded.total) (exact: \(bounded.isTotalExact)) against \(exact.total) for the query \(text.debugDescription)")
        }
    } catch is Diagnostic {
        // A clean query error is the expected outcome for most inputs.
    } catch KBError.notFound, KBError.usage {
        // Unknown profiles and the like: clean errors too.
    } catch {
        // Invalid SQL from the compiler (a DatabaseError) or any other surprise: a finding,
        // which libFuzzer records only as a crash.
        fatalError("kb-fuzz: \(error) for the query \(text.debugDescription)")
    }
    return 0
}

#if FUZZING
/// SwiftPM links an executable's entry point as `kb_fuzz_main`; with -sanitize=fuzzer that entry
/// point hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

@_cdecl("kb_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzQuery(data, size) }
}
#else
/// Built without `-DFUZZING` (as `swift build` does), kb-fuzz replays inputs: `kb-fuzz FILE...`
/// runs each file's bytes through the same entry point, to reproduce a finding.
@main
enum FuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("kb-fuzz: cannot read \(path)\n".utf8))
                exit(2)
            }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBufferPointer { buffer in
                fuzzQuery(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            }
        }
    }
}
#endif
