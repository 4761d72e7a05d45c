import CPUBackend
import Tensors

/// Builds the CPU backend (the composition root is the only place that knows backends).
enum CPUBackendFactory {
    static func make(threads: Int?) -> any Backend { CPUBackend(threads: threads) }
}
