import Tensors

/// A building block of a model that owns variables.
///
/// Each layer has its own `callAsFunction`; variables are read through
/// ``Variable/read()`` so a recording ``GradientTape`` sees them.
public protocol Layer: AnyObject {
    /// Every variable the layer owns, trainable or not, in a stable order.
    var variables: [Variable] { get }
}

extension Layer {
    /// The variables an optimizer updates.
    public var trainableVariables: [Variable] { variables.filter(\.trainable) }
}

/// An elementwise activation function, named as in TF/Keras.
public enum Activation: String, Sendable, CaseIterable, Codable {
    case linear, relu, sigmoid, tanh, elu, selu, gelu, softplus
    /// Leaky ReLU with TF's `tf.nn.leaky_relu` slope 0.2.
    case leakyRelu = "leaky_relu"

    /// Applies the function.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: x
        case .relu: x.relu()
        case .sigmoid: x.sigmoid()
        case .tanh: x.tanh()
        case .elu: x.elu()
        case .selu: x.selu()
        case .gelu: x.gelu()
        case .softplus: x.softplus()
        case .leakyRelu: x.leakyRelu(alpha: 0.2)
        }
    }
}
