import CPUBackend
import Tensors

/// A backend under test, named for test output.
public struct BackendCase: Sendable, CustomStringConvertible {
    public let backend: any Backend
    public var description: String { backend.name }
}

/// The backends every conformance and gradient test runs on.
public enum TestBackends {
    /// One CPU backend per thread count (1 and 2), so threaded paths are covered too.
    public static let cpu1 = CPUBackend(threads: 1, name: "cpu-1thread")
    public static let cpu2 = CPUBackend(threads: 2, name: "cpu-2threads")
    public static let isolated = IsolatedBackend()

    /// Every backend, Reference first.
    public static let all: [BackendCase] = [ReferenceBackend.shared, cpu1, cpu2, isolated].map(BackendCase.init)

    /// Every backend except Reference (what gets compared against it).
    public static let candidates: [BackendCase] = Array(all.dropFirst())
}
