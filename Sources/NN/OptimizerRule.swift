import Tensors

/// The slot values of one element, in ``Optimizer/slotNames`` order; unused places are 0.
///
/// Three places cover every optimizer here (RMSProp centered with momentum uses all three).
public typealias OptimizerSlots<F> = (F, F, F)

/// An optimizer's update rule for one element, written once in TF's exact formula.
///
/// Every execution path runs this one definition: the host loop updates float32 or float64
/// variables in place, dense or on the rows of a sparse gradient (``OptimizerUpdate``); other
/// backends copy the tensors to host memory, run the same loop and copy them back. A device
/// backend is meant to run the same per-element function as a kernel, so a rule keeps to a
/// contract that makes that possible:
///
/// - It is a pure function of `value`, `gradient`, the element's `slots` and the rule's own
///   stored properties: no other memory, no globals, no captured state, no allocation.
/// - The rule value is a plain struct of `Double` hyper-parameters (and flags) built by its
///   optimizer once per step (``Optimizer/update(_:step:)``); the rule converts each to the
///   variable's type `F` where it is used, as TF casts hyper-parameters to the variable's
///   dtype, and computes derived constants in `Double` first where TF's tensor code did.
/// - The operations and their order are TF's (and today's tensor formula's), so float32
///   results are bit-identical on every path; `HostPathTests` and the goldens check this.
///
/// ```swift
/// struct HalvingRule: OptimizerRule {   // value -= g / 2
///     func update<F: FloatingTensorScalar>(_ value: inout F, gradient g: F, slots: inout OptimizerSlots<F>) {
///         value = value - g / 2
///     }
/// }
/// ```
public protocol OptimizerRule: Sendable {
    /// Whether a sparse gradient updates only its rows (TF's lazy sparse update, the default).
    /// A rule that is not lazy gets ``sparseUpdate(_:gradient:slots:)`` for every element.
    var sparseIsLazy: Bool { get }

    /// One element of a dense update, and of a lazy sparse update's rows: updates `value`
    /// and `slots` given the element's gradient `g`.
    func update<F: FloatingTensorScalar>(_ value: inout F, gradient g: F, slots: inout OptimizerSlots<F>)

    /// One element of a sparse update that is not lazy: `g` is `nil` where the sparse
    /// gradient has no row (TF's sparse Adam decays every row's moments, for example).
    func sparseUpdate<F: FloatingTensorScalar>(_ value: inout F, gradient g: F?, slots: inout OptimizerSlots<F>)
}

extension OptimizerRule {
    public var sparseIsLazy: Bool { true }

    /// The lazy form: elements without a gradient row stay as they are.
    @inlinable @inline(__always)
    public func sparseUpdate<F: FloatingTensorScalar>(_ value: inout F, gradient g: F?, slots: inout OptimizerSlots<F>) {
        if let g { update(&value, gradient: g, slots: &slots) }
    }
}
