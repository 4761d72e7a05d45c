import FeatureColumns
import NN
import Tensors

/// ``LinearModel``'s logits on host memory, as one recorded op.
///
/// It computes what the tensor ops compute, with the same float32 operations in the same order:
/// `bias` broadcast, plus each categorical column's combined rows (a segment sum from zero in id
/// order, then the combiner's division), plus `x · W` from the backend's matmul. Its backward
/// gives the bias the column sums of the gradient (the backend's reduction), the dense weights
/// their rows of `xᵀ · g` (the backend's matmul), and each table an ``IndexedSlices`` that is
/// already deduplicated (sorted distinct ids; rows of one id added in order, as TF does).
struct HostLinearLogits {
    let model: LinearModel
    let ids: [SparseIDs]
    let x: Tensor?
    let batchSize: Int

    /// Per column, per example: the divisor of the combiner (nil for sum).
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
        var out = [Float](repeating: 0, count: n * d)
        let b = biasIn.hostPointer.assumingMemoryBound(to: Float.self)
        for r in 0..<n { for j in 0..<d { out[r * d + j] = b[j] } }
        var dens: [[Float]?] = []
        var column = [Float](repeating: 0, count: n * d)
        for (s, table) in zip(ids, tables) {
            let t = table.hostPointer.assumingMemoryBound(to: Float.self)
            for i in column.indices { column[i] = 0 }
            for k in s.ids.indices {
                let row = Int(s.rows[k]) * d, src = Int(s.ids[k]) * d
                if let w = s.weights?[k] {
                    for j in 0..<d { column[row + j] += t[src + j] * w }
                } else {
                    for j in 0..<d { column[row + j] += t[src + j] }
                }
            }
            let den = divisors(s, combiner: combiner)
            dens.append(den)
            if let den { for r in 0..<n { for j in 0..<d { column[r * d + j] = column[r * d + j] / den[r] } } }
            for i in out.indices { out[i] = out[i] + column[i] }
        }
        var stacked: Tensor? = nil
        if let x {
            // The weights stacked as the tensor path's concat, then one matmul.
            let width = x.shape[1]
            var w = [Float](repeating: 0, count: width * d)
            var offset = 0
            for t in weights {
                let p = t.hostPointer.assumingMemoryBound(to: Float.self)
                for i in 0..<t.count { w[offset + i] = p[i] }
                offset += t.count
            }
            stacked = Tensor(w, shape: [width, d], on: backend)
            let product = backend.matmul(x, transposeA: false, stacked!, transposeB: false)
            let p = product.hostPointer.assumingMemoryBound(to: Float.self)
            for i in out.indices { out[i] = out[i] + p[i] }
        }
        let logits = Tensor(out, shape: [n, d], on: backend)
        let inputs = [biasIn] + tables + weights
        guard inputs.contains(where: { $0.node != nil }) else { return logits }

        // Deduplicate each column's ids now; the backward pass only sums rows.
        var dedup: [(unique: [Int64], position: [Int32])] = []
        for (i, s) in ids.enumerated() { dedup.append(model.scratch[i].deduplicate(s.ids)) }
        let ids = self.ids, x = self.x
        let tableShapes = tables.map(\.shape), weightShapes = weights.map(\.shape)
        return logits.recorded(from: inputs) { g in
            var grads: [Gradient?] = [.dense(g.sumToShape(Shape([1, d])).reshaped(to: [d]))]
            let gp = g.hostPointer.assumingMemoryBound(to: Float.self)
            for (c, s) in ids.enumerated() {
                let (unique, position) = dedup[c]
                var rows = [Float](repeating: 0, count: unique.count * d)
                for k in s.ids.indices {
                    let src = Int(s.rows[k]) * d, dst = Int(position[k]) * d
                    for j in 0..<d {
                        var v = gp[src + j]
                        if let den = dens[c] { v = v / den[Int(s.rows[k])] }
                        if let w = s.weights?[k] { v = v * w }
                        rows[dst + j] += v
                    }
                }
                grads.append(.sparse(IndexedSlices(indices: Tensor(unique, on: backend), values: Tensor(rows, shape: [unique.count, d], on: backend),
                                                   denseShape: tableShapes[c])))
            }
            if let x {
                let gw = backend.matmul(x, transposeA: true, g, transposeB: false)
                let p = gw.hostPointer.assumingMemoryBound(to: Float.self)
                var offset = 0
                for shape in weightShapes {
                    grads.append(.dense(backend.upload(UnsafeRawBufferPointer(start: p + offset, count: shape.count * 4), shape: shape, dtype: .float32)))
                    offset += shape.count
                }
            }
            return grads
        }
    }
}
