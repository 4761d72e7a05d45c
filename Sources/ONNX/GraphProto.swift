/// A computation graph (`GraphProto`): nodes in topological order, their constants, and the typed inputs and outputs.
public struct GraphProto: Hashable, Sendable {
    /// The nodes, each after the nodes that make its inputs.
    public var node: [NodeProto]
    /// The graph's name.
    public var name: String
    /// Named constants the nodes read (the model's weights).
    public var initializer: [TensorProto]
    /// The values a caller feeds.
    public var input: [ValueInfoProto]
    /// The values a caller gets back.
    public var output: [ValueInfoProto]
    /// Optional types of intermediate values.
    public var valueInfo: [ValueInfoProto]
    /// A human-readable note (`doc_string`).
    public var docString: String

    /// A graph; every part defaults to empty.
    public init(name: String = "", node: [NodeProto] = [], initializer: [TensorProto] = [], input: [ValueInfoProto] = [],
                output: [ValueInfoProto] = [], valueInfo: [ValueInfoProto] = [], docString: String = "") {
        self.name = name
        self.node = node
        self.initializer = initializer
        self.input = input
        self.output = output
        self.valueInfo = valueInfo
        self.docString = docString
    }
}
