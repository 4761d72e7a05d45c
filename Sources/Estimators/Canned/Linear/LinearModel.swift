import Datasets
import FeatureColumns
import NN
import Tensors

/// The variables of TF's `linear_model` and the logits of a batch: one weight block per feature
/// column, summed, plus a bias.
///
/// A categorical column contributes the combined rows of its `[numBuckets, logits]` weights
/// (`sparseCombiner` sum, mean or sqrtn over an example's ids, weighted for weighted columns),
/// with sparse gradients: only the looked-up rows are updated, so a column with a million buckets
/// is never densified. A dense column contributes `x · W`. Variables are
/// `linear/linear_model/<column>/weights` and `linear/linear_model/bias_weights`, zero-initialised,
/// created in that order (columns sorted by name).
///
/// The whole model is one recorded op (``LinearLogits``) on every backend: each column's sums are
/// the backend's `embeddingBagSum`, and its backward gives every variable's gradient at once, the
/// sparse ones already deduplicated.
final class LinearModel: Layer {
    let logitsDimension: Int
    let bias: Variable
    /// Categorical columns sorted by name, with their weight tables.
    let categorical: [(column: any CategoricalColumn, embedding: Embedding)]
    /// Dense columns sorted by name, with their weights.
    let dense: [(column: any DenseColumn, weights: Variable)]
    let variables: [Variable]
    /// The batch work of ``logits(_:on:)``, a pure function of the batch (see ``LinearInputs``).
    let preparer: @Sendable (Table) throws -> any Sendable
    /// Host scratch for deduplicating each categorical column's ids (see ``LinearLogits``).
    var scratch: [IDScratch]

    init(columns: [any FeatureColumn], logitsDimension: Int, combiner: Combiner, rng: inout RandomGenerator,
         on backend: any Backend) throws {
        self.logitsDimension = logitsDimension
        bias = Variable(Tensor.zeros([logitsDimension], on: backend), name: "linear/linear_model/bias_weights")
        var variables = [bias]
        var categorical: [(any CategoricalColumn, Embedding)] = []
        var dense: [(any DenseColumn, Variable)] = []
        for column in columns.sorted(by: { $0.name < $1.name }) {
            let name = "linear/linear_model/\(column.name)/weights"
            if let cat = column as? any CategoricalColumn {
                let emb = Embedding(vocabularySize: cat.numBuckets, dimension: logitsDimension, combiner: combiner,
                                    name: "linear/linear_model/\(column.name)", tableName: name, initializer: .zeros, rng: &rng, on: backend)
                categorical.append((cat, emb))
                variables.append(emb.table)
            } else if let d = column as? any DenseColumn {
                let w = Variable(Tensor.zeros([d.width, logitsDimension], on: backend), name: name)
                dense.append((d, w))
                variables.append(w)
            } else {
                throw EstimatorError("linear models take numeric, bucketized and categorical columns; '\(column.name)' is neither",
                                     hint: "use the categorical column itself rather than an embedding of it")
            }
        }
        self.categorical = categorical
        self.dense = dense
        self.variables = variables
        scratch = categorical.map { IDScratch(numBuckets: $0.0.numBuckets) }
        let (cats, dens) = (categorical.map(\.0), dense.map(\.0))
        preparer = { try LinearInputs(Features($0), categorical: cats, dense: dens) }
    }

    var combiner: Combiner { categorical.first?.embedding.combiner ?? .sum }

    /// The batch's inputs, computed here.
    func inputs(_ f: Features) throws(DataError) -> LinearInputs {
        try LinearInputs(f, categorical: categorical.map(\.column), dense: dense.map(\.column))
    }

    /// The logits `[batch, logitsDimension]` of a batch.
    func logits(_ inputs: LinearInputs, on backend: any Backend) -> Tensor {
        if let recorder = FeatureTransforms.recorder as? LinearModelRecorder { return recorder.linearLogits(self, inputs: inputs, on: backend) }
        return values(inputs, on: backend)
    }

    /// The logits of a batch, computed here (never by a recorder).
    func values(_ inputs: LinearInputs, on backend: any Backend) -> Tensor {
        let x = inputs.width > 0 ? Tensor(inputs.dense, shape: [inputs.batchSize, inputs.width], on: backend) : nil
        return LinearLogits(model: self, ids: inputs.ids, x: x, batchSize: inputs.batchSize).run()
    }
}

/// What a linear model needs from a batch, on the host: each categorical column's ids (pruned)
/// and the dense columns side by side in one `[batch, width]` block.
struct LinearInputs: Sendable {
    let ids: [SparseIDs]
    let dense: [Float]
    let width: Int
    let batchSize: Int

    init(_ f: Features, categorical: [any CategoricalColumn], dense columns: [any DenseColumn]) throws(DataError) {
        ids = try categorical.map { c throws(DataError) in try c.ids(f).pruned() }
        width = columns.reduce(0) { $0 + $1.width }
        batchSize = f.batchSize
        var host = [Float](repeating: 0, count: f.batchSize * width)
        var offset = 0
        for c in columns {
            try c.write(f, into: &host, stride: width, offset: offset)
            offset += c.width
        }
        dense = host
    }
}

/// A reusable map from a column's ids to their slot among a batch's distinct ids.
struct IDScratch {
    /// `slot[id]` while a batch is deduplicated, else -1 (only for tables up to ``denseLimit`` rows).
    var slot: [Int32]
    /// Slots of larger tables.
    var sparseSlot: [Int64: Int32] = [:]
    static let denseLimit = 1 << 20

    init(numBuckets: Int) { slot = numBuckets <= Self.denseLimit ? [Int32](repeating: -1, count: numBuckets) : [] }

    /// The distinct ids of `ids` sorted, and for each entry of `ids` its position among them.
    mutating func deduplicate(_ ids: [Int64]) -> (unique: [Int64], position: [Int64]) {
        var unique: [Int64] = []
        if !slot.isEmpty && slot.count <= 8 * ids.count + 4096 {
            // A small table: mark the ids, then one scan gives them sorted.
            for id in ids { slot[Int(id)] = 0 }
            for b in slot.indices where slot[b] == 0 {
                slot[b] = Int32(unique.count)
                unique.append(Int64(b))
            }
            let position = ids.map { Int64(slot[Int($0)]) }
            for id in unique { slot[Int(id)] = -1 }
            return (unique, position)
        }
        let dense = !slot.isEmpty
        for id in ids {
            let seen = dense ? slot[Int(id)] >= 0 : sparseSlot[id] != nil
            if !seen {
                if dense { slot[Int(id)] = 0 } else { sparseSlot[id] = 0 }
                unique.append(id)
            }
        }
        unique.sort()
        for (i, id) in unique.enumerated() {
            if dense { slot[Int(id)] = Int32(i) } else { sparseSlot[id] = Int32(i) }
        }
        let position = ids.map { Int64(dense ? slot[Int($0)] : sparseSlot[$0]!) }
        if dense { for id in unique { slot[Int(id)] = -1 } } else { sparseSlot.removeAll(keepingCapacity: true) }
        return (unique, position)
    }
}
