extension Tensor {
    /// Resolves axes (negative allowed; empty means all) into sorted, unique axes.
    @inlinable func reductionAxes(_ axes: [Int]?) -> [Int] {
        guard let axes, !axes.isEmpty else { return Array(0..<rank) }
        return Array(Set(axes.map { shape.axis($0) })).sorted()
    }

    @inlinable func droppingAxes(_ kept: Tensor, _ axes: [Int], keepDims: Bool) -> Tensor {
        if keepDims { return kept }
        var dims: [Int] = []
        for (i, d) in shape.dims.enumerated() where !axes.contains(i) { dims.append(d) }
        return kept.reshaped(to: Shape(dims))
    }

    /// The sum over `axes` (all axes when `nil`).
    ///
    /// ```swift
    /// Tensor([1, 2, 3, 4] as [Float], shape: [2, 2]).sum(axes: [0])   // [4, 6]
    /// ```
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes)
        let kept = ax.isEmpty ? self.detached() : backend.reduce(.sum, self, axes: ax)
        var out = droppingAxes(kept, ax, keepDims: keepDims)
        guard node != nil else { return out }
        let (inShape, keptShape) = (shape, kept.shape)
        out.node = nil
        return out.recorded(from: [self]) { g in [.dense(g.reshaped(to: keptShape).broadcast(to: inShape))] }
    }

    /// The mean over `axes` (all axes when `nil`).
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes)
        let n = ax.reduce(1) { $0 * shape[$1] }
        return sum(axes: ax, keepDims: keepDims) / Double(Swift.max(n, 1))
    }

    /// The maximum over `axes`; the gradient is shared equally among tied maxima (as TF does).
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { extremum(.max, axes, keepDims) }

    /// The minimum over `axes`; the gradient is shared equally among tied minima.
    public func min(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { extremum(.min, axes, keepDims) }

    func extremum(_ op: ReductionOp, _ axes: [Int]?, _ keepDims: Bool) -> Tensor {
        let ax = reductionAxes(axes)
        precondition(count > 0, "\(op): cannot reduce the empty tensor of shape \(shape)")
        let kept = ax.isEmpty ? self.detached() : backend.reduce(op, self, axes: ax)
        let out = droppingAxes(kept, ax, keepDims: keepDims)
        guard node != nil else { return out }
        let (x, k, inShape, keptShape) = (detached(), kept, shape, kept.shape)
        return out.detached().recorded(from: [self]) { g in
            let mask = (x .== k).cast(to: x.dtype)
            let ties = x.backend.reduce(.sum, mask, axes: ax)
            return [.dense(mask * (g.reshaped(to: keptShape) / ties).broadcast(to: inShape))]
        }
    }

    /// The `int64` index of the first maximum along `axis` (no gradient).
    public func argmax(axis: Int = -1) -> Tensor {
        precondition(rank > 0 && shape[shape.axis(axis)] > 0, "argmax: axis \(axis) of shape \(shape) is empty or the tensor is a scalar")
        return backend.argReduce(.max, self, axis: shape.axis(axis))
    }

    /// The `int64` index of the first minimum along `axis` (no gradient).
    public func argmin(axis: Int = -1) -> Tensor {
        precondition(rank > 0 && shape[shape.axis(axis)] > 0, "argmin: axis \(axis) of shape \(shape) is empty or the tensor is a scalar")
        return backend.argReduce(.min, self, axis: shape.axis(axis))
    }
}
