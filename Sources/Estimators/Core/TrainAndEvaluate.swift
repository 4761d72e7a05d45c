import Foundation
import Tensors

/// What to train on and for how long: TF's `TrainSpec`.
public struct TrainSpec {
    public var input: InputFn
    public var maxSteps: Int?
    public var hooks: [TrainingHook]
    public init(input: InputFn, maxSteps: Int? = nil, hooks: [TrainingHook] = []) {
        (self.input, self.maxSteps, self.hooks) = (input, maxSteps, hooks)
    }
}

/// What to evaluate on, how often, and what to export: TF's `EvalSpec`.
public struct EvalSpec {
    public var input: InputFn
    public var steps: Int?
    public var name: String?
    public var exporters: [Exporter]
    /// No evaluation before this many seconds of training (TF: 120).
    public var startDelaySecs: Double
    /// At least this many seconds between evaluations (TF: 600).
    public var throttleSecs: Double

    public init(input: InputFn, steps: Int? = nil, name: String? = nil, exporters: [Exporter] = [], startDelaySecs: Double = 120,
        throttleSecs: Double = 600) {
        (self.input, self.steps, self.name, self.exporters) = (input, steps, name, exporters)
        (self.startDelaySecs, self.throttleSecs) = (startDelaySecs, throttleSecs)
    }
}

/// Writes a servable model for a checkpoint. The serving format (ONNX + signature) comes with
/// the export issue; until then ``CheckpointExportFormat`` writes the variables and the description.
public protocol ModelExportFormat {
    func write(_ estimator: Estimator, checkpoint: CheckpointInfo, to directory: String) throws
}

/// The interim export: `variables.safetensors` (model variables only, no optimizer slots) and `estimator.json`.
public struct CheckpointExportFormat: ModelExportFormat {
    public init() {}
    public func write(_ estimator: Estimator, checkpoint: CheckpointInfo, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let f = try SafeTensors.read(from: URL(fileURLWithPath: checkpoint.path), on: estimator.backend)
        let model = f.tensors.filter { !$0.name.hasPrefix("training/") }
        try SafeTensors(tensors: model, metadata: ["global_step": String(checkpoint.step)])
            .write(to: URL(fileURLWithPath: directory + "/variables.safetensors"))
        let desc = FileManager.default.contents(atPath: estimator.modelDir + "/estimator.json") ?? Data("{}".utf8)
        try AtomicFile.write(desc, to: URL(fileURLWithPath: directory + "/estimator.json"))
    }
}

/// Decides when to export and which exports to keep: TF's `Exporter`.
public protocol Exporter: AnyObject {
    var name: String { get }
    /// Called after each evaluation (`isFinal` for the last one); returns the export folder if it exported.
    func export(_ estimator: Estimator, checkpoint: CheckpointInfo, metrics: [String: Double], isFinal: Bool) throws -> String?
}

extension Exporter {
    func write(_ estimator: Estimator, _ c: CheckpointInfo, format: ModelExportFormat) throws -> String {
        let base = "\(estimator.modelDir)/export/\(name)"
        var stamp = Int(Date().timeIntervalSince1970)
        while FileManager.default.fileExists(atPath: "\(base)/\(stamp)") { stamp += 1 }
        let temp = "\(base)/.tmp-\(stamp)"
        try format.write(estimator, checkpoint: c, to: temp)
        try FileManager.default.moveItem(atPath: temp, toPath: "\(base)/\(stamp)")
        estimator.emit(.exported(path: "\(base)/\(stamp)"))
        return "\(base)/\(stamp)"
    }

    func prune(_ estimator: Estimator, keep: Int?) {
        guard let keep, keep > 0 else { return }
        let base = "\(estimator.modelDir)/export/\(name)"
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted()
        for old in all.dropLast(keep) { try? FileManager.default.removeItem(atPath: "\(base)/\(old)") }
    }
}

