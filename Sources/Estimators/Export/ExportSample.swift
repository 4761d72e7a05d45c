import Datasets
import FeatureColumns

/// A batch of raw columns made from feature columns, to trace a canned model on when no data is at hand.
enum ExportSample {
    /// Rows in a made-up batch: an odd number unlikely to equal a layer's width, so the batch dimension is told apart.
    static let rows = 11

    /// `rows` rows for every raw column `specs` read: numbers for numeric sources, vocabulary words, small ids, text for hashes.
    static func table(for specs: [FeatureColumnSpec], weightColumn: String?, rows: Int) -> Table {
        var columns: [(String, Column)] = []
        func add(_ key: String, _ column: Column) {
            if !columns.contains(where: { $0.0 == key }) { columns.append((key, column)) }
        }
        func visit(_ spec: FeatureColumnSpec) {
            switch spec {
            case let .numeric(key, _, _, _): add(key, Column(.float((0..<rows).map { Float($0) * 0.5 })))
            case let .bucketized(source, _): visit(source)
            case let .vocabulary(key, vocabulary, _, _):
                let words = vocabulary.isEmpty ? [""] : vocabulary
                add(key, Column(.string(codes: (0..<rows).map { Int32($0 % words.count) }, dictionary: words)))
            case let .identity(key, n, _): add(key, Column(.int((0..<rows).map { Int64($0 % n) })))
            case let .hashBucket(key, _): add(key, Column(.string(codes: (0..<rows).map { Int32($0 % 3) }, dictionary: ["a", "b", "c"])))
            case let .crossed(keys, _):
                for k in keys {
                    switch k {
                    case let .raw(s): add(s, Column(.string(codes: (0..<rows).map { Int32($0 % 3) }, dictionary: ["a", "b", "c"])))
                    case let .column(c): visit(c)
                    }
                }
            case let .weighted(c, w):
                visit(c)
                add(w, Column(.float([Float](repeating: 1, count: rows))))
            case let .indicator(c), let .embedding(c, _, _, _): visit(c)
            case .unsupported: break
            }
        }
        specs.forEach(visit)
        if let w = weightColumn { add(w, Column(.float([Float](repeating: 1, count: rows)))) }
        if columns.isEmpty { add("example", Column(.float([Float](repeating: 0, count: rows)))) }
        return Table(names: columns.map(\.0), columns: columns.map(\.1))
    }
}

extension EstimatorConfig {
    /// Every feature column the model reads (a wide & deep model's linear ones, then its DNN ones).
    var featureColumnSpecs: [FeatureColumnSpec] {
        switch model {
        case let .dnn(m): m.featureColumns
        case let .linear(m): m.featureColumns
        case let .dnnLinearCombined(m): m.linearFeatureColumns + m.dnnFeatureColumns
        case let .boostedTrees(m): m.featureColumns
        case .baseline, .custom: []
        }
    }
}
