import Tensors

/// The host memory of one update: a variable's elements and slots (float32 or float64), and its
/// gradient, either for every element (dense) or for some rows (a deduplicated sparse gradient).
///
/// An optimizer hands its ``OptimizerRule`` to ``run(_:)``, which applies it element by element
/// in place: over every element for a dense gradient, over the gradient's rows for a lazy sparse
/// rule, and over every element (with or without a gradient) for a sparse rule that is not lazy.
public struct OptimizerUpdate {
    /// `float32` or `float64`: the type of the value, the gradient and the slots.
    @usableFromInline let dtype: DType
    /// The variable's elements, updated in place.
    @usableFromInline let value: UnsafeMutableRawPointer
    /// The gradient: `count` elements (dense), or `rows.count × width` (sparse).
    @usableFromInline let gradient: UnsafeRawPointer
    /// Slot memory in ``Optimizer/slotNames`` order (at most 3), each shaped like the variable.
    @usableFromInline let slots: [UnsafeMutableRawPointer]
    /// Rows the gradient belongs to (sorted, unique), or `nil` for a dense gradient.
    @usableFromInline let rows: UnsafeBufferPointer<Int64>?
    /// Elements per row of the variable.
    @usableFromInline let width: Int
    /// Elements of the variable.
    @usableFromInline let count: Int

    init(dtype: DType, value: UnsafeMutableRawPointer, gradient: UnsafeRawPointer, slots: [UnsafeMutableRawPointer],
         rows: UnsafeBufferPointer<Int64>?, width: Int, count: Int) {
        precondition(dtype.isFloatingPoint && slots.count <= 3, "OptimizerUpdate: \(dtype) with \(slots.count) slots")
        (self.dtype, self.value, self.gradient, self.slots, self.rows, self.width, self.count) = (dtype, value, gradient, slots, rows, width, count)
    }

    /// Applies `rule` to every element this update covers.
    @inlinable
    public func run<R: OptimizerRule>(_ rule: R) {
        switch dtype {
        case .float32: run(rule, Float.self)
        case .float64: run(rule, Double.self)
        default: preconditionFailure("OptimizerUpdate: optimizers update float32 or float64 variables, not \(dtype)")
        }
    }

    @inlinable
    func run<R: OptimizerRule, F: FloatingTensorScalar>(_ rule: R, _: F.Type) {
        let v = value.assumingMemoryBound(to: F.self), g = gradient.assumingMemoryBound(to: F.self)
        let s = slots.map { $0.assumingMemoryBound(to: F.self) }
        // One specialised loop per slot count, so each loop touches only the slots it has.
        switch s.count {
        case 0:
            visit(rule, v, g, load: { _ in (0, 0, 0) }, store: { _, _ in })
        case 1:
            let s0 = s[0]
            visit(rule, v, g, load: { (s0[$0], 0, 0) }, store: { s0[$0] = $1.0 })
        case 2:
            let (s0, s1) = (s[0], s[1])
            visit(rule, v, g, load: { (s0[$0], s1[$0], 0) }, store: { s0[$0] = $1.0; s1[$0] = $1.1 })
        default:
            let (s0, s1, s2) = (s[0], s[1], s[2])
            visit(rule, v, g, load: { (s0[$0], s1[$0], s2[$0]) }, store: { s0[$0] = $1.0; s1[$0] = $1.1; s2[$0] = $1.2 })
        }
    }

    @inlinable @inline(__always)
    func visit<R: OptimizerRule, F: FloatingTensorScalar>(_ rule: R, _ v: UnsafeMutablePointer<F>, _ g: UnsafePointer<F>,
                                                         load: (Int) -> OptimizerSlots<F>, store: (Int, OptimizerSlots<F>) -> Void) {
        guard let rows else {
            for i in 0..<count {
                var (p, s) = (v[i], load(i))
                rule.update(&p, gradient: g[i], slots: &s)
                v[i] = p
                store(i, s)
            }
            return
        }
        if rule.sparseIsLazy {
            for (k, r) in rows.enumerated() {
                let t0 = Int(r) * width, g0 = k * width
                for j in 0..<width {
                    var (p, s) = (v[t0 + j], load(t0 + j))
                    rule.update(&p, gradient: g[g0 + j], slots: &s)
                    v[t0 + j] = p
                    store(t0 + j, s)
                }
            }
            return
        }
        var k = 0
        for r in 0..<(width == 0 ? 0 : count / width) {
            let touched = k < rows.count && rows[k] == Int64(r)
            for j in 0..<width {
                let t = r * width + j
                var (p, s) = (v[t], load(t))
                rule.sparseUpdate(&p, gradient: touched ? g[k * width + j] : nil, slots: &s)
                v[t] = p
                store(t, s)
            }
            if touched { k += 1 }
        }
    }
}
