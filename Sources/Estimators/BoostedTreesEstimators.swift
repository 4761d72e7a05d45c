import Datasets
import FeatureColumns
import Foundation
import NN
import Tensors

/// The state of a boosted-trees model between steps (batches waiting for the next tree).
final class BoostedTreesState {
    var features: TreeFeatures
    var pending: [Table] = []
    var pendingLabels: [Column] = []
    /// The last tree's data (by fingerprint), its buckets and its logits after `trees` trees:
    /// when the same data comes back (whole-data batches), no re-encoding and no re-scoring.
    var cache: (fingerprint: Int, bins: [UInt8], trees: Int, logits: [Float])?
    var fitted = false
    var importance: [(gain: Double, splits: Int)]
    init(features: TreeFeatures) {
        self.features = features
        importance = Array(repeating: (0, 0), count: features.features.count)
    }
}

/// Stops training once every tree is built.
final class TreesBuiltHook: TrainingHook {
    let done: () -> Bool
    init(_ done: @escaping () -> Bool) { self.done = done }
    func afterStep(_ c: HookContext) throws { if done() { throw StopTraining("all trees are built") } }
}

func boostedTreesModelFn(head: any Head, featureColumns: [any FeatureColumn], params p: BoostedTreesParams) throws -> ModelFn {
    precondition(p.nTrees > 0 && p.maxDepth > 0 && p.maxDepth <= 12 && p.nBatchesPerLayer > 0,
                 "BoostedTrees: nTrees, maxDepth (≤ 12) and nBatchesPerLayer must be positive, got \(p.nTrees), \(p.maxDepth), \(p.nBatchesPerLayer)")
    let template = try TreeFeatures(columns: featureColumns)
    let d = head.logitsDimension
    return { features, labels, mode, ctx in
        let state = ctx.layer("boosted_trees/state") { _ in BoostedTreesLayer(BoostedTreesState(features: template)) }.state
        let nf = state.features.features.count
        let ensembleVar = ctx.variable("boosted_trees/ensemble", shape: [TreeEnsemble(maxTrees: p.nTrees, maxDepth: p.maxDepth, dimension: d).data.count], trainable: false)
        let biasVar = ctx.variable("boosted_trees/bias", shape: [d], trainable: false)
        let treesVar = ctx.variable("boosted_trees/trees_built", shape: [1], trainable: false)
        let boundsVar = ctx.variable("boosted_trees/bucket_boundaries", shape: [nf, TreeFeatures.maxBoundaries + 1], trainable: false)
        let gainVar = ctx.variable("boosted_trees/feature_importance_gain", shape: [nf], trainable: false)
        let splitsVar = ctx.variable("boosted_trees/feature_importance_splits", shape: [nf], trainable: false)
        let treesBuilt = { Int(treesVar.value.scalars(as: Float.self)[0]) }
        if treesBuilt() > 0 || state.fitted { state.features.unpack(boundsVar.value.scalars(as: Float.self)) }

        func logitsFor(_ bins: [UInt8], rows n: Int) -> [Float] {
            var ensemble = TreeEnsemble(maxTrees: p.nTrees, maxDepth: p.maxDepth, dimension: d)
            ensemble.data = ensembleVar.value.scalars(as: Float.self)
            let bias = biasVar.value.scalars(as: Float.self)
            var out = [Float](repeating: 0, count: n * d)
            for i in 0..<n { for k in 0..<d { out[i * d + k] = bias[k] } }
            ensemble.addPredictions(bins: bins, features: nf, rows: n, trees: treesBuilt(), into: &out)
            return out
        }

        let f = Features(features)
        let y = try labels.map { c throws(EstimatorError) in try head.labels(c, firstRow: 0).to(ctx.backend) }
        let w = try head.weights(features, on: ctx.backend)
        var spec: EstimatorSpec
        if state.fitted || treesBuilt() > 0 {
            let logits: [Float]
            if mode == .train, let c = state.cache, c.trees == treesBuilt(), c.logits.count == f.batchSize * d, c.fingerprint == fingerprint(features) {
                logits = c.logits
            } else {
                logits = logitsFor(try state.features.encode(f), rows: f.batchSize)
            }
            spec = .fromHead(head, mode: mode, logits: Tensor(logits, shape: [f.batchSize, d], on: ctx.backend),
                             labels: y, weights: w, trainOps: [])
        } else {
            spec = .fromHead(head, mode: mode, logits: Tensor.zeros([f.batchSize, d], on: ctx.backend), labels: y, weights: w, trainOps: [])
        }
        guard mode == .train else { return spec }
        spec.trainingHooks = [TreesBuiltHook { treesBuilt() >= p.nTrees }]
        spec.trainStep = {
            guard treesBuilt() < p.nTrees else { return }
            guard let labels else { throw EstimatorError("boosted trees need labels to train", hint: "give the input function a label column") }
            state.pending.append(features)
            state.pendingLabels.append(labels)
            guard state.pending.count >= p.nBatchesPerLayer else { return }
            let data = Table.concatenate(state.pending)
            let labelColumn = Column.concatenate(state.pendingLabels)
            state.pending.removeAll()
            state.pendingLabels.removeAll()
            let all = Features(data)
            if !state.fitted && treesBuilt() == 0 {
                try state.features.fitQuantiles(all, buckets: Int((1 / p.quantileSketchEpsilon).rounded()))
                boundsVar.assign(Tensor(state.features.packedBoundaries, shape: boundsVar.shape, on: ctx.backend))
                state.fitted = true
            }
            let fp = fingerprint(data)
            let bins = try state.cache.flatMap { $0.fingerprint == fp ? $0.bins : nil } ?? state.features.encode(all)
            let n = all.batchSize
            let yAll = try head.labels(labelColumn, firstRow: 0)
            if !(head is RegressionHead), treesBuilt() == 0, Set(yAll.doubles).count < 2 {
                throw EstimatorError("the training labels hold one class only ('\(labelColumn.string(0) ?? "")')",
                                     hint: "a classifier needs examples of at least two classes; check the label column and the data")
            }
            let weights = try head.weights(data, on: ctx.backend)?.scalars(as: Float.self)
            // Center the bias first: Newton steps on the bias alone (TF's center_bias).
            if treesBuilt() == 0 && p.centerBias {
                var bias = [Float](repeating: 0, count: d)
                for _ in 0..<20 {
                    let logits = (0..<n).flatMap { _ in bias }
                    let (g, h) = gradients(head: head, logits: logits, labels: yAll, weights: weights, rows: n)
                    for k in 0..<d {
                        var gs = 0.0, hs = 0.0
                        for i in 0..<n { gs += Double(g[i * d + k]); hs += Double(h[i * d + k]) }
                        if hs > 0 { bias[k] -= Float(gs / (hs + p.l2Regularization)) }
                    }
                }
                biasVar.assign(Tensor(bias, on: ctx.backend))
            }
            var current: [Float]
            if let c = state.cache, c.fingerprint == fp, c.trees == treesBuilt() { current = c.logits } else { current = logitsFor(bins, rows: n) }
            let (g, h) = gradients(head: head, logits: current, labels: yAll, weights: weights, rows: n)
            var ensemble = TreeEnsemble(maxTrees: p.nTrees, maxDepth: p.maxDepth, dimension: d)
            ensemble.data = ensembleVar.value.scalars(as: Float.self)
            let built = treesBuilt()
            let grower = TreeGrower(params: p, features: nf, buckets: state.features.features.map(\.buckets), dimension: d)
            var importance = zip(gainVar.value.scalars(as: Float.self), splitsVar.value.scalars(as: Float.self)).map { (gain: Double($0), splits: Int($1)) }
            grower.grow(tree: built, ensemble: &ensemble, bins: bins, grad: g, hess: h, rows: n, importance: &importance)
            ensemble.addTree(built, bins: bins, features: nf, rows: n, into: &current)
            state.cache = (fp, bins, built + 1, current)
            ensembleVar.assign(Tensor(ensemble.data, on: ctx.backend))
            gainVar.assign(Tensor(importance.map { Float($0.gain) }, on: ctx.backend))
            splitsVar.assign(Tensor(importance.map { Float($0.splits) }, on: ctx.backend))
            treesVar.assign(Tensor([Float(treesBuilt() + 1)], on: ctx.backend))
        }
        return spec
    }
}

