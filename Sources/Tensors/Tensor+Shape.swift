extension Tensor {
    /// The same elements in a new shape with the same count.
    public func reshaped(to newShape: Shape) -> Tensor { reshaped(to: newShape.dims) }

    /// The same elements in a new shape with the same count; one dimension may be `-1`.
    public func reshaped(to newDims: [Int]) -> Tensor {
        var dims = newDims
        if let i = dims.firstIndex(of: -1) {
            let known = dims.enumerated().reduce(1) { $1.offset == i ? $0 : $0 * $1.element }
            precondition(known > 0 && count % known == 0, "reshape: cannot infer -1 in \(dims) for \(count) elements of \(shape)")
            dims[i] = count / known
        }
        let target = Shape(dims)
        precondition(target.count == count, "reshape: shape \(shape) (\(count) elements) cannot become \(target) (\(target.count) elements)")
        var out = Tensor(shape: target, dtype: dtype, storage: storage, backend: backend)
        guard node != nil else { return out }
        let source = shape
        out = out.recorded(from: [self]) { g in [.dense(g.reshaped(to: source))] }
        return out
    }

    /// A view-free copy with axes permuted: output axis `i` is input axis `permutation[i]`.
    public func transposed(_ permutation: [Int]? = nil) -> Tensor {
        let perm = permutation ?? Array((0..<rank).reversed())
        precondition(perm.sorted() == Array(0..<rank), "transpose: \(perm) is not a permutation of the axes of \(shape)")
        let st = shape.strides
        let out = backend.read(self, offset: 0, strides: perm.map { st[$0] }, shape: Shape(perm.map { shape[$0] }))
        guard node != nil else { return out }
        var inverse = perm
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return out.recorded(from: [self]) { g in [.dense(g.transposed(inverse))] }
    }

    /// A rank-2 tensor's transpose.
    public var T: Tensor {
        precondition(rank == 2, "T: needs a rank-2 tensor, got \(shape)")
        return transposed([1, 0])
    }

    /// The tensor with a size-1 axis inserted at `axis`.
    public func expandingDims(at axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        precondition(a >= 0 && a <= rank, "expandingDims: axis \(axis) out of range for \(shape)")
        var d = shape.dims
        d.insert(1, at: a)
        return reshaped(to: Shape(d))
    }

    /// The tensor without the given size-1 axes (all size-1 axes when empty).
    public func squeezing(axes: [Int] = []) -> Tensor {
        let ax = axes.map { shape.axis($0) }
        for a in ax { precondition(shape[a] == 1, "squeeze: axis \(a) of \(shape) is not 1") }
        let dims = shape.dims.enumerated().filter { ax.isEmpty ? $0.element != 1 : !ax.contains($0.offset) }.map(\.element)
        return reshaped(to: Shape(dims))
    }

    /// The tensor broadcast (copied) to a larger shape.
    public func broadcast(to target: Shape) -> Tensor {
        if target == shape { return self }
        precondition(Shape.broadcast(shape, target) == target, "broadcast: shape \(shape) cannot broadcast to \(target)")
        let out = backend.read(self, offset: 0, strides: shape.broadcastStrides(to: target), shape: target)
        guard node != nil else { return out }
        let source = shape
        return out.recorded(from: [self]) { g in [.dense(g.sumToShape(source))] }
    }

    /// The block that starts at `lowerBounds` with `sizes` (`-1` means to the end).
    public func slice(lowerBounds: [Int], sizes: [Int]) -> Tensor {
        precondition(lowerBounds.count == rank && sizes.count == rank,
            "slice: bounds \(lowerBounds) and sizes \(sizes) do not match rank of \(shape)")
        var dims = [Int]()
        for i in 0..<rank {
            let s = sizes[i] == -1 ? shape[i] - lowerBounds[i] : sizes[i]
            precondition(lowerBounds[i] >= 0 && s >= 0 && lowerBounds[i] + s <= shape[i],
                         "slice: start \(lowerBounds) size \(sizes) is outside \(shape)")
            dims.append(s)
        }
        let st = shape.strides
        let offset = zip(lowerBounds, st).reduce(0) { $0 + $1.0 * $1.1 }
        let out = backend.read(self, offset: offset, strides: st, shape: Shape(dims))
        guard node != nil else { return out }
        let (source, lower) = (shape, lowerBounds)
        return out.recorded(from: [self]) { g in
            let upper = (0..<source.rank).map { source[$0] - lower[$0] - g.shape[$0] }
            return [.dense(g.padded(lower: lower, upper: upper))]
        }
    }

    /// The tensor surrounded by `lower`/`upper` elements of `value` on each axis.
    public func padded(lower: [Int], upper: [Int], value: Double = 0) -> Tensor {
        precondition(lower.count == rank && upper.count == rank, "pad: \(lower)/\(upper) do not match rank of \(shape)")
        precondition(lower.allSatisfy { $0 >= 0 } && upper.allSatisfy { $0 >= 0 },
                     "pad: paddings \(lower)/\(upper) must be ≥ 0 (use slice to crop)")
        let target = Shape((0..<rank).map { shape[$0] + lower[$0] + upper[$0] })
        let out = backend.fill(value, shape: target, dtype: dtype)
        let st = target.strides
        backend.write(self, into: out, offset: zip(lower, st).reduce(0) { $0 + $1.0 * $1.1 }, strides: st)
        guard node != nil else { return out }
        let dims = shape.dims
        return out.recorded(from: [self]) { g in [.dense(g.slice(lowerBounds: lower, sizes: dims))] }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concat: no tensors")
        let first = tensors[0]
        let a = first.shape.axis(axis)
        var dims = first.shape.dims
        dims[a] = 0
        for t in tensors {
            precondition(t.rank == first.rank && t.dtype == first.dtype && t.backend === first.backend,
                         "concat: \(t.dtype)\(t.shape) on \(t.backend.name) does not match \(first.dtype)\(first.shape) on \(first.backend.name)")
            for i in 0..<t.rank where i != a {
                precondition(t.shape[i] == first.shape[i], "concat: shapes \(first.shape) and \(t.shape) differ outside axis \(a)")
            }
            dims[a] += t.shape[a]
        }
        let target = Shape(dims)
        let out = first.backend.fill(0, shape: target, dtype: first.dtype)
        let st = target.strides
        var start = 0
        for t in tensors {
            if t.count > 0 { first.backend.write(t, into: out, offset: start * st[a], strides: st) }
            start += t.shape[a]
        }
        guard tensors.contains(where: { $0.node != nil }) else { return out }
        let sizes = tensors.map { $0.shape[a] }
        return out.recorded(from: tensors) { g in g.split(sizes: sizes, axis: a).map { .dense($0) } }
    }

    /// Cuts the tensor along `axis` into pieces of the given sizes (which must sum to the axis).
    public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
        let a = shape.axis(axis)
        precondition(sizes.reduce(0, +) == shape[a], "split: sizes \(sizes) do not add up to axis \(a) of \(shape)")
        var start = 0
        return sizes.map { s in
            var lower = [Int](repeating: 0, count: rank)
            lower[a] = start
            var size = shape.dims
            size[a] = s
            start += s
            return slice(lowerBounds: lower, sizes: size)
        }
    }

    /// Cuts the tensor into `count` equal pieces along `axis`.
    public func split(count: Int, axis: Int = 0) -> [Tensor] {
        let a = shape.axis(axis)
        precondition(count > 0 && shape[a] % count == 0, "split: axis \(a) of \(shape) does not divide into \(count)")
        return split(sizes: [Int](repeating: shape[a] / count, count: count), axis: a)
    }
}
