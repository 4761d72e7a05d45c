import CPUBackend
import Datasets
import Exports
import FeatureColumns
import Foundation
import ONNX
import Tensors
import Testing
import TestSupport

/// Categorical inputs: a string column through LabelEncoder in the graph, and hashed ids computed outside it.
@Suite struct ExportedModelFeatureTests {
    /// `color` (string) → LabelEncoder ids → Gather on a [3, 2] table; `city` hashed to 5 buckets outside the graph → Gather on [5, 2].
    static func export() throws -> String {
        var b = ModelBuilder(graphName: "features")
        b.setOpset(domain: "ai.onnx.ml", version: 3)
        b.addInput("color", .string, shape: [.batch, 1])
        b.addInput("city_ids", .int64, shape: [.batch, 1])
        b.addInitializer("colors", values: [Float(1), 2, 3, 4, 5, 6], dims: [3, 2])
        b.addInitializer("cities", values: (0..<10).map { Float($0) * 10 }, dims: [5, 2])
        b.addInitializer("flat", values: [Int64(0), -1], dims: [2])
        b.addNode("LabelEncoder", inputs: ["color"], outputs: ["color_ids"], attributes: [.strings("keys_strings", ["red", "green", "7"]),
            .ints("values_int64s", [0, 1, 2]), .int("default_int64", 0)], domain: "ai.onnx.ml")
        b.addNode("Gather", inputs: ["colors", "color_ids"], outputs: ["c3"])
        b.addNode("Reshape", inputs: ["c3", "flat"], outputs: ["c"])
        b.addNode("Gather", inputs: ["cities", "city_ids"], outputs: ["t3"])
        b.addNode("Reshape", inputs: ["t3", "flat"], outputs: ["t"])
        b.addNode("Add", inputs: ["c", "t"], outputs: ["predictions"])
        b.addOutput("predictions", .float, shape: [.batch, 2])
        return try ExportFixture.write(b, inputs: [.init(name: "color", dtype: "string"), .init(name: "city", dtype: "string")],
                                       graphInputs: [.init(name: "color", dtype: "string", column: "color"),
                                                     .init(name: "city_ids", dtype: "int64", ids: .hashBucket(key: "city", hashBucketSize: 5))],
                                       outputs: [ExportFixture.output("predictions", width: 2)])
    }

    @Test func stringColumnsAndHashedIdsFeedTheGraph() throws {
        let model = try ExportedModel(directory: try Self.export(), backend: CPUBackend(threads: 1))
        let cities = ["paris", "oslo", "lima", "paris"]
        let table = Table(names: ["city", "color"], columns: [Column(strings: cities), Column(strings: ["green", "blue", "red", nil])])
        let hashed = try categoricalColumnWithHashBucket("city", hashBucketSize: 5).ids(Features(table))
        #expect(hashed.rows == [0, 1, 2, 3])
        let colorIDs: [Int] = [1, 0, 0, 0]   // blue and the missing cell ("") take the default 0
        var want = [Float]()
        for r in 0..<4 {
            for j in 0..<2 {
                let color = Float(colorIDs[r] * 2 + j + 1), city = Float(Int(hashed.ids[r]) * 2 + j) * 10
                want.append(color + city)
            }
        }
        #expect(try model.predict(table)["predictions"] == .float32(want, shape: [4, 2]))
    }

    @Test func integerColumnsFeedStringInputsByTheirText() throws {
        let model = try ExportedModel(directory: try Self.export(), backend: ReferenceBackend.shared)
        let asInts = Table(names: ["color", "city"], columns: [Column(.int([7, 8])), Column(strings: ["a", "b"])])
        let asText = Table(names: ["color", "city"], columns: [Column(strings: ["7", "8"]), Column(strings: ["a", "b"])])
        #expect(try model.predict(asInts) == model.predict(asText))
        let floats = Table(names: ["color", "city"], columns: [Column(.float([7.5, 8])), Column(strings: ["a", "b"])])
        #expect(throws: ExportError("the column 'color' holds float values; the export reads it as string", hint: "send text in 'color'")) {
            _ = try model.predict(floats)
        }
    }
}
