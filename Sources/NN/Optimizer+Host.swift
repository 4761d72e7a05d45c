import Tensors

/// The memory one host update works on: float32 values and slots of one variable, and its
/// gradient, either for every element (dense) or for some rows (a deduplicated sparse gradient).
///
/// ``forEach(_:)`` visits each updated element as `(element, gradientElement)`: element `t`
/// of ``value`` and of every slot takes gradient element `gradient[g]`.
public struct HostUpdate {
    /// The variable's elements, updated in place.
    public let value: UnsafeMutablePointer<Float>
    /// The gradient: `count` elements (dense), or `rows.count × width` (sparse).
    public let gradient: UnsafePointer<Float>
    /// Slot memory in ``Optimizer/slotNames`` order, each shaped like the variable.
    public let slots: [UnsafeMutablePointer<Float>]
    /// Rows the gradient belongs to (sorted, unique), or `nil` for a dense gradient.
    public let rows: UnsafeBufferPointer<Int64>?
    /// Elements per row of the variable.
    public let width: Int
    /// Elements of the variable.
    public let count: Int

    /// Calls `body(element, gradientElement)` for every updated element, in order.
    @inlinable @inline(__always)
    public func forEach(_ body: (_ element: Int, _ gradient: Int) -> Void) {
        if let rows {
            for (k, r) in rows.enumerated() {
                let t = Int(r) * width, g = k * width
                for j in 0..<width { body(t + j, g + j) }
            }
        } else {
            for i in 0..<count { body(i, i) }
        }
    }
}

extension Optimizer {
    /// Runs the host rule for one variable when everything is float32 host memory; `false` leaves
    /// the update to the tensor path. Copies a value or slot first only when another tensor
    /// shares its storage (copy on write), so earlier reads keep their values.
    func applyOnHost(_ gradient: Gradient, to variable: Variable, step: Int64) -> Bool {
        guard hasHostRule, variable.value.dtype == .float32, variable.value.isOnHost, variable.value.count > 0 else { return false }
        let shape = variable.shape
        let width = shape.rank == 0 ? 1 : variable.value.count / Swift.max(shape[0], 1)
        var rowIDs: [Int64]? = nil
        let grad: Tensor
        switch gradient {
        case let .dense(t):
            precondition(t.shape == shape, "\(name): gradient \(t.shape) does not match variable '\(variable.name)' \(shape)")
            guard t.dtype == .float32, t.isOnHost else { return false }
            grad = t
        case let .sparse(s):
            precondition(s.denseShape == shape, "\(name): sparse gradient of \(s.denseShape) does not match '\(variable.name)' \(shape)")
            guard s.values.dtype == .float32, s.values.isOnHost, s.indices.isOnHost, shape.rank >= 1 else { return false }
            let d = s.deduplicated()
            let ids = d.indices.dtype == .int64 ? d.indices.scalars(as: Int64.self) : d.indices.cast(to: .int64).scalars(as: Int64.self)
            for (k, r) in ids.enumerated() {
                precondition(r >= 0 && r < Int64(shape[0]), "\(name): sparse row \(r) at position \(k) is outside 0..<\(shape[0]) of '\(variable.name)'")
            }
            rowIDs = ids
            grad = d.values
        }
        let slotVariables = slots(for: variable)
        var slotPointers: [UnsafeMutablePointer<Float>] = []
        slotPointers.reserveCapacity(slotNames.count)
        for n in slotNames {
            guard let p = slotVariables[n]!.value.withUniqueHostMemory({ $0.assumingMemoryBound(to: Float.self) }) else { return false }
            slotPointers.append(p)
        }
        guard let value = variable.value.withUniqueHostMemory({ $0.assumingMemoryBound(to: Float.self) }) else { return false }
        let g = UnsafePointer(grad.hostPointer.assumingMemoryBound(to: Float.self))
        let count = variable.value.count
        withExtendedLifetime(grad) {
            if let rowIDs {
                rowIDs.withUnsafeBufferPointer { rows in
                    updateOnHost(HostUpdate(value: value, gradient: g, slots: slotPointers, rows: rows, width: width, count: count), step: step)
                }
            } else {
                updateOnHost(HostUpdate(value: value, gradient: g, slots: slotPointers, rows: nil, width: width, count: count), step: step)
            }
        }
        return true
    }
}
