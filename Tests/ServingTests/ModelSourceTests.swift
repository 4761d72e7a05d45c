import Exports
import Foundation
import Testing
@testable import Serving

/// Export folders on the command line become models and versions; a bad one is logged and answers 503.
@Suite struct ModelSourceTests {
    /// A temporary tree: `best/100/`, `best/200/`, `best/tmp-3/` (ignored), `single/1700/signature.json`, `empty/`.
    func tree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("est-serve-\(UUID().uuidString)")
        for dir in ["best/100", "best/200", "best/tmp-3", "single/1700", "empty", "named/x"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        for file in ["single/1700/signature.json", "named/x/signature.json", "best/notes.txt"] {
            try Data("{}".utf8).write(to: root.appendingPathComponent(file))
        }
        return root
    }

    @Test func foldersOfVersionsAndVersionFoldersAreFound() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(at: root) }
        let p = root.standardizedFileURL.path
        let sources = try ModelSource.parse(["\(p)/best", "\(p)/single/1700", "other=\(p)/named/x", "\(p)/empty"])
        #expect(sources.map(\.name) == ["best", "single", "other", "empty"])
        #expect(sources[0].versions.map(\.number) == [100, 200])
        #expect(sources[0].versions.map(\.path) == ["\(p)/best/100", "\(p)/best/200"])
        #expect(sources[1].versions.map(\.number) == [1700])
        #expect(sources[2].versions.map(\.number) == [1], "a version folder whose name is no number is version 1")
        #expect(sources[3].versions.isEmpty)
        #expect(sources[3].problem == "\(p)/empty holds neither signature.json nor numeric version folders")
    }

    @Test func aMissingFolderOrATwiceUsedNameStopsTheStart() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(at: root) }
        let p = root.path
        #expect(throws: ExportError("\(p)/nope: no such folder",
                                    hint: "give an export folder (holding signature.json) or a folder of versions")) {
            try ModelSource.parse(["\(p)/nope"])
        }
        #expect(throws: ExportError("two exports are served as model 'best'", hint: "name them: NAME=DIR")) {
            try ModelSource.parse(["\(p)/best", "best=\(p)/single/1700"])
        }
    }

    @Test func loadLogsEveryVersionAndKeepsFailuresAsUnavailable() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(at: root) }
        let p = root.standardizedFileURL.path
        let sources = try ModelSource.parse(["\(p)/best", "\(p)/empty"])
        var lines: [String] = []
        let repository = ModelRepository.load(sources, log: { lines.append($0) }) { path throws(ExportError) -> any ServableModel in
            guard path.hasSuffix("100") else { throw ExportError("model.onnx: missing", hint: "export again") }
            return Fakes.Regressor()
        }
        #expect(lines == [
            "model 'best' version 100 from \(p)/best/100: LinearRegressor, inputs x (float32), y (float32)",
            "model 'best' version 200 from \(p)/best/200: failed to load: model.onnx: missing (export again)",
            "model 'empty': not served: \(p)/empty holds neither signature.json nor numeric version folders",
        ])
        let api = ServingAPI(repository: repository, maxRows: 10)
        let (ok, json) = call(api, "POST", "/v1/models/best:regress", "{\"examples\": [{\"x\": 1, \"y\": 2}]}")
        #expect(ok == 200, "the newest version failed: the newest loaded one serves")
        #expect((json as? [String: Any])?["result"] as? [Double] == [4])
        let (failed, error) = call(api, "POST", "/v1/models/best/versions/200:predict", "{}")
        #expect(failed == 503)
        #expect(errorText(error) == "model 'best' version 200 failed to load from \(p)/best/200: model.onnx: missing (export again)")
    }

    @Test func aModelIsNamedOnceInTheRepository() {
        let repository = Fakes.repository().adding(.init(name: "words", versions: []))
        #expect(repository.models["words"]?.versions.isEmpty == true)
        #expect(repository.models.count == 4)
    }
}
