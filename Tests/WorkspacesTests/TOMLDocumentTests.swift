import Foundation
import Testing
import Workspaces

/// A workspace.toml with comments everywhere, a trailing comment on a value, and an array of tables.
let editSample = """
# A comment at the top.
name = "iris"

[data]
train = "data/train.csv"      # relative to this folder
label = "species"

[estimator]
kind = "DNNClassifier"
hidden_units = [10, 10]  # two layers
optimizer = "Adagrad"
learning_rate = 0.05
# a comment after the last key

[[features]]
key = "a"

[[features]]
key = "b"

[run]
steps = 1000
# model_dir = "runs/main"

"""

/// The bundled workspaces' files.
func bundledWorkspaceFiles() -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../workspaces").standardized
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.sorted().map { root.appendingPathComponent("\($0)/workspace.toml").path }
        .filter { FileManager.default.fileExists(atPath: $0) }
}

/// The changed lines of a diff, `-` or `+` then the text.
func changes(_ diff: [DiffLine]) -> [String] {
    diff.compactMap { d in
        switch d.kind {
        case .unchanged: nil
        case .added: "+\(d.newLine!): \(d.text)"
        case .removed: "-\(d.oldLine!): \(d.text)"
        }
    }
}

@Suite struct TOMLDocumentTests {
    @Test func bundledWorkspacesRoundTripAndKnowEveryValue() throws {
        let files = bundledWorkspaceFiles()
        #expect(files.count >= 5)
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let doc = try TOMLDocument(text: text, file: file)
            #expect(doc.text == text)
            #expect(TOMLDocument.diff(from: text, to: doc.text).unified() == "")
            #expect(!doc.entries.isEmpty)
            let scalars = Array(text.unicodeScalars)
            for e in doc.entries {
                // Each recorded span holds exactly the value's text.
                let valueText = String(String.UnicodeScalarView(scalars[e.valueStart..<e.valueEnd]))
                let reparsed = try TOMLParser.parse("x = \(valueText)", file: "span")
                #expect(reparsed["x"] == doc.value(at: e.path), "\(file):\(e.line) \(e.path)")
            }
        }
    }

    @Test(arguments: [
        (["estimator", "hidden_units"], TOMLValue.array([.array([.int(64)]), .array([.int(128), .int(64)])]),
         ["-10: hidden_units = [10, 10]  # two layers", "+10: hidden_units = [[64], [128, 64]]  # two layers"]),
        (["estimator", "learning_rate"], .float(0.001), ["-12: learning_rate = 0.05", "+12: learning_rate = 0.001"]),
        (["estimator", "learning_rate"], .float(3), ["-12: learning_rate = 0.05", "+12: learning_rate = 3.0"]),
        (["estimator", "optimizer"], .string("Adam"), ["-11: optimizer = \"Adagrad\"", "+11: optimizer = \"Adam\""]),
        (["run", "steps"], .int(5000), ["-22: steps = 1000", "+22: steps = 5000"]),
        (["estimator", "dropout"], .float(0.25), ["+13: dropout = 0.25"]),
        (["name"], .bool(true), ["-2: name = \"iris\"", "+2: name = true"]),
        (["seed"], .int(-7), ["+3: seed = -7"]),
        (["data", "train"], .string("a \"q\" \\ é\n\t"),
         ["-5: train = \"data/train.csv\"      # relative to this folder",
          "+5: train = \"a \\\"q\\\" \\\\ é\\n\\t\"      # relative to this folder"]),
        (["features[1]", "key"], .string("c"), ["-19: key = \"b\"", "+19: key = \"c\""]),
        (["features[0]", "hash_bucket_size"], .int(100), ["+17: hash_bucket_size = 100"]),
        (["export", "format"], .string("onnx"), ["+24: ", "+25: [export]", "+26: format = \"onnx\""]),
        (["run", "extra", "inline"], .table({ var t = TOMLTable(); t.set("a", .int(1), line: 0); return t }()),
         ["+24: ", "+25: [run.extra]", "+26: inline = { a = 1 }"]),
    ])
    func setEditsOnlyTheValue(path: [String], value: TOMLValue, expected: [String]) throws {
        let before = try TOMLDocument(text: editSample, file: "workspace.toml")
        var doc = before
        try doc.set(value, at: path)
        let reparsed = try TOMLParser.parse(doc.text, file: "edited")
        #expect(try TOMLDocument(text: doc.text, file: "edited").value(at: path) == value)
        #expect(render(reparsed).count > 2)
        for e in before.entries where e.path != path {
            #expect(doc.value(at: e.path) == before.value(at: e.path), "\(e.path) changed")
        }
        // Every comment survives, and key order within each table is kept.
        for line in editSample.split(separator: "\n") where line.contains("#") {
            let comment = line[line.firstIndex(of: "#")!...]
            #expect(doc.text.contains(comment), "lost \(comment)")
        }
        let order = doc.entries.filter { $0.path != path }.map(\.path)
        #expect(order == before.entries.filter { $0.path != path }.map(\.path))
        #expect(changes(TOMLDocument.diff(from: editSample, to: doc.text)) == expected)
    }

    @Test(arguments: [
        ("[run]\nsteps = 1", ["run", "seed"], "[run]\nsteps = 1\nseed = 2\n"),
        ("[run]\n\n[data]\nx = 1\n", ["run", "seed"], "[run]\nseed = 2\n\n[data]\nx = 1\n"),
        ("[run]", ["run", "seed"], "[run]\nseed = 2\n"),
        ("", ["run", "seed"], "[run]\nseed = 2\n"),
        ("x = 1", ["run", "seed"], "x = 1\n\n[run]\nseed = 2\n"),
        ("[run]\nsteps = 1 # c\n", ["run", "steps"], "[run]\nsteps = 2 # c\n"),
        ("[run]\na.b = 1\n", ["run", "a", "b"], "[run]\na.b = 2\n"),
        ("[run]\na.b = 1\n# end\n", ["run", "a", "c"], "[run]\na.b = 1\na.c = 2\n# end\n"),
        ("s = \"\"\"\nmulti\nline\"\"\" # c\nt = 1\n", ["s"], "s = 2 # c\nt = 1\n"),
        ("[a]\nx = 1\n[a.b]\ny = 1\n", ["a", "b", "z"], "[a]\nx = 1\n[a.b]\ny = 1\nz = 2\n"),
    ])
    func insertionPoints(text: String, path: [String], expected: String) throws {
        var doc = try TOMLDocument(text: text, file: "workspace.toml")
        try doc.set(.int(2), at: path)
        #expect(doc.text == expected)
    }

    @Test func removeDeletesTheKeyLineOnly() throws {
        var doc = try TOMLDocument(text: editSample, file: "workspace.toml")
        try doc.remove(at: ["estimator", "hidden_units"])
        #expect(doc.value(at: ["estimator", "hidden_units"]) == nil)
        #expect(doc.value(at: ["estimator", "optimizer"]) == .string("Adagrad"))
        #expect(changes(TOMLDocument.diff(from: editSample, to: doc.text)) == ["-10: hidden_units = [10, 10]  # two layers"])
        #expect(throws: WorkspaceError.self) { try doc.remove(at: ["estimator", "hidden_units"]) }
    }

    @Test func multiLineValuesAndCRLFAreReplacedWhole() throws {
        let text = "[estimator]\r\nhidden_units = [\r\n  10, # first\r\n  10,\r\n]\r\nkind = \"DNN\"\r\n"
        var doc = try TOMLDocument(text: text, file: "workspace.toml")
        try doc.set(.array([.int(5)]), at: ["estimator", "hidden_units"])
        try doc.set(.int(3), at: ["estimator", "n_classes"])
        #expect(doc.text == "[estimator]\r\nhidden_units = [5]\r\nkind = \"DNN\"\r\nn_classes = 3\r\n")
    }

    @Test func editsThatWouldNotReadBackAreRefused() throws {
        var doc = try TOMLDocument(text: editSample, file: "workspace.toml")
        let error = #expect(throws: WorkspaceError.self) { try doc.set(.int(1), at: ["data", "train", "x"]) }
        #expect(error?.problem.contains("data.train.x") == true)
        #expect(doc.text == editSample)
        let missing = #expect(throws: WorkspaceError.self) { try doc.set(.int(1), at: ["features[5]", "key"]) }
        #expect(missing?.problem.contains("features[5]") == true)
    }

    @Test func unifiedDiffHasHunksWithContext() {
        let old = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\n"
        let new = "a = 1\nb = 20\nc = 3\nd = 4\ne = 5\nf = 60\n"
        let diff = TOMLDocument.diff(from: old, to: new)
        #expect(diff.unified(context: 1) == "@@ -1,3 +1,3 @@\n a = 1\n-b = 2\n+b = 20\n c = 3\n@@ -5,2 +5,2 @@\n e = 5\n-f = 6\n+f = 60\n")
        #expect(diff.unified(context: 3) == "@@ -1,6 +1,6 @@\n a = 1\n-b = 2\n+b = 20\n c = 3\n d = 4\n e = 5\n-f = 6\n+f = 60\n")
        #expect(TOMLDocument.diff(from: "", to: "x = 1\n").unified(context: 0) == "@@ -0,0 +1,1 @@\n+x = 1\n")
    }

    @Test func saveWritesAtomicallyAndRefusesOutsideEdits() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-tomldoc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("workspace.toml").path
        try editSample.write(toFile: path, atomically: false, encoding: .utf8)
        var doc = try TOMLDocument(text: editSample, file: path)
        try doc.set(.int(42), at: ["run", "steps"])
        try doc.save(to: path, expecting: editSample)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == doc.text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["workspace.toml"])

        // Edited outside while open: refused, the outside edit stays.
        let outside = doc.text + "# added in another editor\n"
        try outside.write(toFile: path, atomically: false, encoding: .utf8)
        try doc.set(.int(7), at: ["run", "steps"])
        let error = #expect(throws: WorkspaceError.self) { try doc.save(to: path, expecting: editSample) }
        #expect(error?.problem.contains(path) == true)
        #expect(error?.hint.contains("reload") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == outside)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["workspace.toml"])
    }
}