/// Exports after every evaluation, keeping the newest `exportsToKeep`: TF's `LatestExporter`.
public final class LatestExporter: Exporter {
    public let name: String
    let exportsToKeep: Int?
    let format: ModelExportFormat
    public init(name: String = "latest", exportsToKeep: Int? = 5, format: ModelExportFormat = CheckpointExportFormat()) {
        (self.name, self.exportsToKeep, self.format) = (name, exportsToKeep, format)
    }
    public func export(_ e: Estimator, checkpoint: CheckpointInfo, metrics: [String: Double], isFinal: Bool) throws -> String? {
        let path = try write(e, checkpoint, format: format)
        prune(e, keep: exportsToKeep)
        return path
    }
}

/// Exports when a metric improves (`loss`, smaller is better, by default): TF's `BestExporter`.
public final class BestExporter: Exporter {
    public let name: String
    let metric: String
    let smallerIsBetter: Bool
    let exportsToKeep: Int?
    let format: ModelExportFormat
    public private(set) var best: Double?
    public init(name: String = "best", metric: String = "loss", smallerIsBetter: Bool = true, exportsToKeep: Int? = 5,
                format: ModelExportFormat = CheckpointExportFormat()) {
        (self.name, self.metric, self.smallerIsBetter, self.exportsToKeep, self.format) = (name, metric, smallerIsBetter, exportsToKeep, format)
    }
    public func export(_ e: Estimator, checkpoint: CheckpointInfo, metrics: [String: Double], isFinal: Bool) throws -> String? {
        guard let v = metrics[metric] else {
            throw EstimatorError("BestExporter: no metric '\(metric)' in the evaluation",
                hint: "metrics: \(metrics.keys.sorted().joined(separator: ", "))")
        }
        if let b = best, smallerIsBetter ? v >= b : v <= b { return nil }
        best = v
        let path = try write(e, checkpoint, format: format)
        prune(e, keep: exportsToKeep)
        return path
    }
}

/// Exports once, after the final evaluation: TF's `FinalExporter`.
public final class FinalExporter: Exporter {
    public let name: String
    let format: ModelExportFormat
    public init(name: String = "final", format: ModelExportFormat = CheckpointExportFormat()) { (self.name, self.format) = (name, format) }
    public func export(_ e: Estimator, checkpoint: CheckpointInfo, metrics: [String: Double], isFinal: Bool) throws -> String? {
        isFinal ? try write(e, checkpoint, format: format) : nil
    }
}

/// Evaluates after checkpoints (throttled) while training, then once at the end: TF's local `train_and_evaluate`.
///
/// Returns the final metrics and every export made.
@discardableResult
public func trainAndEvaluate(_ estimator: Estimator, train: TrainSpec, eval: EvalSpec) throws -> (metrics: [String: Double], exports: [String]) {
    final class Evaluator: CheckpointSaverListener {
        let estimator: Estimator, spec: EvalSpec
        let started = Date()
        var last: Date? = nil
        var exports: [String] = []
        var error: Error?
        init(_ e: Estimator, _ s: EvalSpec) { (estimator, spec) = (e, s) }
        func afterSave(step: Int64, path: String) -> Bool {
            guard step > 0, Date().timeIntervalSince(started) >= spec.startDelaySecs,
                  last.map({ Date().timeIntervalSince($0) >= spec.throttleSecs }) ?? true else { return false }
            do {
                try run(isFinal: false)
            } catch {
                self.error = error
                return true
            }
            return false
        }
        func run(isFinal: Bool) throws {
            last = Date()
            let m = try estimator.evaluate(input: spec.input, steps: spec.steps, name: spec.name)
            guard let c = estimator.loadedCheckpoint else { return }
            for x in spec.exporters { if let p = try x.export(estimator, checkpoint: c, metrics: m, isFinal: isFinal) { exports.append(p) } }
            lastMetrics = m
        }
        var lastMetrics: [String: Double] = [:]
    }
    let evaluator = Evaluator(estimator, eval)
    try estimator.train(input: train.input, maxSteps: train.maxSteps, hooks: train.hooks, savingListeners: [evaluator])
    if let e = evaluator.error { throw e }
    try evaluator.run(isFinal: true)
    return (evaluator.lastMetrics, evaluator.exports)
}
