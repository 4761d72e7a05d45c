import Tensors

extension Interpreter {
    /// The standard-domain ops the runtime runs (opset 17 semantics).
    static let standardOps: Set<String> = Set(unaryOps.keys).union([
        "Elu", "Selu", "LeakyRelu", "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "And", "Or",
        "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Where", "Cast", "Softmax", "LogSoftmax",
        "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceMean", "ArgMax", "ArgMin", "MatMul", "Gemm",
        "Gather", "Slice", "Transpose", "Expand", "Reshape", "Concat", "Squeeze", "Unsqueeze", "Flatten", "Identity",
        "Constant", "Shape", "OneHot", "IsNaN",
    ])

    /// The ai.onnx.ml ops the runtime runs.
    static let mlOps: Set<String> = ["LabelEncoder", "TreeEnsembleRegressor"]

    /// The kernel of one node, or an error naming an op the runtime does not run.
    static func kernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        switch node.domain {
        case "":
            guard standardOps.contains(node.opType) else {
                throw ExportError("the op '\(node.opType)' is not supported by est's runtime",
                                  hint: "it runs: \(standardOps.sorted().joined(separator: ", "))")
            }
            if let op = unaryOps[node.opType] { return unaryKernel(op, node) }
            switch node.opType {
            case "Elu", "Selu", "LeakyRelu": return try parameterisedActivation(node)
            case "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "And", "Or": return try binaryKernel(node)
            case "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual": return try compareKernel(node, backend: backend)
            case "Where": return whereKernel()
            case "IsNaN": return isNaNKernel()
            case "Cast": return try castKernel(node, backend: backend)
            case "Softmax", "LogSoftmax": return try softmaxKernel(node)
            case "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceMean": return try reduceKernel(node)
            case "ArgMax", "ArgMin": return try argReduceKernel(node)
            case "MatMul": return matmulKernel()
            case "Gemm": return try gemmKernel(node)
            default: return try movementKernel(node, backend: backend)
            }
        case "ai.onnx.ml":
            switch node.opType {
            case "LabelEncoder": return try labelEncoderKernel(node, backend: backend)
            case "TreeEnsembleRegressor": return try treeEnsembleRegressorKernel(node, backend: backend)
            default:
                throw ExportError("the op 'ai.onnx.ml.\(node.opType)' is not supported by est's runtime",
                                  hint: "it runs: \(mlOps.sorted().joined(separator: ", "))")
            }
        default:
            throw ExportError("the domain '\(node.domain)' (op '\(node.opType)') is not supported by est's runtime",
                              hint: "est runs standard ONNX and ai.onnx.ml ops")
        }
    }
}
