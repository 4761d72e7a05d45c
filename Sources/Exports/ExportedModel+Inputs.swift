import Datasets
import FeatureColumns
import ONNX
import Tensors

/// A `Concat` of raw float32 columns that is their only reader: fed as one `[batch, k]` tensor written straight from the
/// columns (the same values the concatenation makes, without k uploads and a strided copy each).
///
/// An input may also be a raw column with its numeric column's default applied in the graph, `Where(IsNaN(x), d, x)`
/// (what the export writer makes of `numericColumn(key, defaultValue: d)`): its missing cells are written as `d` directly,
/// and the `IsNaN` and `Where` nodes are skipped (``skipped`` are fed a placeholder). A cell that holds a NaN value (not
/// a missing one) then stays NaN, as est's numeric column keeps it.
struct FusedColumns: Sendable {
    /// The Concat's output.
    let output: String
    /// Its inputs, in order, each with the default its missing cells take (nil: the input's own rule).
    let inputs: [(column: ExportSignature.GraphInput, missing: Float?)]
    /// Outputs of the nodes the fusion replaces besides the Concat (fed a placeholder so they are skipped).
    let skipped: [String]

    /// The fusable concatenations of `model`.
    static func find(_ model: ModelProto, _ signature: ExportSignature) -> [FusedColumns] {
        let raw = Dictionary(signature.graphInputs.filter { $0.column != nil && $0.dtype == "float32" }.map { ($0.name, $0) },
                             uniquingKeysWith: { a, _ in a })
        var uses = [String: Int](), producer = [String: NodeProto]()
        for node in model.graph.node {
            for i in node.input { uses[i, default: 0] += 1 }
            for o in node.output { producer[o] = node }
        }
        for o in model.graph.output { uses[o.name, default: 0] += 1 }
        let initializers = Dictionary(model.graph.initializer.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func standard(_ n: NodeProto) -> Bool { n.domain.isEmpty || n.domain == "ai.onnx" }
        /// The raw input and default of `Where(IsNaN(x), d, x)` producing `value`, read only there.
        func defaulted(_ value: String) -> (ExportSignature.GraphInput, Float, [String])? {
            guard uses[value] == 1, let w = producer[value], standard(w), w.opType == "Where", w.input.count == 3,
                  let test = producer[w.input[0]], standard(test), test.opType == "IsNaN", uses[w.input[0]] == 1,
                  test.input.first == w.input[2], let x = raw[w.input[2]], uses[w.input[2]] == 2,
                  let d = initializers[w.input[1]], d.dims.isEmpty, d.dataType == .float,
                  let values = try? d.values(as: Float.self), values.count == 1 else { return nil }
            return (x, values[0], [w.input[0], value])
        }
        return model.graph.node.compactMap { node in
            let axis = node.attribute.first { $0.name == "axis" }?.value
            guard node.opType == "Concat", standard(node), axis == .int(1) || axis == .int(-1),
                  node.output.count == 1, !node.input.isEmpty, Set(node.input).count == node.input.count else { return nil }
            var inputs: [(column: ExportSignature.GraphInput, missing: Float?)] = [], skipped: [String] = []
            for v in node.input {
                if let x = raw[v], uses[v] == 1 {
                    inputs.append((x, nil))
                } else if let (x, d, replaced) = defaulted(v) {
                    inputs.append((x, d))
                    skipped += replaced
                } else {
                    return nil
                }
            }
            guard Set(inputs.map(\.column.name)).count == inputs.count else { return nil }
            return FusedColumns(output: node.output[0], inputs: inputs, skipped: skipped)
        }
    }
}

extension ExportedModel {
    /// The graph's feeds from rows `rows` of a table of raw columns: raw columns cast to their graph type, categorical ids.
    func feeds(_ table: Table, rows: Range<Int>, firstRow: Int) throws(ExportError) -> [String: RuntimeValue] {
        let expected = signature.inputs.map(\.name)
        for name in expected where table[name] == nil {
            throw ExportError("the column '\(name)' is missing", hint: "the export reads the columns: \(expected.joined(separator: ", "))")
        }
        func column(_ name: String) throws(ExportError) -> Column {
            guard let c = table[name] else {
                throw ExportError("the column '\(name)' is missing", hint: "the export reads the columns: \(expected.joined(separator: ", "))")
            }
            return c
        }
        var feeds = [String: RuntimeValue]()
        let n = rows.count
        var fed = Set<String>()
        for f in fused {
            let k = f.inputs.count
            var block = [Float](repeating: 0, count: n * k)
            for (j, (g, missing)) in f.inputs.enumerated() {
                let name = g.column!
                try block.withUnsafeMutableBufferPointer { out throws(ExportError) in
                    try floats(try column(name), rows: rows, name: name, firstRow: firstRow, into: out.baseAddress! + j, stride: k,
                               missing: missing)
                }
                fed.insert(g.name)
            }
            feeds[f.output] = .tensor(Tensor(block, shape: [n, k], on: backend))
            for name in f.skipped { feeds[name] = .tensor(placeholder) }
        }
        var slice: Table?
        for g in signature.graphInputs where !fed.contains(g.name) {
            if let name = g.column {
                feeds[g.name] = try rawInput(try column(name), rows: rows, name: name, dtype: g.dtype, firstRow: firstRow)
            } else if let categorical = idColumns[g.name] {
                if slice == nil { slice = rows == 0..<table.rowCount ? table : table.slice(rows) }
                feeds[g.name] = .tensor(try ids(categorical, slice!, input: g.name, firstRow: firstRow))
            } else {
                // Neither a column nor ids: an input that only gives the number of rows (a baseline's `example`).
                feeds[g.name] = .tensor(Tensor([Float](repeating: 0, count: n), shape: [n, 1], on: backend))
            }
        }
        return feeds
    }

