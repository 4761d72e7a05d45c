import Datasets
import Foundation
import Testing
@testable import Workspaces

/// `[input] num_epochs`, `[data] eval_split` and `split_seed`: parsing, errors with lines, the split itself.
@Suite struct InputSettingsTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let iris = repo + "/workspaces/iris"

    static func parse(_ text: String, folder: String = iris) throws -> Workspace { try Workspace.parse(text: text, folder: folder) }

    static let base = """
    [data]
    train = "data/train.csv"
    label = "species"

    [input]
    batch_size = 10
    """

    @Test func keysAreReadWithDefaults() throws {
        let plain = try Self.parse(Self.base)
        #expect(plain.numEpochs == nil && plain.evalSplit == nil && plain.splitSeed == 42 && !plain.hasEvaluationData)
        let split = "label = \"species\"\neval_split = 0.25\nsplit_seed = 7"
        let ws = try Self.parse(Self.base.replacingOccurrences(of: "label = \"species\"", with: split) + "\nnum_epochs = 3\n")
        #expect(ws.numEpochs == 3 && ws.evalSplit == 0.25 && ws.splitSeed == 7 && ws.hasEvaluationData)
    }

    @Test(arguments: [
        ("eval_split = 1.0", 4, "'eval_split' must be in (0, 1)"),
        ("eval_split = 0", 4, "'eval_split' must be in (0, 1)"),
        ("split_seed = -1", 4, "'split_seed' must be ≥ 0"),
        ("eval = \"data/eval.csv\"\neval_split = 0.2", 5, "give eval or eval_split, not both"),
    ])
    func badSplitsNameTheirLine(extra: String, line: Int, problem: String) throws {
        let text = Self.base.replacingOccurrences(of: "label = \"species\"", with: "label = \"species\"\n" + extra)
        let e = try #require(throws: WorkspaceError.self) { try Self.parse(text) }
        #expect(e.line == line && e.problem.hasPrefix(problem), "\(e)")
    }

    @Test func badEpochsNameTheirLine() throws {
        let e = try #require(throws: WorkspaceError.self) { try Self.parse(Self.base + "\nnum_epochs = 0\n") }
        #expect(e.line == 7 && e.problem.contains("num_epochs"))
    }

    /// The rows of a pass, as the first column's text.

    @Test func theSplitIsDeterministicDisjointAndComplete() throws {
        let rows = Table(names: ["i"], columns: [Column(.int((0..<1000).map { Int64($0) }))])
        func ids(_ part: SplitPart, seed: UInt64) throws -> [Int64] {
            let t = try Dataset.table(rows, blockRows: 77).split(evalFraction: 0.2, seed: seed, keep: part).collect()
            return (0..<t.rowCount).map { Int64(t.columns[0].double($0)!) }
        }
        let train = try ids(.train, seed: 42), eval = try ids(.evaluation, seed: 42)
        #expect(Set(train).isDisjoint(with: eval))
        #expect((train + eval).sorted() == (0..<1000).map { Int64($0) })
        #expect(eval.count > 150 && eval.count < 250, "about 20 %: \(eval.count)")
        #expect(try ids(.evaluation, seed: 42) == eval, "the same seed gives the same split")
        #expect(try ids(.evaluation, seed: 7) != eval, "another seed another split")
    }

    @Test func workspaceInputsUseTheSplitAndTheEpochs() throws {
        let text = Self.base.replacingOccurrences(of: "label = \"species\"", with: "label = \"species\"\neval_split = 0.2") + "\nnum_epochs = 2\n"
        let ws = try Self.parse(text)
        func count(_ d: Dataset) throws -> Int { try d.collect().rowCount }
        let evalRows = try count(try ws.evalInput().make())
        let trainBatches = try count(try ws.trainInput.make())
        #expect(evalRows > 0 && evalRows < 40)
        #expect(trainBatches == 2 * (120 - evalRows), "two passes over the training side: \(trainBatches)")
        let stats = try ws.trainStatistics()
        #expect(stats.rows == 120 - evalRows)
        // Without num_epochs training repeats until the steps: the first 50 batches are there.
        let endless = try Self.parse(Self.base)
        let it = try endless.trainInput.make().makeIterator()
        for _ in 0..<50 { #expect(try it.next() != nil) }
    }

    @Test func shuffleBufferReachesTheInput() throws {
        // A buffer of one row cannot reorder anything: the first batch is the file's first rows; the default reorders.
        func firstLabels(_ ws: Workspace) throws -> [String] {
            let batch = try ws.trainInput.make().makeIterator().next()!
            let label = batch.columns[batch.names.firstIndex(of: "species")!]
            return (0..<batch.rowCount).compactMap { label.string($0) }
        }
        let inOrder = try Self.parse(Self.base + "\nshuffle_buffer = 1\n")
        let file = try Dataset.csv([Self.iris + "/data/train.csv"]).collect()
        let species = file.columns[file.names.firstIndex(of: "species")!]
        #expect(try firstLabels(inOrder) == (0..<10).compactMap { species.string($0) })
        let shuffled = try Self.parse(Self.base)
        #expect(try firstLabels(shuffled) != (0..<10).compactMap { species.string($0) })
        // The eval_split path takes it too.
        let splitText = Self.base.replacingOccurrences(of: "label = \"species\"", with: "label = \"species\"\neval_split = 0.2")
        let splitInOrder = try Self.parse(splitText + "\nshuffle_buffer = 1\n")
        let trainSide = try splitInOrder.trainRows().collect()
        let side = trainSide.columns[trainSide.names.firstIndex(of: "species")!]
        #expect(try firstLabels(splitInOrder) == (0..<10).compactMap { side.string($0) })
    }

    @Test func theRunTargetStopsAtTheLastBatchOfTheEpochs() throws {
        // iris: 120 training rows in batches of 10; three passes are 36 batches, fewer than the 1000 steps asked.
        let ws = try Self.parse(Self.base + "\nnum_epochs = 3\n\n[run]\nsteps = 1000\n")
        let engine = WorkspaceEngine(workspace: ws) { _ in }
        #expect(try engine.target(fromStep: 0)?.target == 36)
        #expect(try engine.target(fromStep: 10)?.target == 46)
        // Steps fewer than the passes: the steps.
        let short = try Self.parse(Self.base + "\nnum_epochs = 3\n\n[run]\nsteps = 20\n")
        #expect(try WorkspaceEngine(workspace: short) { _ in }.target(fromStep: 0)?.target == 20)
    }
}
