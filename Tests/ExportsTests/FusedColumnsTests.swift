import CPUBackend
@testable import Exports
import Foundation
import Synchronization
import Tensors
import Testing

/// The concatenation of raw columns, fed straight from the columns, gives what the graph's own Concat gives.
@Suite struct FusedColumnsTests {
    @Test func fusedFeedsEqualTheGraphsConcat() throws {
        let model = try ExportedModel(directory: try ExportedModelTests.dnnExport(), backend: CPUBackend(threads: 1))
        #expect(model.fused.count == 1 && model.fused[0].inputs.map(\.column.name) == ExportedModelTests.columns)
        let rows = ExportedModelTests.rows(21)
        let table = ExportedModelTests.table(rows)
        let fusedOut = try model.predict(table, rows: 3..<21, firstRow: 4)
        var feeds = [String: RuntimeValue]()
        for (j, name) in ExportedModelTests.columns.enumerated() {
            feeds[name] = .tensor(Tensor(rows[3...].map { $0[j] }, shape: [18, 1], on: model.backend))
        }
        let plain = try model.interpreter.run(feeds)
        for name in ["logits", "probabilities", "class_ids"] {
            #expect(fusedOut[name] == plain[name].map(ExportedModel.output), "\(name)")
        }
    }

    @Test func aMissingCellInAFusedColumnNamesItsRow() throws {
        let model = try ExportedModel(directory: try ExportedModelTests.dnnExport(), backend: CPUBackend(threads: 1))
        let table = ExportFixture.table([("a", [1, 2, 3]), ("b", [1, 2, nil]), ("c", [1, 2, 3]), ("d", [1, 2, 3])])
        #expect(throws: ExportError("the column 'b' has no value in row 12 and the export has no default for it",
                                    hint: "fill the cell (the model was trained without a default for 'b')")) {
            _ = try model.predict(table, rows: 1..<3, firstRow: 11)
        }
    }

    @Test func predictRunsFromSeveralThreadsAtOnce() throws {
        let model = try ExportedModel(directory: try ExportedModelTests.dnnExport(), backend: CPUBackend(threads: 2))
        let tables = (0..<8).map { ExportedModelTests.table(ExportedModelTests.rows(10 + $0)) }
        let serial = try tables.map { try model.predict($0) }
        let results = Mutex([Int: [String: ExportOutput]]())
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            let out = try? model.predict(tables[k])
            results.withLock { $0[k] = out }
        }
        let concurrent = results.withLock { $0 }
        for k in 0..<8 { #expect(concurrent[k] == serial[k], "table \(k)") }
    }
}
