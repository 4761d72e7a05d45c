import Datasets
import Foundation
import NN
import Summaries
import Tensors

/// TF's `tf.estimator.Estimator`: trains, evaluates and predicts with a model function and
/// keeps everything in a model_dir (checkpoints, TensorBoard summaries, `estimator.json`).
///
/// ```swift
/// let est = Estimator(modelFn: myModel, modelDir: "runs/a", config: RunConfig(saveCheckpointsSteps: 100))
/// try est.train(input: .csv(["train.csv"], label: "y", batchSize: 32, shuffle: true, epochs: nil), steps: 1000)
/// let metrics = try est.evaluate(input: .csv(["eval.csv"], label: "y", batchSize: 32))
/// ```
public final class Estimator {
    public let modelDir: String
    public let config: RunConfig
    public let backend: any Backend
    let modelFn: ModelFn
    let context: ModelContext
    /// What `estimator.json` holds: a canned estimator's full config (its factory function sets it),
    /// or, for a model function, `kind: custom` and its params.
    public var estimatorConfig: EstimatorConfig?
    /// Receives every ``TrainingEvent`` (from the training thread).
    public var onEvent: (@Sendable (TrainingEvent) -> Void)?
    /// Polled while resuming skips the batches already trained on; `true` ends training there
    /// (hooks stop the training loop itself with ``StopTraining``).
    public var shouldStop: (@Sendable () -> Bool)?
    /// Warm start source, applied the first time variables exist and no checkpoint does.
    public var warmStart: WarmStartSettings?
    /// A lock on `modelDir` the caller already holds (taken to prepare the folder before training, as the
    /// workbench does when it branches a run): `train` uses it instead of taking its own and leaves it held.
    public var heldLock: ModelDirLock?
    /// The lock of the training run in progress (see ``ModelDirLock``).
    var trainingLock: ModelDirLock?

    public internal(set) var globalStep: Int64 = 0
    /// The checkpoint the variables hold now (nil: freshly initialised).
    public internal(set) var loadedCheckpoint: CheckpointInfo?
    /// How many times a checkpoint was read from disk (evaluate/predict reuse the loaded one).
    public internal(set) var checkpointReads = 0
    var optimizers: [String: Optimizer] = [:]
    var built = false
    var specHooks: [TrainingHook] = []
    /// How a training step runs: gradient steps through the model function's train ops, or a model's own (boosted trees).
    var trainer: any Trainer = GradientStepTrainer()
    /// Rows of raw columns an export traces the model on (TF's serving input receiver): set it, or the first rows the
    /// estimator was built on are kept (see ``export(to:checkpoint:sample:)``).
    public var servingSample: Table?
    /// Whether the variables were just loaded from disk (so training skips the batches they saw).
    var restoredFromDisk = false
    var checkpoints: CheckpointManager { CheckpointManager(modelDir: modelDir) }

    public init(modelFn: @escaping ModelFn, modelDir: String, config: RunConfig = RunConfig(), params: [String: String] = [:],
                backend: (any Backend)? = nil, warmStartFrom: WarmStartSettings? = nil) {
        self.modelFn = modelFn
        self.modelDir = modelDir
        self.config = config
        self.backend = backend ?? Backends.default
        context = ModelContext(backend: self.backend, params: params, seed: config.randomSeed)
        warmStart = warmStartFrom
        estimatorConfig = EstimatorConfig(kind: .custom, head: nil, model: .custom(params: params), randomSeed: config.randomSeed)
    }

    func emit(_ e: TrainingEvent) { onEvent?(e) }

    /// The latest checkpoint's prefix (`<model_dir>/model.ckpt-N`), if any.
    public var latestCheckpoint: String? { checkpoints.latest?.prefix }

    /// Variable names in the latest checkpoint (or the model's, before any).
    public var variableNames: [String] {
        if let c = checkpoints.latest, let f = try? SafeTensors.read(from: URL(fileURLWithPath: c.path), on: backend) {
            return f.tensors.map(\.name).sorted()
        }
        return context.variables.map(\.name).sorted()
    }

    /// A variable's value in the latest checkpoint.
    public func variableValue(_ name: String) throws -> Tensor {
        guard let c = checkpoints.latest else { throw EstimatorError("no checkpoint in \(modelDir)", hint: "train first") }
        let f = try SafeTensors.read(from: URL(fileURLWithPath: c.path), on: backend)
        guard let t = f[name] else {
            throw EstimatorError("no variable '\(name)' in \(c.path)", hint: "variables: \(f.tensors.map(\.name).joined(separator: ", "))")
        }
        return t
    }

    // MARK: Building and restoring

    /// Creates the variables by running the model once on a batch (TF builds its graph the same way).
    func build(on batch: Table, label: String?) throws {
        guard !built else { return }
        servingSample = servingSample ?? batch.slice(0..<Swift.min(batch.rowCount, 11))
        context.mode = .train
        let tape = GradientTape()
        let spec = try tape.record { try modelFn(batch, label.flatMap { batch[$0] }, .train, context) }
        for op in spec.trainOps { _ = optimizerFor(op.optimizer) }
        specHooks = spec.trainingHooks
        built = true
    }

    func optimizerFor(_ o: Optimizer) -> Optimizer {
        if let existing = optimizers[o.name] { return existing }
        optimizers[o.name] = o
        return o
    }

