import CPUBackend
import Datasets
import Exports
import Foundation
import Testing
import Tensors
import TestSupport

/// `predict(csv:)` streams a file in batches: the same outputs as one table, rows numbered in the file.
@Suite struct ExportedModelCSVTests {
    static func file(_ text: String) throws -> String {
        let url = try Interop.temporaryDirectory("est-export-csv").appendingPathComponent("data.csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func batchesEqualOneTableAndArriveInOrder() throws {
        let model = try ExportedModel(directory: try ExportedModelTests.dnnExport(), backend: CPUBackend(threads: 1))
        let rows = ExportedModelTests.rows(23)
        let text = "d,c,b,a\n" + rows.map { r in "\(r[3]),\(r[2]),\(r[1]),\(r[0])" }.joined(separator: "\n") + "\n"
        var firsts = [Int]()
        var ids = [Int64]()
        let count = try model.predict(csv: try Self.file(text), batchSize: 5, threads: 2) { first, outputs in
            firsts.append(first)
            if case let .int64(v, _)? = outputs["class_ids"] { ids += v }
        }
        #expect(count == 23 && firsts == [1, 6, 11, 16, 21])
        guard case let .int64(want, _)? = try model.predict(ExportedModelTests.table(rows))["class_ids"] else {
            Issue.record("no class_ids")
            return
        }
        #expect(ids == want)
    }

    @Test func aMissingCellIsNamedByItsRowInTheFile() throws {
        let model = try ExportedModel(directory: try ExportedModelTests.dnnExport(), backend: CPUBackend(threads: 1))
        let text = "a,b,c,d\n" + (1...9).map { "\($0),1,2,3" }.joined(separator: "\n") + "\n10,1,,3\n"
        #expect(throws: ExportError("the column 'c' has no value in row 10 and the export has no default for it",
                                    hint: "fill the cell (the model was trained without a default for 'c')")) {
            try model.predict(csv: try Self.file(text), batchSize: 4) { _, _ in }
        }
    }

    @Test func textInputsKeepTheirTextEvenWhenItLooksLikeANumber() throws {
        let model = try ExportedModel(directory: try ExportedFeatureExport.directory(), backend: ReferenceBackend.shared)
        var got = [ExportOutput]()
        try model.predict(csv: try Self.file("color,city\n007,x\n7,x\n"), threads: 1) { _, outputs in got.append(outputs["predictions"]!) }
        let want = try model.predict(Table(names: ["color", "city"], columns: [Column(strings: ["007", "7"]), Column(strings: ["x", "x"])]))
        #expect(got == [want["predictions"]!], "\"007\" is not the vocabulary's \"7\"")
    }
}

/// The feature export of ``ExportedModelFeatureTests``, for other suites.
enum ExportedFeatureExport {
    static func directory() throws -> String { try ExportedModelFeatureTests.export() }
}

@Suite struct EmptyBatchTests {
    @Test func anEmptyBatchGivesEmptyOutputs() throws {
        let model = try ExportedModel(directory: try ExportedModelTests.dnnExport(), backend: CPUBackend(threads: 1))
        let out = try model.predict(ExportedModelTests.table([]))
        #expect(out["class_ids"] == .int64([], shape: [0, 1]) && out["probabilities"] == .float32([], shape: [0, 3]))
        #expect(try model.predict(csv: try ExportedModelCSVTests.file("a,b,c,d\n")) { _, _ in Issue.record("no batch expected") } == 0)
    }
}
