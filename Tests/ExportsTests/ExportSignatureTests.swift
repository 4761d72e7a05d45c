import Exports
import FeatureColumns
import Foundation
import Testing

@Suite struct ExportSignatureTests {
    @Test func roundTripsThroughJSONWithSnakeCaseKeys() throws {
        let s = ExportSignature(kind: "DNNClassifier", globalStep: 42, created: "2026-12-04T17:00:00Z",
                                inputs: [.init(name: "x", dtype: "float32", defaultValue: 0.5), .init(name: "c", dtype: "string")],
                                graphInputs: [.init(name: "x", dtype: "float32", column: "x"),
                                              .init(name: "c_hashed_ids", dtype: "int64", ids: .hashBucket(key: "c", hashBucketSize: 10))],
                                outputs: [.init(name: "class_ids", dtype: "int64", shape: [-1, 1], meaning: "the predicted class")],
                                classes: ["0", "1"], files: ["model.onnx": String(repeating: "0", count: 64)])
        let data = try JSONEncoder().encode(s)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"global_step\":42") && text.contains("\"graph_inputs\""))
        #expect(try JSONDecoder().decode(ExportSignature.self, from: data) == s)
    }
}
