import Datasets
import Foundation
import Testing
@testable import Workspaces

/// "What the model sees" on the bundled workspaces, checked by hand against the statistics.
@Suite struct InputPreviewTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func irisBatchesAreZScoredFromTheStatistics() throws {
        let ws = try Workspace.load(Self.repo + "/workspaces/iris")
        let stats = try ws.trainStatistics().columns
        let p = try InputPreview.compute(workspace: ws, statistics: stats)
        #expect(p.batches.count == 3 && p.batches.allSatisfy { $0.raw.count == 8 })
        let b = p.batches[0]
        let sepal = try #require(b.columns.first { $0.name == "sepal_length" })
        let s = try #require(stats.first { $0.name == "sepal_length" })
        let raw = try #require(Double(b.raw[0][p.rawNames.firstIndex(of: "sepal_length")!]))
        #expect(abs(sepal.values[0][0] - (raw - s.mean!) / s.std!) < 1e-4)
        #expect(sepal.kind == "numeric")
    }

    @Test func penguinsIslandIsAVocabularyIdAndItsOneHot() throws {
        let ws = try Workspace.load(Self.repo + "/workspaces/penguins")
        let stats = try ws.trainStatistics().columns
        let p = try InputPreview.compute(workspace: ws, statistics: stats)
        let island = try #require(p.batches[0].columns.first { $0.name == "island_indicator" })
        let vocab = stats.first { $0.name == "island" }!.top.map(\.value)
        let col = p.rawNames.firstIndex(of: "island")!
        for (r, raw) in p.batches[0].raw.enumerated() {
            let id = vocab.firstIndex(of: raw[col])!
            #expect(island.cells[r].hasPrefix("id \(id) "), "\(raw[col]) → \(island.cells[r])")
            #expect(island.values[r] == (0..<vocab.count).map { $0 == id ? 1 : 0 })
        }
    }

    @Test func aStringColumnAsNumericFailsWithAReason() throws {
        let text = "[data]\ntrain = \"data/train.csv\"\nlabel = \"species\"\n\n[[features]]\nkey = \"island\"\ntype = \"numeric\"\n"
        let ws = try Workspace.parse(text: text, folder: Self.repo + "/workspaces/penguins")
        let stats = try ws.trainStatistics().columns
        #expect(throws: (any Error).self) { try InputPreview.compute(workspace: ws, statistics: stats) }
    }
}
