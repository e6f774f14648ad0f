// swift-tools-version:6.1
import PackageDescription

// How the two executables are linked in a release build on Linux: `--static-swift-stdlib` exports
// every symbol of the binary (the toolchain's static-stdlib-args.lnk), and the Swift runtime's
// start-up looks its own path up among them one by one (dladdr, BENCHMARKS.md). Neither looks
// anything up by name in itself. (A no-op for the default, dynamically linked build.)
let releaseLinking: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release)),
]

// With KB_STATIC_CXX=1 in the environment, kb alone also links libstdc++ (the C++ library of the
// Swift runtime) statically: Link/ holds a linker script, `libstdc++.so`, that the linker then
// finds before the toolchain's and that takes the system's `libstdc++.a` instead (Debian:
// libstdc++-N-dev, which Swift needs; Fedora: libstdc++-static). Meant for the static build
// (`KB_STATIC_CXX=1 swift build -c release --static-swift-stdlib`, as Benchmarks/common.sh builds),
// where the toolchain asks for libstdc++ (Link/libstdc++.so says why). An opt-in, because the
// linker asks for libstdc++ in other links too — a test bundle's, with BoringSSL's C++ and a shared
// Swift runtime that loads libstdc++.so.6 itself — where the script would put a second copy beside
// the runtime's (the release test bundle links kb's objects with kb's settings: set the variable
// for the static build only). Not for kb-net, whose every link asks for it (its TLS library is C++).
let kbLinking = releaseLinking + (Context.environment["KB_STATIC_CXX"] == "1"
    ? [.unsafeFlags(["-L", Context.packageDirectory + "/Link"], .when(platforms: [.linux], configuration: .release))]
    : [])

