/// A request the server refuses: the HTTP status and the message sent as `{"error": "…"}`.
///
/// Statuses follow TF Serving's REST API: 400 for a bad request (malformed JSON, unknown or missing inputs,
/// wrong types, too many rows), 404 for an unknown model, version or route, 413 for a body over the limit,
/// 503 for a model whose export failed to load.
public struct ServingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status code.
    public var status: Int
    /// What is wrong, naming the field, row, model or version.
    public var message: String

    public init(_ status: Int, _ message: String) { (self.status, self.message) = (status, message) }

    public var description: String { "\(status): \(message)" }

    static func badRequest(_ message: String) -> ServingError { ServingError(400, message) }
    static func notFound(_ message: String) -> ServingError { ServingError(404, message) }
}