/// The identity of a training table: a hash of every cell's bytes (memory speed; far cheaper than
/// bucketing and scoring it again).
func fingerprint(_ t: Table) -> Int {
    // Four independent multiply-xor lanes over 8-byte words: several GB/s, unlike SipHash.
    var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, UInt64(t.rowCount))
    func mix(_ raw: UnsafeRawBufferPointer) {
        let words = raw.count / 8
        var i = 0
        while i + 4 <= words {
            lanes.0 = (lanes.0 ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x100_0000_01B3
            lanes.1 = (lanes.1 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 8, as: UInt64.self)) &* 0x100_0000_01B3
            lanes.2 = (lanes.2 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 16, as: UInt64.self)) &* 0x100_0000_01B3
            lanes.3 = (lanes.3 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 24, as: UInt64.self)) &* 0x100_0000_01B3
            i += 4
        }
        for j in (i * 8)..<raw.count { lanes.0 = (lanes.0 ^ UInt64(raw[j])) &* 0x100_0000_01B3 }
        lanes.1 = (lanes.1 ^ UInt64(raw.count)) &* 0x100_0000_01B3
    }
    for c in t.columns {
        switch c.values {
        case let .float(v): v.withUnsafeBytes(mix)
        case let .int(v): v.withUnsafeBytes(mix)
        case let .bool(v): v.withUnsafeBytes(mix)
        case let .string(codes, dict): codes.withUnsafeBytes(mix); lanes.2 ^= UInt64(dict.count)
        }
        if let m = c.missing { m.withUnsafeBytes(mix) }
    }
    var h = Hasher()
    h.combine(lanes.0); h.combine(lanes.1); h.combine(lanes.2); h.combine(lanes.3)
    return h.finalize()
}

