import Datasets
import FeatureColumns
import Foundation
import Tensors
import Testing
import Workspaces

/// The feature columns a workspace without `[[features]]` gets from its data's statistics.
@Suite struct FeatureColumnInferenceTests {
    static func datasetsFixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../DatasetsTests/Fixtures/\(name)").standardized.path
    }

    @Test func inferredFeatureColumnsForPenguins() throws {
        let (_, cols, _) = try ColumnStatistics.compute(csv: Self.datasetsFixture("data/penguins.csv"), topK: FeatureColumnInference.vocabularyLimit)
        let dnn = FeatureColumnInference.columns(from: cols, label: "species", forDNN: true)
        #expect(dnn.map(\.name) == ["bill_depth_mm", "bill_length_mm", "body_mass_g", "flipper_length_mm", "island_indicator", "sex_indicator", "year"])
        let linear = FeatureColumnInference.columns(from: cols, label: "species", forDNN: false)
        let island = linear.first { $0.name == "island" } as? VocabularyColumn
        #expect(island?.vocabulary == ["Biscoe", "Dream", "Torgersen"])
        let mass = linear.first { $0.name == "body_mass_g" } as? NumericColumn
        #expect(mass?.defaultValue != nil)
        if case let .zScore(mean, std)? = mass?.normalizer { #expect(Swift.abs(mean - 4211) < 1 && std > 700) } else { Issue.record("no z-score") }
        // Every inferred column turns the file into a dense batch without errors (missing values included).
        var rng = RandomGenerator(seed: 1)
        let layer = try DenseFeatures(dnn, rng: &rng)
        let table = try CSVReader.read(path: Self.datasetsFixture("data/penguins.csv")).table
        let x = try layer(Features(table), on: Backends.default)
        #expect(x.shape == [275, 4 + 3 + 2 + 1])
        #expect(!x.doubles.contains { $0.isNaN })
    }

    @Test func highCardinalityTextIsHashed() {
        let stats = [ColumnStatistics(name: "trigger", type: .string, count: 1000, missing: 0, distinct: 500, distinctIsExact: true, top: [], histogram: [])]
        let dnn = FeatureColumnInference.columns(from: stats, label: "label", forDNN: true)
        let e = dnn[0] as? EmbeddingColumn
        #expect(e?.name == "trigger_embedding" && e?.dimension == 29 && e?.categorical.numBuckets == 1000)
    }
}
