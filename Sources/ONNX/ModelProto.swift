/// An operator set a model uses (`OperatorSetIdProto`): its domain (`""` is standard ONNX) and version.
public struct OperatorSetIdProto: Hashable, Sendable {
    /// The domain: `""` (standard ONNX, also written `ai.onnx`) or e.g. `"ai.onnx.ml"`.
    public var domain: String
    /// The operator set version the nodes of that domain bind to.
    public var version: Int64

    /// The operator set `domain` at `version`.
    public init(domain: String, version: Int64) {
        self.domain = domain
        self.version = version
    }
}

/// A key and a value (`StringStringEntryProto`), as ONNX writes maps (e.g. `metadata_props`).
public struct StringStringEntryProto: Hashable, Sendable {
    public var key: String
    public var value: String

    /// The entry `key = value`.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A whole ONNX model file (`ModelProto`): IR version, operator sets, producer, the graph and metadata.
public struct ModelProto: Hashable, Sendable {
    /// The ONNX IR version the file follows (8 goes with opset 17 and 18; onnxruntime reads up to its own maximum).
    public var irVersion: Int64
    /// The operator sets the graph's nodes use; one must be the standard domain `""`.
    public var opsetImport: [OperatorSetIdProto]
    /// The tool that wrote the model, e.g. `"est"`.
    public var producerName: String
    /// That tool's version.
    public var producerVersion: String
    /// The model's domain (reverse DNS), often empty.
    public var domain: String
    /// The model's own version number.
    public var modelVersion: Int64
    /// A human-readable note (`doc_string`).
    public var docString: String
    /// The graph.
    public var graph: GraphProto
    /// Free-form metadata; keys should be distinct.
    public var metadataProps: [StringStringEntryProto]

    /// A model; everything but the graph has a default.
    public init(graph: GraphProto, irVersion: Int64 = 8, opsetImport: [OperatorSetIdProto] = [OperatorSetIdProto(domain: "", version: 17)],
                producerName: String = "", producerVersion: String = "", domain: String = "", modelVersion: Int64 = 0,
                docString: String = "", metadataProps: [StringStringEntryProto] = []) {
        self.graph = graph
        self.irVersion = irVersion
        self.opsetImport = opsetImport
        self.producerName = producerName
        self.producerVersion = producerVersion
        self.domain = domain
        self.modelVersion = modelVersion
        self.docString = docString
        self.metadataProps = metadataProps
    }
}
