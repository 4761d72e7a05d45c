import Tensors

/// The base of every optimizer: slots, names, the step counter and dense/sparse dispatch.
///
/// A subclass states its slots (``slotNames``, ``initialSlotValue(_:)``) and one update
/// rule, ``update(_:gradient:slots:step:)``, in TF's exact formula. A sparse gradient is
/// first deduplicated (rows sharing an index are summed), then by default the same rule runs
/// on the touched rows only ("lazy"); optimizers whose TF sparse update is not lazy (Adam,
/// RMSProp without momentum) override ``applySparse(_:to:slots:step:)``.
///
/// Slot variables are named as TF 2.15's canned estimators write them:
/// `training/<Optimizer>/<variable>/<slot>` (e.g. `training/Adagrad/dnn/logits/bias/accumulator`).
open class Optimizer: @unchecked Sendable {
    /// The optimizer's name in checkpoints: `Adagrad`, `Adam`, `Ftrl`, `RMSprop`, `SGD`.
    public let name: String
    /// The step size.
    public var learningRate: Double
    /// How many updates ran (Keras's `iterations`).
    public var iterations: Int64 = 0
    private var slotTable: [ObjectIdentifier: [String: Variable]] = [:]
    private var slotOrder: [Variable] = []

    public init(name: String, learningRate: Double) {
        precondition(learningRate >= 0, "\(name): learning rate must be non-negative, got \(learningRate)")
        self.name = name
        self.learningRate = learningRate
    }

    /// The slots this optimizer keeps per variable, in TF's order.
    open var slotNames: [String] { [] }

    /// The value a new slot starts at.
    open func initialSlotValue(_ slot: String) -> Double { 0 }

    /// One dense update: the new value of a variable given its gradient; updates `slots`.
    ///
    /// `step` is the 1-based number of this update (Keras's `iterations + 1`).
    open func update(_ value: Tensor, gradient: Tensor, slots: inout [String: Tensor], step: Int64) -> Tensor {
        preconditionFailure("\(type(of: self)) must override update(_:gradient:slots:step:)")
    }

    /// Whether ``updateOnHost(_:step:)`` implements ``update(_:gradient:slots:step:)`` for float32
    /// host memory (then variables on the Reference and CPU backends are updated in place, with
    /// no tensor ops; the lazy sparse rule runs on the touched rows).
    open var hasHostRule: Bool { false }

    /// ``update(_:gradient:slots:step:)`` on host memory, element by element, with the same
    /// float32 operations in the same order (so the same numbers). Only called when
    /// ``hasHostRule`` is true.
    open func updateOnHost(_ u: HostUpdate, step: Int64) {
        preconditionFailure("\(type(of: self)) says hasHostRule but does not override updateOnHost(_:step:)")
    }

    /// Applies a deduplicated sparse gradient; by default runs ``update(_:gradient:slots:step:)`` on the touched rows.
    open func applySparse(_ gradient: IndexedSlices, to variable: Variable, slots: [String: Variable], step: Int64) {
        let rows = gradient.indices
        var rowSlots = slots.mapValues { $0.value.gathering(rows) }
        let newRows = update(variable.value.gathering(rows), gradient: gradient.values, slots: &rowSlots, step: step)
        variable.value.scatter(.set, indices: rows, values: newRows)
        for (k, s) in slots { s.value.scatter(.set, indices: rows, values: rowSlots[k]!) }
    }

    /// The slot variable `slot` of `variable`, created on first use.
    public func slot(_ slot: String, for variable: Variable) -> Variable {
        slots(for: variable)[slot]!
    }

    /// Every slot of `variable`, created on first use.
    public func slots(for variable: Variable) -> [String: Variable] {
        let key = ObjectIdentifier(variable)
        if let s = slotTable[key] { return s }
        var s: [String: Variable] = [:]
        for n in slotNames {
            let v = variable.value
            s[n] = Variable(v.backend.fill(initialSlotValue(n), shape: v.shape, dtype: v.dtype),
                            name: "training/\(name)/\(variable.name)/\(n)", trainable: false)
        }
        slotTable[key] = s
        slotOrder.append(variable)
        return s
    }

    /// Every slot variable created so far, by variable then slot order (for checkpoints).
    public var slotVariables: [Variable] {
        slotOrder.flatMap { v in slotNames.compactMap { slotTable[ObjectIdentifier(v)]?[$0] } }
    }

    /// Variables up to this many elements are updated together: their values, gradients and
    /// slots are joined into one vector, the rule runs once, and the results are split back.
    /// Every rule here is elementwise, so this gives the same numbers with far fewer kernel
    /// calls (a linear model has one tiny variable per numeric column).
    public static let fusedUpdateLimit = 4096

    /// Applies one step of gradients, then increments ``iterations``.
    public func apply(_ gradients: [(gradient: Gradient, variable: Variable)]) {
        let step = iterations + 1
        var small: [(Tensor, Variable)] = []
        var rest: [(gradient: Gradient, variable: Variable)] = []
        for (g, v) in gradients {
            precondition(v.trainable, "\(name): variable '\(v.name)' is not trainable")
            if applyOnHost(g, to: v, step: step) { continue }
            if case let .dense(t) = g, v.value.count <= Self.fusedUpdateLimit, t.shape == v.shape, v.trainable,
               t.dtype == v.value.dtype, t.backend === v.value.backend { small.append((t.detached(), v)) } else { rest.append((g, v)) }
        }
        if small.count >= 2 && Set(small.map { $0.1.value.dtype }).count == 1 {
            applyFused(small, step: step)
        } else {
            rest = small.map { (.dense($0.0), $0.1) } + rest
        }
        for (g, v) in rest {
            precondition(v.trainable, "\(name): variable '\(v.name)' is not trainable")
            let s = slots(for: v)
            switch g {
            case let .dense(t):
                precondition(t.shape == v.shape, "\(name): gradient \(t.shape) does not match variable '\(v.name)' \(v.shape)")
                var current = s.mapValues(\.value)
                v.assign(update(v.value, gradient: t.detached(), slots: &current, step: step))
                for (k, sv) in s { sv.assign(current[k]!) }
            case let .sparse(slices):
                precondition(slices.denseShape == v.shape, "\(name): sparse gradient of \(slices.denseShape) does not match '\(v.name)' \(v.shape)")
                applySparse(slices.deduplicated(), to: v, slots: s, step: step)
            }
        }
        iterations += 1
    }

    private func applyFused(_ items: [(Tensor, Variable)], step: Int64) {
        let sizes = items.map { $0.1.value.count }
        func joined(_ parts: [Tensor]) -> Tensor { Tensor.concat(parts.map { $0.reshaped(to: [-1]) }, axis: 0) }
        let slotSets = items.map { slots(for: $0.1) }
        var fusedSlots: [String: Tensor] = [:]
        for name in slotNames { fusedSlots[name] = joined(slotSets.map { $0[name]!.value }) }
        let newValue = update(joined(items.map { $0.1.value }), gradient: joined(items.map { $0.0 }), slots: &fusedSlots, step: step)
        let values = newValue.split(sizes: sizes)
        for (k, (_, v)) in items.enumerated() { v.assign(values[k].reshaped(to: v.shape)) }
        for name in slotNames {
            let parts = fusedSlots[name]!.split(sizes: sizes)
            for (k, s) in slotSets.enumerated() { s[name]!.assign(parts[k].reshaped(to: items[k].1.shape)) }
        }
    }
}
