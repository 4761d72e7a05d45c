import Tensors

/// Adam (Keras legacy, `ResourceApplyAdam`).
///
/// `lr_t = lr·√(1-β2^t)/(1-β1^t); m += (g-m)(1-β1); v += (g²-v)(1-β2); var -= lr_t·m/(√v + ε)`.
/// ε is added after the bias correction ("epsilon hat"). The sparse update is not lazy, as
/// in TF: `m` and `v` decay on every row and every row moves while its `m ≠ 0`.
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

    func correctedRate(_ step: Int64) -> Double {
        // TF computes the powers in float32.
        let b1t = Double(Float.pow(Float(beta1), Float(step))), b2t = Double(Float.pow(Float(beta2), Float(step)))
        return learningRate * (1 - b2t).squareRoot() / (1 - b1t)
    }

    public override func update(_ value: Tensor, gradient g: Tensor, slots: inout [String: Tensor], step: Int64) -> Tensor {
        let m = slots["m"]!, v = slots["v"]!
        let m1 = m + (g - m) * (1 - beta1)
        let v1 = v + (g.square() - v) * (1 - beta2)
        slots["m"] = m1
        slots["v"] = v1
        return value - m1 * correctedRate(step) / (v1.sqrt() + epsilon)
    }

    public override func applySparse(_ gradient: IndexedSlices, to variable: Variable, slots: [String: Variable], step: Int64) {
        let m = slots["m"]!, v = slots["v"]!
        let rows = gradient.indices, g = gradient.values
        m.assign(m.value * beta1)
        m.value.scatter(.add, indices: rows, values: g * (1 - beta1))
        v.assign(v.value * beta2)
        v.value.scatter(.add, indices: rows, values: g.square() * (1 - beta2))
        variable.assign(variable.value - m.value * correctedRate(step) / (v.value.sqrt() + epsilon))
    }
}
