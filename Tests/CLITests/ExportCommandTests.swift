import ArgumentParser
import Estimators
import Exports
import Foundation
import Testing
import TestSupport
import Workspaces
@testable import CLI

/// `est export`: the workspace's model exported from its checkpoint, traced on the first rows of its training data.
@Suite(.serialized) struct ExportCommandTests {
    @Test func exportsTheLatestCheckpointIntoOutAndRefusesAnUntrainedModel() throws {
        let ws = try ModelDirCommandTests.irisCopy()
        let untrained = try #require(try EstCommand.parseAsRoot(["export", ws]) as? ExportCommand)
        #expect { try untrained.run() } throws: { "\($0)".contains("not trained") }
        try ModelDirCommandTests.train([ws], steps: 10)
        let command = try #require(try EstCommand.parseAsRoot(["export", ws, "--out", ws + "/served"]) as? ExportCommand)
        try command.run()
        let exports = try FileManager.default.contentsOfDirectory(atPath: ws + "/served")
        #expect(exports.count == 1 && Int(exports[0]) != nil, "\(exports)")
        let signature = try JSONDecoder().decode(ExportSignature.self, from: Data(contentsOf: URL(fileURLWithPath: "\(ws)/served/\(exports[0])/signature.json")))
        #expect(signature.globalStep == 10 && signature.classes == ["setosa", "versicolor", "virginica"])
        // The sample is the training data's first rows.
        let sample = try #require(try ExportCommand.sample(try Workspace.load(ws)))
        #expect(sample.rowCount == 11 && sample.names.contains("species"))
    }

    @Test func aMissingCheckpointPathIsAnError() throws {
        let ws = try ModelDirCommandTests.irisCopy()
        try ModelDirCommandTests.train([ws], steps: 5)
        let command = try #require(try EstCommand.parseAsRoot(["export", ws, "--checkpoint", ws + "/runs/main/model.ckpt-999"]) as? ExportCommand)
        #expect { try command.run() } throws: { "\($0)".contains("no checkpoint at") }
    }
}
