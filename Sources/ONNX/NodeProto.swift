/// One operator call in a graph (`NodeProto`): `outputs = opType(inputs; attributes)`.
public struct NodeProto: Hashable, Sendable {
    /// The names of the values it reads, in the operator's order; `""` skips an optional input.
    public var input: [String]
    /// The names of the values it makes.
    public var output: [String]
    /// The node's own name (optional in ONNX; est names every node so errors can point at it).
    public var name: String
    /// The operator, e.g. `"MatMul"`.
    public var opType: String
    /// The operator set's domain: `""` for standard ONNX, `"ai.onnx.ml"` for the classical-ML operators.
    public var domain: String
    /// The node's attributes.
    public var attribute: [AttributeProto]
    /// A human-readable note (`doc_string`).
    public var docString: String

    /// A node calling `opType`.
    public init(opType: String, input: [String], output: [String], name: String = "", domain: String = "",
                attribute: [AttributeProto] = [], docString: String = "") {
        self.opType = opType
        self.input = input
        self.output = output
        self.name = name
        self.domain = domain
        self.attribute = attribute
        self.docString = docString
    }
}
