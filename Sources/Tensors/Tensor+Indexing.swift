extension Tensor {
    /// Slices of `self` along `axis` picked by integer `indices` (of any rank).
    ///
    /// The result's shape is `shape[..<axis] + indices.shape + shape[(axis+1)...]`. When
    /// `self` is a watched source (a variable) and `axis` is 0, its gradient is an
    /// ``IndexedSlices`` holding only the gathered rows, never a dense tensor.
    public func gathering(_ indices: Tensor, axis: Int = 0) -> Tensor {
        precondition(indices.dtype.isInteger, "gather: indices must be int32 or int64, got \(indices.dtype)")
        precondition(indices.backend === backend, "gather: indices live on '\(indices.backend.name)', tensor on '\(backend.name)'")
        let a = shape.axis(axis)
        let out = backend.gather(self, indices: indices, axis: a)
        guard node != nil else { return out }
        let source = shape
        let sourceIsLeaf = node!.isLeaf
        let ids = indices
        return out.recorded(from: [self]) { g in
            if a == 0 {
                let rows = g.reshaped(to: Shape([ids.count] + Array(source.dims.dropFirst())))
                let flat = ids.reshaped(to: [ids.count])
                let slices = IndexedSlices(indices: flat, values: rows, denseShape: source)
                return [sourceIsLeaf ? .sparse(slices) : .dense(slices.densified())]
            }
            // Other axes: move `axis` to the front, scatter, move back.
            var perm = Array(0..<source.rank)
            perm.remove(at: a)
            perm.insert(a, at: 0)
            let gm = g.reshaped(to: Shape(Array(source.dims[..<a]) + [ids.count] + Array(source.dims[(a + 1)...])))
                .transposed(Self.moveToFront(a, rank: source.rank))
            var front = Tensor.zeros(Shape(perm.map { source[$0] }), dtype: g.dtype, on: g.backend)
            front.scatter(.add, indices: ids.reshaped(to: [ids.count]), values: gm)
            var inverse = perm
            for (i, p) in perm.enumerated() { inverse[p] = i }
            return [.dense(front.transposed(inverse))]
        }
    }

    static func moveToFront(_ a: Int, rank: Int) -> [Int] {
        var perm = Array(0..<rank)
        perm.remove(at: a)
        perm.insert(a, at: 0)
        return perm
    }

    /// Combines rows of `values` into rows `indices` of this tensor, in place (axis 0).
    ///
    /// Copies the storage first when another tensor shares it (copy on write). Records no
    /// gradient; use ``scatteringAdd(indices:values:)`` inside a tape.
    public mutating func scatter(_ mode: ScatterMode, indices: Tensor, values: Tensor) {
        precondition(rank >= 1 && indices.rank == 1 && values.dtype == dtype && values.rank == rank && values.shape[0] == indices.count
                     && Array(values.shape.dims.dropFirst()) == Array(shape.dims.dropFirst()),
                     "scatter: values \(values.dtype)\(values.shape) and indices \(indices.shape) do not fit \(dtype)\(shape)")
        precondition(indices.dtype.isInteger, "scatter: indices must be int32 or int64, got \(indices.dtype)")
        if !Self.isUnique(&storage) {
            storage = backend.read(self, offset: 0, strides: shape.strides, shape: shape).storage
        }
        node = nil
        backend.scatter(mode, indices: indices, values: values, into: self)
    }

    /// Whether no other tensor shares the buffer.
    static func isUnique(_ s: inout DeviceBuffer) -> Bool { isKnownUniquelyReferenced(&s) }

    /// A copy with rows of `values` added at `indices` (axis 0), with gradients.
    public func scatteringAdd(indices: Tensor, values: Tensor) -> Tensor {
        var out = self.detached()
        out.scatter(.add, indices: indices, values: values)
        guard Tensor.needsGradient(self, values) else { return out }
        let ids = indices
        return out.recorded(from: [self, values]) { g in [.dense(g), .dense(g.gathering(ids))] }
    }

    /// Rows `segmentIDs[i]` of a `[segmentCount, …]` result accumulate `self[i]` (TF's
    /// `unsorted_segment_sum`).
    public func segmentSum(segmentIDs: Tensor, segmentCount: Int) -> Tensor {
        Tensor.zeros(Shape([segmentCount] + Array(shape.dims.dropFirst())), dtype: dtype, on: backend)
            .scatteringAdd(indices: segmentIDs, values: self)
    }

    /// One-hot rows: `result[…, j] = on` where `j == indices[…]`, else `off`.
    ///
    /// Indices outside `0..<depth` (such as -1) give a row of `off`, as in TF.
    public static func oneHot(_ indices: Tensor, depth: Int, on: Double = 1, off: Double = 0, dtype: DType = .float32) -> Tensor {
        precondition(indices.dtype.isInteger, "oneHot: indices must be int32 or int64, got \(indices.dtype)")
        let classes = indices.backend.iota(depth, dtype: indices.dtype)
        let hit = indices.expandingDims(at: -1) .== classes
        let b = indices.backend
        return select(hit, b.fill(on, shape: .scalar, dtype: dtype), b.fill(off, shape: .scalar, dtype: dtype))
    }
}
