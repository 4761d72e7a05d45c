import ArgumentParser
import Exports
import Foundation
import ONNX
import Testing
import TestSupport
@testable import CLI

/// `est predict --export DIR`: an export runs alone, streaming the CSV, in `est predict`'s output format.
@Suite struct PredictExportTests {
    /// `a`, `b` → logits `[a, b]` → probabilities (Softmax) and class ids (ArgMax), with a hash for every file.
    static func export() throws -> String {
        let dir = try Interop.temporaryDirectory("est-cli-export")
        var b = ModelBuilder(graphName: "tiny")
        for name in ["a", "b"] { b.addInput(name, .float, shape: [.batch, 1]) }
        b.addNode("Concat", inputs: ["a", "b"], outputs: ["logits"], attributes: [.int("axis", 1)])
        b.addNode("Softmax", inputs: ["logits"], outputs: ["probabilities"], attributes: [.int("axis", 1)])
        b.addNode("ArgMax", inputs: ["logits"], outputs: ["class_ids"], attributes: [.int("axis", 1)])
        b.addOutput("probabilities", .float, shape: [.batch, 2])
        b.addOutput("class_ids", .int64, shape: [.batch, 1])
        try b.write(to: dir.appendingPathComponent("model.onnx"))
        let hash = SHA256.hex(of: try Data(contentsOf: dir.appendingPathComponent("model.onnx")))
        let signature = ExportSignature(kind: "custom", globalStep: 3, created: "2026-12-04T17:00:00Z",
                                        inputs: [.init(name: "a", dtype: "float32", required: true), .init(name: "b", dtype: "float32", defaultValue: 0)],
                                        graphInputs: [.init(name: "a", dtype: "float32", column: "a"),
                                                      .init(name: "b", dtype: "float32", column: "b")],
                                        outputs: [.init(name: "probabilities", dtype: "float32", shape: [-1, 2], meaning: "p"),
                                                  .init(name: "class_ids", dtype: "int64", shape: [-1, 1], meaning: "ids")],
                                        classes: ["0", "1"], files: ["model.onnx": hash])
        try JSONEncoder().encode(signature).write(to: dir.appendingPathComponent("signature.json"))
        return dir.path
    }

    static func csv(_ text: String) throws -> String {
        let url = try Interop.temporaryDirectory("est-cli-csv").appendingPathComponent("data.csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs `est predict ARGS` as the command does; the error's text as `est` reports it, or nil.
    static func predict(_ arguments: [String]) throws -> String? {
        let command = try #require(try EstCommand.parseAsRoot(["predict"] + arguments) as? PredictCommand)
        do {
            try command.run()
            return nil
        } catch { return "\(error)" }
    }

    @Test func writesTheExportsOutputsAsEstPredictDoes() throws {
        let export = try Self.export()
        let data = try Self.csv("b,a,unused\n1,2,x\n3,-1,y\n,0.5,z\n")
        let out = data + ".out.csv"
        #expect(try Self.predict(["--export", export, "--data", data, "--out", out]) == nil)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        // all_class_ids and all_classes come from signature.json's classes, as est predict writes them.
        #expect(lines.count == 4 && lines[0] == "all_class_ids,all_classes,class_ids,probabilities", "\(lines)")
        // Logits are [a, b]: row 3's missing b takes its default 0.
        #expect(Array(lines.dropFirst()) == ["0 1,0 1,0,0.7310586 0.26894143", "0 1,0 1,1,0.01798621 0.98201376", "0 1,0 1,0,0.62245935 0.37754068"])
        let json = data + ".out.json"
        #expect(try Self.predict(["--export", export, "--data", data, "--out", json, "--json", "--keys", "class_ids"]) == nil)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let rows = object?["predictions"] as? [[String: Any]]
        #expect(rows?.map { $0["class_ids"] as? Int } == [0, 1, 0] && rows?.first?.count == 1, "\(String(describing: object))")
    }

    @Test func errorsAreOneLineNamingTheFileOrColumn() throws {
        let export = try Self.export()
        let data = try Self.csv("a,c\n1,2\n")
        #expect(try Self.predict(["--export", export, "--data", data])
                == "est: error: the column 'b' is missing (the export reads the columns: a, b)")
        let holes = try Self.csv("a,b\n1,2\n,3\n")
        #expect(try Self.predict(["--export", export, "--data", holes])?
                    .hasPrefix("est: error: the column 'a' has no value in row 2 and the export has no default for it") == true)
        #expect(try Self.predict(["--export", export, "--data", holes, "--keys", "logits"])
                == "--keys: the export has no output 'logits' (it has: all_class_ids, all_classes, class_ids, probabilities)")
        #expect(try Self.predict(["workspaces/iris", "--export", export, "--data", data])?.hasPrefix("--export runs an export on its own") == true)
        let out = data + ".never.csv"
        #expect(try Self.predict(["--export", export, "--data", data + ".missing", "--out", out])?.contains("cannot open the file") == true)
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written for a file that cannot be read")
        try Data("changed".utf8).write(to: URL(fileURLWithPath: export + "/model.onnx"))
        #expect(try Self.predict(["--export", export, "--data", data])?.hasPrefix("est: error: model.onnx was changed after export (sha256 ") == true)
        let nowhere = try Self.predict(["--export", export + "/nowhere", "--data", data])
        #expect(nowhere?.hasPrefix("est: error: \(export)/nowhere/signature.json is missing") == true)
    }

    @Test func withoutWorkspaceOrExportItSaysWhatItNeeds() throws {
        try #require(!FileManager.default.fileExists(atPath: "workspace.toml"))
        #expect(try Self.predict(["--data", "x.csv"])
                == "est predict needs a WORKSPACE (or --model-dir DIR) to predict with a checkpoint, or --export DIR to run an export")
    }
}
