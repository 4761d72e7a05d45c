extension HostKernels {
    /// `out[i] = x[offset + Σ idx(i)[d]·strides[d]]` for the flat output indices in `range`.
    public static func read(elementSize: Int, x: UnsafeRawPointer, offset: Int, strides: [Int], out: UnsafeMutableRawPointer, shape: [Int],
        range: Range<Int>) {
        func run<T>(_: T.Type) {
            let src = x.typed(T.self) + offset, dst = out.typed(T.self)
            let z = zeros(shape.count)
            walk(shape: shape, strides, z, z, range: range) { o, ia, _, _, n, da, _, _ in
                if da == 1 { (dst + o).update(from: src + ia, count: n) } else { for j in 0..<n { dst[o + j] = src[ia + j * da] } }
            }
        }
        switch elementSize {
        case 1: run(UInt8.self)
        case 4: run(UInt32.self)
        default: run(UInt64.self)
        }
    }

    /// `target[offset + Σ idx(i)[d]·strides[d]] = x[i]` for every element of `x` (of `shape`).
    public static func write(elementSize: Int, x: UnsafeRawPointer, shape: [Int], target: UnsafeMutableRawPointer, offset: Int, strides: [Int]) {
        func run<T>(_: T.Type) {
            let src = x.typed(T.self), dst = target.typed(T.self) + offset
            let z = zeros(shape.count)
            walk(shape: shape, strides, z, z, range: 0..<Shape(shape).count) { o, ia, _, _, n, da, _, _ in
                if da == 1 { (dst + ia).update(from: src + o, count: n) } else { for j in 0..<n { dst[ia + j * da] = src[o + j] } }
            }
        }
        switch elementSize {
        case 1: run(UInt8.self)
        case 4: run(UInt32.self)
        default: run(UInt64.self)
        }
    }

    /// Reads integer indices (`int32` or `int64`) as `Int`.
    @inlinable public static func index(_ p: UnsafeRawPointer, _ dtype: DType, _ i: Int) -> Int {
        dtype == .int64 ? Int(p.typed(Int64.self)[i]) : Int(p.typed(Int32.self)[i])
    }

    /// `out[o, j, i] = x[o, indices[j], i]` for `x` viewed as `[outer, n, inner]`.
    public static func gather(elementSize: Int, x: UnsafeRawPointer, outer: Int, n: Int, inner: Int,
                              indices: UnsafeRawPointer, indexType: DType, count: Int, out: UnsafeMutableRawPointer, range: Range<Int>? = nil) {
        let rowBytes = inner * elementSize
        for o in 0..<outer {
            for j in range ?? 0..<count {
                let k = index(indices, indexType, j)
                precondition(k >= 0 && k < n, "gather: index \(k) at position \(j) is out of range 0..<\(n)")
                (out + (o * count + j) * rowBytes).copyMemory(from: x + (o * n + k) * rowBytes, byteCount: rowBytes)
            }
        }
    }

    /// Combines `values` rows into `target` rows (`[rows, inner]`) at `indices`.
    public static func scatter(_ mode: ScatterMode, dtype: DType, indices: UnsafeRawPointer, indexType: DType, count: Int,
                               values: UnsafeRawPointer, inner: Int, target: UnsafeMutableRawPointer, rows: Int) {
        func run<T: NumericTensorScalar>(_: T.Type) {
            let v = values.typed(T.self), t = target.typed(T.self)
            for j in 0..<count {
                let k = index(indices, indexType, j)
                precondition(k >= 0 && k < rows, "scatter: index \(k) at position \(j) is out of range 0..<\(rows)")
                if mode == .add {
                    for i in 0..<inner { t[k * inner + i] += v[j * inner + i] }
                } else {
                    (t + k * inner).update(from: v + j * inner, count: inner)
                }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        case .int32: run(Int32.self)
        case .int64: run(Int64.self)
        case .bool:
            precondition(mode == .set, "scatter add is not defined for bool tensors")
            for j in 0..<count {
                let k = index(indices, indexType, j)
                precondition(k >= 0 && k < rows, "scatter: index \(k) at position \(j) is out of range 0..<\(rows)")
                (target + k * inner).copyMemory(from: values + j * inner, byteCount: inner)
            }
        }
    }

    /// Converts elements in `range` from one dtype to another (floats to integers truncate toward
    /// zero and saturate; NaN becomes 0).
    public static func cast(from: DType, x: UnsafeRawPointer, to: DType, out: UnsafeMutableRawPointer, range: Range<Int>) {
        @inline(__always) func run<S, D>(_: S.Type, _: D.Type, _ f: (S) -> D) {
            let src = x.typed(S.self), dst = out.typed(D.self)
            for i in range { dst[i] = f(src[i]) }
        }
        @inline(__always) func toInt<F: BinaryFloatingPoint, I: FixedWidthInteger>(_ v: F) -> I {
            v.isNaN ? 0 : (v >= F(I.max) ? I.max : (v <= F(I.min) ? I.min : I(v)))
        }
        switch (from, to) {
        case (.float32, .float64): run(Float.self, Double.self) { Double($0) }
        case (.float32, .int32): run(Float.self, Int32.self) { toInt($0) }
        case (.float32, .int64): run(Float.self, Int64.self) { toInt($0) }
        case (.float32, .bool): run(Float.self, Bool.self) { $0 != 0 }
        case (.float64, .float32): run(Double.self, Float.self) { Float($0) }
        case (.float64, .int32): run(Double.self, Int32.self) { toInt($0) }
        case (.float64, .int64): run(Double.self, Int64.self) { toInt($0) }
        case (.float64, .bool): run(Double.self, Bool.self) { $0 != 0 }
        case (.int32, .float32): run(Int32.self, Float.self) { Float($0) }
        case (.int32, .float64): run(Int32.self, Double.self) { Double($0) }
        case (.int32, .int64): run(Int32.self, Int64.self) { Int64($0) }
        case (.int32, .bool): run(Int32.self, Bool.self) { $0 != 0 }
        case (.int64, .float32): run(Int64.self, Float.self) { Float($0) }
        case (.int64, .float64): run(Int64.self, Double.self) { Double($0) }
        case (.int64, .int32): run(Int64.self, Int32.self) { Int32(truncatingIfNeeded: $0) }
        case (.int64, .bool): run(Int64.self, Bool.self) { $0 != 0 }
        case (.bool, .float32): run(UInt8.self, Float.self) { Float($0) }
        case (.bool, .float64): run(UInt8.self, Double.self) { Double($0) }
        case (.bool, .int32): run(UInt8.self, Int32.self) { Int32($0) }
        case (.bool, .int64): run(UInt8.self, Int64.self) { Int64($0) }
        default: (out + range.lowerBound * to.byteSize).copyMemory(from: x + range.lowerBound * from.byteSize, byteCount: range.count * to.byteSize)
        }
    }

    /// Sets elements in `range` to `value`, converted to `dtype`.
    public static func fill(_ value: Double, dtype: DType, out: UnsafeMutableRawPointer, range: Range<Int>) {
        switch dtype {
        case .float32: (out.typed(Float.self) + range.lowerBound).update(repeating: Float(value), count: range.count)
        case .float64: for i in range { out.typed(Double.self)[i] = value }
        case .int32: for i in range { out.typed(Int32.self)[i] = Int32(fromDouble: value) }
        case .int64: for i in range { out.typed(Int64.self)[i] = Int64(fromDouble: value) }
        case .bool: for i in range { out.typed(Bool.self)[i] = value != 0 }
        }
    }

    /// Writes `i` at position `i` for `i` in `range`.
    public static func iota(dtype: DType, out: UnsafeMutableRawPointer, range: Range<Int>) {
        for i in range {
            switch dtype {
            case .float32: out.typed(Float.self)[i] = Float(i)
            case .float64: out.typed(Double.self)[i] = Double(i)
            case .int32: out.typed(Int32.self)[i] = Int32(i)
            case .int64: out.typed(Int64.self)[i] = Int64(i)
            case .bool: out.typed(Bool.self)[i] = i != 0
            }
        }
    }

    /// Element `i` (for `i` in `range`) of the Philox stream `seed` starting at `offset`.
    public static func random(_ distribution: RandomDistribution, dtype: DType, seed: UInt64, offset: UInt64, out: UnsafeMutableRawPointer,
        range: Range<Int>) {
        for i in range {
            let v = Philox.sample(distribution, seed: seed, index: offset &+ UInt64(i))
            switch dtype {
            case .float32: out.typed(Float.self)[i] = Float(v)
            case .float64: out.typed(Double.self)[i] = v
            case .int32: out.typed(Int32.self)[i] = Int32(v.rounded(.down))
            case .int64: out.typed(Int64.self)[i] = Int64(v.rounded(.down))
            case .bool: out.typed(Bool.self)[i] = v != 0
            }
        }
    }
}
