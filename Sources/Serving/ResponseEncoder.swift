import Exports

/// A model's outputs for one request, in the signature's order, checked to have one entry per row.
struct OutputSet {
    var names: [String]
    var values: [ExportOutput]
    var rows: Int

    /// Orders `outputs` as `signature` lists them (others after, by name) and checks their batch size.
    init(_ outputs: [String: ExportOutput], signature: ExportSignature, rows: Int) throws(ServingError) {
        let listed = signature.outputs.map(\.name).filter { outputs[$0] != nil }
        let others = outputs.keys.filter { !listed.contains($0) }.sorted()
        names = listed + others
        values = names.map { outputs[$0]! }
        self.rows = rows
        for (name, v) in zip(names, values) where v.shape.first != rows {
            throw ServingError(500, "the model gave output '\(name)' of shape \(v.shape) for \(rows) rows")
        }
    }

    subscript(name: String) -> ExportOutput? { names.firstIndex(of: name).map { values[$0] } }
}

extension ExportOutput {
    /// The shape, first dimension the batch.
    var shape: [Int] {
        switch self {
        case let .float32(_, s), let .int64(_, s), let .string(_, s): s
        }
    }
}

extension JSONWriter {
    /// The values of `output` from element `start`, nested as `dims` (a scalar when `dims` is empty).
    mutating func values(_ output: ExportOutput, from start: Int, dims: ArraySlice<Int>) {
        guard let first = dims.first else {
            switch output {
            case let .float32(v, _): float(v[start])
            case let .int64(v, _): int(v[start])
            case let .string(v, _): string(v[start])
            }
            return
        }
        let inner = dims.dropFirst().reduce(1, *)
        byte(UInt8(ascii: "["))
        if inner == 1 && dims.count == 1 {
            // The common case (a row of k values) without recursion per value.
            switch output {
            case let .float32(v, _): for i in 0..<first { if i > 0 { byte(UInt8(ascii: ",")) }; float(v[start + i]) }
            case let .int64(v, _): for i in 0..<first { if i > 0 { byte(UInt8(ascii: ",")) }; int(v[start + i]) }
            case let .string(v, _): for i in 0..<first { if i > 0 { byte(UInt8(ascii: ",")) }; string(v[start + i]) }
            }
        } else {
            for i in 0..<first {
                if i > 0 { byte(UInt8(ascii: ",")) }
                values(output, from: start + i * inner, dims: dims.dropFirst())
            }
        }
        byte(UInt8(ascii: "]"))
    }

    /// Row `row` of `output`: its values past the batch dimension.
    mutating func row(_ row: Int, of output: ExportOutput) {
        let dims = output.shape.dropFirst()
        values(output, from: row * dims.reduce(1, *), dims: dims)
    }
}

/// Writes the answers of TF Serving's REST API.
enum ResponseEncoder {
    /// `{"predictions": [...]}`: per row an object of outputs, or the bare value when there is one output.
    static func predictions(_ set: OutputSet) -> [UInt8] {
        var w = JSONWriter(capacity: 32 + set.rows * 24 * max(1, set.names.count))
        w.raw("{\"predictions\":[")
        for r in 0..<set.rows {
            if r > 0 { w.byte(UInt8(ascii: ",")) }
            if set.values.count == 1 {
                w.row(r, of: set.values[0])
                continue
            }
            w.byte(UInt8(ascii: "{"))
            for (k, (name, output)) in zip(set.names, set.values).enumerated() {
                if k > 0 { w.byte(UInt8(ascii: ",")) }
                w.key(name)
                w.row(r, of: output)
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}")
        return w.bytes
    }

    /// `{"outputs": {...}}`: each output over the whole batch, or the bare value when there is one output.
    static func outputs(_ set: OutputSet) -> [UInt8] {
        var w = JSONWriter(capacity: 32 + set.rows * 24 * max(1, set.names.count))
        w.raw("{\"outputs\":")
        if set.values.count == 1 {
            w.values(set.values[0], from: 0, dims: set.values[0].shape[...])
        } else {
            w.byte(UInt8(ascii: "{"))
            for (k, (name, output)) in zip(set.names, set.values).enumerated() {
                if k > 0 { w.byte(UInt8(ascii: ",")) }
                w.key(name)
                w.values(output, from: 0, dims: output.shape[...])
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("}")
        return w.bytes
    }

    /// `{"result": [[[label, score], ...], ...]}` from `classes` (labels) and `scores` outputs of shape [n, k].
    static func classification(labels: [String], scores: [Float], rows: Int, classes k: Int) -> [UInt8] {
        var w = JSONWriter(capacity: 32 + rows * k * 24)
        w.raw("{\"result\":[")
        for r in 0..<rows {
            if r > 0 { w.byte(UInt8(ascii: ",")) }
            w.byte(UInt8(ascii: "["))
            for c in 0..<k {
                if c > 0 { w.byte(UInt8(ascii: ",")) }
                w.byte(UInt8(ascii: "["))
                w.string(labels[r * k + c])
                w.byte(UInt8(ascii: ","))
                w.float(scores[r * k + c])
                w.byte(UInt8(ascii: "]"))
            }
            w.byte(UInt8(ascii: "]"))
        }
        w.raw("]}")
        return w.bytes
    }

    /// `{"result": [v, ...]}`: one regression value per row.
    static func regression(_ values: [Float]) -> [UInt8] {
        var w = JSONWriter(capacity: 32 + values.count * 12)
        w.raw("{\"result\":[")
        for (i, v) in values.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.float(v)
        }
        w.raw("]}")
        return w.bytes
    }
}
