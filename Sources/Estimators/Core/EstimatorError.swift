/// A problem with a model, a model_dir or the data an estimator was given.
public struct EstimatorError: Error, CustomStringConvertible, Sendable {
    public var problem: String
    public var hint: String
    public init(_ problem: String, hint: String) { (self.problem, self.hint) = (problem, hint) }
    public var description: String { "error: \(problem)\nhelp: \(hint)" }
}
