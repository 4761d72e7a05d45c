import Datasets
@testable import Estimators
import FeatureColumns
import Foundation
import ONNX
import Testing
import TestSupport

/// The `TreeEnsembleRegressor` attributes of `TreeExport` and the raw-value thresholds, without onnxruntime.
@Suite struct BoostedTreesONNXNodeTests {
    @Test func theNodeListsDescribeEveryBuiltTree() throws {
        let est = try BoostedTreesONNXTests.iris()
        let trees = try #require(try est.treeExport(checkpoint: nil))
        let n = trees.nodes
        #expect(trees.logitsDimension == 3 && n.trees == 8)
        #expect(trees.baseValues == (try est.variableValue("boosted_trees/bias").scalars(as: Float.self)))
        // Sources in the ensemble's feature order: columns sorted by name.
        let kinds = trees.sources.map { s -> String in
            switch s {
            case let .numeric(c): c.key
            case let .bucketized(b): b.name
            case let .indicator(i, k): "\(i.name)_\(k)"
            }
        }
        #expect(kinds == ["petal_length", "petal_width_bucketized", "sepal_length", "sepal_width"])
        let count = n.nodeIDs.count
        #expect([n.treeIDs.count, n.featureIDs.count, n.modes.count, n.values.count, n.trueIDs.count, n.falseIDs.count,
                 n.missingTracksTrue.count].allSatisfy { $0 == count })
        #expect(Set(n.modes) == ["BRANCH_LT", "LEAF"])
        let leaves = n.modes.indices.filter { n.modes[$0] == "LEAF" }
        let branches = n.modes.indices.filter { n.modes[$0] == "BRANCH_LT" }
        #expect(leaves.count == branches.count + n.trees, "a binary tree has one leaf more than splits")
        #expect(n.targetWeights.count == leaves.count * 3 && n.targetIDs == Array(repeating: [0, 1, 2], count: leaves.count).flatMap { $0 })
        for t in 0..<n.trees {
            let ids = n.treeIDs.indices.filter { n.treeIDs[$0] == Int64(t) }.map { n.nodeIDs[$0] }
            #expect(ids == (0..<Int64(ids.count)).map { $0 }, "tree \(t): ids from 0, in order")
        }
        for i in branches {
            let size = Int64(n.treeIDs.filter { $0 == n.treeIDs[i] }.count)
            #expect(n.trueIDs[i] > n.nodeIDs[i] && n.falseIDs[i] > n.nodeIDs[i] && n.trueIDs[i] < size && n.falseIDs[i] < size)
            #expect((0..<4).contains(n.featureIDs[i]))
        }
        #expect(trees.splitSources.isSuperset(of: [0, 1]) && trees.splitSources.isSubset(of: 0..<4), "the petals separate iris")
        // Splits on an unnormalized numeric feature compare with est's own quantile boundaries.
        let bounds = try est.variableValue("boosted_trees/bucket_boundaries").scalars(as: Float.self)
        let sepal = Set(bounds[(2 * 255 + 1)..<(2 * 255 + 1 + Int(bounds[2 * 255]))])
        #expect(branches.filter { n.featureIDs[$0] == 2 }.allSatisfy { sepal.contains(n.values[$0]) && n.missingTracksTrue[$0] == 1 })
        // The attributes the writer emits carry those lists.
        var builder = ModelBuilder(graphName: "t")
        for j in 0..<4 { builder.addInput("s\(j)", .float, shape: [.batch, 1]) }
        #expect(try trees.appendLogits(to: &builder, inputs: (0..<4).map { "s\($0)" }, scope: "boosted_trees") == "boosted_trees/logits")
        builder.addOutput("boosted_trees/logits", .float, shape: [.batch, 3])
        let model = try builder.model()
        #expect(model.graph.node.map(\.opType) == ["Concat", "TreeEnsembleRegressor"])
        #expect(model.opsetImport.contains { $0.domain == "ai.onnx.ml" && $0.version == 3 })
        let node = model.graph.node[1]
        #expect(node.domain == "ai.onnx.ml" && node.input == ["boosted_trees/features"])
        let attributes = Dictionary(uniqueKeysWithValues: node.attribute.map { ($0.name, $0.value) })
        #expect(attributes["n_targets"] == .int(3) && attributes["aggregate_function"] == .string("SUM")
                && attributes["post_transform"] == .string("NONE") && attributes["nodes_modes"] == .strings(n.modes))
    }

    @Test func thresholdsReproduceEstsBucketsOnRawFloats() throws {
        let x = numericColumn("x")
        var features = try TreeFeatures(columns: [
            bucketizedColumn(x, boundaries: [0.8, 2.3, 5]),
            numericColumn("y", normalizer: .zScore(mean: 1, std: 2)),
            numericColumn("z", normalizer: .minMax(min: 1, max: 0)),
            indicatorColumn(categoricalColumnWithVocabularyList("c", vocabulary: ["a", "b"])),
        ])
        let index = { (name: String) in features.features.firstIndex { $0.name == name }! }
        #expect(features.features.map(\.name) == ["c_indicator_0", "c_indicator_1", "x_bucketized", "y", "z"])
        features.features[index("y")].boundaries = [0, Double(Float(0.1))]   // quantiles are float values
        features.features[index("z")].boundaries = [0.5]
        // 0.8 rounds up to a float: x = Float(0.8) is ≥ 0.8 and goes up. 2.3 rounds down: Float(2.3) < 2.3 stays below.
        #expect(try features.rawSplits(feature: index("x_bucketized")) == [.lessThan(Float(0.8), trueIsLeft: true, nanTakesTrue: true),
                                                      .lessThan(Float(2.3).nextUp, trueIsLeft: true, nanTakesTrue: true),
                                                      .lessThan(5, trueIsLeft: true, nanTakesTrue: true), .always(left: true)])
        // (y - 1) / 2 ≥ 0 ⇔ y ≥ 1; the second boundary is the first float whose normalized float reaches Float(0.1).
        let second = try features.rawSplits(feature: index("y"))
        #expect(second[0] == .lessThan(1, trueIsLeft: true, nanTakesTrue: true) && second[2] == .always(left: true))
        guard case let .lessThan(t, true, true) = second[1] else { Issue.record("\(second[1])"); return }
        #expect(Float((Double(t) - 1) / 2) >= Float(0.1) && Float((Double(t.nextDown) - 1) / 2) < Float(0.1))
        // 1 - z ≥ 0.5 ⇔ z ≤ 0.5 goes up: z < nextUp(0.5) takes the right child; NaN (bucket 0) goes left, the false branch.
        #expect(try features.rawSplits(feature: index("z"))
                == [.lessThan(Float(0.5).nextUp, trueIsLeft: false, nanTakesTrue: false), .always(left: true)])
        #expect(try features.rawSplits(feature: index("c_indicator_0"))
                == [.lessThan(0.5, trueIsLeft: true, nanTakesTrue: true), .always(left: true)])
    }

    @Test func otherEstimatorsHaveNoTreesAndUntrainedOnesThrow() throws {
        let linear = try LinearClassifier(featureColumns: irisFeatures, modelDir: try Interop.temporaryDirectory("est-bt-onnx-lin").path, nClasses: 3)
        #expect(try linear.treeExport(checkpoint: nil) == nil)
        let trees = try BoostedTreesClassifier(featureColumns: irisFeatures, modelDir: try Interop.temporaryDirectory("est-bt-onnx-none").path)
        #expect { try trees.treeExport(checkpoint: nil) } throws: { "\($0)".contains("not trained") }
        #expect { try trees.treeExport(checkpoint: "/nowhere/model.ckpt-3") } throws: { "\($0)".contains("no checkpoint at /nowhere") }
    }
}
