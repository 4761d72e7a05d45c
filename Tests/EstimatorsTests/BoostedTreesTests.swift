import Datasets
import Estimators
import FeatureColumns
import Foundation
import Tensors
import Testing
import TestSupport

@Suite struct BoostedTreesTests {
    let titanicTrees: [any FeatureColumn] = [
        indicatorColumn(categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"])),
        indicatorColumn(categoricalColumnWithVocabularyList("pclass", vocabulary: ["1st", "2nd", "3rd"])),
        numericColumn("age", defaultValue: -1), numericColumn("sibsp", defaultValue: 0), numericColumn("parch", defaultValue: 0),
    ]

    /// All 1047 rows in one batch per tree.
    var titanicAll: InputFn { .csv([fixture("titanic.csv")], label: "survived", batchSize: 2000, epochs: nil) }

    @Test func buildsTreesAndBeatsLinearOnTitanic() throws {
        let dir = try Interop.temporaryDirectory("est-bt").path
        let est = try BoostedTreesClassifier(featureColumns: titanicTrees, modelDir: dir, params: BoostedTreesParams(nTrees: 30, maxDepth: 4))
        try est.train(input: titanicAll)   // until every tree is built
        #expect(est.globalStep == 30)
        let m = try est.evaluate(input: .csv([fixture("titanic.csv")], label: "survived", batchSize: 500))
        let lin = try LinearClassifier(featureColumns: titanicLinear, modelDir: try Interop.temporaryDirectory("est-bt-lin").path)
        try lin.train(input: .csv([fixture("titanic.csv")], label: "survived", batchSize: 32, shuffle: true, epochs: nil), steps: 1000)
        let ml = try lin.evaluate(input: .csv([fixture("titanic.csv")], label: "survived", batchSize: 500))
        #expect(m["accuracy"]! >= ml["accuracy"]!, "trees \(m["accuracy"]!) vs linear \(ml["accuracy"]!)")
        #expect(m["accuracy"]! > 0.8)
        let imp = try est.featureImportances(featureColumns: titanicTrees)
        #expect(imp.first?.feature.hasPrefix("sex_indicator") ?? false || imp.first?.feature == "age", "\(imp.prefix(3))")
        #expect(imp.reduce(0) { $0 + $1.splits } > 30)
        // Resuming adds trees; restoring gives identical predictions.
        var before: [[String: PredictionValue]] = []
        try est.predict(input: .csv([fixture("titanic.csv")], label: nil, batchSize: 300)) { before.append($0) }
        let again = try BoostedTreesClassifier(featureColumns: titanicTrees, modelDir: dir, params: BoostedTreesParams(nTrees: 30, maxDepth: 4))
        var after: [[String: PredictionValue]] = []
        try again.predict(input: .csv([fixture("titanic.csv")], label: nil, batchSize: 300)) { after.append($0) }
        #expect(before == after)
        let more = try BoostedTreesClassifier(featureColumns: titanicTrees, modelDir: dir, params: BoostedTreesParams(nTrees: 40, maxDepth: 4))
        #expect(throws: EstimatorError.self) { try more.train(input: titanicAll) }   // a different ensemble size is a different model
    }

    @Test func resumingAddsTheRemainingTrees() throws {
        let dir = try Interop.temporaryDirectory("est-bt-resume").path
        let params = BoostedTreesParams(nTrees: 12, maxDepth: 3)
        try BoostedTreesClassifier(featureColumns: titanicTrees, modelDir: dir, params: params).train(input: titanicAll, steps: 5)
        let resumed = try BoostedTreesClassifier(featureColumns: titanicTrees, modelDir: dir, params: params)
        try resumed.train(input: titanicAll)
        #expect(resumed.globalStep == 12)
        #expect(try resumed.variableValue("boosted_trees/trees_built").scalarValue == 12)
    }

    @Test func oneClassIsAnError() throws {
        let dir = try Interop.temporaryDirectory("est-bt-one").path
        let text = "x,y\n1,1\n2,1\n3,1\n"
        try text.write(toFile: dir + "/one.csv", atomically: true, encoding: .utf8)
        let est = try BoostedTreesClassifier(featureColumns: [numericColumn("x")], modelDir: dir + "/m")
        #expect { try est.train(input: .csv([dir + "/one.csv"], label: "y", batchSize: 10, epochs: nil)) } throws: { "\($0)".contains("one class only") }
    }

    @Test func regressionAndMultiClass() throws {
        let reg = try BoostedTreesRegressor(featureColumns: ["cylinders", "weight", "horsepower", "model_year"].map { numericColumn($0, defaultValue: 0) },
                                           modelDir: try Interop.temporaryDirectory("est-btr").path, params: BoostedTreesParams(nTrees: 40, maxDepth: 3))
        try reg.train(input: .csv([fixture("auto_mpg.csv")], label: "mpg", batchSize: 1000, epochs: nil))
        let m = try reg.evaluate(input: .csv([fixture("auto_mpg.csv")], label: "mpg", batchSize: 1000))
        #expect(m["average_loss"]! < 10, "MSE \(m["average_loss"]!)")
        let cls = try BoostedTreesClassifier(featureColumns: irisFeatures, modelDir: try Interop.temporaryDirectory("est-btm").path, nClasses: 3,
                                             labelVocabulary: irisClasses, params: BoostedTreesParams(nTrees: 10, maxDepth: 3))
        try cls.train(input: .csv([fixture("iris_train.csv")], label: "species", batchSize: 500, epochs: nil))
        let mc = try cls.evaluate(input: irisEval)
        #expect(mc["accuracy"]! >= 0.9, "\(mc)")
    }

    @Test func rejectsColumnsItCannotUse() throws {
        #expect { _ = try BoostedTreesClassifier(featureColumns: [categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"])],
                                                 modelDir: "/tmp/unused") } throws: { "\($0)".contains("'sex'") }
        let est = try BoostedTreesClassifier(featureColumns: [numericColumn("sex")], modelDir: try Interop.temporaryDirectory("est-btbad").path)
        #expect { try est.train(input: self.titanicAll) } throws: { "\($0)".contains("'sex'") }
    }
}
