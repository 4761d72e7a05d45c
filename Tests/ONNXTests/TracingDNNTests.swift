import Foundation
import NN
import ONNX
import Tensors
import Testing
import TestSupport

/// A network of est's own layers, traced on the Reference backend, runs in onnxruntime as est runs it.
@Suite struct TracingDNNTests {
    /// 4 → 8 (relu) → 3 logits, with glorot weights and a non-zero bias.
    static func layers() -> (hidden: Dense, logits: Dense) {
        var rng = RandomGenerator(seed: 7)
        let backend = ReferenceBackend.shared
        let hidden = Dense(inputSize: 4, units: 8, activation: .relu, name: "dnn/hiddenlayer_0", biasInitializer: .constant(0.1),
                           rng: &rng, on: backend)
        let logits = Dense(inputSize: 8, units: 3, name: "dnn/logits", biasInitializer: .constant(-0.2), rng: &rng, on: backend)
        return (hidden, logits)
    }

    /// What est computes for a classifier's predictions: logits, probabilities (softmax) and class ids (argmax).
    static func forward(_ x: Tensor, _ hidden: Dense, _ logitsLayer: Dense) -> [String: Tensor] {
        let logits = logitsLayer(hidden(x))
        return ["logits": logits, "probabilities": logits.softmax(axis: -1), "class_ids": logits.argmax(axis: -1)]
    }

    static func batch(_ rows: Int, _ seed: Double) -> Tensor {
        Tensor((0..<rows * 4).map { Float(cos(Double($0) * 0.9 + seed) * 2) }, shape: [rows, 4], on: ReferenceBackend.shared)
    }

    /// Traces the forward pass on a batch of 2 with each layer in its scope.
    static func traced(_ hidden: Dense, _ logitsLayer: Dense) throws -> ModelBuilder {
        let trace = Trace(graphName: "dnn")
        let h = Dense(kernel: trace.variable(hidden.kernel), bias: hidden.bias.map(trace.variable), activation: hidden.activation)
        let l = Dense(kernel: trace.variable(logitsLayer.kernel), bias: logitsLayer.bias.map(trace.variable))
        let x = trace.input("x", batch(2, 5))
        let hiddenOut = trace.scope("dnn/hiddenlayer_0") { h(x) }
        let logits = trace.scope("dnn/logits") { l(hiddenOut) }
        let head = trace.scope("head") { (logits.softmax(axis: -1), logits.argmax(axis: -1)) }
        trace.output("logits", logits)
        trace.output("probabilities", head.0)
        trace.output("class_ids", head.1)
        return try trace.builder()
    }

    @Test func namesInitializersAfterVariablesAndNodesAfterScopes() throws {
        let (hidden, logits) = Self.layers()
        let g = try Self.traced(hidden, logits).graph
        let names = Set(g.initializer.map(\.name))
        for v in ["dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/bias", "dnn/logits/kernel", "dnn/logits/bias"] {
            #expect(names.contains(v), "initializer \(v) in \(names.sorted())")
        }
        #expect(g.node.first?.opType == "MatMul" && g.node.first?.name.hasPrefix("dnn/hiddenlayer_0/") == true)
        #expect(g.node.contains { $0.opType == "Relu" } && g.node.contains { $0.opType == "ArgMax" })
        #expect(g.input.map(\.name) == ["x"] && g.input.first?.type?.shape == [.batch, 4])
        #expect(g.output.map(\.name) == ["logits", "probabilities", "class_ids"])
        #expect(g.output.last?.type == TypeProto(elemType: .int64, shape: [.batch]))
    }

    @Test(.enabled(if: TraceRuntime.available, "needs the venv with onnx and onnxruntime (scripts/setup-venv.sh)"))
    func onnxruntimeMatchesEstOnBatchesOfFiveAndOne() throws {
        let (hidden, logits) = Self.layers()
        let builder = try Self.traced(hidden, logits)
        let batches = [Self.batch(5, 0.3), Self.batch(1, 2.2)]
        let runs = try TraceRuntime.run(builder, feeds: batches.map { ["x": $0] })
        #expect(runs.count == 2)
        var ids = Set<Double>()
        for (x, run) in zip(batches, runs) {
            let want = Self.forward(x, hidden, logits)
            TraceRuntime.expectClose(run["logits"], want["logits"]!, "logits")
            TraceRuntime.expectClose(run["probabilities"], want["probabilities"]!, "probabilities")
            #expect(run["class_ids"]?.values == want["class_ids"]!.doubles, "class ids exactly")
            #expect(run["class_ids"]?.shape == [x.shape[0]])
            ids.formUnion(run["class_ids"]?.values ?? [])
        }
        #expect(ids.count > 1, "the batch should hit more than one class")
    }
}

/// Variables made on the trace itself (constant initializers, no random numbers) take their names from `Trace.name`.
@Suite struct TracingNamingTests {
    @Test func nameGivesVariablesMadeOnTheTraceTheirInitializerNames() throws {
        var rng = RandomGenerator(seed: 1)
        let trace = Trace()
        let layer = Dense(inputSize: 2, units: 2, name: "linear", kernelInitializer: .constant(0.5), rng: &rng, on: trace.backend)
        trace.name(layer.variables)
        trace.output("y", layer(trace.input("x", rows: [[1, 2] as [Float]])))
        let g = try trace.builder().graph
        #expect(g.initializer.map(\.name) == ["linear/kernel", "linear/bias"])
        #expect(g.node.map(\.opType) == ["MatMul", "Add", "Identity"])
    }
}
