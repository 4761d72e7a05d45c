import Tensors

/// Adam (Keras legacy, `ResourceApplyAdam`).
///
/// `lr_t = lr·√(1-β2^t)/(1-β1^t); m += (g-m)(1-β1); v += (g²-v)(1-β2); var -= lr_t·m/(√v + ε)`.
/// ε is added after the bias correction ("epsilon hat"). The sparse update is not lazy, as
/// in TF: `m = β1·m + (1-β1)·g` and `v = β2·v + (1-β2)·g²` on every row (`g = 0` off the
/// gradient's rows), and every row moves while its `m ≠ 0` (``AdamRule``).
/// Defaults: `learningRate` 0.001, `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-7.
public final class Adam: Optimizer, @unchecked Sendable {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double

    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(name: "Adam", learningRate: learningRate)
    }

    public override var slotNames: [String] { ["m", "v"] }

    /// `lr_t` of update `step`.
    func correctedRate(_ step: Int64) -> Double {
        // TF computes the powers in float32.
        let b1t = Double(Float.pow(Float(beta1), Float(step))), b2t = Double(Float.pow(Float(beta2), Float(step)))
        return learningRate * (1 - b2t).squareRoot() / (1 - b1t)
    }

    public override func update(_ memory: OptimizerUpdate, step: Int64) {
        memory.run(AdamRule(correctedRate: correctedRate(step), beta1: beta1, beta2: beta2, epsilon: epsilon))
    }
}

/// ``Adam``'s rule for one step (slots 0 `m`, 1 `v`); `correctedRate` is that step's `lr_t`.
public struct AdamRule: OptimizerRule {
    public var correctedRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double

    public init(correctedRate: Double, beta1: Double, beta2: Double, epsilon: Double) {
        (self.correctedRate, self.beta1, self.beta2, self.epsilon) = (correctedRate, beta1, beta2, epsilon)
    }

    public var sparseIsLazy: Bool { false }

    @inlinable @inline(__always)
    public func update<F: FloatingTensorScalar>(_ value: inout F, gradient g: F, slots: inout OptimizerSlots<F>) {
        let m = slots.0 + (g - slots.0) * F(1 - beta1)
        let v = slots.1 + (g * g - slots.1) * F(1 - beta2)
        slots = (m, v, slots.2)
        value = value - m * F(correctedRate) / (v.squareRoot() + F(epsilon))
    }

    @inlinable @inline(__always)
    public func sparseUpdate<F: FloatingTensorScalar>(_ value: inout F, gradient g: F?, slots: inout OptimizerSlots<F>) {
        // TF decays every row, then adds the gradient's rows (a scatter-add).
        var m = slots.0 * F(beta1), v = slots.1 * F(beta2)
        if let g {
            m = m + g * F(1 - beta1)
            v = v + g * g * F(1 - beta2)
        }
        slots = (m, v, slots.2)
        value = value - m * F(correctedRate) / (v.squareRoot() + F(epsilon))
    }
}
