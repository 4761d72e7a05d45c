import Datasets
import Estimators
import Exports
import FeatureColumns
import Foundation
import Tensors
import Testing
import TestSupport

/// The native runtime (`ExportedModel`) on an export gives `predict`'s outputs for the checkpoint it came from:
/// class ids and classes exactly, floats within 1e-6.
@Suite struct ExportRuntimeTests {
    @Test(arguments: ExportInteropTests.cases + ExportInteropTests.columnCases)
    func theRuntimeGivesEstsPredictions(_ c: CannedCase) throws {
        let dir = try Interop.temporaryDirectory("est-export-runtime").path
        let e = try c.make(dir, RunConfig(saveCheckpointsSteps: 20))
        try e.train(input: .csv([fixture(c.file)], label: c.label, batchSize: 32, shuffle: true, epochs: nil), steps: 40)
        let path = try e.export(to: dir + "/export/test")
        let model = try ExportedModel(directory: path, backend: e.backend)
        let table = try CSVReader.read(path: fixture(c.file)).table
        var want: [[String: PredictionValue]] = []
        try e.predict(input: .csv([fixture(c.file)], label: nil, batchSize: 64)) { want.append($0) }
        if c.name.contains("defaults") { #expect(model.fusedInputCount == 3, "\(c.name): the defaulted columns are fused") }
        let got = try model.predict(table)
        #expect(Set(got.keys) == Set(model.signature.outputs.map(\.name)))
        for (name, output) in got.sorted(by: { $0.key < $1.key }) {
            let mismatch: (Int, String, String)?
            switch output {
            case let .float32(values, _):
                let expected = want.flatMap { r -> [Float] in if case let .floats(x)? = r[name] { x } else { [] } }
                #expect(values.count == expected.count, "\(c.name): \(name) count")
                mismatch = zip(values, expected).enumerated()
                    .first { abs($0.element.0 - $0.element.1) / max(1, abs($0.element.1)) > 1e-6 }
                    .map { ($0.offset, "\($0.element.0)", "\($0.element.1)") }
            case let .int64(values, _):
                let expected = want.flatMap { r -> [Int64] in if case let .ints(x)? = r[name] { x } else { [] } }
                #expect(values == expected, "\(c.name): \(name)")
                mismatch = nil
            case let .string(values, _):
                let expected = want.flatMap { r -> [String] in if case let .strings(x)? = r[name] { x } else { [] } }
                #expect(values == expected, "\(c.name): \(name)")
                mismatch = nil
            }
            #expect(mismatch == nil, "\(c.name): \(name) at \(mismatch?.0 ?? -1): runtime \(mismatch?.1 ?? ""), est \(mismatch?.2 ?? "")")
        }
    }
}
