/// A named, mutable tensor: a model weight, an optimizer slot, `global_step`.
///
/// Names follow TensorFlow's checkpoints (`dnn/hiddenlayer_0/kernel`). Reading a variable
/// inside ``GradientTape/record(_:)`` watches it on that tape.
public final class Variable: @unchecked Sendable {
    /// The checkpoint name.
    public let name: String
    /// Whether optimizers update it.
    public let trainable: Bool
    /// The current value.
    ///
    /// Mutate it in place (`variable.value.scatter(…)`) to update rows without copying the
    /// whole tensor; replace it with ``assign(_:)``, which checks shape and dtype.
    public var value: Tensor

    /// Replaces the value with one of the same shape and dtype.
    public func assign(_ newValue: Tensor) {
        precondition(newValue.shape == value.shape && newValue.dtype == value.dtype,
                     "Variable '\(name)': cannot assign \(newValue.dtype)\(newValue.shape) to \(value.dtype)\(value.shape)")
        value = newValue.detached()
    }

    public init(_ value: Tensor, name: String, trainable: Bool = true) {
        self.value = value.detached()
        self.name = name
        self.trainable = trainable
    }

    /// The value, watched by the current tape when one is recording.
    public func read() -> Tensor {
        if trainable, let tape = GradientTape.current { return tape.watch(self) }
        return value
    }

    /// The shape of the value.
    public var shape: Shape { value.shape }
}
