import Datasets
@testable import Estimators
import FeatureColumns
import Foundation
import ONNX
import Testing
import TestSupport

/// Helpers of the boosted-trees ONNX tests: edge rows, est's logits, and onnxruntime's.
enum TreeExportSupport {
    /// A model with one float32 `[batch, 1]` input per source (`source_<j>`), the trees, and the output `logits`.
    static func model(_ trees: TreeExport) throws -> ModelBuilder {
        var b = ModelBuilder(graphName: "boosted_trees")
        let names = trees.sources.indices.map { "source_\($0)" }
        for n in names { b.addInput(n, .float, shape: [.batch, 1]) }
        let out = try trees.appendLogits(to: &b, inputs: names, scope: "boosted_trees")
        b.addNode("Identity", inputs: [out], outputs: ["logits"])
        b.addOutput("logits", .float, shape: [.batch, .value(Int64(trees.logitsDimension))])
        return b
    }

    /// onnxruntime's logits for `inputs` (one array per source), row-major; the feeds are written by hand so that
    /// NaN and ±infinity reach onnxruntime (Python's json reads `NaN`, `Infinity`).
    static func onnxLogits(_ builder: ModelBuilder, _ inputs: [[Float]], dimension: Int) throws -> [Double] {
        let dir = try Interop.temporaryDirectory("est-tree-onnx")
        let model = dir.appendingPathComponent("model.onnx"), feeds = dir.appendingPathComponent("feeds.json")
        try builder.write(to: model)
        func number(_ x: Float) -> String { x.isNaN ? "NaN" : x == .infinity ? "Infinity" : x == -.infinity ? "-Infinity" : "\(Double(x))" }
        let rows = inputs.first?.count ?? 0
        let feed = inputs.enumerated().map { j, v in
            "\"source_\(j)\": {\"dtype\": \"float32\", \"shape\": [\(rows), 1], \"data\": [\(v.map(number).joined(separator: ","))]}"
        }
        try Data("[{\(feed.joined(separator: ", "))}]".utf8).write(to: feeds)
        let result = try Interop.script("onnx_check.py", ["run", model.path, feeds.path])
        try #require(result.status == 0, "\(result.output)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
        let runs = try #require(parsed["runs"] as? [[String: [String: Any]]])
        let logits = try #require(runs.first?["logits"])
        #expect(logits["shape"] as? [Int] == [rows, dimension], "logits shape")
        return try #require(logits["data"] as? [NSNumber]).map(\.doubleValue)
    }

    /// est's logits (prediction key `key`: `logits`, or `predictions` for a regressor) for `table`, row-major, from
    /// `checkpoint` (nil: the latest).
    static func estLogits(_ est: Estimator, _ table: Table, key: String, checkpoint: String? = nil) throws -> [Float] {
        var out: [Float] = []
        let input = InputFn(label: nil) { Dataset.table(table).batch(table.rowCount) }
        try est.predict(input: input, keys: [key], checkpoint: checkpoint) { row in
            if case let .floats(v)? = row[key] { out += v }
        }
        return out
    }

    /// Exports `est`'s trees, runs them in onnxruntime on `table` plus its edge rows, and expects
    /// est's logits within 1e-5 (relative above 1). Returns the number of rows compared.
    @discardableResult
    static func expectSameLogits(_ est: Estimator, _ table: Table, key: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let trees = try #require(try est.treeExport(checkpoint: nil), sourceLocation: sourceLocation)
        let rows = withEdges(table, trees)
        let want = try estLogits(est, rows, key: key)
        let got = try onnxLogits(try model(trees), try trees.inputValues(rows), dimension: trees.logitsDimension)
        #expect(want.count == rows.rowCount * trees.logitsDimension && got.count == want.count, sourceLocation: sourceLocation)
        var worst = (difference: 0.0, index: -1)
        for (i, (g, w)) in zip(got, want).enumerated() {
            let d = abs(g - Double(w)) / max(1, abs(Double(w)))
            if d > worst.difference { worst = (d, i) }
        }
        #expect(worst.difference <= 1e-5, "row \(worst.index / max(1, trees.logitsDimension)): worst difference \(worst.difference)",
                sourceLocation: sourceLocation)
        return rows.rowCount
    }

    /// The raw values that sit on the trees' edges for source `j`: every threshold of a split on it and, for a
    /// bucketized column, every boundary as a float, each with the floats just below and above.
    static func edgeValues(_ trees: TreeExport, source j: Int) -> [Float] {
        var centers = zip(trees.nodes.featureIDs, zip(trees.nodes.modes, trees.nodes.values))
            .filter { $0.0 == Int64(j) && $0.1.0 == "BRANCH_LT" }.map(\.1.1)
        if case let .bucketized(b) = trees.sources[j] { centers += b.boundaries.map { Float($0) } }
        return Array(Set(centers.flatMap { [$0.nextDown, $0, $0.nextUp] })).sorted()
    }

    /// `table`'s rows, then copies of them with one numeric source column set to each edge value, NaN, ±infinity,
    /// and (where the column has a default) missing; integer columns take the integral values only.
    static func withEdges(_ table: Table, _ trees: TreeExport) -> Table {
        enum Edit { case value(Float), missing }
        var edits: [(key: String, edit: Edit)] = []
        for j in trees.sources.indices {
            let column: NumericColumn
            switch trees.sources[j] {
            case let .numeric(n): column = n
            case let .bucketized(b): column = b.source
            case .indicator: continue
            }
            edits += (edgeValues(trees, source: j) + [.nan, .infinity, -.infinity]).map { (column.key, .value($0)) }
            if column.defaultValue != nil { edits.append((column.key, .missing)) }
        }
        var extra = table.gathering(edits.indices.map { $0 % table.rowCount })
        var kept = [Bool](repeating: true, count: edits.count)
        for (k, e) in edits.enumerated() {
            let c = extra.names.firstIndex(of: e.key)!
            var missing = extra.columns[c].missing ?? [Bool](repeating: false, count: extra.rowCount)
            switch (extra.columns[c].values, e.edit) {
            case (_, .missing): missing[k] = true
            case (.float(var v), .value(let x)):
                v[k] = x
                missing[k] = false
                extra.columns[c].values = .float(v)
            case (.int(var v), .value(let x)):
                guard x.isFinite, let i = Int64(exactly: x) else { kept[k] = false; continue }
                v[k] = i
                missing[k] = false
                extra.columns[c].values = .int(v)
            default: kept[k] = false
            }
            extra.columns[c] = Column(extra.columns[c].values, missing: missing)
        }
        return Table.concatenate([table, extra.gathering(kept.indices.filter { kept[$0] })])
    }

    /// A CSV fixture as est reads it.
    static func read(_ name: String) throws -> Table { try CSVReader.read(path: fixture(name)).table }
}
