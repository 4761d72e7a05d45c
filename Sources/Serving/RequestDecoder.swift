import Datasets
import Exports

/// A predict, classify or regress request decoded into the model's input columns.
struct DecodedRequest {
    /// How the request carried its values, which is how the answer carries its outputs.
    enum Format { case rows, columns }

    var table: Table
    var format: Format
    /// `signature_name`, when the request names one.
    var signatureName: String?
}

/// Decodes request bodies straight into columns, one builder per signature input.
///
/// Row format (`instances`, and `examples` with `context` for classify and regress): each row an object of
/// raw values, or for a one-input model a bare value. Columnar format (`inputs`): an object of lists, or
/// for a one-input model a bare list. Every input must be given (a `null` value is a missing cell);
/// names the model does not take, wrong types and more than `maxRows` rows are refused naming them.
struct RequestDecoder {
    let inputs: [ExportSignature.Input]
    let indexOf: [String: Int]
    let maxRows: Int

    init(signature: ExportSignature, maxRows: Int) {
        inputs = signature.inputs
        indexOf = Dictionary(signature.inputs.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.maxRows = maxRows
    }

    /// Decodes a `:predict` body (`instances` or `inputs`).
    func decodePredict(_ body: UnsafeRawBufferPointer) throws(ServingError) -> DecodedRequest {
        try decode(body, rowsKey: "instances", allowColumns: true)
    }

    /// Decodes a `:classify` or `:regress` body (`examples`, optional `context`).
    func decodeExamples(_ body: UnsafeRawBufferPointer) throws(ServingError) -> DecodedRequest {
        try decode(body, rowsKey: "examples", allowColumns: false)
    }

    private func decode(_ body: UnsafeRawBufferPointer, rowsKey: String, allowColumns: Bool) throws(ServingError) -> DecodedRequest {
        guard !inputs.isEmpty else { throw .badRequest("the model's signature has no inputs") }
        var r = JSONReader(body)
        if r.peekKind() == .end { throw .badRequest("empty request body: send a JSON object with '\(rowsKey)'") }
        guard r.peekKind() == .object else { throw r.malformed("expected a JSON object") }
        var builders = inputs.map(ColumnBuilder.init)
        var context: [ColumnBuilder?] = Array(repeating: nil, count: inputs.count)
        var signatureName: String?
        var format: DecodedRequest.Format?
        let rowName = rowsKey == "instances" ? "instance" : "example"
        if try r.beginObject() {
            repeat {
                let key = try r.readKey()
                switch key {
                case "signature_name":
                    guard r.peekKind() == .string else { throw .badRequest("'signature_name' must be a string") }
                    signatureName = try r.readString()
                case rowsKey,
                     "inputs" where allowColumns:
                    if format != nil { throw .badRequest("the request has both 'instances' and 'inputs'; send one of them") }
                    if key == rowsKey {
                        format = .rows
                        try readRows(&r, into: &builders, rowName: rowName, key: rowsKey, context: context)
                    } else {
                        format = .columns
                        try readColumns(&r, into: &builders)
                    }
                case "context" where !allowColumns:
                    if format != nil { throw .badRequest("'context' must come before 'examples'") }
                    context = try readContext(&r)
                default:
                    let expected = allowColumns ? "signature_name, instances or inputs" : "signature_name, context or examples"
                    throw .badRequest("unknown field '\(key)' in the request (expected \(expected))")
                }
            } while try r.commaOr(UInt8(ascii: "}"))
        }
        try r.expectEnd()
        guard let format else {
            let what = allowColumns ? "'instances' (row format) or 'inputs' (columnar format)" : "'examples'"
            throw .badRequest("the request has no \(what)")
        }
        let rows = builders.map(\.count).max() ?? 0
        let columns = builders.indices.map { k in context[k].map { $0.column(repeating: rows) } ?? builders[k].column() }
        return DecodedRequest(table: Table(names: inputs.map(\.name), columns: columns), format: format, signatureName: signatureName)
    }

    private func tooMany() -> ServingError {
        .badRequest("too many rows: more than \(maxRows) in one request (est serve --max-rows)")
    }

    private func readRows(_ r: inout JSONReader, into builders: inout [ColumnBuilder], rowName: String, key: String,
                          context: [ColumnBuilder?]) throws(ServingError) {
        guard r.peekKind() == .array else { throw .badRequest("'\(key)' must be a list of \(rowName)s") }
        guard try r.beginArray() else { throw .badRequest("'\(key)' is empty: send at least one \(rowName)") }
        var stamp = [Int](repeating: -1, count: inputs.count)
        var row = 0
        repeat {
            if row == maxRows { throw tooMany() }
            try r.expectValue()
            if r.peekKind() != .object {
                guard inputs.count == 1, key == "instances" else {
                    throw .badRequest("\(rowName) \(row) must be an object of inputs (\(names(inputs.indices)))")
                }
                try builders[0].read(&r, at: "\(rowName) \(row)")
            } else {
                if try r.beginObject() {
                    repeat {
                        let name = try r.readKey()
                        guard let k = indexOf[name] else { throw unknown(name, in: "\(rowName) \(row)") }
                        if context[k] != nil { throw .badRequest("input '\(name)' of \(rowName) \(row) is also in 'context'") }
                        if stamp[k] == row { throw .badRequest("input '\(name)' is given twice in \(rowName) \(row)") }
                        stamp[k] = row
                        try builders[k].read(&r, at: "\(rowName) \(row)")
                    } while try r.commaOr(UInt8(ascii: "}"))
                }
                let lacking = inputs.indices.filter { stamp[$0] != row && context[$0] == nil }
                if !lacking.isEmpty { throw .badRequest("\(rowName) \(row) lacks input\(lacking.count > 1 ? "s" : "") \(names(lacking))") }
            }
            row += 1
        } while try r.commaOr(UInt8(ascii: "]"))
    }

    private func readColumns(_ r: inout JSONReader, into builders: inout [ColumnBuilder]) throws(ServingError) {
        if r.peekKind() == .array {
            guard inputs.count == 1 else { throw .badRequest("'inputs' must be an object of lists, one per input (\(names(inputs.indices)))") }
            try readList(&r, into: &builders[0])
            return
        }
        guard r.peekKind() == .object else { throw .badRequest("'inputs' must be an object of lists, one per input") }
        var seen = [Bool](repeating: false, count: inputs.count)
        if try r.beginObject() {
            repeat {
                let name = try r.readKey()
                guard let k = indexOf[name] else { throw unknown(name, in: "'inputs'") }
                if seen[k] { throw .badRequest("input '\(name)' is given twice in 'inputs'") }
                seen[k] = true
                try readList(&r, into: &builders[k])
            } while try r.commaOr(UInt8(ascii: "}"))
        }
        let lacking = inputs.indices.filter { !seen[$0] }
        if !lacking.isEmpty { throw .badRequest("'inputs' lacks input\(lacking.count > 1 ? "s" : "") \(names(lacking))") }
        let first = builders[0]
        for b in builders.dropFirst() where b.count != first.count {
            throw .badRequest("input '\(b.name)' has \(b.count) values but '\(first.name)' has \(first.count): every input needs one per row")
        }
    }

    private func readList(_ r: inout JSONReader, into builder: inout ColumnBuilder) throws(ServingError) {
        guard r.peekKind() == .array else { throw .badRequest("input '\(builder.name)' in 'inputs' must be a list of values, one per row") }
        guard try r.beginArray() else { throw .badRequest("input '\(builder.name)' in 'inputs' is empty: send at least one value") }
        var row = 0
        repeat {
            if row == maxRows { throw tooMany() }
            try builder.read(&r, at: "row \(row) of 'inputs'")
            row += 1
        } while try r.commaOr(UInt8(ascii: "]"))
    }

    private func readContext(_ r: inout JSONReader) throws(ServingError) -> [ColumnBuilder?] {
        guard r.peekKind() == .object else { throw .badRequest("'context' must be an object of inputs shared by every example") }
        var context: [ColumnBuilder?] = Array(repeating: nil, count: inputs.count)
        if try r.beginObject() {
            repeat {
                let name = try r.readKey()
                guard let k = indexOf[name] else { throw unknown(name, in: "'context'") }
                if context[k] != nil { throw .badRequest("input '\(name)' is given twice in 'context'") }
                var b = ColumnBuilder(inputs[k])
                try b.read(&r, at: "'context'")
                context[k] = b
            } while try r.commaOr(UInt8(ascii: "}"))
        }
        return context
    }

    private func unknown(_ name: String, in place: String) -> ServingError {
        .badRequest("unknown input '\(name)' in \(place); the model takes \(names(inputs.indices))")
    }

    /// Quoted input names, at most 20 then a count.
    private func names(_ indices: some Collection<Int>) -> String {
        let shown = indices.prefix(20).map { "'\(inputs[$0].name)'" }.joined(separator: ", ")
        return indices.count > 20 ? "\(shown) and \(indices.count - 20) more" : shown
    }
}
