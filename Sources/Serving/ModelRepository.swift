import Exports

/// The models a server answers for, each with its versions, loaded once at start.
///
/// A version that failed to load stays listed with its error: requests for it answer 503 with that error,
/// while the other versions and models keep serving.
public struct ModelRepository: Sendable {
    /// One version of a model: its folder and the loaded model or why it did not load.
    public struct Version: Sendable {
        public enum State: Sendable {
            case ready(any ServableModel)
            case failed(String)
        }

        public var number: Int64
        public var path: String
        public var state: State

        public init(number: Int64, path: String, state: State) { (self.number, self.path, self.state) = (number, path, state) }

        var model: (any ServableModel)? { if case let .ready(m) = state { m } else { nil } }
    }

    /// A served model: its versions, oldest first, or a problem with its folder (no versions found).
    public struct Model: Sendable {
        public var name: String
        public var versions: [Version]
        public var problem: String?

        public init(name: String, versions: [Version], problem: String? = nil) {
            (self.name, self.versions, self.problem) = (name, versions.sorted { $0.number < $1.number }, problem)
        }
    }

    public private(set) var models: [String: Model]

    public init(_ models: [Model]) {
        var byName: [String: Model] = [:]
        for m in models {
            precondition(byName[m.name] == nil, "ModelRepository: model '\(m.name)' given twice")
            byName[m.name] = m
        }
        self.models = byName
    }

    /// This repository with `model` added (replacing one of the same name).
    public func adding(_ model: Model) -> ModelRepository {
        var copy = self
        copy.models[model.name] = model
        return copy
    }

    /// The model named `name`, or a 404 naming the models served.
    func model(_ name: String) throws(ServingError) -> Model {
        guard let m = models[name] else {
            let served = models.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw .notFound("no model '\(name)' is served (models: \(served.isEmpty ? "none" : served))")
        }
        return m
    }

    /// The version asked for (the newest loaded one by default) and its model.
    ///
    /// Throws 404 for an unknown model or version, 503 with the load error for one that failed to load.
    func resolve(_ name: String, version: Int64?) throws(ServingError) -> (Version, any ServableModel) {
        let m = try model(name)
        if let problem = m.problem { throw ServingError(503, "model '\(name)' is not available: \(problem)") }
        let chosen: Version
        if let version {
            guard let v = m.versions.first(where: { $0.number == version }) else {
                let list = m.versions.map { String($0.number) }.joined(separator: ", ")
                throw .notFound("model '\(name)' has no version \(version) (versions: \(list))")
            }
            chosen = v
        } else {
            guard let newest = m.versions.last(where: { $0.model != nil }) ?? m.versions.last else {
                throw ServingError(503, "model '\(name)' has no versions")
            }
            chosen = newest
        }
        switch chosen.state {
        case let .ready(model): return (chosen, model)
        case let .failed(error):
            throw ServingError(503, "model '\(name)' version \(chosen.number) failed to load from \(chosen.path): \(error)")
        }
    }
}
