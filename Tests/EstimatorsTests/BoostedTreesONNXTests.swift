import Datasets
@testable import Estimators
import FeatureColumns
import Foundation
import ONNX
import Testing
import TestSupport

/// Boosted trees as ai.onnx.ml `TreeEnsembleRegressor` nodes (`TreeExport`): onnxruntime's logits against est's on
/// the fixtures plus rows on every threshold and boundary, the floats either side, NaN, ±infinity and missing cells.
@Suite struct BoostedTreesONNXTests {
    static let titanicColumns: [any FeatureColumn] = [
        indicatorColumn(categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"])),
        indicatorColumn(categoricalColumnWithVocabularyList("pclass", vocabulary: ["1st", "2nd", "3rd"])),
        numericColumn("age", defaultValue: -1, normalizer: .zScore(mean: 29.7, std: 14.4)),
        bucketizedColumn(numericColumn("age", defaultValue: 30), boundaries: [0.3, 12.7, 40.1]),
        bucketizedColumn(numericColumn("sibsp", defaultValue: 0), boundaries: [0.1, 1, 2.3]),
        numericColumn("parch", defaultValue: 0),
    ]
    static let irisColumns: [any FeatureColumn] = [
        numericColumn("sepal_length"), numericColumn("sepal_width"), numericColumn("petal_length", normalizer: .minMax(min: 1, max: 6.9)),
        bucketizedColumn(numericColumn("petal_width"), boundaries: [0.8, 1.75]),
    ]
    static let mpgColumns: [any FeatureColumn] = [
        numericColumn("cylinders"), numericColumn("horsepower", defaultValue: 0), numericColumn("weight"), numericColumn("model_year"),
        numericColumn("displacement", normalizer: .minMax(min: 500, max: 50)),   // decreasing: the thresholds flip their branches
        bucketizedColumn(numericColumn("acceleration"), boundaries: [12.1, 15.3, 18.9]),
        indicatorColumn(categoricalColumnWithVocabularyList("origin", vocabulary: ["USA", "Europe", "Japan"])),
    ]

    static func iris(trees: Int = 8) throws -> Estimator {
        let est = try BoostedTreesClassifier(featureColumns: irisColumns, modelDir: try Interop.temporaryDirectory("est-bt-onnx-iris").path,
                                             nClasses: 3, labelVocabulary: irisClasses, params: BoostedTreesParams(nTrees: trees, maxDepth: 3))
        try est.train(input: .csv([fixture("iris_train.csv")], label: "species", batchSize: 500, epochs: nil))
        return est
    }

    @Test(.enabled(if: TraceRuntime.available, "needs the interop venv (scripts/setup-venv.sh)"))
    func binaryClassifierOnTitanic() throws {
        let est = try BoostedTreesClassifier(featureColumns: Self.titanicColumns, modelDir: try Interop.temporaryDirectory("est-bt-onnx-t").path,
                                             params: BoostedTreesParams(nTrees: 12, maxDepth: 4))
        try est.train(input: .csv([fixture("titanic.csv")], label: "survived", batchSize: 2000, epochs: nil))
        let rows = try TreeExportSupport.expectSameLogits(est, try TreeExportSupport.read("titanic.csv"), key: "logits")
        #expect(rows > 1100)
    }

    @Test(.enabled(if: TraceRuntime.available, "needs the interop venv (scripts/setup-venv.sh)"))
    func multiClassOnIris() throws {
        let est = try Self.iris(trees: 100)   // from 80 trees onnxruntime may sum trees in parallel parts
        let table = Table.concatenate([try TreeExportSupport.read("iris_train.csv"), try TreeExportSupport.read("iris_eval.csv")])
        try TreeExportSupport.expectSameLogits(est, table, key: "logits")
    }

    @Test(.enabled(if: TraceRuntime.available, "needs the interop venv (scripts/setup-venv.sh)"))
    func regressorOnAutoMPG() throws {
        let est = try BoostedTreesRegressor(featureColumns: Self.mpgColumns, modelDir: try Interop.temporaryDirectory("est-bt-onnx-mpg").path,
                                            params: BoostedTreesParams(nTrees: 15, maxDepth: 3))
        try est.train(input: .csv([fixture("auto_mpg.csv")], label: "mpg", batchSize: 1000, epochs: nil))
        let trees = try #require(try est.treeExport(checkpoint: nil))
        let displacement = try #require(trees.sources.firstIndex { if case let .numeric(n) = $0 { n.key == "displacement" } else { false } })
        #expect(trees.nodes.modes.indices.contains { trees.nodes.modes[$0] == "BRANCH_LT" && trees.nodes.featureIDs[$0] == Int64(displacement) },
                "a split on displacement (decreasing normalizer)")
        try TreeExportSupport.expectSameLogits(est, try TreeExportSupport.read("auto_mpg.csv"), key: "predictions")
    }

    @Test(.enabled(if: TraceRuntime.available, "needs the interop venv (scripts/setup-venv.sh)"))
    func anEarlierCheckpointAndNoTreesYet() throws {
        let dir = try Interop.temporaryDirectory("est-bt-onnx-ckpt").path
        let params = BoostedTreesParams(nBatchesPerLayer: 2, nTrees: 3, maxDepth: 2)
        let est = try BoostedTreesClassifier(featureColumns: Self.irisColumns, modelDir: dir, nClasses: 3, labelVocabulary: irisClasses,
                                             params: params, config: RunConfig(saveCheckpointsSteps: 1))
        let input = InputFn.csv([fixture("iris_train.csv")], label: "species", batchSize: 60, epochs: nil)
        try est.train(input: input, steps: 1)   // one batch of two: no tree, no bias yet
        let none = try #require(try est.treeExport(checkpoint: nil))
        #expect(none.nodes.trees == 1 && none.nodes.modes == ["LEAF"] && none.baseValues == [0, 0, 0] && none.splitSources.isEmpty)
        try est.train(input: input)
        let first = try #require(est.checkpoints.all().first { $0.step == 4 })
        let early = try #require(try est.treeExport(checkpoint: first.prefix))
        #expect(early.nodes.trees == 2)
        let table = try TreeExportSupport.read("iris_eval.csv")
        let got = try TreeExportSupport.onnxLogits(try TreeExportSupport.model(early), try early.inputValues(table), dimension: 3)
        let want = try TreeExportSupport.estLogits(est, table, key: "logits", checkpoint: first.prefix)
        #expect(zip(got, want).allSatisfy { abs($0 - Double($1)) <= 1e-5 * max(1, abs(Double($1))) } && got.count == want.count)
    }
}
