import Exports
import Foundation

/// Where a served model's versions are on disk, from an `est serve` argument.
///
/// `DIR` is either a folder of versions (numeric subfolders, as `model_dir/export/best/<timestamp>/`: served
/// as model `best`) or one version folder (holding `signature.json`: the model is named after its parent
/// folder, the version is the folder's name when it is a number, else 1). `NAME=DIR` names the model.
public struct ModelSource: Sendable, Equatable {
    public var name: String
    /// Version numbers and their folders, oldest first.
    public var versions: [(number: Int64, path: String)]
    /// Why the folder holds no version, when it holds none.
    public var problem: String?

    public static func == (a: ModelSource, b: ModelSource) -> Bool {
        a.name == b.name && a.problem == b.problem && a.versions.map(\.number) == b.versions.map(\.number)
            && a.versions.map(\.path) == b.versions.map(\.path)
    }

    /// The sources of `arguments`; throws for a folder that does not exist or a name given twice.
    public static func parse(_ arguments: [String]) throws(ExportError) -> [ModelSource] {
        var sources: [ModelSource] = []
        for argument in arguments {
            let source = try parse(argument)
            if sources.contains(where: { $0.name == source.name }) {
                throw ExportError("two exports are served as model '\(source.name)'", hint: "name them: NAME=DIR")
            }
            sources.append(source)
        }
        return sources
    }

    static func parse(_ argument: String) throws(ExportError) -> ModelSource {
        var name: String?
        var dir = argument
        if let eq = argument.firstIndex(of: "="), !argument[..<eq].contains("/") {
            name = String(argument[..<eq])
            dir = String(argument[argument.index(after: eq)...])
            guard let n = name, !n.isEmpty, !n.contains(":") else {
                throw ExportError("'\(argument)': a model name must be non-empty without ':'", hint: "NAME=DIR")
            }
        }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw ExportError("\(dir): no such folder", hint: "give an export folder (holding signature.json) or a folder of versions")
        }
        let url = URL(fileURLWithPath: dir).standardizedFileURL
        if fm.fileExists(atPath: url.appendingPathComponent("signature.json").path) {
            let modelName = name ?? url.deletingLastPathComponent().lastPathComponent
            return ModelSource(name: modelName, versions: [(Int64(url.lastPathComponent) ?? 1, url.path)])
        }
        let modelName = name ?? url.lastPathComponent
        let entries = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
        let versions = entries.compactMap { entry -> (Int64, String)? in
            guard let n = Int64(entry), n >= 0, entry.allSatisfy(\.isASCII) else { return nil }
            var sub: ObjCBool = false
            let path = url.appendingPathComponent(entry).path
            return fm.fileExists(atPath: path, isDirectory: &sub) && sub.boolValue ? (n, path) : nil
        }.sorted { $0.0 < $1.0 }
        let problem = versions.isEmpty ? "\(url.path) holds neither signature.json nor numeric version folders" : nil
        return ModelSource(name: modelName, versions: versions.map { (number: $0.0, path: $0.1) }, problem: problem)
    }
}

extension ModelRepository {
    /// Loads every version of `sources` with `load`, logging one line per version (name, version, path, inputs).
    public static func load(_ sources: [ModelSource], log: (String) -> Void,
                            with load: (String) throws(ExportError) -> any ServableModel) -> ModelRepository {
        var models: [Model] = []
        for source in sources {
            if let problem = source.problem { log("model '\(source.name)': not served: \(problem)") }
            var versions: [Version] = []
            for (number, path) in source.versions {
                do {
                    let model = try load(path)
                    versions.append(Version(number: number, path: path, state: .ready(model)))
                    log("model '\(source.name)' version \(number) from \(path): \(inputList(model.signature))")
                } catch {
                    versions.append(Version(number: number, path: path, state: .failed(error.description)))
                    log("model '\(source.name)' version \(number) from \(path): failed to load: \(error)")
                }
            }
            models.append(Model(name: source.name, versions: versions, problem: source.problem))
        }
        return ModelRepository(models)
    }

    /// The model's kind and inputs for a log line.
    public static func inputList(_ signature: ExportSignature) -> String {
        let inputs = signature.inputs.prefix(12).map { "\($0.name) (\($0.dtype))" }.joined(separator: ", ")
        let more = signature.inputs.count > 12 ? " and \(signature.inputs.count - 12) more" : ""
        return "\(signature.kind), inputs \(inputs)\(more)"
    }
}
