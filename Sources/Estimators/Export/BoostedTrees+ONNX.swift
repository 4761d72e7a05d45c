import Datasets
import FeatureColumns
import Foundation
import ONNX
import Tensors

/// What the export writer needs to turn a boosted-trees estimator into ONNX nodes: where each feature the trees
/// split on comes from, and the trees as one ai.onnx.ml `TreeEnsembleRegressor` that computes est's logits.
///
/// ```swift
/// guard let trees = try estimator.treeExport(checkpoint: nil) else { … }     // nil: not a boosted-trees estimator
/// // one float32 [batch, 1] value per source, in `trees.sources` order (see `Source`), then:
/// let logits = try trees.appendLogits(to: &builder, inputs: sourceNames, scope: "boosted_trees")
/// ```
/// The splits compare raw float32 values with thresholds chosen so that every float32 input (NaN and ±infinity
/// included) takes the branch est's bucket comparison takes: onnxruntime's logits equal est's up to the order in
/// which float32 leaf values are summed (est adds the bias first, onnxruntime last).
struct TreeExport {
    /// Where one feature the trees split on comes from; the graph value for it is float32 `[batch, 1]`.
    enum Source {
        /// The column's raw value, with the column's `defaultValue` in a missing cell, **before** its normalizer:
        /// the thresholds already account for the normalizer. (est normalizes a missing cell's default in doubles;
        /// a normalized column whose default is not a float32 value may differ from that on the default only.)
        case numeric(NumericColumn)
        /// The raw value of the bucketized column's numeric source (default for a missing cell, before the source's
        /// normalizer, as ``numeric(_:)``); the thresholds sit on the boundaries as est compares them in doubles.
        case bucketized(BucketizedColumn)
        /// 1 when the indicator column's value for category id `category` is above 0 (for a plain categorical
        /// column: the example has that id), else 0. The trees read `x < 0.5` as "not that category".
        case indicator(IndicatorColumn, category: Int)
    }

    /// One source per feature of the ensemble, in its feature order (columns sorted by name, an indicator's
    /// categories in id order); every source is an input, also those no split reads.
    let sources: [Source]
    /// Logits per example: 1 for a binary classifier, the number of classes, the label dimension.
    let logitsDimension: Int
    /// The trees' nodes and leaf values (leaves already scaled by the learning rate).
    let nodes: TreeEnsembleNodes
    /// The bias (centered bias) the trees add to; zeros before the first tree, as est predicts then.
    let baseValues: [Float]

    /// The sources some split reads; the graph values of the others are never compared (any float32 will do).
    var splitSources: Set<Int> { Set(nodes.modes.indices.filter { nodes.modes[$0] != "LEAF" }.map { Int(nodes.featureIDs[$0]) }) }

    /// The `TreeEnsembleRegressor`'s attributes (aggregate `SUM`, no post transform, float lists).
    var attributes: [AttributeProto] {
        [.string("aggregate_function", "SUM"), .floats("base_values", baseValues), .int("n_targets", Int64(logitsDimension)),
         .ints("nodes_falsenodeids", nodes.falseIDs), .ints("nodes_featureids", nodes.featureIDs),
         .ints("nodes_missing_value_tracks_true", nodes.missingTracksTrue), .strings("nodes_modes", nodes.modes),
         .ints("nodes_nodeids", nodes.nodeIDs), .ints("nodes_treeids", nodes.treeIDs), .ints("nodes_truenodeids", nodes.trueIDs),
         .floats("nodes_values", nodes.values), .string("post_transform", "NONE"),
         .ints("target_ids", nodes.targetIDs), .ints("target_nodeids", nodes.targetNodeIDs), .ints("target_treeids", nodes.targetTreeIDs),
         .floats("target_weights", nodes.targetWeights)]
    }

    /// Appends the nodes computing logits `[batch, logitsDimension]` (float32) from one float32 `[batch, 1]` graph
    /// value per source (names in `inputs`, in ``sources`` order): `<scope>/Concat` into `[batch, F]` (`<scope>/features`)
    /// and `<scope>/TreeEnsembleRegressor` (ai.onnx.ml, opset 3). Returns the logits' value name, `<scope>/logits`
    /// (`logits` when `scope` is empty).
    func appendLogits(to builder: inout ModelBuilder, inputs: [String], scope: String) throws -> String {
        precondition(inputs.count == sources.count, "TreeExport.appendLogits: \(inputs.count) inputs for \(sources.count) sources")
        guard !sources.isEmpty else {
            throw EstimatorError("boosted trees without features cannot be exported", hint: "give the estimator at least one feature column")
        }
        let prefix = scope.isEmpty ? "" : scope + "/"
        let features = prefix + "features", logits = prefix + "logits"
        builder.addNode("Concat", inputs: inputs, outputs: [features], attributes: [.int("axis", 1)], name: prefix + "Concat")
        builder.addNode("TreeEnsembleRegressor", inputs: [features], outputs: [logits], attributes: attributes,
                        domain: "ai.onnx.ml", name: prefix + "TreeEnsembleRegressor")
        return logits
    }

