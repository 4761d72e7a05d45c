import Datasets
import Foundation
import Testing
import TestSupport

@Suite struct DatasetTests {
    /// A table with one int column `i` = 0..<n and a string column `s`.
    static func numbers(_ n: Int) -> Table {
        Table(names: ["i", "s"], columns: [Column(.int((0..<n).map(Int64.init))), Column(strings: (0..<n).map { "v\($0 % 3)" })])
    }

    static func ids(_ t: Table) -> [Int] { (0..<t.rowCount).map { Int(t["i"]!.double($0)!) } }

    static func batches(_ d: Dataset) throws -> [[Int]] {
        let it = try d.makeIterator()
        var out: [[Int]] = []
        while let b = try it.next() { out.append(ids(b)) }
        return out
    }

    @Test func batchAndDropRemainder() throws {
        let d = Dataset.table(Self.numbers(10), blockRows: 3)
        #expect(try Self.batches(d.batch(4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        #expect(try Self.batches(d.batch(4, dropRemainder: true)) == [[0, 1, 2, 3], [4, 5, 6, 7]])
    }

    @Test func repeatRunsEpochsAndForever() throws {
        let d = Dataset.table(Self.numbers(3))
        #expect(try Self.batches(d.repeat(2).batch(4)) == [[0, 1, 2, 0], [1, 2]])
        let it = try d.repeat().batch(2).makeIterator()
        for _ in 0..<100 { #expect(try it.next()?.rowCount == 2) }
    }

    @Test func shuffleIsASeededPermutationThatChangesEachEpoch() throws {
        let d = Dataset.table(Self.numbers(1000), blockRows: 64)
        let a = try Self.batches(d.shuffle(buffer: 100, seed: 7).batch(1000))[0]
        let b = try Self.batches(d.shuffle(buffer: 100, seed: 7).batch(1000))[0]
        let c = try Self.batches(d.shuffle(buffer: 100, seed: 8).batch(1000))[0]
        #expect(a == b, "same seed, same order")
        #expect(a != c)
        #expect(a.sorted() == Array(0..<1000), "a permutation")
        #expect(a != Array(0..<1000))
        // A buffer of 100 can only move an element up to ~100 places earlier.
        #expect(a.enumerated().allSatisfy { $0.element <= $0.offset + 100 })
        let two = try Self.batches(d.shuffle(buffer: 1000, seed: 7).repeat(2).batch(1000))
        #expect(two[0] != two[1] && two[0].sorted() == two[1].sorted())
        let same = try Self.batches(d.shuffle(buffer: 1000, seed: 7, reshuffleEachEpoch: false).repeat(2).batch(1000))
        #expect(same[0] == same[1])
        // The strings travel with their rows.
        let t = try d.shuffle(buffer: 50, seed: 1).batch(1000).collect()
        #expect((0..<1000).allSatisfy { t["s"]!.string($0) == "v\(Int(t["i"]!.double($0)!) % 3)" })
    }

    @Test func shardTakeSkipOnRowsAndOnBatches() throws {
        let d = Dataset.table(Self.numbers(10), blockRows: 4)
        #expect(try Self.batches(d.shard(count: 3, index: 1).batch(10)) == [[1, 4, 7]])
        #expect(try Self.batches(d.take(5).batch(10)) == [[0, 1, 2, 3, 4]])
        #expect(try Self.batches(d.skip(7).batch(10)) == [[7, 8, 9]])
        #expect(try Self.batches(d.batch(2).take(2)) == [[0, 1], [2, 3]])
        #expect(try Self.batches(d.batch(2).skip(3)) == [[6, 7], [8, 9]])
        #expect(try Self.batches(d.batch(2).shard(count: 2, index: 0)) == [[0, 1], [4, 5], [8, 9]])
        #expect(try Self.batches(d.batch(2).shuffle(buffer: 5, seed: 3)).flatMap { $0 }.sorted() == Array(0..<10))
    }

    @Test func mapPrefetchAndCache() throws {
        let d = Dataset.table(Self.numbers(20), blockRows: 5)
        let doubled = d.map { t in
            Table(names: t.names, columns: [Column(.int((0..<t.rowCount).map { Int64(t["i"]!.double($0)! * 2) })), t.columns[1]])
        }
        #expect(try Self.batches(doubled.batch(20))[0] == (0..<20).map { $0 * 2 })
        #expect(try Self.batches(d.shuffle(buffer: 8, seed: 2).batch(3).prefetch(2)) == Self.batches(d.shuffle(buffer: 8, seed: 2).batch(3)))
        let counter = Counter()
        let cached = d.map { counter.bump(); return $0 }.cache().repeat(3).batch(20)
        #expect(try Self.batches(cached).count == 3)
        #expect(counter.value == 4, "the map ran on the first pass only (4 blocks)")
    }

    @Test func csvFilesAndGlobs() throws {
        let dir = try Interop.temporaryDirectory("est-glob")
        for k in 0..<3 {
            try Data("i,s\n\(2 * k),a\n\(2 * k + 1),b\n".utf8).write(to: dir.appendingPathComponent("part-\(k).csv"))
        }
        let d = try Dataset.csv([dir.path + "/part-*.csv"])
        #expect(try Self.batches(d.batch(10)) == [[0, 1, 2, 3, 4, 5]])
        #expect(throws: DataError.self) { try Dataset.csv([dir.path + "/none-*.csv"]) }
        try Data("j,s\n1,a\n".utf8).write(to: dir.appendingPathComponent("part-9.csv"))
        #expect { try Dataset.csv([dir.path + "/part-*.csv"]) } throws: { ($0 as? DataError)?.problem.contains("header differs") ?? false }
    }

    @Test func prefetchedStreamingStaysDeterministicOnARealFile() throws {
        let d = try Dataset.csv([fixture("data/titanic.csv")]).shuffle(buffer: 200, seed: 5).batch(64).prefetch(3)
        let a = try d.collect(), b = try d.collect()
        #expect(a.rowCount == 1047)
        #expect((0..<a.rowCount).allSatisfy { a["age"]!.string($0) == b["age"]!.string($0) && a["sex"]!.string($0) == b["sex"]!.string($0) })
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func bump() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}

@Suite struct BatchTensorTests {
    @Test func aBatchGivesOneTensorPerNumericColumn() throws {
        let batch = try Dataset.csv([fixture("data/penguins.csv")]).batch(8).makeIterator().next()!
        let t = batch.tensors()
        #expect(t["bill_length_mm"]?.shape == [8] && t["bill_length_mm"]?.dtype == .float32)
        #expect(t["year"]?.dtype == .int64 && t["island"] == nil)
    }
}

import Tensors
