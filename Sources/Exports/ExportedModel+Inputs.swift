import Datasets
import FeatureColumns
import Tensors

extension ExportedModel {
    /// The graph's inputs from a batch of raw columns: raw columns cast to their graph type, categorical ids computed.
    func feeds(_ batch: Table, firstRow: Int) throws(ExportError) -> [String: RuntimeValue] {
        let expected = signature.inputs.map(\.name)
        for name in expected where batch[name] == nil {
            throw ExportError("the column '\(name)' is missing", hint: "the export reads the columns: \(expected.joined(separator: ", "))")
        }
        let defaults = Dictionary(signature.inputs.map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { a, _ in a })
        var feeds = [String: RuntimeValue]()
        for g in signature.graphInputs {
            if let name = g.column {
                guard let column = batch[name] else {
                    throw ExportError("the column '\(name)' is missing", hint: "the export reads the columns: \(expected.joined(separator: ", "))")
                }
                feeds[g.name] = try rawInput(column, name: name, dtype: g.dtype, defaultValue: defaults[name] ?? nil, firstRow: firstRow)
            } else if let column = idColumns[g.name] {
                feeds[g.name] = .tensor(try ids(column, batch, input: g.name, firstRow: firstRow))
            }
        }
        return feeds
    }

    /// A raw column as a `[batch, 1]` value of `dtype`.
    func rawInput(_ column: Column, name: String, dtype: String, defaultValue: Double?, firstRow: Int) throws(ExportError) -> RuntimeValue {
        let n = column.count
        let shape: Shape = [n, 1]
        let allMissing = column.missingCount == n
        func missingValue(_ i: Int) throws(ExportError) -> Double {
            guard let d = defaultValue else {
                throw ExportError("the column '\(name)' has no value in row \(firstRow + i) and the export has no default for it",
                                  hint: "fill the cell (the model was trained without a default for '\(name)')")
            }
            return d
        }
        func wrongType() -> ExportError {
            ExportError("the column '\(name)' holds \(column.type) values; the export reads it as \(dtype)",
                        hint: "send \(dtype == "string" ? "text" : "numbers") in '\(name)'")
        }
        switch dtype {
        case "float32":
            var values: [Float]
            switch column.values {
            case let .float(v): values = v
            case let .int(v): values = v.map(Float.init)
            case let .bool(v): values = v.map { $0 ? 1 : 0 }
            case .string: guard allMissing else { throw wrongType() }; values = [Float](repeating: 0, count: n)
            }
            if let missing = column.missing {
                for i in 0..<n where missing[i] { values[i] = Float(try missingValue(i)) }
            }
            return .tensor(Tensor(values, shape: shape, on: backend))
        case "int64":
            var values: [Int64]
            switch column.values {
            case let .int(v): values = v
            case let .bool(v): values = v.map { $0 ? 1 : 0 }
            case let .float(v):
                values = [Int64](repeating: 0, count: n)
                for i in 0..<n where !column.isMissing(i) {
                    guard v[i].rounded() == v[i], abs(v[i]) < 9e18 else {
                        throw ExportError("the column '\(name)' has \(v[i]) in row \(firstRow + i), not an integer",
                                          hint: "the export reads '\(name)' as int64")
                    }
                    values[i] = Int64(v[i])
                }
            case .string: guard allMissing else { throw wrongType() }; values = [Int64](repeating: 0, count: n)
            }
            if let missing = column.missing {
                for i in 0..<n where missing[i] { values[i] = Int64(try missingValue(i)) }
            }
            return .tensor(Tensor(values, shape: shape, on: backend))
        default:
            switch column.values {
            case let .string(codes, dictionary):
                return .strings(StringTensor(codes.map { $0 < 0 ? "" : dictionary[Int($0)] }, shape: shape))
            case .int, .bool:
                return .strings(StringTensor((0..<n).map { column.string($0) ?? "" }, shape: shape))
            case .float:
                guard allMissing else { throw wrongType() }
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