    func missingValue(_ name: String, row: Int) throws(ExportError) -> Double {
        guard let d = defaults[name] ?? nil else {
            throw ExportError("the column '\(name)' has no value in row \(row) and the export has no default for it",
                              hint: "fill the cell (the model was trained without a default for '\(name)')")
        }
        return d
    }

    /// A missing float cell: the input's default, else NaN (the graph gives each column its own default), unless a
    /// numeric column without a default reads the column (`required`), as est refuses it.
    func missingFloat(_ name: String, row: Int) throws(ExportError) -> Float {
        if let d = defaults[name] ?? nil { return Float(d) }
        if signature.inputs.contains(where: { $0.name == name && $0.required == true }) { return Float(try missingValue(name, row: row)) }
        return .nan
    }

    func wrongType(_ name: String, _ column: Column, _ dtype: String) -> ExportError {
        ExportError("the column '\(name)' holds \(column.type) values; the export reads it as \(dtype)",
                    hint: "send \(dtype == "string" ? "text" : "numbers") in '\(name)'")
    }

    /// Writes rows `rows` of a column as float32 to `out[0], out[stride], …` (missing cells take the input's default).
    func floats(_ column: Column, rows: Range<Int>, name: String, firstRow: Int, into out: UnsafeMutablePointer<Float>,
                stride: Int, missing fill: Float? = nil) throws(ExportError) {
        var k = 0
        switch column.values {
        case let .float(v): for i in rows { out[k * stride] = v[i]; k += 1 }
        case let .int(v): for i in rows { out[k * stride] = Float(v[i]); k += 1 }
        case let .bool(v): for i in rows { out[k * stride] = v[i] ? 1 : 0; k += 1 }
        case .string: guard column.missingCount == column.count else { throw wrongType(name, column, "float32") }
        }
        guard let missing = column.missing else { return }
        for (k, i) in rows.enumerated() where missing[i] {
            if let fill { out[k * stride] = fill } else { out[k * stride] = try missingFloat(name, row: firstRow + k) }
        }
    }

    /// Rows `rows` of a raw column as a `[rows, 1]` value of `dtype`.
    func rawInput(_ column: Column, rows: Range<Int>, name: String, dtype: String, firstRow: Int) throws(ExportError) -> RuntimeValue {
        let n = rows.count
        let shape: Shape = [n, 1]
        let allMissing = column.missingCount == column.count
        switch dtype {
        case "float32":
            var values = [Float](repeating: 0, count: n)
            try values.withUnsafeMutableBufferPointer { out throws(ExportError) in
                try floats(column, rows: rows, name: name, firstRow: firstRow, into: out.baseAddress!, stride: 1)
            }
            return .tensor(Tensor(values, shape: shape, on: backend))
        case "int64":
            var values = [Int64](repeating: 0, count: n)
            switch column.values {
            case let .int(v): values = Array(v[rows])
            case let .bool(v): values = v[rows].map { $0 ? 1 : 0 }
            case let .float(v):
                for (k, i) in rows.enumerated() where !column.isMissing(i) {
                    guard v[i].rounded() == v[i], abs(v[i]) < 9e18 else {
                        throw ExportError("the column '\(name)' has \(v[i]) in row \(firstRow + k), not an integer",
                                          hint: "the export reads '\(name)' as int64")
                    }
                    values[k] = Int64(v[i])
                }
            case .string: guard allMissing else { throw wrongType(name, column, dtype) }
            }
            if let missing = column.missing {
                for (k, i) in rows.enumerated() where missing[i] { values[k] = Int64(try missingValue(name, row: firstRow + k)) }
            }
            return .tensor(Tensor(values, shape: shape, on: backend))
        default:
            switch column.values {
            case let .string(codes, dictionary):
                return .strings(StringTensor(codes[rows].map { $0 < 0 ? "" : dictionary[Int($0)] }, shape: shape))
            case .int, .bool:
                return .strings(StringTensor(rows.map { column.string($0) ?? "" }, shape: shape))
            case .float:
                guard allMissing else { throw wrongType(name, column, dtype) }
                return .strings(StringTensor([String](repeating: "", count: n), shape: shape))
            }
        }
    }

    /// A categorical column's ids as a dense `[batch, 1]` int64 tensor: -1 where an example has none.
    func ids(_ column: any CategoricalColumn, _ batch: Table, input: String, firstRow: Int) throws(ExportError) -> Tensor {
        let sparse: SparseIDs
        do {
            sparse = try column.ids(Features(batch))
        } catch {
            throw ExportError("graph input '\(input)' (ids of '\(column.name)'): \(error.problem)", hint: error.hint)
        }
        var dense = [Int64](repeating: -1, count: batch.rowCount)
        var seen = [Bool](repeating: false, count: batch.rowCount)
        for (row, id) in zip(sparse.rows, sparse.ids) {
            let r = Int(row)
            guard !seen[r] else {
                throw ExportError("row \(firstRow + r) gives the column '\(column.name)' more than one id",
                                  hint: "the export takes one value per example in '\(column.keys.joined(separator: "', '"))'")
            }
            seen[r] = true
            dense[r] = id
        }
        return Tensor(dense, shape: [batch.rowCount, 1], on: backend)
    }
}
