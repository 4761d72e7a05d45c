@testable import Exports
import Foundation
import ONNX
import Tensors
import Testing
import TestSupport

/// Every op family the tracer emits runs in the interpreter as est and onnxruntime run it.
@Suite struct InterpreterTracedTests {
    static let r = ReferenceBackend.shared
    static let x = Tensor([-2.5, -1, -0.3, 0, 0.2, 0.5, 1.5, 3, -0.7, 2.2, -4, 0.9] as [Float], shape: [3, 4], on: r)
    static let y = Tensor([0.5, -1.5, 2, 1] as [Float], shape: [4], on: r)

    /// `expm1` and `log1p` trace as `Exp`−1 and `Log(1+x)`, so those two are not est's kernels bit for bit.
    @Test func unaryOps() throws {
        try OpCheck.checkTraced(["x": Self.x], composed: ["expm1", "log1p"]) { _, t in
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
    }

    @Test func binaryComparisonAndSelectOpsBroadcast() throws {
        try OpCheck.checkTraced(["x": Self.x, "y": Self.y]) { _, t in
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
        try OpCheck.checkTraced(["x": Self.x]) { _, t in
            let x = t["x"]!
            return ["sum1": x.sum(axes: [1]), "sum_all": x.sum(), "mean0": x.mean(axes: [0], keepDims: true), "max1": x.max(axes: [1]),
                    "min0": x.min(axes: [0]), "argmax": x.argmax(axis: 1), "argmin": x.argmin(axis: 0)]
        }
    }

    @Test func dataMovementCastAndMatmul() throws {
        let w = Tensor((0..<12).map { Float($0) * 0.25 - 1 } as [Float], shape: [4, 3], on: Self.r)
        try OpCheck.checkTraced(["x": Self.x]) { trace, t in
            let x = t["x"]!, w = w.to(trace.backend)
            let ids = Tensor([2, 0, 2] as [Int64], on: trace.backend)
            return ["transpose": x.transposed(), "slice": x.slice(lowerBounds: [1, 1], sizes: [2, -1]),
                    "broadcast": x.sum(axes: [1], keepDims: true).broadcast(to: [3, 4]), "reshape": x.reshaped(to: [-1, 2, 2]),
                    "concat": Tensor.concat([x, x.square()], axis: 1), "gather": x.gathering(ids), "cast": x.cast(to: .int32),
                    "matmul": Tensor.matmul(x, w), "gemm_tb": Tensor.matmul(x, w.T, transposeB: true),
                    "gemm_ta": Tensor.matmul(x.T, w, transposeA: true), "cast_int64": x.cast(to: .int64), "cast_bool": (x .> 0).cast(to: .float32)]
        }
    }

    @Test func aGraphTracedOnThreeRowsRunsOnOthers() throws {
        let trace = Trace(graphName: "batch")
        let x = trace.input("x", Self.x)
        let joined = Tensor.concat([x.slice(lowerBounds: [0, 1], sizes: [-1, 2]), x.sum(axes: [1], keepDims: true)], axis: 1)
        trace.output("y", joined.reshaped(to: [-1, 3]))
        let builder = try trace.builder()
        for rows in [1, 6] {
            let input = Tensor((0..<rows * 4).map { Float($0) * 0.5 }, shape: [rows, 4], on: OpCheck.cpu)
            let out = try OpCheck.run(builder, ["x": .tensor(input)])
            guard case let .tensor(y)? = out["y"] else { Issue.record("no y"); continue }
            let want = Tensor.concat([input.slice(lowerBounds: [0, 1], sizes: [-1, 2]), input.sum(axes: [1], keepDims: true)], axis: 1)
            #expect(y.shape == [rows, 3] && y.scalars(as: Float.self) == want.scalars(as: Float.self))
        }
    }
}
