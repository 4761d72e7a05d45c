/// A problem with a model, a model_dir or the data an estimator was given.
public struct EstimatorError: Error, CustomStringConvertible, Sendable {
    public var problem: String
    public var hint: String
    /// For a model clash (a model_dir holding a different model): a model_dir beside it that does not exist yet, so a
    /// front-end can say how to train there (`--model-dir`, `--set run.model_dir=…`).
    public var freeModelDir: String?
    public init(_ problem: String, hint: String, freeModelDir: String? = nil) {
        (self.problem, self.hint, self.freeModelDir) = (problem, hint, freeModelDir)
    }
    public var description: String { "error: \(problem)\nhelp: \(hint)" }
}