let package = Package(
    name: "kb",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
        .executable(name: "kb-net", targets: ["kb-net"]),
        .library(name: "KBCore", targets: ["KBCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Turns Schema/*.sql and Seeds/* into Swift string constants, so the kb binary
        // carries its schema and seeds wherever it is copied.
        .executableTarget(name: "kb-embed", path: "Sources/kb-embed"),
        .plugin(
            name: "EmbedResourcesPlugin",
            capability: .buildTool(),
            dependencies: ["kb-embed"],
            path: "Plugins/EmbedResourcesPlugin"
        ),
        // The engine, in layers; each target imports only targets listed before it here, and
        // names each one it imports, so the compiler rejects a dependency that points the wrong
        // way (README, "Layout"); `swift build --explicit-target-dependency-import-check error`
        // checks the same on an incremental build, where a stale module could otherwise be found.
        // Domain values: sources, claims, DOIs, slugs, vocabulary, taxonomy, diagnostics, APA citation.
        .target(name: "KBDomain", dependencies: [.product(name: "Yams", package: "Yams")]),
        // The store: schema, migrations, seeds, reading, writing, bulk loading, SQLite specifics.
        .target(
            name: "KBStore",
            dependencies: [
                "KBDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            plugins: ["EmbedResourcesPlugin"]
        ),
        // PostgreSQL (DESIGN §13): locations, connections and the schema migrator for
        // Schema/postgresql/; the store behind `--db postgresql://` grows here.
        .target(name: "KBPostgres", dependencies: ["KBDomain", "KBStore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio")]),
        // The query language: lexer, parser, compiler, ranking, saved queries, catalog.
        .target(name: "KBQuery", dependencies: ["KBDomain", "KBStore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Readers and writers: BibTeX, RIS, CSL-JSON, CSV, APA lists, text/Markdown/JSON rendering.
        .target(name: "KBFormats", dependencies: ["KBDomain", "KBStore", "KBQuery", .product(name: "GRDB", package: "GRDB.swift")]),
        // The audit rules and their report.
        .target(name: "KBAudit", dependencies: ["KBDomain", "KBStore", "KBQuery", "KBFormats", .product(name: "GRDB", package: "GRDB.swift")]),
        // Curation with a history: add, edit, notice, link, remove, undo, and the change log.
        .target(name: "KBCuration", dependencies: ["KBDomain", "KBStore", "KBQuery", "KBFormats", "KBAudit"]),
        // Prose against evidence: reading a page's numbers, citations and holes, checking them
        // against the KB (`kb check`) and drafting a brief from it (`kb brief`).
        .target(name: "KBProse", dependencies: ["KBDomain", "KBStore", "KBQuery", "KBFormats", "KBAudit", .product(name: "GRDB", package: "GRDB.swift")]),
        // The facade the faces (the kb CLI, kb-fuzz, kb serve) use, on an SQLite file; what a
        // face asks of a PostgreSQL database is a protocol here (PostgresKnowledgeBase).
        .target(name: "KBCore", dependencies: ["KBDomain", "KBStore", "KBQuery", "KBFormats", "KBAudit", "KBCuration", "KBProse", .product(name: "GRDB", package: "GRDB.swift")]),
        // The facade on a PostgreSQL database (PostgresService), apart from KBCore so that only
        // kb-net links postgres-nio and NIO.
        .target(name: "KBPostgresFacade", dependencies: ["KBCore", "KBPostgres"]),
        // `kb serve`: pages and a JSON API over the facade (no SQL here; KBCore only).
        .target(name: "KBServe", dependencies: ["KBCore", .product(name: "Hummingbird", package: "hummingbird")]),
        // The command line: every command's arguments, output and exit codes, run by both
        // executables below. It names PostgreSQL and `kb serve` only through NetworkStacks.
        .target(
            name: "KBCommandLine",
            dependencies: ["KBCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // `kb`: the command line without the network stacks, so that each command starts
        // faster (BENCHMARKS.md, "kb and kb-net"); it hands `kb serve` and PostgreSQL to kb-net.
        .executableTarget(
            name: "kb",
            dependencies: ["KBCommandLine"],
            linkerSettings: kbLinking
        ),
        // `kb-net`: the same command line with the PostgreSQL store and `kb serve`'s HTTP server.
        .executableTarget(
            name: "kb-net",
            dependencies: ["KBCommandLine", "KBDomain", "KBPostgresFacade", "KBServe"],
            linkerSettings: releaseLinking
        ),
        // libFuzzer target for the query front end (Fuzz/run.sh builds it with -sanitize=fuzzer);
        // a plain build gives a tool that replays saved inputs.
        .executableTarget(name: "kb-fuzz", dependencies: ["KBCore"], path: "Sources/kb-fuzz"),
        .testTarget(
            name: "KBCoreTests",
            dependencies: ["KBCore", "KBDomain", "KBStore", "KBQuery", "KBFormats", "KBAudit", "KBCuration", "KBProse", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Query/Snapshots", "Seeds/Snapshots", "Export/Snapshots", "Audit/Snapshots"]
        ),
        // End to end: runs the built `kb` binary (argv → stdout, stderr, exit code).
        .testTarget(
            name: "KBServeTests",
            dependencies: ["KBServe", "KBCore", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        // Without KB_TEST_POSTGRES_URL the tests that need a server are skipped and say so;
        // .ci/check-postgres runs them against its throwaway cluster.
        .testTarget(name: "KBPostgresTests", dependencies: ["KBPostgres", "KBPostgresFacade", "KBStore", "KBCore", "KBCuration", "KBDomain", "KBQuery", "KBServe",
                                                     .product(name: "PostgresNIO", package: "postgres-nio"),
                                                     .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "kbTests", dependencies: ["KBCommandLine", "kb", "kb-net", "KBCore", "KBDomain", "KBStore", "KBQuery", "KBFormats", "KBAudit", "KBCuration", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)

// kb's own modules reach concrete generic types' metadata through accessors that pass their
// protocol conformances, not by mangled name: a name is decoded at run time, and each
// conformance it needs (`Int64: Hashable` for a `[Int64: StoredClaim]`) is looked up by scanning
// every conformance record of the binary (about 7,000; half of them Foundation's). The full-text
// query at 1M claims takes 1.6 ms less with it, 21.8 ms instead of 23.4 (BENCHMARKS.md, "Metadata
// by accessor, and libstdc++ linked in"). Debug builds too, so that the tests run the code as it
// ships. The flag is a hidden one of the Swift frontend (since Swift 5.3, swiftlang/swift#30479):
// should a toolchain drop it, the build stops at "unknown argument" and these lines can go, at
// that cost. (Like every unsafe flag, it keeps the KBCore library from being a dependency by
// version; a dependency by branch, revision or path is allowed.)
for target in package.targets where target.type == .regular || target.type == .executable {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
    ]
}
