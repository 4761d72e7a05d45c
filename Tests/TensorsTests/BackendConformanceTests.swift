import Testing
import Tensors
import TestSupport

/// Every op on every backend agrees with the Reference backend.
@Suite struct BackendConformanceTests {
    @Test(arguments: TestBackends.candidates, conformanceCases)
    func agreesWithReference(_ candidate: BackendCase, _ op: OpCase) {
        let inputs = op.makeInputs()
        let expected = op.body(inputs)
        let actual = op.body(inputs.map { $0.to(candidate.backend) })
        #expect(actual.backend === candidate.backend, "\(op.name): result left the backend")
        #expect(actual.shape == expected.shape, "\(op.name): shape \(actual.shape), expected \(expected.shape)")
        #expect(actual.dtype == expected.dtype, "\(op.name): dtype \(actual.dtype), expected \(expected.dtype)")
        guard actual.shape == expected.shape else { return }
        expectClose(actual.doubles, expected.doubles, tolerance: op.tolerance, "\(op.name) on \(candidate)")
    }

    @Test func everyBackendIsRegisteredByName() {
        #expect(Backends.named("reference") === ReferenceBackend.shared)
        #expect(Backends.all.first?.name == "reference")
    }
}
