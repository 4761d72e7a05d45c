import Foundation
import ONNX
import Tensors
import Testing
import TestSupport

/// Each family of est ops traces to ONNX nodes that onnxruntime evaluates as est does.
@Suite(.enabled(if: TraceRuntime.available, "needs the venv with onnx and onnxruntime (scripts/setup-venv.sh)"))
struct TracingMappingTests {
    static let r = ReferenceBackend.shared
    static let x = Tensor([-2.5, -1, -0.3, 0, 0.2, 0.5, 1.5, 3, -0.7, 2.2, -4, 0.9] as [Float], shape: [3, 4], on: r)
    static let y = Tensor([0.5, -1.5, 2, 1] as [Float], shape: [4], on: r)

    @Test func unaryOps() throws {
        let b = try TraceRuntime.check(["x": Self.x]) { _, t in
            let x = t["x"]!, p = x.abs() + 0.5
            let ops: [(String, Tensor)] = [
                ("neg", -x), ("abs", x.abs()), ("sign", x.sign()), ("square", x.square()), ("sqrt", p.sqrt()), ("rsqrt", p.rsqrt()),
                ("reciprocal", p.reciprocal()), ("exp", x.exp()), ("expm1", x.expm1()), ("log", p.log()), ("log1p", p.log1p()),
                ("sin", x.sin()), ("cos", x.cos()), ("erf", x.erf()), ("floor", x.floor()), ("ceil", x.ceil()), ("round", x.rounded()),
                ("tanh", x.tanh()), ("sigmoid", x.sigmoid()), ("relu", x.relu()), ("elu", x.elu()), ("selu", x.selu()),
                ("gelu", x.gelu()), ("softplus", x.softplus()), ("leaky", x.leakyRelu(alpha: 0.3)), ("not", !(x .> 0)),
                ("softmax", x.softmax(axis: 1)), ("log_softmax", x.logSoftmax(axis: 0)),
            ]
            return Dictionary(uniqueKeysWithValues: ops)
        }
        let types = Set(b.graph.node.map(\.opType))
        #expect(types.isSuperset(of: ["Neg", "Sign", "Reciprocal", "Erf", "Selu", "Softplus", "LeakyRelu", "Not", "Round"]))
        #expect(b.graph.node.first { $0.opType == "LeakyRelu" }?.attribute == [.float("alpha", 0.3)])
    }

    @Test func binaryComparisonAndSelectOpsBroadcast() throws {
        _ = try TraceRuntime.check(["x": Self.x, "y": Self.y]) { _, t in
            let x = t["x"]!, y = t["y"]!
            let ops: [(String, Tensor)] = [
                ("add", x + y), ("sub", x - y), ("mul", x * y), ("div", x / y), ("pow", Tensor.pow(x.abs() + 0.1, y)),
                ("max", Tensor.maximum(x, y)), ("min", Tensor.minimum(x, y)), ("eq", x .== y), ("ne", x .!= y), ("lt", x .< y),
                ("le", x .<= y), ("gt", x .> y), ("ge", x .>= y), ("and", (x .> 0) .&& (y .> 0)), ("or", (x .> 0) .|| (y .> 0)),
                ("where", Tensor.select(x .> y, x, y)), ("scalar", x * 2 + 1),
            ]
            return Dictionary(uniqueKeysWithValues: ops)
        }
    }

    @Test func reductionsAndArgReductions() throws {
        let b = try TraceRuntime.check(["x": Self.x]) { _, t in
            let x = t["x"]!
            return ["sum1": x.sum(axes: [1]), "sum_all": x.sum(), "mean0": x.mean(axes: [0], keepDims: true), "max1": x.max(axes: [1]),
                    "min0": x.min(axes: [0]), "argmax": x.argmax(axis: 1), "argmin": x.argmin(axis: 0)]
        }
        let sum = try #require(b.graph.node.first { $0.opType == "ReduceSum" })
        #expect(sum.input.count == 2, "opset 17 gives ReduceSum its axes as an input")
        #expect(b.graph.node.first { $0.opType == "ReduceMax" }?.attribute.contains(.ints("axes", [1])) == true)
    }

    @Test func dataMovementCastAndMatmul() throws {
        let w = Tensor((0..<12).map { Float($0) * 0.25 - 1 } as [Float], shape: [4, 3], on: Self.r)
        let b = try TraceRuntime.check(["x": Self.x]) { trace, t in
            let x = t["x"]!, w = w.to(trace.backend)
            let ids = Tensor([2, 0, 2] as [Int64], on: trace.backend)
            return ["transpose": x.transposed(), "slice": x.slice(lowerBounds: [1, 1], sizes: [2, -1]),
                    "broadcast": x.sum(axes: [1], keepDims: true).broadcast(to: [3, 4]), "reshape": x.reshaped(to: [-1, 2, 2]),
                    "concat": Tensor.concat([x, x.square()], axis: 1), "gather": x.gathering(ids), "cast": x.cast(to: .int32),
                    "matmul": Tensor.matmul(x, w), "gemm_tb": Tensor.matmul(x, w.T, transposeB: true),
                    "gemm_ta": Tensor.matmul(x.T, w, transposeA: true)]
        }
        let types = Set(b.graph.node.map(\.opType))
        #expect(types.isSuperset(of: ["Transpose", "Slice", "Expand", "Reshape", "Concat", "Gather", "Cast", "MatMul", "Gemm"]))
        #expect(b.graph.node.first { $0.opType == "Concat" }?.attribute == [.int("axis", 1)])
    }
}
