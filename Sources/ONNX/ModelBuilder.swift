import Foundation
import Tensors

/// Builds an ONNX model step by step, as an exporter walks a network: inputs, weights, nodes, outputs.
///
/// ```swift
/// var b = ModelBuilder(graphName: "dnn")
/// b.addInput("x", .float, shape: [.batch, 4])
/// b.addInitializer("w", Tensor([Float](repeating: 0.5, count: 12), shape: [4, 3]))
/// b.addNode("MatMul", inputs: ["x", "w"], outputs: ["logits"])
/// b.addNode("ArgMax", inputs: ["logits"], outputs: ["class_ids"], attributes: [.int("axis", 1), .int("keepdims", 0)])
/// b.addOutput("class_ids", .int64, shape: [.batch])
/// try b.write(to: URL(fileURLWithPath: "model.onnx"))
/// ```
/// `model()` checks the graph before anything is written: see there.
public struct ModelBuilder: Sendable {
    /// The graph so far.
    public var graph: GraphProto
    /// The operator sets imported, in order; the standard domain `""` comes first.
    public private(set) var opsetImport: [OperatorSetIdProto]
    /// The ONNX IR version written (8 pairs with opset 17; tested with onnxruntime 1.32).
    public var irVersion: Int64 = 8
    /// The producer written into the model.
    public var producerName: String
    /// The producer's version.
    public var producerVersion: String
    /// Metadata written as `metadata_props`, in insertion order.
    public private(set) var metadataProps: [StringStringEntryProto] = []

    /// The default version of the standard operator set.
    public static let defaultOpset: Int64 = 17
    /// The `ai.onnx.ml` operator set version imported when a node of that domain is added (3: `LabelEncoder`, `TreeEnsemble*`).
    public static let defaultMLOpset: Int64 = 3

    /// An empty graph named `graphName`, importing the standard operator set at `opset`.
    public init(graphName: String, opset: Int64 = defaultOpset, producerName: String = "est", producerVersion: String = "") {
        graph = GraphProto(name: graphName)
        opsetImport = [OperatorSetIdProto(domain: "", version: opset)]
        self.producerName = producerName
        self.producerVersion = producerVersion
    }

    /// Imports operator set `domain` at `version`, replacing an earlier version of that domain.
    public mutating func setOpset(domain: String, version: Int64) {
        if let i = opsetImport.firstIndex(where: { $0.domain == domain }) { opsetImport[i].version = version } else {
            opsetImport.append(OperatorSetIdProto(domain: domain, version: version))
        }
    }

    /// Sets a `metadata_props` entry, replacing an earlier value of `key`.
    public mutating func setMetadata(_ key: String, _ value: String) {
        if let i = metadataProps.firstIndex(where: { $0.key == key }) { metadataProps[i].value = value } else {
            metadataProps.append(StringStringEntryProto(key: key, value: value))
        }
    }

    /// Appends a node `outputs = opType(inputs)`; a node of domain `ai.onnx.ml` imports that operator set if needed.
    ///
    /// `name` defaults to `<opType>_<index>`; `""` in `inputs` leaves out an optional input.
    public mutating func addNode(_ opType: String, inputs: [String], outputs: [String], attributes: [AttributeProto] = [],
                                 domain: String = "", name: String? = nil) {
        precondition(!outputs.isEmpty, "ModelBuilder: node \(opType) has no outputs")
        if domain == "ai.onnx.ml", !opsetImport.contains(where: { $0.domain == domain }) { setOpset(domain: domain, version: Self.defaultMLOpset) }
        graph.node.append(NodeProto(opType: opType, input: inputs, output: outputs, name: name ?? "\(opType)_\(graph.node.count)",
                                    domain: domain, attribute: attributes))
    }

    /// Adds a constant (a weight) the nodes can read by its name.
    public mutating func addInitializer(_ tensor: TensorProto) {
        precondition(!tensor.name.isEmpty, "ModelBuilder: an initializer needs a name (dims \(tensor.dims), \(tensor.dataType))")
        graph.initializer.append(tensor)
    }

    /// Adds est's `tensor` as the constant `name` (raw little-endian data).
    public mutating func addInitializer(_ name: String, _ tensor: Tensor) { addInitializer(TensorProto(name: name, tensor: tensor)) }

    /// Adds the constant `name` of shape `dims` holding `values`.
    public mutating func addInitializer<T: TensorScalar>(_ name: String, values: [T], dims: [Int]) {
        addInitializer(TensorProto(name: name, values: values, dims: dims))
    }

    /// Declares a graph input; `.batch` (`dim_param "batch"`) in `shape` makes that dimension dynamic.
    ///
    /// For an est tensor's type, pass `DataType(tensor.dtype)`.
    public mutating func addInput(_ name: String, _ elemType: DataType, shape: TensorShapeProto) {
        graph.input.append(ValueInfoProto(name: name, elemType: elemType, shape: shape))
    }

    /// Declares a graph output (a value some node makes).
    public mutating func addOutput(_ name: String, _ elemType: DataType, shape: TensorShapeProto) {
        graph.output.append(ValueInfoProto(name: name, elemType: elemType, shape: shape))
    }
}
