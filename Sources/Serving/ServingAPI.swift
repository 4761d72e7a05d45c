/// TF Serving's REST API over a ``ModelRepository``, with no HTTP in it: a method, a path and a body in, a status
/// and a JSON body out.
///
/// Routes (`<v>` a version number; without it, the newest loaded version):
/// - `POST /v1/models/<name>[/versions/<v>]:predict` with `{"instances": [...]}` or `{"inputs": {...}}`
/// - `POST /v1/models/<name>[/versions/<v>]:classify` and `:regress` with `{"examples": [...], "context": {...}}`
/// - `GET /v1/models/<name>[/versions/<v>]` (status) and `GET /v1/models/<name>[/versions/<v>]/metadata`
/// Every error is `{"error": "…"}` with TF Serving's status code; nothing a request holds stops the server.
public final class ServingAPI: Sendable {
    /// A status and a JSON body.
    public struct Reply: Sendable, Equatable {
        public var status: Int
        public var body: [UInt8]

        public init(status: Int, body: [UInt8]) { (self.status, self.body) = (status, body) }

        init(_ error: ServingError) { self.init(status: error.status, body: JSONWriter.error(error.message)) }
    }

    /// What a path asks for.
    enum Route: Equatable {
        case status(model: String, version: Int64?)
        case metadata(model: String, version: Int64?)
        case call(Verb, model: String, version: Int64?)
    }

    enum Verb: String { case predict, classify, regress }

    public let repository: ModelRepository
    /// The most rows one request may carry.
    public let maxRows: Int

    public init(repository: ModelRepository, maxRows: Int) {
        precondition(maxRows > 0, "ServingAPI: maxRows \(maxRows) must be positive")
        (self.repository, self.maxRows) = (repository, maxRows)
    }

    static let routes = "/v1/models/<name>[/versions/<v>] (GET), …/metadata (GET), …:predict, …:classify, …:regress (POST)"

    /// Answers one request.
    public func respond(method: String, path: String, body: UnsafeRawBufferPointer) -> Reply {
        do {
            let route = try Self.route(path)
            switch route {
            case let .status(model, version):
                try Self.require("GET", method, path)
                return Reply(status: 200, body: try status(model, version: version))
            case let .metadata(model, version):
                try Self.require("GET", method, path)
                return Reply(status: 200, body: try metadata(model, version: version))
            case let .call(verb, model, version):
                try Self.require("POST", method, path)
                let (_, m) = try repository.resolve(model, version: version)
                switch verb {
                case .predict: return Reply(status: 200, body: try predict(m, body: body))
                case .classify: return Reply(status: 200, body: try classify(m, name: model, body: body))
                case .regress: return Reply(status: 200, body: try regress(m, name: model, body: body))
                }
            }
        } catch {
            return Reply(error)
        }
    }

    static func require(_ wanted: String, _ method: String, _ path: String) throws(ServingError) {
        guard method == wanted else { throw ServingError(405, "\(path) answers \(wanted), not \(method)") }
    }

    /// Parses `/v1/models/<name>[/versions/<v>][:verb | /metadata]`.
    static func route(_ path: String) throws(ServingError) -> Route {
        let prefix = "/v1/models/"
        guard path.hasPrefix(prefix) else { throw .notFound("no route for \(path); est serve answers \(routes)") }
        var parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" && parts.count > 1 { parts.removeLast() }
        var verb: Verb?
        if let last = parts.last, let colon = last.firstIndex(of: ":") {
            let name = String(last[last.index(after: colon)...])
            guard let v = Verb(rawValue: name) else {
                throw .notFound("no method ':\(name)' in \(path); est serve answers :predict, :classify and :regress")
            }
            verb = v
            parts[parts.count - 1] = String(last[..<colon])
        }
        guard let name = parts.first, !name.isEmpty else { throw .notFound("no model name in \(path); routes: \(routes)") }
        var rest = parts.dropFirst()
        var version: Int64?
        if rest.first == "versions" {
            guard rest.count >= 2 else { throw .notFound("no version number in \(path)") }
            let text = rest[rest.startIndex + 1]
            guard let v = Int64(text), v >= 0 else { throw .notFound("no version '\(text)' of model '\(name)': versions are numbers") }
            version = v
            rest = rest.dropFirst(2)
        } else if rest.first == "labels" {
            throw .notFound("version labels are not supported by est serve; use /versions/<v> (\(path))")
        }
        switch (Array(rest), verb) {
        case ([], nil): return .status(model: name, version: version)
        case (["metadata"], nil): return .metadata(model: name, version: version)
        case ([], let v?): return .call(v, model: name, version: version)
        default: throw .notFound("no route for \(path); est serve answers \(routes)")
        }
    }
}
