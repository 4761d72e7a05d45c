import Tensors

extension TracingBackend {
    /// The node for an op computed by the inner backend: wraps `result` under the new node's output.
    func emit(_ result: Tensor, _ opType: String, _ inputs: [String], _ attributes: [AttributeProto] = []) -> Tensor {
        wrap(result, name: node(opType, inputs, attributes))
    }

    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        let result = inner.unary(op, unwrap(x))
        let v = value(x)
        let one = { self.scalar(1, x.dtype) }
        switch op {
        case .negate: return emit(result, "Neg", [v])
        case .abs: return emit(result, "Abs", [v])
        case .sign: return emit(result, "Sign", [v])
        case .square: return emit(result, "Mul", [v, v])
        case .sqrt: return emit(result, "Sqrt", [v])
        case .rsqrt: return emit(result, "Reciprocal", [node("Sqrt", [v])])
        case .reciprocal: return emit(result, "Reciprocal", [v])
        case .exp: return emit(result, "Exp", [v])
        case .expm1: return emit(result, "Sub", [node("Exp", [v]), one()])
        case .log: return emit(result, "Log", [v])
        case .log1p: return emit(result, "Log", [node("Add", [v, one()])])
        case .sin: return emit(result, "Sin", [v])
        case .cos: return emit(result, "Cos", [v])
        case .erf: return emit(result, "Erf", [v])
        case .floor: return emit(result, "Floor", [v])
        case .ceil: return emit(result, "Ceil", [v])
        case .round: return emit(result, "Round", [v])
        case .tanh: return emit(result, "Tanh", [v])
        case .sigmoid: return emit(result, "Sigmoid", [v])
        case .relu: return emit(result, "Relu", [v])
        case .elu: return emit(result, "Elu", [v], [.float("alpha", 1)])
        case .selu: return emit(result, "Selu", [v])
        case .softplus: return emit(result, "Softplus", [v])
        case .leakyRelu(let alpha): return emit(result, "LeakyRelu", [v], [.float("alpha", Float(alpha))])
        case .logicalNot: return emit(result, "Not", [v])
        case .gelu:
            if opset >= 20 { return emit(result, "Gelu", [v]) }
            // x·½·(1 + erf(x/√2)): opsets before 20 have no Gelu.
            let erf = node("Erf", [node("Mul", [v, scalar(0.70710678118654752440, x.dtype)])])
            let half = node("Mul", [v, scalar(0.5, x.dtype)])
            return emit(result, "Mul", [half, node("Add", [erf, one()])])
        }
    }

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        let result = inner.binary(op, unwrap(a), unwrap(b), shape: shape)
        let opType = switch op {
        case .add: "Add"
        case .subtract: "Sub"
        case .multiply: "Mul"
        case .divide: "Div"
        case .pow: "Pow"
        case .maximum: "Max"
        case .minimum: "Min"
        case .logicalAnd: "And"
        case .logicalOr: "Or"
        }
        return emit(result, opType, [value(a), value(b)])
    }

    public func compare(_ op: ComparisonOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        let result = inner.compare(op, unwrap(a), unwrap(b), shape: shape)
        let inputs = [value(a), value(b)]
        switch op {
        case .equal: return emit(result, "Equal", inputs)
        case .notEqual: return emit(result, "Not", [node("Equal", inputs)])
        case .less: return emit(result, "Less", inputs)
        case .lessEqual: return emit(result, "LessOrEqual", inputs)
        case .greater: return emit(result, "Greater", inputs)
        case .greaterEqual: return emit(result, "GreaterOrEqual", inputs)
        }
    }

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        let result = inner.select(unwrap(condition), unwrap(a), unwrap(b), shape: shape)
        return emit(result, "Where", [value(condition), value(a), value(b)])
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        emit(inner.cast(unwrap(x), to: dtype), "Cast", [value(x)], [.int("to", Int64(DataType(dtype).rawValue))])
    }
}
