import Testing
@testable import KBFormats

/// The sorted runs a streamed import keeps its per-row state in (issue 18): whatever the batches'
/// sizes and wherever the runs are kept (memory or the temporary file), every key gives back what
/// a dictionary (`newest`) or a list per key (`all`) would.
struct DigestRunsTests {
    /// Batches of uneven sizes, so that runs are merged at several depths, memory and disk mixed.
    static let batchSizes = [5, 1, 3, 8, 2, 2, 13, 1, 40, 7, 300, 3, 1, 700, 2]

    @Test(arguments: [1, 4, 64, 1 << 16])
    func newestGivesWhatADictionaryGives(spillFrom: Int) throws {
        let runs = DigestRuns(.newest, spillFrom: spillFrom)
        var model: [Fingerprint: Fingerprint] = [:]
        var counter = 0
        for size in Self.batchSizes {
            var batch: [DigestRuns.Entry] = []
            for _ in 0..<size {
                // Keys recur within and across batches (every seventh), so later values replace earlier ones.
                let key = Fingerprint("k\(counter % 7 == 0 ? counter / 7 : counter)")
                let entry = DigestRuns.Entry(key: key, value: Fingerprint(number: counter))
                batch.append(entry)
                model[key] = entry.value
                counter += 1
            }
            try runs.add(batch)
            for (key, value) in model { #expect(try runs.newest(key) == value) }
        }
        #expect(try runs.newest(Fingerprint("never added")) == nil)
        if spillFrom < 100 { #expect(runs.runsOnDisk > 0) } else { #expect(runs.runsOnDisk == 0) }
    }

    @Test(arguments: [1, 4, 64, 1 << 16])
    func allGivesEveryValueInTheOrderAdded(spillFrom: Int) throws {
        let runs = DigestRuns(.all, spillFrom: spillFrom)
        var model: [Fingerprint: [Fingerprint]] = [:]
        var counter = 0
        for size in Self.batchSizes {
            var batch: [DigestRuns.Entry] = []
            for _ in 0..<size {
                // A few keys hold many values (more than a block's 256 on disk), most hold one.
                let key = Fingerprint(counter % 3 == 0 ? "shared\(counter % 2)" : "k\(counter)")
                batch.append(DigestRuns.Entry(key: key, value: Fingerprint(number: counter)))
                model[key, default: []].append(Fingerprint(number: counter))
                counter += 1
            }
            try runs.add(batch)
        }
        for (key, values) in model { #expect(try runs.all(key) == values) }
        #expect(try runs.all(Fingerprint("never added")) == [])
        #expect(runs.count == counter)
    }

    /// The filter in front of a run on disk never turns a key away that the run holds.
    @Test func bloomHasNoFalseNegatives() {
        var bloom = DigestBloom(capacity: 5000)
        let keys = (0..<5000).map { Fingerprint("key \($0)") }
        for key in keys { bloom.insert(key) }
        #expect(keys.allSatisfy { bloom.mayContain($0) })
        let strangers = (0..<5000).filter { bloom.mayContain(Fingerprint("stranger \($0)")) }.count
        #expect(strangers < 150, "false positives: \(strangers) of 5000")
    }
}
