import ONNX
import Tensors
import Testing

/// An op with no ONNX mapping stops the export with its name, its scope and its place in the trace.
@Suite struct TracingErrorTests {
    @Test func anEmbeddingBagNamesTheOpTheScopeAndTheNode() throws {
        let trace = Trace()
        let x = trace.input("x", Tensor([1, 2, 3, 4] as [Float], shape: [2, 2], on: ReferenceBackend.shared))
        let table = Tensor([Float](repeating: 0.5, count: 6), shape: [3, 2], on: trace.backend)
        let ids = Tensor([0, 2, 1] as [Int64], on: trace.backend)
        let segments = Tensor([0, 0, 1] as [Int64], on: trace.backend)
        let y = trace.scope("dnn") {
            trace.scope("input_from_feature_columns") { x.relu() + table.embeddingBagSum(ids: ids, segments: segments, segmentCount: 2) }
        }
        trace.output("y", y)
        #expect(y.scalars(as: Float.self) == [2, 3, 3.5, 4.5], "the trace still computes the real values")
        #expect(throws: TraceError.self) { try trace.builder() }
        do {
            _ = try trace.builder()
        } catch let error as TraceError {
            #expect(error.op == "embeddingBagSum" && error.scope == "dnn/input_from_feature_columns" && error.node == 1)
            #expect(error.description.contains("'embeddingBagSum'") && error.description.contains("dnn/input_from_feature_columns"))
            #expect(error.description.contains("trace node 1"))
        }
    }

    @Test func randomNumbersAndInPlaceUpdatesHaveNoMapping() throws {
        let trace = Trace()
        _ = Tensor.zeros([2], on: trace.backend) + Tensor(repeating: 1, shape: [2], on: trace.backend)
        _ = trace.backend.random(.uniform(low: 0, high: 1), shape: [2], dtype: .float32, seed: 1, offset: 0)
        #expect { try trace.builder() } throws: { ($0 as? TraceError)?.op == "random" && ($0 as? TraceError)?.scope == "" }
        let second = Trace()
        var target = Tensor.zeros([3, 2], on: second.backend)
        _ = target + 1
        target.scatter(.add, indices: Tensor([1] as [Int64], on: second.backend), values: Tensor.ones([1, 2], on: second.backend))
        #expect { try second.builder() } throws: { ($0 as? TraceError)?.op == "scatter" }
    }

    @Test func aTracedModelPassesEstsOwnGraphCheck() throws {
        let trace = Trace()
        let x = trace.input("x", rows: [[1, -2] as [Float], [3, 4]])
        trace.output("y", trace.scope("s") { (x * 2).relu() })
        let model = try trace.builder().model()
        #expect(model.graph.node.map(\.opType) == ["Mul", "Relu", "Identity"])
        #expect(model.graph.node[0].name == "s/Mul_0" && model.graph.initializer.count == 1)
    }
}