/// First and second derivatives of the head's loss per example and logit (diagonal hessian).
func gradients(head: any Head, logits: [Float], labels: Tensor, weights: [Float]?, rows n: Int) -> ([Float], [Float]) {
    let d = head.logitsDimension
    var g = [Float](repeating: 0, count: n * d), h = [Float](repeating: 0, count: n * d)
    switch head {
    case is BinaryClassHead:
        let y = labels.scalars(as: Float.self)
        for i in 0..<n {
            let p = HostMath.sigmoid(logits[i]), w = weights?[i] ?? 1
            g[i] = (p - y[i]) * w
            h[i] = Swift.max(p * (1 - p), 1e-6) * w
        }
    case is MultiClassHead:
        let y = labels.scalars(as: Int64.self)
        for i in 0..<n {
            let p = HostMath.softmax(Array(logits[i * d..<(i + 1) * d])), w = weights?[i] ?? 1
            for k in 0..<d {
                g[i * d + k] = (p[k] - (Int64(k) == y[i] ? 1 : 0)) * w
                h[i * d + k] = Swift.max(p[k] * (1 - p[k]), 1e-6) * w
            }
        }
    default:
        let y = labels.scalars(as: Float.self)
        for i in 0..<(n * d) {
            let w = weights?[i / d] ?? 1
            g[i] = 2 * (logits[i] - y[i]) * w
            h[i] = 2 * w
        }
    }
    return (g, h)
}

