import FeatureColumns
import NN
import Tensors

/// ``LinearModel``'s logits as one recorded op, on any backend.
///
/// `bias` broadcast, plus each categorical column's combined rows (the backend's
/// `embeddingBagSum`: a segment sum from zero in id order, then the combiner's division), plus
/// `x · W` from the backend's matmul, added in that order. Its backward gives the bias the column
/// sums of the gradient (the backend's reduction), the dense weights their rows of `xᵀ · g` (the
/// backend's matmul), and each table an ``IndexedSlices`` from `embeddingBagSumGradient` that is
/// already deduplicated (sorted distinct ids; rows of one id added in order, as TF does).
struct LinearLogits {
    let model: LinearModel
    let ids: [SparseIDs]
    let x: Tensor?
    let batchSize: Int

    /// One categorical column's batch on the backend.
    struct Bag {
        let ids: Tensor
        let segments: Tensor
        let weights: Tensor?
        let divisors: Tensor?
    }

    /// Per example: the divisor of the combiner (nil for sum).
    private func divisors(_ s: SparseIDs, combiner: Combiner) -> [Float]? {
        guard combiner != .sum else { return nil }
        var den = [Float](repeating: 0, count: batchSize)
        for k in s.ids.indices {
            let w = s.weights?[k] ?? 1
            den[Int(s.rows[k])] += combiner == .mean ? w : w * w
        }
        let floor = Float(1e-12)
        for r in den.indices {
            let d = combiner == .mean ? den[r] : den[r].squareRoot()
            den[r] = d >= floor ? d : floor
        }
        return den
    }

    func run() -> Tensor {
        let d = model.logitsDimension, n = batchSize
        let backend = model.bias.value.backend
        let combiner = model.combiner
        let biasIn = model.bias.read()
        let tables = model.categorical.map { $0.embedding.table.read() }
        let weights = model.dense.map { $0.weights.read() }
        let shape: Shape = [n, d]
        // Each sum starts from the bias broadcast, as `bias + column₁ + column₂ + … + x·W`.
        var out: Tensor? = nil
        func add(_ t: Tensor) {
            out = backend.binary(.add, out ?? biasIn.detached().reshaped(to: [1, d]), t, shape: shape)
        }
        var bags: [Bag] = []
        for (s, table) in zip(ids, tables) {
            let bag = Bag(ids: Tensor(s.ids, on: backend), segments: Tensor(s.rows, on: backend), weights: s.weights.map { Tensor($0, on: backend) },
                          divisors: divisors(s, combiner: combiner).map { Tensor($0, on: backend) })
            bags.append(bag)
            add(backend.embeddingBagSum(table, ids: bag.ids, segments: bag.segments, weights: bag.weights, divisors: bag.divisors, segmentCount: n))
        }
        if let x {
            let stacked = weights.count == 1 ? weights[0] : Tensor.concat(weights.map { $0.detached() }, axis: 0)
            add(backend.matmul(x, transposeA: false, stacked, transposeB: false))
        }
        let logits = out ?? backend.read(biasIn, offset: 0, strides: [0, 1], shape: shape)
        let inputs = [biasIn] + tables + weights
        guard inputs.contains(where: { $0.node != nil }) else { return logits }

        // Deduplicate each column's ids now; the backward pass only sums rows.
        var rows: [EmbeddingBagRows] = []
        for (i, s) in ids.enumerated() {
            let (unique, position) = model.scratch[i].deduplicate(s.ids)
            rows.append(EmbeddingBagRows(uniqueIDs: Tensor(unique, on: backend), positions: Tensor(position, on: backend)))
        }
        let x = self.x
        let tableShapes = tables.map(\.shape), weightRows = weights.map { $0.shape[0] }
        return logits.recorded(from: inputs) { g in
            var grads: [Gradient?] = [.dense(g.sumToShape(Shape([1, d])).reshaped(to: [d]))]
            for (c, bag) in bags.enumerated() {
                let values = backend.embeddingBagSumGradient(g, positions: rows[c].positions, segments: bag.segments, weights: bag.weights,
                                                             divisors: bag.divisors, rowCount: rows[c].uniqueIDs.count)
                grads.append(.sparse(IndexedSlices(indices: rows[c].uniqueIDs, values: values, denseShape: tableShapes[c])))
            }
            if let x {
                let gw = backend.matmul(x, transposeA: true, g, transposeB: false)
                grads += (weightRows.count == 1 ? [gw] : gw.split(sizes: weightRows)).map { .dense($0) }
            }
            return grads
        }
    }
}
