import Datasets
import Exports

/// One input column of a request, filled value by value as the reader meets them.
///
/// Values land in typed arrays (floats, int64s, dictionary-coded strings) that become a `Column` without copying.
struct ColumnBuilder {
    enum Kind { case float, int, string }

    let name: String
    let kind: Kind
    private var floats: [Float] = []
    private var ints: [Int64] = []
    private var codes: [Int32] = []
    private var dictionary: [String] = []
    private var codeOf: [String: Int32] = [:]
    private var missing: [Bool] = []
    private var anyMissing = false
    private(set) var count = 0

    /// A builder for a signature input (`float32`, `int64` or `string`).
    init(_ input: ExportSignatureInput) {
        name = input.name
        switch input.dtype {
        case "int64": kind = .int
        case "string": kind = .string
        default: kind = .float
        }
    }

    var typeName: String {
        switch kind {
        case .float: "a number (float32)"
        case .int: "an integer (int64)"
        case .string: "a string"
        }
    }

    /// Reads one value for the next row; `place` names it in errors ("instance 3").
    mutating func read(_ r: inout JSONReader, at place: @autoclosure () -> String) throws(ServingError) {
        var kind = r.peekKind()
        if kind == .array {
            // TF Serving accepts a value of shape [1] as a one-element list.
            _ = try r.beginArray()
            try readScalar(&r, kind: r.peekKind(), at: place())
            guard !(try r.commaOr(UInt8(ascii: "]"))) else {
                throw .badRequest("input '\(name)' of \(place()): expected one value, got a list of several")
            }
            return
        }
        if kind == .invalid || kind == .end { kind = .invalid }
        try readScalar(&r, kind: kind, at: place())
    }

    private mutating func readScalar(_ r: inout JSONReader, kind: JSONReader.Kind, at place: @autoclosure () -> String) throws(ServingError) {
        switch (kind, self.kind) {
        case (.null, _):
            _ = try r.readLiteral()
            appendMissing()
        case (.number, .float):
            floats.append(Float(try r.readNumber().double))
            appendPresent()
        case (.number, .int):
            switch try r.readNumber() {
            case let .int(v): ints.append(v)
            case let .double(d):
                guard d.rounded() == d, abs(d) < 9.2e18 else {
                    throw .badRequest("input '\(name)' of \(place()): expected an integer (int64), got \(d)")
                }
                ints.append(Int64(d))
            }
            appendPresent()
        case (.string, .string):
            let s = try r.readString()
            if let c = codeOf[s] { codes.append(c) } else {
                let c = Int32(dictionary.count)
                codeOf[s] = c
                dictionary.append(s)
                codes.append(c)
            }
            appendPresent()
        case (.invalid, _), (.end, _):
            throw r.malformed("expected a value")
        default:
            let got = switch kind {
            case .object: "an object"
            case .array: "a nested list"
            case .string: "a string"
            case .number: "a number"
            default: "true or false"
            }
            throw .badRequest("input '\(name)' of \(place()): expected \(typeName), got \(got)")
        }
    }

    private mutating func appendPresent() {
        count += 1
        if anyMissing { missing.append(false) }
    }

    mutating func appendMissing() {
        switch kind {
        case .float: floats.append(.nan)
        case .int: ints.append(0)
        case .string: codes.append(-1)
        }
        if !anyMissing {
            anyMissing = true
            missing = [Bool](repeating: false, count: count)
        }
        missing.append(true)
        count += 1
    }

    /// The column of the values read.
    func column() -> Column {
        let m = anyMissing ? missing : nil
        switch kind {
        case .float: return Column(.float(floats), missing: m)
        case .int: return Column(.int(ints), missing: m)
        case .string: return Column(.string(codes: codes, dictionary: dictionary), missing: m)
        }
    }

    /// The column of this builder's one value repeated `rows` times (a classify request's `context`).
    func column(repeating rows: Int) -> Column {
        precondition(count == 1, "ColumnBuilder.column(repeating:): '\(name)' holds \(count) values, not 1")
        let m = anyMissing ? [Bool](repeating: true, count: rows) : nil
        switch kind {
        case .float: return Column(.float([Float](repeating: floats[0], count: rows)), missing: m)
        case .int: return Column(.int([Int64](repeating: ints[0], count: rows)), missing: m)
        case .string: return Column(.string(codes: [Int32](repeating: codes[0], count: rows), dictionary: dictionary), missing: m)
        }
    }
}

typealias ExportSignatureInput = ExportSignature.Input