/// Wraps the state so it can live in the model context's layer cache.
final class BoostedTreesLayer: Layer {
    let state: BoostedTreesState
    init(_ s: BoostedTreesState) { state = s }
    var variables: [Variable] { [] }
}

/// TF's `BoostedTreesClassifier` (removed from TF in 2.9; est keeps it), with TF 2.8's parameters.
///
/// Histogram gradient boosting on quantile-bucketized features, grown layer by layer with the
/// sibling-subtraction trick, multi-threaded histograms; binary, multi-class (vector leaves,
/// diagonal hessian) and regression through the same heads. `nBatchesPerLayer` batches make the
/// statistics of one tree (est grows a whole tree on them, layer by layer); training stops once
/// `nTrees` trees are built, and resuming from a checkpoint adds the remaining trees.
public func BoostedTreesClassifier(featureColumns: [any FeatureColumn], modelDir: String, nClasses: Int = 2, weightColumn: String? = nil,
                                   labelVocabulary: [String]? = nil, params: BoostedTreesParams = BoostedTreesParams(),
                                   config: RunConfig = RunConfig(), backend: (any Backend)? = nil) throws -> Estimator {
    let head = try headFor(classifier: nClasses, weightColumn: weightColumn, labelVocabulary: labelVocabulary, lossReduction: .sumOverBatchSize)
    let e = Estimator(modelFn: try boostedTreesModelFn(head: head, featureColumns: featureColumns, params: params), modelDir: modelDir,
                      config: config, backend: backend)
    e.description = ["kind": "BoostedTreesClassifier", "n_classes": nClasses, "n_trees": params.nTrees, "max_depth": params.maxDepth,
                     "learning_rate": params.learningRate, "n_batches_per_layer": params.nBatchesPerLayer, "l1_regularization": params.l1Regularization,
                     "l2_regularization": params.l2Regularization, "tree_complexity": params.treeComplexity, "min_node_weight": params.minNodeWeight,
                     "center_bias": params.centerBias, "pruning_mode": params.pruningMode.rawValue, "quantile_sketch_epsilon": params.quantileSketchEpsilon,
                     "feature_columns": featureColumns.map(\.name), "label_vocabulary": labelVocabulary ?? [], "random_seed": config.randomSeed]
    return e
}

/// TF's `BoostedTreesRegressor`.
public func BoostedTreesRegressor(featureColumns: [any FeatureColumn], modelDir: String, labelDimension: Int = 1, weightColumn: String? = nil,
                                  params: BoostedTreesParams = BoostedTreesParams(), config: RunConfig = RunConfig(),
                                  backend: (any Backend)? = nil) throws -> Estimator {
    let head = RegressionHead(labelDimension: labelDimension, weightColumn: weightColumn)
    let e = Estimator(modelFn: try boostedTreesModelFn(head: head, featureColumns: featureColumns, params: params), modelDir: modelDir,
                      config: config, backend: backend)
    e.description = ["kind": "BoostedTreesRegressor", "label_dimension": labelDimension, "n_trees": params.nTrees, "max_depth": params.maxDepth,
                     "learning_rate": params.learningRate, "n_batches_per_layer": params.nBatchesPerLayer, "l2_regularization": params.l2Regularization,
                     "feature_columns": featureColumns.map(\.name), "random_seed": config.randomSeed]
    return e
}

extension Estimator {
    /// Feature importances of a boosted-trees model (total gain and split count per tree feature), most important first.
    public func featureImportances(featureColumns: [any FeatureColumn]) throws -> [(feature: String, gain: Double, splits: Int)] {
        let names = try TreeFeatures(columns: featureColumns).features.map(\.name)
        let gain = try variableValue("boosted_trees/feature_importance_gain").scalars(as: Float.self)
        let splits = try variableValue("boosted_trees/feature_importance_splits").scalars(as: Float.self)
        return zip(names, zip(gain, splits)).map { ($0, Double($1.0), Int($1.1)) }.sorted { $0.gain > $1.gain }
    }
}
