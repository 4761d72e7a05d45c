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

    public override func update(_ value: Tensor, gradient g: Tensor, slots: inout [String: Tensor], step: Int64) -> Tensor {
        if momentum > 0 {
            let ms = slots["rms"]! + (g.square() - slots["rms"]!) * (1 - rho)
            slots["rms"] = ms
            var denom = ms + epsilon
            if centered {
                let mg = slots["mg"]! + (g - slots["mg"]!) * (1 - rho)
                slots["mg"] = mg
                denom = ms - mg.square() + epsilon
            }
            let mom = slots["momentum"]! * momentum + g * learningRate / denom.sqrt()
            slots["momentum"] = mom
            return value - mom
        }
        let rms = slots["rms"]! * rho + g.square() * (1 - rho)
        slots["rms"] = rms
        var denom = rms
        if centered {
            let mg = slots["mg"]! * rho + g * (1 - rho)
            slots["mg"] = mg
            denom = rms - mg.square()
        }
        return value - g * learningRate / (denom.sqrt() + epsilon)
    }

    public override func applySparse(_ gradient: IndexedSlices, to variable: Variable, slots: [String: Variable], step: Int64) {
        guard momentum == 0 else { return super.applySparse(gradient, to: variable, slots: slots, step: step) }
        let rows = gradient.indices, g = gradient.values
        let rms = slots["rms"]!
        rms.assign(rms.value * rho)
        rms.value.scatter(.add, indices: rows, values: g.square() * (1 - rho))
        var denom = rms.value.gathering(rows)
        if centered {
            let mg = slots["mg"]!
            mg.assign(mg.value * rho)
            mg.value.scatter(.add, indices: rows, values: g * (1 - rho))
            denom = denom - mg.value.gathering(rows).square()
        }
        let newRows = variable.value.gathering(rows) - g * learningRate / (denom.sqrt() + epsilon)
        variable.value.scatter(.set, indices: rows, values: newRows)
    }
}
