import Foundation

/// Everything needed to rebuild an estimator's model: exactly what `estimator.json` holds.
///
/// A canned estimator's factory function (`DNNClassifier(…)` and the others) builds one and keeps it
/// in ``Estimator/estimatorConfig``; training writes it to
/// `<model_dir>/estimator.json`; ``Estimator/rebuild(modelDir:config:backend:)`` reads it back and builds
/// the same model, which then restores the model_dir's checkpoints. In the file the head's and the
/// family's keys sit at the top level next to `version`, `kind` and `random_seed` (docs/estimators.md).
public struct EstimatorConfig: Equatable, Sendable {
    /// The `version` this est writes and reads.
    public static let currentVersion = 1

    public var kind: EstimatorKind
    /// Classes, label vocabulary or dimension, weight column, loss reduction (nil for a custom model function).
    public var head: HeadConfig?
    /// The family's hyper-parameters and feature columns.
    public var model: ModelConfig
    /// The seed the variables were initialised with.
    public var randomSeed: UInt64
    /// The workspace the model was trained from (set by `Workspaces`).
    public var workspace: String?
    /// The workspace's folder, absolute (what `est --model-dir DIR` reads to find the workspace).
    public var workspaceFolder: String?

    /// A config; `model` must belong to `kind`'s family.
    public init(kind: EstimatorKind, head: HeadConfig?, model: ModelConfig, randomSeed: UInt64 = 42) {
        precondition(kind.family == model.family, "EstimatorConfig: a \(kind.rawValue) needs a \(kind.family) model config, got \(model.family)")
        (self.kind, self.head, self.model, self.randomSeed) = (kind, head, model, randomSeed)
    }
}

extension EstimatorConfig: Codable {
    enum Keys: String, CodingKey {
        case version, kind, randomSeed = "random_seed", workspace, workspaceFolder = "workspace_folder", params
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Self.currentVersion, forKey: .version)
        try c.encode(kind, forKey: .kind)
        try c.encode(randomSeed, forKey: .randomSeed)
        try c.encodeIfPresent(workspace, forKey: .workspace)
        try c.encodeIfPresent(workspaceFolder, forKey: .workspaceFolder)
        // The head's and the family's keys share the top level (they are disjoint).
        try head?.encode(to: encoder)
        switch model {
        case let .dnn(m): try m.encode(to: encoder)
        case let .linear(m): try m.encode(to: encoder)
        case let .dnnLinearCombined(m): try m.encode(to: encoder)
        case let .boostedTrees(m): try m.encode(to: encoder)
        case let .baseline(m): try m.encode(to: encoder)
        case let .custom(params): try c.encode(params, forKey: .params)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let name = try c.decode(String.self, forKey: .kind)
        guard let kind = EstimatorKind(rawValue: name) else {
            let close = closestMatch(to: name, in: EstimatorKind.allCases.map(\.rawValue)).map { " (did you mean \($0)?)" } ?? ""
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown kind '\(name)'\(close)")
        }
        self.kind = kind
        randomSeed = try c.decodeIfPresent(UInt64.self, forKey: .randomSeed) ?? 42
        workspace = try c.decodeIfPresent(String.self, forKey: .workspace)
        workspaceFolder = try c.decodeIfPresent(String.self, forKey: .workspaceFolder)
        head = kind == .custom ? nil : try HeadConfig(from: decoder)
        switch kind.family {
        case .dnn: model = .dnn(try DNNConfig(from: decoder))
        case .linear: model = .linear(try LinearConfig(from: decoder))
        case .dnnLinearCombined: model = .dnnLinearCombined(try DNNLinearCombinedConfig(from: decoder))
        case .boostedTrees: model = .boostedTrees(try BoostedTreesConfig(from: decoder))
        case .baseline: model = .baseline(try BaselineConfig(from: decoder))
        case .custom: model = .custom(params: try c.decodeIfPresent([String: String].self, forKey: .params) ?? [:])
        }
    }

    /// The JSON of `estimator.json` (sorted keys, pretty-printed; non-finite numbers as strings).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Decodes `estimator.json`'s data (`file` names it in errors).
    public static func decode(_ data: Data, file: String) throws(EstimatorConfigError) -> EstimatorConfig {
        guard let object = try? JSONSerialization.jsonObject(with: data), let top = object as? [String: Any] else {
            throw EstimatorConfigError(file: file, reason: .malformed, problem: "\(file) is not a JSON object",
                                       hint: "the file is damaged; retrain in a new model_dir, or restore estimator.json from a copy")
        }
        guard let version = top["version"] as? Int else {
            throw EstimatorConfigError(file: file, reason: .unknownVersion,
                problem: "\(file) has no version: an earlier est wrote it without the model's full config",
                                       hint: "retrain the model with this est (est train … --model-dir NEW_DIR) to get a rebuildable model_dir")
        }
        guard version == currentVersion else {
            throw EstimatorConfigError(file: file, reason: .unknownVersion,
                problem: "\(file) is version \(version); this est reads version \(currentVersion)",
                                       hint: version > currentVersion ? "use the est that trained it, or a newer one"
                                                                         : "retrain the model with this est")
        }
        if top["kind"] as? String == EstimatorKind.custom.rawValue {
            throw EstimatorConfigError(file: file, reason: .customModel,
                problem: "\(file) describes a custom model function, which is code, not config",
                                       hint: "build it with Estimator(modelFn: …, modelDir: …): it restores the checkpoints in the model_dir")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(EstimatorConfig.self, from: data)
        } catch let e as DecodingError {
            throw EstimatorConfigError(file: file, reason: .malformed, problem: "\(file): \(Self.describe(e))",
                                       hint: "fix that key (docs/estimators.md, \"estimator.json\"), or retrain in a new model_dir")
        } catch {
            throw EstimatorConfigError(file: file, reason: .malformed, problem: "\(file): \(error)", hint: "retrain in a new model_dir")
        }
    }

    /// One line for a decoding error: the key path and what is wrong there.
    static func describe(_ e: DecodingError) -> String {
        func path(_ p: [any CodingKey]) -> String {
            let s = p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return s.hasPrefix(".") ? String(s.dropFirst()) : s
        }
        switch e {
        case let .keyNotFound(key, ctx): return "missing key '\(path(ctx.codingPath + [key]))'"
        case let .typeMismatch(type, ctx): return "'\(path(ctx.codingPath))' must be \(type)"
        case let .valueNotFound(type, ctx): return "'\(path(ctx.codingPath))' must be \(type), got null"
        case let .dataCorrupted(ctx): return ctx.codingPath.isEmpty ? ctx.debugDescription : "'\(path(ctx.codingPath))': \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}

/// `estimator.json` cannot rebuild a model: missing, malformed, of another version, or a custom model function's.
public struct EstimatorConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable { case missing, malformed, unknownVersion, customModel }
    /// The `estimator.json` path.
    public var file: String
    public var reason: Reason
    public var problem: String
    public var hint: String
    public var description: String { "error: \(problem)\nhelp: \(hint)" }
}
