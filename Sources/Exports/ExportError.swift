/// An export that cannot be written, loaded or run on a request: what, where (file, field or column) and a hint.
public struct ExportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, naming the file, field or column.
    public var problem: String
    /// What to do about it.
    public var hint: String?

    public init(_ problem: String, hint: String? = nil) { (self.problem, self.hint) = (problem, hint) }

    public var description: String { hint.map { "\(problem) (\($0))" } ?? problem }
}
