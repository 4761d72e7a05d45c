import Foundation
import ONNX
import Tensors
import Testing
import TestSupport

/// Shapes the tracer writes keep the batch dimension dynamic: a graph traced on 3 rows runs on 2 and on 6.
@Suite struct TracingBatchTests {
    /// Reshapes, slices, transposes and broadcasts whose batch dimension must not be baked in.
    static func body(_ x: Tensor) -> [String: Tensor] {
        let grid = x.reshaped(to: [x.shape[0], 2, 2])
        let rowSums = x.sum(axes: [1], keepDims: true)
        return ["grid": grid.transposed([0, 2, 1]).reshaped(to: [x.shape[0], 4]),
                "tail": x.slice(lowerBounds: [0, 1], sizes: [-1, 3]),
                "after_first_row": x.slice(lowerBounds: [1, 0], sizes: [-1, 4]),
                "spread": rowSums.broadcast(to: [x.shape[0], 4]) - x,
                "joined": Tensor.concat([x, rowSums], axis: 1)]
    }

    static func rows(_ n: Int) -> Tensor {
        Tensor((0..<n * 4).map { Float(sin(Double($0) * 1.3)) }, shape: [n, 4], on: ReferenceBackend.shared)
    }

    @Test(.enabled(if: TraceRuntime.available, "needs the venv with onnx and onnxruntime (scripts/setup-venv.sh)"))
    func aGraphTracedOnThreeRowsRunsOnTwoAndSix() throws {
        let trace = Trace()
        let outputs = Self.body(trace.input("x", Self.rows(3)))
        for name in outputs.keys.sorted() { trace.output(name, outputs[name]!) }
        let batches = [Self.rows(2), Self.rows(6)]
        let runs = try TraceRuntime.run(try trace.builder(), feeds: batches.map { ["x": $0] })
        for (x, run) in zip(batches, runs) {
            for (name, want) in Self.body(x) { TraceRuntime.expectClose(run[name], want, "\(name) on \(x.shape[0]) rows") }
        }
    }

    @Test func aPadIsAWriteThatIsNoConcatenation() throws {
        let trace = Trace()
        let x = trace.input("x", Self.rows(2))
        trace.output("padded", trace.scope("pad") { x.padded(lower: [0, 1], upper: [0, 1]) })
        #expect { try trace.builder() } throws: { error in
            guard let e = error as? TraceError else { return false }
            return e.op == "write" && e.scope == "pad" && e.reason.contains("tile")
        }
    }
}
