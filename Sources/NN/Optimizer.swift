import Tensors

/// The base of every optimizer: slots, names, the step counter and dense/sparse dispatch.
///
/// A subclass states its slots (``slotNames``, ``initialSlotValue(_:)``) and its update rule,
/// once, as an ``OptimizerRule``: a per-element function in TF's exact formula that
/// ``update(_:step:)`` hands to ``OptimizerUpdate/run(_:)``. The base class runs that rule on
/// every path: in place on host memory (Reference and CPU backends), or on host copies of the
/// tensors for other backends. A sparse gradient is first deduplicated (rows sharing an index
/// are summed); the rule then runs on the touched rows only ("lazy"), unless it says its TF
/// sparse update is not lazy (Adam, RMSProp without momentum).
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

    /// The slots this optimizer keeps per variable, in TF's order (at most 3).
    open var slotNames: [String] { [] }

    /// The value a new slot starts at.
    open func initialSlotValue(_ slot: String) -> Double { 0 }

    /// Runs one update: builds this optimizer's ``OptimizerRule`` for `step` and passes it to
    /// `memory.run(_:)`.
    ///
    /// `step` is the 1-based number of this update (Keras's `iterations + 1`).
    open func update(_ memory: OptimizerUpdate, step: Int64) {
        preconditionFailure("\(type(of: self)) must override update(_:step:)")
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

    /// Applies one step of gradients, then increments ``iterations``.
    public func apply(_ gradients: [(gradient: Gradient, variable: Variable)]) {
        let step = iterations + 1
        for (g, v) in gradients {
            precondition(v.trainable, "\(name): variable '\(v.name)' is not trainable")
            applyRule(g, to: v, step: step)
        }
        iterations += 1
    }
}
