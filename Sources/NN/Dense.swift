import Tensors

/// A fully connected layer: `activation(matmul(input, kernel) + bias)`.
///
/// The kernel is `[inputSize, units]`, glorot-uniform by default; the bias is `[units]`,
/// zeros. Variables are named `<name>/kernel` and `<name>/bias`, as TF's canned DNN
/// (`dnn/hiddenlayer_0/kernel`).
///
/// ```swift
/// var rng = RandomGenerator(seed: 1)
/// let layer = Dense(inputSize: 4, units: 3, activation: .relu, name: "dnn/hiddenlayer_0", rng: &rng)
/// layer(Tensor.ones([2, 4])).shape   // [2, 3]
/// ```
public final class Dense: Layer {
    public let kernel: Variable
    public let bias: Variable?
    public let activation: Activation

    public init(inputSize: Int, units: Int, activation: Activation = .linear, useBias: Bool = true, name: String = "dense",
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                rng: inout RandomGenerator, dtype: DType = .float32, on backend: (any Backend)? = nil) {
        precondition(inputSize > 0 && units > 0, "Dense '\(name)': sizes must be positive, got \(inputSize) → \(units)")
        kernel = Variable(kernelInitializer.make([inputSize, units], rng: &rng, dtype: dtype, on: backend), name: "\(name)/kernel")
        bias = useBias ? Variable(biasInitializer.make([units], rng: &rng, dtype: dtype, on: backend), name: "\(name)/bias") : nil
        self.activation = activation
    }

    /// Wraps existing variables (for restoring or tests).
    public init(kernel: Variable, bias: Variable?, activation: Activation = .linear) {
        precondition(kernel.shape.rank == 2, "Dense: kernel '\(kernel.name)' must be rank 2, got \(kernel.shape)")
        if let bias { precondition(bias.shape == [kernel.shape[1]], "Dense: bias \(bias.shape) does not match kernel \(kernel.shape)") }
        self.kernel = kernel
        self.bias = bias
        self.activation = activation
    }

    public var variables: [Variable] { [kernel] + (bias.map { [$0] } ?? []) }

    /// The layer's output for a `[batch, inputSize]` input, before the activation.
    public func preActivation(_ input: Tensor) -> Tensor {
        let y = Tensor.matmul(input, kernel.read())
        return bias.map { y + $0.read() } ?? y
    }

    public func callAsFunction(_ input: Tensor) -> Tensor { activation(preActivation(input)) }
}
