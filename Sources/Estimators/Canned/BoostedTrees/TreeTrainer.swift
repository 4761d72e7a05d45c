import Datasets
import FeatureColumns
import Foundation
import NN
import Tensors

/// Stops training once every tree is built.
final class TreesBuiltHook: TrainingHook {
    let done: () -> Bool
    init(_ done: @escaping () -> Bool) { self.done = done }
    func afterStep(_ c: HookContext) throws { if done() { throw StopTraining("all trees are built") } }
}

/// Boosted trees' training step: batches accumulate until `nBatchesPerLayer` make a tree's data; the first
/// such data fits the quantiles (and centers the bias); each then grows one whole tree, layer by layer, from the
/// head's gradients and hessians. The ensemble lives in checkpoint variables, so checkpoints and resume are the
/// estimator's own.
final class TreeTrainer: Trainer {
    let model: BoostedTreesModel
    init(_ model: BoostedTreesModel) { self.model = model }

    func hooks(_ e: Estimator) -> [TrainingHook] {
        let p = model.parts(e.context), n = model.params.nTrees
        return [TreesBuiltHook { p.treesBuilt >= n }] + e.specHooks
    }

    func step(_ e: Estimator, batch: Table, labels: Column?, prepared: [String: any Sendable]) throws -> TrainerStep {
        guard let labels else { throw EstimatorError("boosted trees need labels to train", hint: "give the input function a label column") }
        let loss = try lossBeforeTheTree(e, batch: batch, labels: labels)
        try grow(e, batch: batch, labels: labels)
        return TrainerStep(loss: loss)
    }

    /// The loss of the current ensemble on the batch; on the data of the last tree, its logits come from the
    /// cache and the next tree's gradients come with the loss (same logits, labels and weights).
    func lossBeforeTheTree(_ e: Estimator, batch: Table, labels: Column) throws -> Double {
        let (m, backend) = (model, e.backend)
        let p = m.parts(e.context), state = p.state, d = m.d
        let f = Features(batch)
        let y = try m.headLabels(p, labels).to(backend)
        let w = try m.head.weights(batch, on: backend)
        guard state.fitted || p.treesBuilt > 0 else {
            return m.head.loss(logits: Tensor.zeros([f.batchSize, d], on: backend), labels: y, weights: w).scalarValue
        }
        let logits: [Float]
        if let c = state.cache, c.trees == p.treesBuilt, c.logits.count == f.batchSize * d, c.fingerprint == state.tables.fingerprint(batch) {
            logits = c.logits
            let (gh, fused) = m.head.lossAndGradientsAndHessians(logits: logits, labels: y, weights: w?.scalars(as: Float.self), threads: m.threads)
            state.gradients = (c.fingerprint, c.trees, gh.interleaved)
            if let fused { return Double(Float(fused)) }
        } else {
            logits = m.logits(p, bins: try state.features.encode(f, threads: m.threads).byRow, rows: f.batchSize)
        }
        return m.head.loss(logits: Tensor(logits, shape: [f.batchSize, d], on: backend), labels: y, weights: w).scalarValue
    }

    /// Adds the batch to the tree's data and, once it is complete, grows the next tree.
    func grow(_ e: Estimator, batch: Table, labels: Column) throws {
        let (m, backend, params) = (model, e.backend, model.params)
        let p = m.parts(e.context), state = p.state, d = m.d, threads = m.threads
        guard p.treesBuilt < params.nTrees else { return }
        state.pending.append(batch)
        state.pendingLabels.append(labels)
        guard state.pending.count >= params.nBatchesPerLayer else { return }
        let data = Table.concatenate(state.pending)
        let labelColumn = Column.concatenate(state.pendingLabels)
        state.pending.removeAll()
        state.pendingLabels.removeAll()
        let all = Features(data)
        if !state.fitted && p.treesBuilt == 0 {
            try state.features.fitQuantiles(all, buckets: Int((1 / params.quantileSketchEpsilon).rounded()), threads: threads)
            p.bounds.assign(Tensor(state.features.packedBoundaries, shape: p.bounds.shape, on: backend))
            state.fitted = true
        }
        let fp = state.tables.fingerprint(data)
        let bins = try state.cache.flatMap { $0.fingerprint == fp ? $0.bins : nil } ?? state.features.encode(all, threads: threads)
        let n = all.batchSize
        let yAll = try m.headLabels(p, labelColumn)
        if p.treesBuilt == 0 { try m.head.checkTrainingLabels(yAll, column: labelColumn) }
        let weights = try m.head.weights(data, on: backend)?.scalars(as: Float.self)
        // Center the bias first: Newton steps on the bias alone (TF's center_bias).
        if p.treesBuilt == 0 && params.centerBias {
            var bias = [Float](repeating: 0, count: d)
            for _ in 0..<20 {
                let (gs, hs) = m.head.biasGradientsAndHessians(bias: bias, labels: yAll, weights: weights)
                for k in 0..<d where hs[k] > 0 { bias[k] -= Float(gs[k] / (hs[k] + params.l2Regularization)) }
            }
            p.bias.assign(Tensor(bias, on: backend))
        }
        let built = p.treesBuilt
        var current: [Float]
        if let c = state.cache, c.fingerprint == fp, c.trees == built { current = c.logits } else { current = m.logits(p, bins: bins.byRow, rows: n) }
        state.cache = nil   // its logits are updated in place below
        let gh: [Float]
        if let pre = state.gradients, pre.fingerprint == fp, pre.trees == built, pre.gh.count == n * 2 * d {
            gh = pre.gh
        } else {
            gh = m.head.gradientsAndHessians(logits: current, labels: yAll, weights: weights).interleaved
        }
        state.gradients = nil
        var ensemble = TreeEnsemble(maxTrees: params.nTrees, maxDepth: params.maxDepth, dimension: d)
        ensemble.data = p.ensemble.value.scalars(as: Float.self)
        let grower = TreeGrower(params: params, buckets: state.features.features.map(\.buckets), dimension: d)
        var importance = zip(p.gain.value.scalars(as: Float.self), p.splits.value.scalars(as: Float.self)).map { (gain: Double($0), splits: Int($1)) }
        grower.grow(tree: built, ensemble: &ensemble, bins: bins, gh: gh, logits: &current, importance: &importance)
        state.cache = (fp, bins, built + 1, current)
        p.ensemble.assign(Tensor(ensemble.data, on: backend))
        p.gain.assign(Tensor(importance.map { Float($0.gain) }, on: backend))
        p.splits.assign(Tensor(importance.map { Float($0.splits) }, on: backend))
        p.trees.assign(Tensor([Float(built + 1)], on: backend))
    }
}
