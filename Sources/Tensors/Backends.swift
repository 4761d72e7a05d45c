import Synchronization

/// The registry of backends, looked up by name.
///
/// `Tensors` registers ``ReferenceBackend`` as `"reference"`, which is also the default
/// until something else is chosen. The composition root registers faster backends
/// (`CPUBackend` as `"cpu"`) and picks the default.
public enum Backends {
    private struct State: Sendable {
        var byName: [String: any Backend]
        var order: [String]
        var defaultName: String
    }

    private static let state = Mutex(State(byName: ["reference": ReferenceBackend.shared], order: ["reference"], defaultName: "reference"))

    /// Adds or replaces a backend under its ``Backend/name``.
    public static func register(_ backend: any Backend) {
        state.withLock {
            if $0.byName[backend.name] == nil { $0.order.append(backend.name) }
            $0.byName[backend.name] = backend
        }
    }

    /// The backend registered under `name`, or `nil`.
    public static func named(_ name: String) -> (any Backend)? {
        state.withLock { $0.byName[name] }
    }

    /// Every registered backend, in registration order.
    public static var all: [any Backend] {
        state.withLock { s in s.order.compactMap { s.byName[$0] } }
    }

    /// The backend used when a tensor is created without one.
    public static var `default`: any Backend {
        get { state.withLock { $0.byName[$0.defaultName]! } }
    }

    /// Makes a registered backend the default.
    public static func setDefault(_ name: String) {
        state.withLock {
            precondition($0.byName[name] != nil, "Backends.setDefault: no backend named '\(name)' (registered: \($0.order))")
            $0.defaultName = name
        }
    }
}
