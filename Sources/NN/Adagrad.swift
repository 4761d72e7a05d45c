import Tensors

/// Adagrad (Keras legacy): `acc += g²; var -= lr·g / (√acc + ε)` (``AdagradRule``).
///
/// Slot `accumulator` starts at `initialAccumulatorValue`. Defaults: `learningRate` 0.001,
/// `initialAccumulatorValue` 0.1, `epsilon` 1e-7 (what TF 2.15's `DNNClassifier` builds).
public final class Adagrad: Optimizer, @unchecked Sendable {
    public let initialAccumulatorValue: Double
    public let epsilon: Double

    public init(learningRate: Double = 0.001, initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(name: "Adagrad", learningRate: learningRate)
    }

    public override var slotNames: [String] { ["accumulator"] }
    public override func initialSlotValue(_ slot: String) -> Double { initialAccumulatorValue }

    public override func update(_ memory: OptimizerUpdate, step: Int64) {
        memory.run(AdagradRule(learningRate: learningRate, epsilon: epsilon))
    }
}

/// ``Adagrad``'s rule (slot 0 `accumulator`): `acc += g²; var -= lr·g / (√acc + ε)`.
public struct AdagradRule: OptimizerRule {
    public var learningRate: Double
    public var epsilon: Double

    public init(learningRate: Double, epsilon: Double) { (self.learningRate, self.epsilon) = (learningRate, epsilon) }

    @inlinable @inline(__always)
    public func update<F: FloatingTensorScalar>(_ value: inout F, gradient g: F, slots: inout OptimizerSlots<F>) {
        let acc = slots.0 + g * g
        slots.0 = acc
        value = value - g * F(learningRate) / (acc.squareRoot() + F(epsilon))
    }
}
