import Estimators
import Testing
@testable import Workspaces

/// The canned estimators' catalogue: every kind described, defaults equal to what `Workspace` uses, typed values checked.
@Suite struct EstimatorCatalogTests {
    static func workspace(_ estimator: String) throws -> Workspace {
        try Workspace.parse(text: "name = \"t\"\n[data]\ntrain = \"a.csv\"\nlabel = \"y\"\n[estimator]\n\(estimator)\n", folder: "/tmp/t")
    }

    @Test func everyCannedKindHasADescriptionATaskAndFields() {
        #expect(EstimatorCatalog.entries.map(\.kind) == EstimatorKind.canned)
        for e in EstimatorCatalog.entries {
            #expect(!e.description.isEmpty && !e.fields.isEmpty, "\(e.kind)")
            #expect(e.task == (e.kind.isClassifier ? "classification" : "regression"))
            for f in e.fields {
                #expect(Workspace.estimatorKeys.contains(f.key), "\(e.kind): \(f.key) is not an [estimator] key")
                #expect(!f.help.isEmpty && !f.defaultText.isEmpty, "\(e.kind): \(f.key)")
            }
            #expect(Set(e.fields.map(\.key)).count == e.fields.count, "\(e.kind): a key twice")
        }
        #expect(EstimatorCatalog.entry(for: .dnnClassifier).field("hidden_units")?.defaultText == "[10, 10]")
        #expect(EstimatorCatalog.entry(for: .linearRegressor).field("hidden_units") == nil)
        #expect(EstimatorCatalog.entry(for: .boostedTreesClassifier).field("n_trees")?.defaultValue == .int(100))
    }

    /// What `Workspace` uses for a key it was not given, as a TOML value.
    static func used(_ w: Workspace, _ key: String) -> TOMLValue? {
        let e = w.estimator, t = e.trees, kind = e.estimatorKind
        switch key {
        case "hidden_units": return .array(e.hiddenUnits.map { .int(Int64($0)) })
        case "optimizer": return (e.optimizer ?? kind.defaultOptimizer).map(TOMLValue.string)
        case "learning_rate": return .float(kind.isBoostedTrees ? t.learningRate : e.learningRate ?? kind.defaultLearningRate)
        case "activation_fn": return .string(e.activation.rawValue)
        case "batch_norm": return .bool(e.batchNorm)
        case "linear_optimizer": return .string(e.linearOptimizer ?? "Ftrl")
        case "sparse_combiner": return .string(e.sparseCombiner.rawValue)
        case "loss_reduction": return .string(e.lossReduction.rawValue)
        case "label_dimension": return .int(Int64(e.labelDimension))
        case "n_trees": return .int(Int64(t.nTrees))
        case "max_depth": return .int(Int64(t.maxDepth))
        case "l1_regularization": return .float(t.l1Regularization)
        case "l2_regularization": return .float(t.l2Regularization)
        case "tree_complexity": return .float(t.treeComplexity)
        case "min_node_weight": return .float(t.minNodeWeight)
        case "center_bias": return .bool(t.centerBias)
        case "pruning_mode": return .string(t.pruningMode.rawValue)
        case "quantile_sketch_epsilon": return .float(t.quantileSketchEpsilon)
        default: return nil
        }
    }

    @Test func defaultsAreWhatWorkspaceUsesWhenTheKeyIsAbsent() throws {
        var compared = 0
        for e in EstimatorCatalog.entries {
            let w = try Self.workspace("kind = \"\(e.kind.rawValue)\"")
            for f in e.fields {
                guard let d = f.defaultValue else { continue }
                #expect(Self.used(w, f.key) == d, "\(e.kind.rawValue).\(f.key): catalogue \(d), Workspace \(String(describing: Self.used(w, f.key)))")
                // The default, written out, is accepted and changes nothing.
                let explicit = try Self.workspace("kind = \"\(e.kind.rawValue)\"\n\(f.key) = \(TOMLDocument.render(d))")
                #expect(Self.used(explicit, f.key) == d, "\(e.kind.rawValue).\(f.key)")
                compared += 1
            }
        }
        #expect(compared > 50)
        #expect(EstimatorCatalog.entry(for: .boostedTreesRegressor).field("min_node_weight")?.defaultValue == .float(20))
        #expect(EstimatorCatalog.entry(for: .linearRegressor).field("learning_rate")?.defaultValue == .float(1.0))
        #expect(EstimatorCatalog.entry(for: .dnnClassifier).field("optimizer")?.defaultValue == .string("Adagrad"))
        #expect(EstimatorCatalog.entry(for: .linearClassifier).field("optimizer")?.defaultValue == .string("Ftrl"))
    }

    @Test func keysNotTakenByAKind() {
        let present = ["kind", "hidden_units", "optimizer", "n_trees", "n_classes", "not_a_key"]
        #expect(EstimatorCatalog.keysNotTaken(by: .linearClassifier, among: present) == ["hidden_units", "n_trees"])
        #expect(EstimatorCatalog.keysNotTaken(by: .dnnRegressor, among: present) == ["n_trees", "n_classes"])
        #expect(EstimatorCatalog.keysNotTaken(by: .boostedTreesClassifier, among: present) == ["hidden_units", "optimizer"])
    }
}
