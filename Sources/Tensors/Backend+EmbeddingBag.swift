extension Backend {
    /// Checks the operands of an embedding bag (or its gradient, where `rows` is the gradient and
    /// `ids` the positions); returns the row width.
    public func checkBag(_ op: String, _ rows: Tensor, ids: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?, segmentCount: Int) -> Int {
        precondition(rows.rank == 2 && rows.dtype.isFloatingPoint, "\(op): rows must be a float rank-2 tensor, got \(rows.dtype)\(rows.shape)")
        precondition(ids.rank == 1 && segments.shape == ids.shape && ids.dtype.isInteger && segments.dtype.isInteger,
                     "\(op): ids \(ids.dtype)\(ids.shape) and segments \(segments.dtype)\(segments.shape) must be equal rank-1 integer shapes")
        precondition(weights.map { $0.shape == ids.shape && $0.dtype == rows.dtype } ?? true,
                     "\(op): weights \(weights.map { "\($0.dtype)\($0.shape)" } ?? "") must be \(rows.dtype)\(ids.shape)")
        precondition(divisors.map { $0.shape == [segmentCount] && $0.dtype == rows.dtype } ?? true,
                     "\(op): divisors \(divisors.map { "\($0.dtype)\($0.shape)" } ?? "") must be \(rows.dtype)[\(segmentCount)]")
        return rows.shape[1]
    }

    /// The default, built from this backend's gather, multiply, scatter and divide kernels (the
    /// same operations in the same order as Reference's loop).
    public func embeddingBagSum(_ table: Tensor, ids: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?, segmentCount: Int) -> Tensor {
        let width = checkBag("embeddingBagSum", table, ids: ids, segments: segments, weights: weights, divisors: divisors, segmentCount: segmentCount)
        var rows = gather(table, indices: ids, axis: 0)
        if let weights { rows = binary(.multiply, rows, weights.reshaped(to: [ids.count, 1]), shape: rows.shape) }
        let out = fill(0, shape: [segmentCount, width], dtype: table.dtype)
        scatter(.add, indices: segments, values: rows, into: out)
        guard let divisors else { return out }
        return binary(.divide, out, divisors.reshaped(to: [segmentCount, 1]), shape: out.shape)
    }

    /// The default, built from this backend's gather, divide, multiply and scatter kernels.
    public func embeddingBagSumGradient(_ gradient: Tensor, positions: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?,
                                        rowCount: Int) -> Tensor {
        let width = checkBag("embeddingBagSumGradient", gradient, ids: positions, segments: segments, weights: weights, divisors: divisors,
                             segmentCount: gradient.shape[0])
        var rows = gather(gradient, indices: segments, axis: 0)
        if let divisors {
            rows = binary(.divide, rows, gather(divisors, indices: segments, axis: 0).reshaped(to: [segments.count, 1]), shape: rows.shape)
        }
        if let weights { rows = binary(.multiply, rows, weights.reshaped(to: [segments.count, 1]), shape: rows.shape) }
        let out = fill(0, shape: [rowCount, width], dtype: gradient.dtype)
        scatter(.add, indices: positions, values: rows, into: out)
        return out
    }
}
