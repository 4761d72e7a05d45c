import Tensors

/// Gradient descent, with optional (Nesterov) momentum: Keras's legacy `SGD`.
///
/// Without momentum `var -= lr·g` (``SGDRule``). With momentum `m`, slot `momentum` holds `a`:
/// `a = m·a - lr·g; var += a`, or with Nesterov `var += m·a - lr·g` (using the new `a`)
/// (``MomentumRule``). Defaults: `learningRate` 0.01, `momentum` 0.
public final class SGD: Optimizer, @unchecked Sendable {
    public let momentum: Double
    public let nesterov: Bool

    public init(learningRate: Double = 0.01, momentum: Double = 0, nesterov: Bool = false) {
        precondition(momentum >= 0, "SGD: momentum must be non-negative, got \(momentum)")
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(name: "SGD", learningRate: learningRate)
    }

    public override var slotNames: [String] { momentum > 0 ? ["momentum"] : [] }

    public override func update(_ memory: OptimizerUpdate, step: Int64) {
        if momentum > 0 {
            memory.run(MomentumRule(learningRate: learningRate, momentum: momentum, nesterov: nesterov))
        } else {
            memory.run(SGDRule(learningRate: learningRate))
        }
    }
}

/// ``SGD`` without momentum: `var -= lr·g`.
public struct SGDRule: OptimizerRule {
    public var learningRate: Double

    public init(learningRate: Double) { self.learningRate = learningRate }

    @inlinable @inline(__always)
    public func update<F: FloatingTensorScalar>(_ value: inout F, gradient g: F, slots: inout OptimizerSlots<F>) {
        value = value - g * F(learningRate)
    }
}

/// ``SGD`` with momentum (slot 0 `momentum`): `a = m·a - lr·g; var += a`, or `var += m·a - lr·g` (Nesterov).
public struct MomentumRule: OptimizerRule {
    public var learningRate: Double
    public var momentum: Double
    public var nesterov: Bool

    public init(learningRate: Double, momentum: Double, nesterov: Bool) {
        (self.learningRate, self.momentum, self.nesterov) = (learningRate, momentum, nesterov)
    }

    @inlinable @inline(__always)
    public func update<F: FloatingTensorScalar>(_ value: inout F, gradient g: F, slots: inout OptimizerSlots<F>) {
        let a = slots.0 * F(momentum) - g * F(learningRate)
        slots.0 = a
        value = nesterov ? value + a * F(momentum) - g * F(learningRate) : value + a
    }
}