    /// The values the graph inputs take for `table`'s rows: one array per source, in ``sources`` order, as
    /// ``Source`` describes them (what the export writer's transforms must compute; a missing cell of a column
    /// without a default is an error, as in est).
    func inputValues(_ table: Table) throws -> [[Float]] {
        let f = Features(table)
        var indicators: [String: [Float]] = [:]
        return try sources.map { s in
            switch s {
            case let .numeric(n): return try numericColumn(n.key, shape: n.shape, defaultValue: n.defaultValue).dense(f)
            case let .bucketized(b): return try numericColumn(b.source.key, shape: b.source.shape, defaultValue: b.source.defaultValue).dense(f)
            case let .indicator(ind, k):
                let dense = try indicators[ind.name] ?? ind.dense(f)
                indicators[ind.name] = dense
                return (0..<f.batchSize).map { dense[$0 * ind.width + k] > 0 ? 1 : 0 }
            }
        }
    }
}

extension Estimator {
    /// The trees of a boosted-trees estimator as restored from `checkpoint` (a prefix or `.safetensors` path; nil:
    /// the latest), or nil for other estimators.
    ///
    /// Reads the checkpoint file only (the estimator's variables stay as they are). Throws when there is no
    /// checkpoint, when it holds another model, or for a bucketized column over a numeric column of several values.
    func treeExport(checkpoint: String? = nil) throws -> TreeExport? {
        guard let model = (trainer as? TreeTrainer)?.model else { return nil }
        let (info, file) = try treeCheckpoint(checkpoint)
        func variable(_ name: String, count: Int) throws -> [Float] {
            guard let t = file[name], t.count == count else {
                throw EstimatorError("\(info.path) holds a different model (\(name): \(file[name].map { "\($0.shape)" } ?? "absent"), "
                                     + "model \(count) values)", hint: "export with the estimator that trained it (same n_trees, max_depth, columns)")
            }
            return t.scalars(as: Float.self)
        }
        var ensemble = TreeEnsemble(maxTrees: model.params.nTrees, maxDepth: model.params.maxDepth, dimension: model.d)
        var features = model.template
        let nf = features.features.count
        ensemble.data = try variable("boosted_trees/ensemble", count: ensemble.data.count)
        let built = Int(try variable("boosted_trees/trees_built", count: 1)[0])
        guard (0...model.params.nTrees).contains(built) else {
            throw EstimatorError("\(info.path) says \(built) trees are built, of \(model.params.nTrees)",
                                 hint: "the checkpoint is damaged; train again")
        }
        let bias = built > 0 ? try variable("boosted_trees/bias", count: model.d) : [Float](repeating: 0, count: model.d)
        if built > 0 { features.unpack(try variable("boosted_trees/bucket_boundaries", count: nf * (TreeFeatures.maxBoundaries + 1))) }
        let sources = try features.features.map { f -> TreeExport.Source in
            switch f.kind {
            case let .numeric(n): return .numeric(n)
            case let .bucketized(b):
                guard b.source.width == 1 else {
                    throw EstimatorError("boosted trees: the bucketized column '\(b.name)' reads \(b.source.width) values per example",
                                         hint: "bucketize a scalar numeric column to export the trees")
                }
                return .bucketized(b)
            case let .category(ind, k): return .indicator(ind, category: k)
            }
        }
        var splits: [Int: [RawSplit]] = [:]
        let nodes = try TreeEnsembleNodes(ensemble, trees: built, features: nf) { feature, bucket in
            let forFeature = try splits[feature] ?? features.rawSplits(feature: feature)
            splits[feature] = forFeature
            return forFeature[Swift.min(bucket, forFeature.count - 1)]
        }
        return TreeExport(sources: sources, logitsDimension: model.d, nodes: nodes, baseValues: bias)
    }

    /// The checkpoint at `path` (nil: the newest readable one) and its tensors.
    private func treeCheckpoint(_ path: String?) throws -> (CheckpointInfo, SafeTensors) {
        guard let path else {
            guard checkpoints.latest != nil else {
                throw EstimatorError("\(modelDir) has no checkpoint: the model is not trained", hint: "train it first (est train …)")
            }
            guard let found = try checkpoints.loadLatest(on: backend, warn: { self.emit(.warning($0)) }) else {
                throw EstimatorError("no readable checkpoint in \(modelDir)",
                                     hint: "the checkpoint files are corrupt; train again in a new model_dir")
            }
            return found
        }
        let prefix = path.hasSuffix(".safetensors") ? String(path.dropLast(".safetensors".count)) : path
        guard let c = CheckpointManager(modelDir: (prefix as NSString).deletingLastPathComponent).info((prefix as NSString).lastPathComponent) else {
            throw EstimatorError("no checkpoint at \(path)", hint: "list them with: est checkpoints WORKSPACE")
        }
        return (c, try SafeTensors.read(from: URL(fileURLWithPath: c.path), on: backend))
    }
}
