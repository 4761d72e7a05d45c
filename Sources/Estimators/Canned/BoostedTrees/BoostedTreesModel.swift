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

/// Wraps the state so it can live in the model context's layer cache.
final class BoostedTreesLayer: Layer {
    let state: BoostedTreesState
    init(_ s: BoostedTreesState) { state = s }
    var variables: [Variable] { [] }
}

/// A boosted-trees model: its head, parameters and feature template, the model function that scores batches
/// (evaluate, predict, and the building call of `train`), and what ``TreeTrainer`` reads and writes.
final class BoostedTreesModel {
    let head: any SecondOrderHead
    let params: BoostedTreesParams
    let template: TreeFeatures
    var d: Int { head.logitsDimension }
    var threads: Int { Swift.max(1, params.threads ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// Throws for a head without second derivatives and for columns trees cannot use.
    init(head: any Head, featureColumns: [any FeatureColumn], params p: BoostedTreesParams) throws {
        precondition(p.nTrees > 0 && p.maxDepth > 0 && p.maxDepth <= 12 && p.nBatchesPerLayer > 0,
                     "BoostedTrees: nTrees, maxDepth (≤ 12) and nBatchesPerLayer must be positive, "
                        + "got \(p.nTrees), \(p.maxDepth), \(p.nBatchesPerLayer)")
        self.head = try head.requireSecondOrder(for: "BoostedTrees")
        params = p
        template = try TreeFeatures(columns: featureColumns)
    }

    /// The model's variables and state in a context (created on first use, as TF's `get_variable`).
    struct Parts {
        let state: BoostedTreesState
        let ensemble, bias, trees, bounds, gain, splits: Variable
        var treesBuilt: Int { Int(trees.value.scalars(as: Float.self)[0]) }
    }

    func parts(_ ctx: ModelContext) -> Parts {
        let state = ctx.layer("boosted_trees/state") { _ in BoostedTreesLayer(BoostedTreesState(features: template)) }.state
        let nf = state.features.features.count
        let size = TreeEnsemble(maxTrees: params.nTrees, maxDepth: params.maxDepth, dimension: d).data.count
        let p = Parts(state: state, ensemble: ctx.variable("boosted_trees/ensemble", shape: [size], trainable: false),
                      bias: ctx.variable("boosted_trees/bias", shape: [d], trainable: false),
                      trees: ctx.variable("boosted_trees/trees_built", shape: [1], trainable: false),
                      bounds: ctx.variable("boosted_trees/bucket_boundaries", shape: [nf, TreeFeatures.maxBoundaries + 1], trainable: false),
                      gain: ctx.variable("boosted_trees/feature_importance_gain", shape: [nf], trainable: false),
                      splits: ctx.variable("boosted_trees/feature_importance_splits", shape: [nf], trainable: false))
        if p.treesBuilt > 0 || state.fitted { state.features.unpack(p.bounds.value.scalars(as: Float.self)) }
        return p
    }

    /// Bias plus the built trees for rows of buckets.
    func logits(_ p: Parts, bins: [UInt8], rows n: Int) -> [Float] {
        var ensemble = TreeEnsemble(maxTrees: params.nTrees, maxDepth: params.maxDepth, dimension: d)
        ensemble.data = p.ensemble.value.scalars(as: Float.self)
        let bias = p.bias.value.scalars(as: Float.self)
        var out = [Float](repeating: 0, count: n * d)
        for i in 0..<n { for k in 0..<d { out[i * d + k] = bias[k] } }
        ensemble.addPredictions(bins: bins, features: p.state.features.features.count, rows: n, trees: p.treesBuilt, into: &out)
        return out
    }

    /// The head's labels of a column (remembered while the same column comes back).
    func headLabels(_ p: Parts, _ c: Column) throws(EstimatorError) -> Tensor {
        if let last = p.state.labels, sameStorage(last.column, c) { return last.tensor }
        let t = try head.labels(c, firstRow: 0)
        p.state.labels = (c, t)
        return t
    }

    /// Scores a batch: bias plus trees once anything is fitted, zeros before.
    func modelFn(_ features: Table, _ labels: Column?, _ mode: ModeKeys, _ ctx: ModelContext) throws -> EstimatorSpec {
        let p = parts(ctx)
        let f = Features(features)
        let y = try labels.map { c throws(EstimatorError) in try headLabels(p, c).to(ctx.backend) }
        let w = try head.weights(features, on: ctx.backend)
        guard p.state.fitted || p.treesBuilt > 0 else {
            return try .fromHead(head, mode: mode, logits: Tensor.zeros([f.batchSize, d], on: ctx.backend), labels: y, weights: w, trainOps: [])
        }
        let logits = logits(p, bins: try p.state.features.encode(f, threads: threads).byRow, rows: f.batchSize)
        return try .fromHead(head, mode: mode, logits: Tensor(logits, shape: [f.batchSize, d], on: ctx.backend), labels: y, weights: w, trainOps: [])
    }
}
