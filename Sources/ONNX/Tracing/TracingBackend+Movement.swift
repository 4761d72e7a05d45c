import Tensors

extension TracingBackend {
    /// A strided copy: `Slice` (contiguous strides), `Transpose` (permuted strides) or `Expand` (zero strides).
    public func read(_ x: Tensor, offset: Int, strides: [Int], shape: Shape) -> Tensor {
        let source = unwrap(x)
        let result = inner.read(source, offset: offset, strides: strides, shape: shape)
        let st = x.shape.strides
        if strides == st, shape.rank == x.rank {
            let lower = Self.corner(offset, strides: st, rank: x.rank)
            if lower.allSatisfy({ $0 == 0 }) && shape == x.shape { return emit(result, "Identity", [value(x)]) }
            let starts = lower.map(Int64.init)
            // A slice that reaches an axis's end ends at Int64.max, so a batch axis stays dynamic.
            let ends = (0..<x.rank).map { lower[$0] + shape[$0] == x.shape[$0] ? Int64.max : Int64(lower[$0] + shape[$0]) }
            let axes = (0..<x.rank).map(Int64.init)
            return emit(result, "Slice", [value(x), constant(starts, dims: [x.rank]), constant(ends, dims: [x.rank]),
                                          constant(axes, dims: [x.rank])])
        }
        if offset == 0, shape.rank == x.rank, let perm = Self.permutation(strides, shape: shape, of: x.shape) {
            return emit(result, "Transpose", [value(x)], [.ints("perm", perm.map(Int64.init))])
        }
        if offset == 0, shape.rank >= x.rank, strides == x.shape.broadcastStrides(to: shape) {
            // 1 where nothing is broadcast: Expand broadcasts both ways, so those dimensions (the batch) stay dynamic.
            let lead = shape.rank - x.rank
            let dims = (0..<shape.rank).map { i in i >= lead && x.shape[i - lead] == shape[i] ? Int64(1) : Int64(shape[i]) }
            return emit(result, "Expand", [value(x), constant(dims, dims: [dims.count])])
        }
        return unmapped("read", "a strided copy (offset \(offset), strides \(strides)) that is no slice, transpose or broadcast",
                        result: result)
    }

    /// The multi-index of flat position `offset` for contiguous `strides`.
    static func corner(_ offset: Int, strides: [Int], rank: Int) -> [Int] {
        var rest = offset
        return (0..<rank).map { i in
            let q = strides[i] == 0 ? 0 : rest / strides[i]
            rest -= q * strides[i]
            return q
        }
    }

    /// The permutation `p` with `strides[i] == x's stride of axis p[i]` and `shape[i] == source[p[i]]`, if there is one.
    static func permutation(_ strides: [Int], shape: Shape, of source: Shape) -> [Int]? {
        let st = source.strides
        var used = Set<Int>()
        var perm = [Int]()
        for i in 0..<shape.rank {
            guard let p = (0..<source.rank).first(where: { !used.contains($0) && st[$0] == strides[i] && source[$0] == shape[i] })
            else { return nil }
            used.insert(p)
            perm.append(p)
        }
        return perm
    }

    /// Writes into a filled constant are kept as pieces (see ``concatenation(_:)``); any other write has no mapping.
    public func write(_ x: Tensor, into target: Tensor, offset: Int, strides: [Int]) {
        let b = buffer(target)
        let innerTarget = unwrap(target)
        inner.write(unwrap(x), into: innerTarget, offset: offset, strides: strides)
        guard b.name == nil, target.shape == b.inner.shape, strides == target.shape.strides else {
            _ = unmapped("write", "an in-place write into a value the graph already holds", result: innerTarget)
            return
        }
        if b.pieces.isEmpty { b.writeScope = scope }
        b.pieces.append((x, Self.corner(offset, strides: strides, rank: target.rank)))
    }

    /// The `Concat` of a filled constant's pieces when they tile it along one axis.
    func concatenation(_ b: TracedBuffer) -> String {
        let target = b.inner.shape
        let axes = Set(b.pieces.flatMap { p in (0..<target.rank).filter { p.lower[$0] != 0 || p.tensor.shape[$0] != target[$0] } })
        let axis = axes.first ?? 0
        let sorted = b.pieces.sorted { $0.lower[axis] < $1.lower[axis] }
        var next = 0
        var tiles = axes.count <= 1
        for p in sorted where tiles {
            tiles = p.lower[axis] == next
            next += p.tensor.shape[axis]
        }
        guard tiles, next == target[axis] else {
            _ = unmapped("write", "writes that do not tile the target \(target) along one axis (only concatenation maps)", result: b.inner,
                      scope: b.writeScope)
            return "<unmapped write>"
        }
        if sorted.count == 1 { return node("Identity", [value(sorted[0].tensor)]) }
        return node("Concat", sorted.map { value($0.tensor) }, [.int("axis", Int64(axis))])
    }

    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        let result = inner.gather(unwrap(x), indices: unwrap(indices), axis: axis)
        return emit(result, "Gather", [value(x), value(indices)], [.int("axis", Int64(axis))])
    }

    /// Not exported: an in-place update belongs to training.
    public func scatter(_ mode: ScatterMode, indices: Tensor, values: Tensor, into target: Tensor) {
        let innerTarget = unwrap(target)
        inner.scatter(mode, indices: unwrap(indices), values: unwrap(values), into: innerTarget)
        _ = unmapped("scatter", "an in-place row update belongs to training, not to a predict-mode graph", result: innerTarget)
    }
}