    /// Everything a checkpoint holds: model variables, optimizer slots and counters, `global_step`.
    func checkpointTensors() -> [(String, Tensor)] {
        var out: [(String, Tensor)] = context.variables.map { ($0.name, $0.value) }
        for (name, o) in optimizers.sorted(by: { $0.key < $1.key }) {
            out += o.slotVariables.map { ($0.name, $0.value) }
            out.append(("training/\(name)/iter", Tensor(scalar: o.iterations, on: backend)))
        }
        out.append(("global_step", Tensor(scalar: globalStep, on: backend)))
        return out
    }

    /// Loads a checkpoint into the variables; names and shapes must match the model.
    func restore(_ c: CheckpointInfo, _ f: SafeTensors) throws {
        let model = context.variables
        let modelNames = Set(model.map(\.name))
        // Each clash by variable: its shape in the checkpoint and in the model (nil: absent there).
        var clashes: [(name: String, checkpoint: Shape?, model: Shape?)] = model.compactMap { v in
            guard let t = f[v.name] else { return (v.name, nil, v.shape) }
            return t.shape == v.shape ? nil : (v.name, t.shape, v.shape)
        }
        clashes += f.tensors.filter { !modelNames.contains($0.name) && !$0.name.hasPrefix("training/") && $0.name != "global_step" }
            .map { ($0.name, $0.tensor.shape, nil) }
        if let first = clashes.first {
            func shape(_ s: Shape?) -> String { s.map { "\($0)" } ?? "absent" }
            let more = clashes.count > 1 ? "; \(clashes.count - 1) more" : ""
            let free = CheckpointManager.freeModelDir(near: modelDir)
            throw EstimatorError("\(modelDir) holds a different model (\(first.name): checkpoint \(shape(first.checkpoint)), "
                                 + "model \(shape(first.model))\(more))",
                                 hint: "train it in a new model_dir (\(free) is free), or delete \(modelDir) to start over", freeModelDir: free)
        }
        for v in model { v.assign(f[v.name]!.to(backend)) }
        for (name, o) in optimizers {
            for s in o.slotVariables { if let t = f[s.name] { s.assign(t.to(backend)) } }
            if let it = f["training/\(name)/iter"] { o.iterations = Int64(it.scalarValue) }
            // Slots not created yet (before the first update) are created now and loaded.
            for v in context.trainableVariables {
                for (slot, sv) in o.slots(for: v) where f[sv.name] != nil { _ = slot; sv.assign(f[sv.name]!.to(backend)) }
            }
        }
        globalStep = f["global_step"].map { Int64($0.scalarValue) } ?? c.step
        loadedCheckpoint = c
        checkpointReads += 1
        restoredFromDisk = true
    }

    /// Restores the newest readable checkpoint unless it is already loaded.
    @discardableResult
    func restoreLatest(required: Bool) throws -> CheckpointInfo? {
        guard let newest = checkpoints.latest else {
            if required { throw EstimatorError("\(modelDir) has no checkpoint: the model is not trained", hint: "train it first (est train …)") }
            return nil
        }
        if loadedCheckpoint == newest { return newest }
        // An event only: whoever listens says it (the CLI on stderr, the workbench in its log pane, never over curses).
        guard let (c, f) = try checkpoints.loadLatest(on: backend, warn: { self.emit(.warning($0)) }) else {
            throw EstimatorError("no readable checkpoint in \(modelDir)", hint: "the checkpoint files are corrupt; train again in a new model_dir")
        }
        if loadedCheckpoint == c { return c }
        try restore(c, f)
        return c
    }

    /// Loads a specific checkpoint (by prefix or path).
    func restore(path: String) throws -> CheckpointInfo {
        let prefix = path.hasSuffix(".safetensors") ? String(path.dropLast(".safetensors".count)) : path
        guard let c = CheckpointManager(modelDir: (prefix as NSString).deletingLastPathComponent).info((prefix as NSString).lastPathComponent) else {
            throw EstimatorError("no checkpoint at \(path)", hint: "list them with: est checkpoints WORKSPACE")
        }
        if loadedCheckpoint == c { return c }
        try restore(c, try SafeTensors.read(from: URL(fileURLWithPath: c.path), on: backend))
        return c
    }

    /// Writes `estimator.json` (what is needed to rebuild the model).
    func writeDescription() throws {
        guard let estimatorConfig else { return }
        try FileManager.default.createDirectory(atPath: modelDir, withIntermediateDirectories: true)
        try AtomicFile.write(try estimatorConfig.jsonData(), to: URL(fileURLWithPath: modelDir + "/estimator.json"))
    }

    @discardableResult
    func saveCheckpoint(listeners: [CheckpointSaverListener]) throws -> (CheckpointInfo, Bool) {
        for l in listeners { l.beforeSave(step: globalStep) }
        let save = { try self.checkpoints.save(step: self.globalStep, variables: self.checkpointTensors(), sidecar: [:],
                                               keep: self.config.keepCheckpointMax, keepEveryNHours: self.config.keepCheckpointEveryNHours,
                                               best: self.config.bestCheckpointMetric) }
        let c: CheckpointInfo
        do { c = try save() } catch where trainingLock.map({ !$0.isInPlace }) ?? false {
            // The model_dir was deleted while the checkpoint was written: once more, into a new folder (the
            // training loop's ModelDirGuardHook puts back the rest at its next look).
            c = try save()
        }
        loadedCheckpoint = c
        emit(.checkpointSaved(step: globalStep, path: c.prefix))
        var stop = false
        for l in listeners { stop = l.afterSave(step: globalStep, path: c.prefix) || stop }
        return (c, stop)
    }
}
