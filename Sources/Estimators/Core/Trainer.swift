import Datasets
import Tensors

/// What one training step gives the loop: the model's loss on the batch before the update, and the summaries it recorded.
struct TrainerStep {
    var loss: Double
    var summaries: [(String, Tensor)] = []
}

/// How ``Estimator/train(input:steps:maxSteps:hooks:savingListeners:)`` turns a batch into a step: the strategy
/// behind the training loop.
///
/// The loop owns everything around the step (input, resume, hooks, events); a trainer owns the step itself.
/// ``GradientStepTrainer`` is TF's (model function, tape, optimizers); ``TreeTrainer`` grows boosted trees.
protocol Trainer: AnyObject {
    /// Hooks this way of training adds, after the NaN guard and before the caller's.
    func hooks(_ estimator: Estimator) -> [TrainingHook]
    /// Runs one step on a batch (`labels`: the batch's label column; `prepared`: what the model's batch preparers made of it).
    func step(_ estimator: Estimator, batch: Table, labels: Column?, prepared: [String: any Sendable]) throws -> TrainerStep
}
