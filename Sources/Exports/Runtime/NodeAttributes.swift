import ONNX
import Tensors

/// A node's operator, opset and attributes by name, with typed reads that throw naming the attribute.
struct NodeAttributes: Sendable {
    let opType: String
    /// `""` for standard ONNX, else e.g. `ai.onnx.ml`.
    let domain: String
    /// The version of the node's domain the model imports.
    let opset: Int64
    let inputCount: Int
    let values: [String: AttributeProto.Value]

    init(_ node: NodeProto, opset: Int64) {
        opType = node.opType
        domain = node.domain == "ai.onnx" ? "" : node.domain
        self.opset = opset
        inputCount = node.input.count
        var values = [String: AttributeProto.Value]()
        for a in node.attribute { values[a.name] = a.value }
        self.values = values
    }

    private func wrong(_ name: String, _ want: String) -> ExportError {
        ExportError("attribute '\(name)' should be \(want)")
    }

    func int(_ name: String, _ defaultValue: Int64) throws(ExportError) -> Int64 {
        guard let v = values[name] else { return defaultValue }
        guard case let .int(x) = v else { throw wrong(name, "an int") }
        return x
    }

    func float(_ name: String, _ defaultValue: Float) throws(ExportError) -> Float {
        guard let v = values[name] else { return defaultValue }
        guard case let .float(x) = v else { throw wrong(name, "a float") }
        return x
    }

    func string(_ name: String, _ defaultValue: String) throws(ExportError) -> String {
        guard let v = values[name] else { return defaultValue }
        guard case let .string(x) = v else { throw wrong(name, "a string") }
        return x
    }

    func ints(_ name: String) throws(ExportError) -> [Int64]? {
        guard let v = values[name] else { return nil }
        guard case let .ints(x) = v else { throw wrong(name, "ints") }
        return x
    }

    func floats(_ name: String) throws(ExportError) -> [Float]? {
        guard let v = values[name] else { return nil }
        guard case let .floats(x) = v else { throw wrong(name, "floats") }
        return x
    }

    func strings(_ name: String) throws(ExportError) -> [String]? {
        guard let v = values[name] else { return nil }
        guard case let .strings(x) = v else { throw wrong(name, "strings") }
        return x
    }

    func tensor(_ name: String) throws(ExportError) -> TensorProto? {
        guard let v = values[name] else { return nil }
        guard case let .tensor(x) = v else { throw wrong(name, "a tensor") }
        return x
    }

    /// A FLOAT or DOUBLE tensor attribute's elements as floats (the `*_as_tensor` attributes of tree ensembles).
    func tensorFloats(_ name: String) throws(ExportError) -> [Float]? {
        guard let t = try tensor(name) else { return nil }
        do {
            return t.dataType == .double ? try t.values(as: Double.self).map { Float($0) } : try t.values(as: Float.self)
        } catch {
            throw ExportError("attribute '\(name)': \(error)")
        }
    }
}

/// Typed reads of a kernel's inputs that throw naming the input.
enum Args {
    static func value(_ v: [RuntimeValue?], _ i: Int) throws(ExportError) -> RuntimeValue {
        guard i < v.count, let x = v[i] else { throw ExportError("input \(i) is missing") }
        return x
    }

    static func tensor(_ v: [RuntimeValue?], _ i: Int) throws(ExportError) -> Tensor {
        switch try value(v, i) {
        case let .tensor(t): return t
        case .strings: throw ExportError("input \(i) is a string tensor, which this op does not take")
        }
    }

    static func optionalTensor(_ v: [RuntimeValue?], _ i: Int) throws(ExportError) -> Tensor? {
        guard i < v.count, v[i] != nil else { return nil }
        return try tensor(v, i)
    }

    /// An integer tensor's elements (a shape, axes, starts …), or nil when the input is absent.
    static func ints(_ v: [RuntimeValue?], _ i: Int) throws(ExportError) -> [Int]? {
        guard let t = try optionalTensor(v, i) else { return nil }
        switch t.dtype {
        case .int64: return t.scalars(as: Int64.self).map { Int(truncatingIfNeeded: $0) }
        case .int32: return t.scalars(as: Int32.self).map { Int($0) }
        default: throw ExportError("input \(i) should be int64, got \(t.dtype)")
        }
    }

    /// An axis in `-rank..<rank` resolved to `0..<rank`.
    static func axis(_ a: Int, rank: Int) throws(ExportError) -> Int {
        let r = a < 0 ? a + rank : a
        guard r >= 0 && r < Swift.max(rank, 1) else { throw ExportError("axis \(a) is out of range for rank \(rank)") }
        return r
    }

    /// The broadcast of shapes, or an error naming them.
    static func broadcast(_ shapes: [Shape]) throws(ExportError) -> Shape {
        var out = shapes[0]
        for s in shapes.dropFirst() {
            guard let b = Shape.broadcast(out, s) else {
                throw ExportError("shapes \(shapes.map(\.description).joined(separator: " and ")) do not broadcast")
            }
            out = b
        }
        return out
    }
}

extension DType {
    /// The est type of an ONNX `to`/type number, or nil for types est tensors cannot hold (and STRING).
    init?(onnx code: Int64) {
        guard let t = DataType(rawValue: Int32(truncatingIfNeeded: code)).dtype else { return nil }
        self = t
    }
}
