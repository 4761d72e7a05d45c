import Datasets
import NN
import Tensors

/// TF's training step: the model function under a gradient tape, then one update per train op.
final class GradientStepTrainer: Trainer {
    func hooks(_ estimator: Estimator) -> [TrainingHook] { estimator.specHooks }

    func step(_ e: Estimator, batch: Table, labels: Column?, prepared: [String: any Sendable]) throws -> TrainerStep {
        let tape = GradientTape()
        let context = e.context
        // The prepared work belongs to this call only (hooks and listeners may evaluate).
        context.preparedBatch = prepared
        let spec: EstimatorSpec
        do {
            defer { context.preparedBatch = [:] }
            spec = try tape.record { try e.modelFn(batch, labels, .train, context) }
        }
        guard let loss = spec.loss else { throw EstimatorError("the model function returned no loss in train mode", hint: "set EstimatorSpec.loss") }
        try applyGradients(e, spec, loss: loss, tape: tape)
        return TrainerStep(loss: loss.scalarValue, summaries: spec.summaries)
    }

    /// Gradients of the loss for each train op's variables, then one update each.
    func applyGradients(_ e: Estimator, _ spec: EstimatorSpec, loss: Tensor, tape: GradientTape) throws {
        guard !spec.trainOps.isEmpty else {
            throw EstimatorError("the model function returned no train op in train mode", hint: "add a TrainOp with an optimizer")
        }
        var claimed = Set<ObjectIdentifier>()
        for op in spec.trainOps { for v in op.variables ?? [] { claimed.insert(ObjectIdentifier(v)) } }
        // One backward pass for every op's variables, then the updates (as TF: all gradients
        // come from the same forward pass, whatever the order of the ops).
        let groups = spec.trainOps.map { op in op.variables ?? e.context.trainableVariables.filter { !claimed.contains(ObjectIdentifier($0)) } }
        let all = groups.flatMap { $0 }
        let grads = tape.gradients(of: loss, wrt: all.map { tape.watch($0) })
        var start = 0
        for (op, vars) in zip(spec.trainOps, groups) {
            let mine = grads[start..<start + vars.count]
            start += vars.count
            e.optimizerFor(op.optimizer).apply(zip(mine, vars).compactMap { g, v in g.map { ($0, v) } })
        }
    }
}
