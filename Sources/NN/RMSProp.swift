import Tensors

/// RMSProp (Keras legacy `RMSprop`), whose formula depends on `momentum`.
///
/// - `momentum == 0` (Keras Python path): `rms = ρ·rms + (1-ρ)g²`; centered:
///   `mg = ρ·mg + (1-ρ)g`, `denom = rms - mg²`; then `var -= lr·g/(√denom + ε)` (ε outside
///   the root). The sparse update decays `rms` (and `mg`) on every row and moves only the
///   touched rows of `var`.
/// - `momentum > 0` (fused `ResourceApplyRMSProp`): `ms += (g²-ms)(1-ρ)`; centered:
///   `mg += (g-mg)(1-ρ)`, `denom = ms - mg² + ε`, else `ms + ε` (ε inside the root);
///   `mom = momentum·mom + lr·g/√denom; var -= mom`. The sparse update is lazy.
///
/// Slots `rms` (starts at 0), `momentum` when momentum > 0, `mg` when centered.
/// Defaults: `learningRate` 0.001, `rho` 0.9, `momentum` 0, `epsilon` 1e-7.
public final class RMSProp: Optimizer, @unchecked Sendable {
    public let rho: Double
    public let momentum: Double
    public let epsilon: Double
    public let centered: Bool

    public init(learningRate: Double = 0.001, rho: Double = 0.9, momentum: Double = 0, epsilon: Double = 1e-7, centered: Bool = false) {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(name: "RMSprop", learningRate: learningRate)
    }

    public override var slotNames: [String] { ["rms"] + (momentum > 0 ? ["momentum"] : []) + (centered ? ["mg"] : []) }

    public override func update(_ memory: OptimizerUpdate, step: Int64) {
        memory.run(RMSPropRule(learningRate: learningRate, rho: rho, momentum: momentum, epsilon: epsilon, centered: centered))
    }
}

/// ``RMSProp``'s rule; slots in ``RMSProp/slotNames`` order: `rms`, then `momentum` when
/// momentum > 0, then `mg` when centered.
public struct RMSPropRule: OptimizerRule {
    public var learningRate: Double
    public var rho: Double
    public var momentum: Double
    public var epsilon: Double
    public var centered: Bool

    public init(learningRate: Double, rho: Double, momentum: Double, epsilon: Double, centered: Bool) {
        (self.learningRate, self.rho, self.momentum, self.epsilon, self.centered) = (learningRate, rho, momentum, epsilon, centered)
    }

    /// Only the fused form (momentum > 0) is lazy; the Python form decays every row.
    public var sparseIsLazy: Bool { momentum > 0 }

    @inlinable @inline(__always)
    public func update<F: FloatingTensorScalar>(_ value: inout F, gradient g: F, slots: inout OptimizerSlots<F>) {
        if momentum > 0 {
            let ms = slots.0 + (g * g - slots.0) * F(1 - rho)
            slots.0 = ms
            var denom = ms + F(epsilon)
            if centered {
                let mg = slots.2 + (g - slots.2) * F(1 - rho)
                slots.2 = mg
                denom = ms - mg * mg + F(epsilon)
            }
            let mom = slots.1 * F(momentum) + g * F(learningRate) / denom.squareRoot()
            slots.1 = mom
            value = value - mom
            return
        }
        let rms = slots.0 * F(rho) + g * g * F(1 - rho)
        slots.0 = rms
        var denom = rms
        if centered {
            let mg = slots.1 * F(rho) + g * F(1 - rho)
            slots.1 = mg
            denom = rms - mg * mg
        }
        value = value - g * F(learningRate) / (denom.squareRoot() + F(epsilon))
    }

    @inlinable @inline(__always)
    public func sparseUpdate<F: FloatingTensorScalar>(_ value: inout F, gradient g: F?, slots: inout OptimizerSlots<F>) {
        if let g { return update(&value, gradient: g, slots: &slots) }
        guard momentum == 0 else { return }
        // Rows without a gradient: TF decays `rms` (and `mg`) and leaves the variable.
        slots.0 = slots.0 * F(rho)
        if centered { slots.1 = slots.1 * F(rho) }
    }
}
