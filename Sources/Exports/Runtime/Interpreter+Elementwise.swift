import Tensors

extension Interpreter {
    /// ONNX unary ops that are one est kernel.
    static let unaryOps: [String: UnaryOp] = [
        "Neg": .negate, "Abs": .abs, "Sign": .sign, "Sqrt": .sqrt, "Reciprocal": .reciprocal, "Exp": .exp, "Log": .log,
        "Sin": .sin, "Cos": .cos, "Erf": .erf, "Floor": .floor, "Ceil": .ceil, "Round": .round, "Tanh": .tanh,
        "Sigmoid": .sigmoid, "Relu": .relu, "Softplus": .softplus, "Not": .logicalNot,
    ]

    /// `IsNaN`: `x ≠ x` (only NaN differs from itself).
    static func isNaNKernel() -> Kernel {
        { v throws(ExportError) in
            let x = try Args.tensor(v, 0)
            guard x.dtype.isFloatingPoint else { throw ExportError("IsNaN takes float, got \(x.dtype)") }
            return [.tensor(x.backend.compare(.notEqual, x, x, shape: x.shape))]
        }
    }

    static func unaryKernel(_ op: UnaryOp, _ node: NodeAttributes) -> Kernel {
        let name = node.opType
        return { v throws(ExportError) in
            let x = try Args.tensor(v, 0)
            switch op {
            case .logicalNot: guard x.dtype == .bool else { throw ExportError("\(name) takes bool, got \(x.dtype)") }
            case .negate, .abs, .sign, .relu: guard x.dtype != .bool else { throw ExportError("\(name) does not take bool") }
            default: guard x.dtype.isFloatingPoint else { throw ExportError("\(name) takes float, got \(x.dtype)") }
            }
            return [.tensor(x.backend.unary(op, x))]
        }
    }

    /// `Elu`, `Selu`, `LeakyRelu`: est's kernel when the attributes are est's constants, else composed.
    static func parameterisedActivation(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        switch node.opType {
        case "Elu":
            let alpha = Double(try node.float("alpha", 1))
            return { v throws(ExportError) in
                let x = try floating(v, 0)
                if alpha == 1 { return [.tensor(x.backend.unary(.elu, x))] }
                return [.tensor(Tensor.select(x .> x.scalar(0), x, x.backend.unary(.expm1, x) * alpha))]
            }
        case "Selu":
            let alpha = try node.float("alpha", 1.67326319217681884765625), gamma = try node.float("gamma", 1.05070102214813232421875)
            let standard = alpha == 1.67326319217681884765625 && gamma == 1.05070102214813232421875
            return { v throws(ExportError) in
                let x = try floating(v, 0)
                if standard { return [.tensor(x.backend.unary(.selu, x))] }
                let negative = (x.exp() * Double(alpha) - Double(alpha)) * Double(gamma)
                return [.tensor(Tensor.select(x .> x.scalar(0), x * Double(gamma), negative))]
            }
        default:
            let alpha = Double(try node.float("alpha", 0.01))
            return { v throws(ExportError) in
                let x = try floating(v, 0)
                return [.tensor(x.backend.unary(.leakyRelu(alpha: alpha), x))]
            }
        }
    }

    static func floating(_ v: [RuntimeValue?], _ i: Int) throws(ExportError) -> Tensor {
        let x = try Args.tensor(v, i)
        guard x.dtype.isFloatingPoint else { throw ExportError("input \(i) should be float, got \(x.dtype)") }
        return x
    }

    static func binaryKernel(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        let op: BinaryOp = switch node.opType {
        case "Add", "Sum": .add
        case "Sub": .subtract
        case "Mul": .multiply
        case "Div": .divide
        case "Pow": .pow
        case "Max": .maximum
        case "Min": .minimum
        case "And": .logicalAnd
        default: .logicalOr
        }
        let logical = op == .logicalAnd || op == .logicalOr
        let name = node.opType
        return { v throws(ExportError) in
            var acc = try Args.tensor(v, 0)
            for i in 1..<Swift.max(v.count, 1) {
                var b = try Args.tensor(v, i)
                if op == .pow && b.dtype != acc.dtype { b = b.cast(to: acc.dtype) }
                guard b.dtype == acc.dtype else { throw ExportError("\(name) of \(acc.dtype) and \(b.dtype): the types must match") }
                guard logical == (acc.dtype == .bool) else { throw ExportError("\(name) does not take \(acc.dtype)") }
                let shape = try Args.broadcast([acc.shape, b.shape])
                acc = acc.backend.binary(op, acc, b, shape: shape)
            }
            return [.tensor(acc)]
        }
    }

    static func compareKernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        let op: ComparisonOp = switch node.opType {
        case "Equal": .equal
        case "Less": .less
        case "LessOrEqual": .lessEqual
        case "Greater": .greater
        default: .greaterEqual
        }
        let name = node.opType
        return { v throws(ExportError) in
            let (a, b) = (try Args.value(v, 0), try Args.value(v, 1))
            let shape = try Args.broadcast([a.shape, b.shape])
            switch (a, b) {
            case let (.tensor(x), .tensor(y)):
                guard x.dtype == y.dtype else { throw ExportError("\(name) of \(x.dtype) and \(y.dtype): the types must match") }
                return [.tensor(x.backend.compare(op, x, y, shape: shape))]
            case let (.strings(x), .strings(y)):
                guard op == .equal else { throw ExportError("\(name) does not take strings") }
                let xs = x.read(offset: 0, strides: x.shape.broadcastStrides(to: shape), shape: shape).values
                let ys = y.read(offset: 0, strides: y.shape.broadcastStrides(to: shape), shape: shape).values
                return [.tensor(Tensor(zip(xs, ys).map { $0 == $1 }, shape: shape, on: backend))]
            default:
                throw ExportError("\(name) of \(a.typeName) and \(b.typeName): the types must match")
            }
        }
    }

    static func whereKernel() -> Kernel {
        { v throws(ExportError) in
            let c = try Args.tensor(v, 0)
            guard c.dtype == .bool else { throw ExportError("the condition should be bool, got \(c.dtype)") }
            let (a, b) = (try Args.value(v, 1), try Args.value(v, 2))
            let shape = try Args.broadcast([c.shape, a.shape, b.shape])
            switch (a, b) {
            case let (.tensor(x), .tensor(y)):
                guard x.dtype == y.dtype else { throw ExportError("Where of \(x.dtype) and \(y.dtype): the types must match") }
                return [.tensor(c.backend.select(c, x, y, shape: shape))]
            case let (.strings(x), .strings(y)):
                let cs = c.read(offset: 0, strides: c.shape.broadcastStrides(to: shape), shape: shape).scalars(as: Bool.self)
                let xs = x.read(offset: 0, strides: x.shape.broadcastStrides(to: shape), shape: shape).values
                let ys = y.read(offset: 0, strides: y.shape.broadcastStrides(to: shape), shape: shape).values
                return [.strings(StringTensor((0..<shape.count).map { cs[$0] ? xs[$0] : ys[$0] }, shape: shape))]
            default:
                throw ExportError("Where of \(a.typeName) and \(b.typeName): the types must match")
            }
        }
    }
}

extension Tensor {
    /// A strided copy of this tensor (for broadcasting a condition on the host).
    func read(offset: Int, strides: [Int], shape: Shape) -> Tensor { backend.read(self, offset: offset, strides: strides, shape: shape) }
}
