import Datasets
import Foundation
import Summaries
import Tensors

extension Estimator {
    /// Evaluates a checkpoint (the latest by default): TF's `evaluate(input_fn, steps, checkpoint_path, name)`.
    ///
    /// Returns every metric of the head plus `loss` (the mean of the batch losses) and
    /// `global_step`, writes them to `eval/` (or `eval_<name>/`) at the checkpoint's step, and
    /// records them in the checkpoint's sidecar. The restored model stays in memory while the
    /// checkpoint is unchanged, so repeated calls do not read it again.
    public func evaluate(input: InputFn, steps: Int? = nil, checkpoint: String? = nil, name: String? = nil) throws -> [String: Double] {
        let dataset = try input.make()
        let it = try dataset.makeIterator()
        guard let first = try it.next() else { throw EstimatorError("the evaluation input is empty", hint: "check the evaluation file") }
        if let label = input.label, first[label] == nil {
            throw EstimatorError("no label column '\(label)' in the evaluation input", hint: "the input has: \(first.names.joined(separator: ", "))")
        }
        try build(on: first, label: input.label)
        let c = try checkpoint.map { try restore(path: $0) } ?? restoreLatest(required: true)!
        var metrics: (any HeadMetrics)? = nil
        var custom = EvalMetricAccumulator()
        var lossSum = 0.0, batches = 0
        var batch: Table? = first
        var row = 0
        while let b = batch {
            if let steps, batches >= steps { break }
            context.mode = .eval
            let spec = try modelFn(b, input.label.flatMap { b[$0] }, .eval, context)
            if let head = spec.head, let logits = spec.logits, let labels = spec.labels {
                if metrics == nil { metrics = head.makeMetrics() }
                let batchLoss = head.loss(logits: logits, labels: labels, weights: spec.weights).scalarValue
                metrics!.update(logits: logits.scalars(as: Float.self), labels: labels, weights: spec.weights?.scalars(as: Float.self),
                                batchLoss: batchLoss, perExampleLoss: head.unreducedLoss(logits: logits, labels: labels).scalars(as: Float.self))
            } else if let loss = spec.loss {
                lossSum += loss.scalarValue
            } else {
                throw EstimatorError("the model function returned no loss in eval mode", hint: "set EstimatorSpec.loss (or use a head)")
            }
            custom.add(spec.evalMetricOps)
            batches += 1
            row += b.rowCount
            batch = try it.next()
        }
        var result = metrics?.result() ?? ["loss": lossSum / Double(Swift.max(batches, 1))]
        result.merge(custom.result) { _, own in own }
        result["global_step"] = Double(globalStep)
        // Another process training this model_dir owns its files (it may rotate this checkpoint away):
        // the results are returned and reported, not written there.
        if let trainer = ModelDirLock.holder(of: (c.prefix as NSString).deletingLastPathComponent), !trainer.isThisProcess {
            emit(.warning("warning: evaluated \(c.prefix) without recording the results in its model_dir: "
                + "it is being trained by \(trainer.summary)"))
        } else {
            try record(result, of: c, name: name)
        }
        emit(.evaluated(step: globalStep, name: name ?? "eval", metrics: result))
        return result
    }

    /// Writes an evaluation to `eval/` (`eval_<name>/`) for TensorBoard and into the checkpoint's sidecar.
    func record(_ result: [String: Double], of c: CheckpointInfo, name: String?) throws {
        let dir = modelDir + "/" + (name.map { "eval_\($0)" } ?? "eval")
        let writer = try EventFileWriter(directory: dir)
        let tags = result.filter { $0.key != "global_step" }.sorted { $0.key < $1.key }
        try writer.write(Event(wallTime: Date().timeIntervalSince1970, step: globalStep,
                               what: .summary(tags.map { SummaryValue(tag: $0.key, kind: .scalar(Float($0.value))) })))
        try writer.write(Event(wallTime: Date().timeIntervalSince1970, step: globalStep,
                               what: .summary([SummaryValue(tag: "checkpoint_path", kind: .text(c.prefix))])))
        try? checkpoints.recordEvaluation(c, name: name ?? "eval", metrics: result)
    }

    /// Predictions per example, in input order: TF's `predict(input_fn, predict_keys, checkpoint_path)`.
    ///
    /// Streams batch by batch; `body` gets one dictionary per example. The restored model
    /// stays in memory while the checkpoint is unchanged.
    public func predict(input: InputFn, keys: [String]? = nil, checkpoint: String? = nil,
                        _ body: ([String: PredictionValue]) throws -> Void) throws {
        let it = try input.make().makeIterator()
        guard let first = try it.next() else { return }
        try build(on: first, label: nil)
        if let checkpoint { _ = try restore(path: checkpoint) } else { try restoreLatest(required: true) }
        var batch: Table? = first
        while let b = batch {
            context.mode = .infer
            let spec = try modelFn(b, nil, .infer, context)
            var rows: [[String: PredictionValue]]
            if let head = spec.head, let logits = spec.logits {
                rows = head.predictions(logits: logits.scalars(as: Float.self), count: b.rowCount)
            } else {
                rows = (0..<b.rowCount).map { _ in [:] }
                for (k, t) in spec.predictions {
                    let v = t.cast(to: .float32).scalars(as: Float.self)
                    let width = t.count / Swift.max(b.rowCount, 1)
                    for i in 0..<b.rowCount { rows[i][k] = .floats(Array(v[i * width..<(i + 1) * width])) }
                }
            }
            if let keys {
                for k in keys where rows.first?[k] == nil {
                    throw EstimatorError("no prediction key '\(k)'",
                        hint: "keys are: \(rows.first.map { $0.keys.sorted().joined(separator: ", ") } ?? "")")
                }
                rows = rows.map { r in r.filter { keys.contains($0.key) } }
            }
            for r in rows { try body(r) }
            batch = try it.next()
        }
    }
}
