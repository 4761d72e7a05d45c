import Tensors

extension Optimizer {
    /// Runs the rule for one variable: in place when the variable, its slots and the gradient are
    /// host memory, else on host copies that are then assigned back (an explicit copy each way).
    ///
    /// In place, a value or slot is copied first only when another tensor shares its storage
    /// (copy on write), so earlier reads keep their values.
    func applyRule(_ gradient: Gradient, to variable: Variable, step: Int64) {
        let shape = variable.shape, dtype = variable.value.dtype
        precondition(dtype.isFloatingPoint, "\(name): variable '\(variable.name)' is \(dtype); optimizers update float32 or float64")
        let slotTable = slots(for: variable)
        let slotVariables = slotNames.map { slotTable[$0]! }
        var rows: [Int64]? = nil
        let grad: Tensor
        switch gradient {
        case let .dense(t):
            precondition(t.shape == shape, "\(name): gradient \(t.shape) does not match variable '\(variable.name)' \(shape)")
            grad = t.detached()
        case let .sparse(s):
            precondition(s.denseShape == shape && shape.rank >= 1,
                         "\(name): sparse gradient of \(s.denseShape) does not match '\(variable.name)' \(shape)")
            let d = s.deduplicated()
            let ids = d.indices.dtype == .int64 ? d.indices.scalars(as: Int64.self) : d.indices.cast(to: .int64).scalars(as: Int64.self)
            for (k, r) in ids.enumerated() {
                precondition(r >= 0 && r < Int64(shape[0]),
                             "\(name): sparse row \(r) at position \(k) is outside 0..<\(shape[0]) of '\(variable.name)'")
            }
            rows = ids
            grad = d.values.detached()
        }
        precondition(grad.dtype == dtype, "\(name): gradient is \(grad.dtype) but variable '\(variable.name)' is \(dtype)")
        guard variable.value.count > 0 else { return }
        let onHost = variable.value.isOnHost && grad.isOnHost && slotVariables.allSatisfy { $0.value.isOnHost }
        if onHost {
            // Straight on the variables' storage, so an unshared buffer is updated without a copy.
            let slotPointers = slotVariables.map { s in s.value.withUniqueHostMemory { p in p }! }
            let value = variable.value.withUniqueHostMemory { p in p }!
            run(value: value, slots: slotPointers, like: variable.value, gradient: grad, rows: rows, step: step)
            return
        }
        // Another backend: the same host loop on copies (a device kernel can replace this later).
        let host = ReferenceBackend.shared, backend = variable.value.backend
        var value = variable.value.to(host)
        var slotCopies = slotVariables.map { $0.value.to(host) }
        let copyPointers = slotCopies.indices.map { k in slotCopies[k].withUniqueHostMemory { p in p }! }
        let valuePointer = value.withUniqueHostMemory { p in p }!
        run(value: valuePointer, slots: copyPointers, like: value, gradient: grad.to(host), rows: rows, step: step)
        variable.assign(value.to(backend))
        for (s, t) in zip(slotVariables, slotCopies) { s.assign(t.to(backend)) }
    }

    /// Runs ``update(_:step:)`` on host memory shaped like `variable`.
    private func run(value: UnsafeMutableRawPointer, slots: [UnsafeMutableRawPointer], like variable: Tensor, gradient: Tensor,
                     rows: [Int64]?, step: Int64) {
        let shape = variable.shape, dtype = variable.dtype, count = variable.count
        let width = shape.rank == 0 ? 1 : count / Swift.max(shape[0], 1)
        let g = UnsafeRawPointer(gradient.hostPointer)
        withExtendedLifetime(gradient) {
            if let rows {
                rows.withUnsafeBufferPointer { r in
                    update(OptimizerUpdate(dtype: dtype, value: value, gradient: g, slots: slots, rows: r, width: width, count: count), step: step)
                }
            } else {
                update(OptimizerUpdate(dtype: dtype, value: value, gradient: g, slots: slots, rows: nil, width: width, count: count), step: step)
            }
        }
    }
}
