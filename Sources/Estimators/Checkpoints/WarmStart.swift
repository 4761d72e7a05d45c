import Foundation
import Tensors

/// Where and what to warm-start from: TF's `WarmStartSettings`.
public struct WarmStartSettings: Sendable {
    /// A model_dir (its latest checkpoint) or a checkpoint prefix/path.
    public var checkpoint: String
    /// Variables to load, by regular expression (TF's default `.*`: every trainable variable).
    public var variables: String
    /// New name → name in the checkpoint.
    public var renames: [String: String]
    /// Vocabulary remapping per variable: rows follow `newVocabulary`, taken from `oldVocabulary`'s rows;
    /// new entries keep their initial values.
    public var vocabularies: [String: (old: [String], new: [String])]

    public init(checkpoint: String, variables: String = ".*", renames: [String: String] = [:],
        vocabularies: [String: (old: [String], new: [String])] = [:]) {
        (self.checkpoint, self.variables, self.renames, self.vocabularies) = (checkpoint, variables, renames, vocabularies)
    }
}

extension Estimator {
    /// Applies warm start to freshly built variables; returns the names it loaded.
    @discardableResult
    func applyWarmStart(_ w: WarmStartSettings) throws -> [String] {
        var path = w.checkpoint
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            guard let c = CheckpointManager(modelDir: path).latest else {
                throw EstimatorError("warm start: \(path) has no checkpoint", hint: "point warm_start_from at a trained model_dir or a checkpoint")
            }
            path = c.path
        } else if !path.hasSuffix(".safetensors") { path += ".safetensors" }
        let f = try SafeTensors.read(from: URL(fileURLWithPath: path), on: backend)
        let regex = try Regex(w.variables)
        var loaded: [String] = []
        for v in context.trainableVariables where v.name.wholeMatch(of: regex) != nil {
            let source = w.renames[v.name] ?? v.name
            guard let t = f[source] else { continue }
            if let vocab = w.vocabularies[v.name] {
                // Row i of the new table comes from the old row of the same value.
                var value = v.value
                let old = Dictionary(vocab.old.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                var newRows: [Int64] = [], oldRows: [Int64] = []
                for (i, s) in vocab.new.enumerated() {
                    if let j = old[s], j < t.shape[0], i < value.shape[0] { newRows.append(Int64(i)); oldRows.append(Int64(j)) }
                }
                if !newRows.isEmpty {
                    value.scatter(.set, indices: Tensor(newRows, on: backend), values: t.to(backend).gathering(Tensor(oldRows, on: backend)))
                }
                v.assign(value)
            } else {
                guard t.shape == v.shape else {
                    throw EstimatorError("warm start: '\(source)' has shape \(t.shape) in \(path), the model's '\(v.name)' has \(v.shape)",
                                         hint: "exclude it from the variables regex, or give a vocabulary remapping")
                }
                v.assign(t.to(backend))
            }
            loaded.append(v.name)
        }
        return loaded
    }
}
