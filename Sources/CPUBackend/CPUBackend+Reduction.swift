import Tensors

extension CPUBackend {
    public func reduce(_ op: ReductionOp, _ x: Tensor, axes: [Int]) -> Tensor {
        checkOwned(x)
        var dims = x.shape.dims
        for a in axes { dims[a] = 1 }
        let t = make(Shape(dims), x.dtype)
        let rank = x.rank
        if x.dtype == .float32, op == .sum || op == .max || op == .min, x.count > 0 {
            let src = UnsafePointer(x.hostPointer.assumingMemoryBound(to: Float.self))
            let dst = t.hostPointer.assumingMemoryBound(to: Float.self)
            // Reduce trailing axes: each output element is a contiguous run.
            if let first = axes.first, axes == Array(first..<rank) {
                let inner = x.shape.dims[first...].reduce(1, *)
                reduceRows(op, src, dst, rows: x.count / inner, cols: inner)
                return t
            }
            // Reduce leading axes: accumulate whole rows into the output.
            if let last = axes.last, axes == Array(0...last) {
                let inner = x.shape.dims[(last + 1)...].reduce(1, *)
                reduceColumns(op, src, dst, rows: x.count / inner, cols: inner)
                return t
            }
        }
        HostKernels.reduce(op, dtype: x.dtype, x: x.hostPointer, shape: x.shape.dims, axes: axes, out: t.hostPointer)
        return t
    }

    private func reduceRows(_ op: ReductionOp, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        parallelFor(rows, threads: threads, grain: Swift.max(1, 65_536 / Swift.max(cols, 1))) { range in
            for r in range {
                let row = x + r * cols
                switch op {
                case .sum:
                    // Eight partial sums in Double: vectorised, and as accurate as the reference.
                    var acc = SIMD8<Double>()
                    var j = 0
                    while j + 8 <= cols {
                        acc += SIMD8<Double>(UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self))
                        j += 8
                    }
                    var s = acc.sum()
                    while j < cols { s += Double(row[j]); j += 1 }
                    out[r] = Float(s)
                case .max:
                    var m = row[0]
                    for j in 1..<Swift.max(cols, 1) where row[j] > m || row[j] != row[j] { m = row[j] }
                    out[r] = m
                default:
                    var m = row[0]
                    for j in 1..<Swift.max(cols, 1) where row[j] < m || row[j] != row[j] { m = row[j] }
                    out[r] = m
                }
            }
        }
    }

    private func reduceColumns(_ op: ReductionOp, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        // Split the columns across threads; each thread walks every row of its columns.
        parallelFor(cols, threads: threads, grain: Swift.max(64, 65_536 / Swift.max(rows, 1))) { range in
            let o = out + range.lowerBound
            let w = range.count
            if op == .sum {
                // Column sums accumulate in Double, as the reference does.
                var acc = [Double](repeating: 0, count: w)
                acc.withUnsafeMutableBufferPointer { a in
                    for r in 0..<rows {
                        let row = x + r * cols + range.lowerBound
                        for j in 0..<w { a[j] += Double(row[j]) }
                    }
                    for j in 0..<w { o[j] = Float(a[j]) }
                }
                return
            }
            o.update(from: x + range.lowerBound, count: w)
            for r in 1..<Swift.max(rows, 1) {
                let row = x + r * cols + range.lowerBound
                switch op {
                case .max: for j in 0..<w where row[j] > o[j] || row[j] != row[j] { o[j] = row[j] }
                default: for j in 0..<w where row[j] < o[j] || row[j] != row[j] { o[j] = row[j] }
                }
            }
        }
    }
}
