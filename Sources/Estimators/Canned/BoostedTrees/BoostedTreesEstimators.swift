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
    var cache: (fingerprint: Int, bins: TreeBins, trees: Int, logits: [Float])?
    /// The last table fingerprinted (the same storage again needs no hashing).
    var tables = TableMemo()
    /// Gradients of the cached logits, computed with the step's loss: (fingerprint, trees, `[g…, h…]` per row).
    var gradients: (fingerprint: Int, trees: Int, gh: [Float])?
    /// The last label column and the head's labels of it.
    var labels: (column: Column, tensor: Tensor)?
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

        let threads = Swift.max(1, p.threads ?? ProcessInfo.processInfo.activeProcessorCount)
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
        /// The head's labels of a column (remembered while the same column comes back).
        func headLabels(_ c: Column) throws(EstimatorError) -> Tensor {
            if let last = state.labels, sameStorage(last.column, c) { return last.tensor }
            let t = try head.labels(c, firstRow: 0)
            state.labels = (c, t)
            return t
        }
        let y = try labels.map { c throws(EstimatorError) in try headLabels(c).to(ctx.backend) }
        let w = try head.weights(features, on: ctx.backend)
        var spec: EstimatorSpec
        if state.fitted || treesBuilt() > 0 {
            let logits: [Float]
            var fusedLoss: Double? = nil
            if mode == .train, let c = state.cache, c.trees == treesBuilt(), c.logits.count == f.batchSize * d,
               c.fingerprint == state.tables.fingerprint(features) {
                logits = c.logits
                if let y {
                    // The next tree's gradients come with the loss (same logits, labels and weights).
                    let (gh, loss) = lossAndGradients(head: head, logits: logits, labels: y, weights: w?.scalars(as: Float.self),
                                                      rows: f.batchSize, threads: threads)
                    state.gradients = (c.fingerprint, c.trees, gh)
                    fusedLoss = loss
                }
            } else {
                logits = logitsFor(try state.features.encode(f, threads: threads).byRow, rows: f.batchSize)
            }
            let logitsTensor = Tensor(logits, shape: [f.batchSize, d], on: ctx.backend)
            if let fusedLoss {
                spec = EstimatorSpec(mode: mode, loss: Tensor([Float(fusedLoss)], shape: [], on: ctx.backend))
                (spec.head, spec.logits, spec.labels, spec.weights) = (head, logitsTensor, y, w)
            } else {
                spec = .fromHead(head, mode: mode, logits: logitsTensor, labels: y, weights: w, trainOps: [])
            }
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
                try state.features.fitQuantiles(all, buckets: Int((1 / p.quantileSketchEpsilon).rounded()), threads: threads)
                boundsVar.assign(Tensor(state.features.packedBoundaries, shape: boundsVar.shape, on: ctx.backend))
                state.fitted = true
            }
            let fp = state.tables.fingerprint(data)
            let bins = try state.cache.flatMap { $0.fingerprint == fp ? $0.bins : nil } ?? state.features.encode(all, threads: threads)
            let n = all.batchSize
            let yAll = try headLabels(labelColumn)
            if !(head is RegressionHead), treesBuilt() == 0, Set(yAll.doubles).count < 2 {
                throw EstimatorError("the training labels hold one class only ('\(labelColumn.string(0) ?? "")')",
                                     hint: "a classifier needs examples of at least two classes; check the label column and the data")
            }
            let weights = try head.weights(data, on: ctx.backend)?.scalars(as: Float.self)
            // Center the bias first: Newton steps on the bias alone (TF's center_bias).
            if treesBuilt() == 0 && p.centerBias {
                var bias = [Float](repeating: 0, count: d)
                var logits = [Float](repeating: 0, count: n * d)
                if head is BinaryClassHead {
                    // Every row has the same logit: g = (p − y)·w and h = max(p(1 − p), 1e-6)·w sum to closed forms.
                    let y = yAll.scalars(as: Float.self)
                    var sw = 0.0, swy = 0.0
                    for i in 0..<n { let wi = Double(weights?[i] ?? 1); sw += wi; swy += wi * Double(y[i]) }
                    for _ in 0..<20 {
                        let prob = HostMath.sigmoid(bias[0])
                        let gs = Double(prob) * sw - swy, hs = Double(Swift.max(prob * (1 - prob), 1e-6)) * sw
                        if hs > 0 { bias[0] -= Float(gs / (hs + p.l2Regularization)) }
                    }
                }
                for _ in 0..<(head is BinaryClassHead ? 0 : 20) {
                    for i in 0..<n { for k in 0..<d { logits[i * d + k] = bias[k] } }
                    let gh = gradients(head: head, logits: logits, labels: yAll, weights: weights, rows: n)
                    for k in 0..<d {
                        var gs = 0.0, hs = 0.0
                        for i in 0..<n { gs += Double(gh[i * 2 * d + k]); hs += Double(gh[i * 2 * d + d + k]) }
                        if hs > 0 { bias[k] -= Float(gs / (hs + p.l2Regularization)) }
                    }
                }
                biasVar.assign(Tensor(bias, on: ctx.backend))
            }
            var current: [Float]
            if let c = state.cache, c.fingerprint == fp, c.trees == treesBuilt() { current = c.logits } else { current = logitsFor(bins.byRow, rows: n) }
            state.cache = nil   // its logits are updated in place below
            let gh: [Float]
            if let pre = state.gradients, pre.fingerprint == fp, pre.trees == treesBuilt(), pre.gh.count == n * 2 * d {
                gh = pre.gh
            } else {
                gh = gradients(head: head, logits: current, labels: yAll, weights: weights, rows: n)
            }
            state.gradients = nil
            var ensemble = TreeEnsemble(maxTrees: p.nTrees, maxDepth: p.maxDepth, dimension: d)
            ensemble.data = ensembleVar.value.scalars(as: Float.self)
            let built = treesBuilt()
            let grower = TreeGrower(params: p, buckets: state.features.features.map(\.buckets), dimension: d)
            var importance = zip(gainVar.value.scalars(as: Float.self), splitsVar.value.scalars(as: Float.self)).map { (gain: Double($0), splits: Int($1)) }
            grower.grow(tree: built, ensemble: &ensemble, bins: bins, gh: gh, logits: &current, importance: &importance)
            state.cache = (fp, bins, built + 1, current)
            ensembleVar.assign(Tensor(ensemble.data, on: ctx.backend))
            gainVar.assign(Tensor(importance.map { Float($0.gain) }, on: ctx.backend))
            splitsVar.assign(Tensor(importance.map { Float($0.splits) }, on: ctx.backend))
            treesVar.assign(Tensor([Float(treesBuilt() + 1)], on: ctx.backend))
        }
        return spec
    }
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
    let head = HeadConfig.classifier(nClasses: nClasses, labelVocabulary: labelVocabulary, weightColumn: weightColumn)
    let model = BoostedTreesConfig(featureColumns: featureColumns.map(FeatureColumnSpec.init), params: params)
    return try EstimatorConfig(kind: .boostedTreesClassifier, head: head, model: .boostedTrees(model), randomSeed: config.randomSeed)
        .build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: nil,
               live: LiveParts(columns: [featureColumns], treeThreads: params.threads))
}

/// TF's `BoostedTreesRegressor`.
public func BoostedTreesRegressor(featureColumns: [any FeatureColumn], modelDir: String, labelDimension: Int = 1, weightColumn: String? = nil,
                                  params: BoostedTreesParams = BoostedTreesParams(), config: RunConfig = RunConfig(),
                                  backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.regressor(labelDimension: labelDimension, weightColumn: weightColumn)
    let model = BoostedTreesConfig(featureColumns: featureColumns.map(FeatureColumnSpec.init), params: params)
    return try EstimatorConfig(kind: .boostedTreesRegressor, head: head, model: .boostedTrees(model), randomSeed: config.randomSeed)
        .build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: nil,
               live: LiveParts(columns: [featureColumns], treeThreads: params.threads))
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
