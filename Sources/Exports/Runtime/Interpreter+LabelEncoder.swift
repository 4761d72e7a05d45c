import ONNX
import Tensors

extension Interpreter {
    /// ai.onnx.ml `LabelEncoder` (opsets 2–4): each element looked up in `keys_*`, mapped to the same position of
    /// `values_*`, else the default (`default_int64` -1, `default_string` "_Unused", `default_float` -0.0).
    static func labelEncoderKernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        let keys = try encoderKeys(node)
        let values = try encoderValues(node)
        guard keys.count == values.count else { throw ExportError("\(keys.count) keys for \(values.count) values") }
        return { v throws(ExportError) in
            let x = try Args.value(v, 0)
            var positions = [Int?]()
            switch (x, keys) {
            case let (.strings(s), .strings(index)): positions = s.values.map { index[$0] }
            case let (.tensor(t), .ints(index)) where t.dtype == .int64 || t.dtype == .int32:
                positions = t.doubles.map { index[Int64($0)] }
            case let (.tensor(t), .floats(index)) where t.dtype == .float32:
                positions = t.scalars(as: Float.self).map { index[$0 == 0 ? 0 : $0.bitPattern] }
            default: throw ExportError("the input is \(x.typeName), which the keys (\(keys.typeName)) do not match")
            }
            switch values {
            case let .strings(table, d): return [.strings(StringTensor(positions.map { $0.map { table[$0] } ?? d }, shape: x.shape))]
            case let .ints(table, d): return [.tensor(Tensor(positions.map { $0.map { table[$0] } ?? d }, shape: x.shape, on: backend))]
            case let .floats(table, d): return [.tensor(Tensor(positions.map { $0.map { table[$0] } ?? d }, shape: x.shape, on: backend))]
            }
        }
    }

    enum EncoderKeys {
        case strings([String: Int]), ints([Int64: Int]), floats([UInt32: Int])
        var count: Int {
            switch self {
            case let .strings(d): d.count
            case let .ints(d): d.count
            case let .floats(d): d.count
            }
        }
        var typeName: String {
            switch self {
            case .strings: "string"
            case .ints: "int64"
            case .floats: "float"
            }
        }
    }

    enum EncoderValues {
        case strings([String], String), ints([Int64], Int64), floats([Float], Float)
        var count: Int {
            switch self {
            case let .strings(v, _): v.count
            case let .ints(v, _): v.count
            case let .floats(v, _): v.count
            }
        }
    }

    /// The first position of each key (a repeated key keeps its first value, as onnxruntime's map does).
    static func firstPositions<K: Hashable>(_ keys: [K]) -> [K: Int] {
        var d = [K: Int]()
        for (i, k) in keys.enumerated() where d[k] == nil { d[k] = i }
        return d
    }

    static func encoderKeys(_ node: NodeAttributes) throws(ExportError) -> EncoderKeys {
        if let s = try node.strings("keys_strings") { return .strings(firstPositions(s)) }
        if let i = try node.ints("keys_int64s") { return .ints(firstPositions(i)) }
        if let f = try node.floats("keys_floats") { return .floats(firstPositions(f.map { $0 == 0 ? 0 : $0.bitPattern })) }
        if let t = try node.tensor("keys_tensor") {
            do {
                switch t.dataType {
                case .string: return .strings(firstPositions(try t.strings()))
                case .int64: return .ints(firstPositions(try t.values(as: Int64.self)))
                case .float: return .floats(firstPositions(try t.values(as: Float.self).map { $0 == 0 ? 0 : $0.bitPattern }))
                default: break
                }
            } catch { throw ExportError("keys_tensor: \(error)") }
        }
        throw ExportError("LabelEncoder needs keys_strings, keys_int64s, keys_floats or a string/int64/float keys_tensor")
    }

    static func encoderValues(_ node: NodeAttributes) throws(ExportError) -> EncoderValues {
        let tensorDefault = try node.tensor("default_tensor")
        do {
            if let s = try node.strings("values_strings") {
                return .strings(s, try tensorDefault?.strings().first ?? node.string("default_string", "_Unused"))
            }
            if let i = try node.ints("values_int64s") {
                return .ints(i, try tensorDefault?.values(as: Int64.self).first ?? node.int("default_int64", -1))
            }
            if let f = try node.floats("values_floats") {
                return .floats(f, try tensorDefault?.values(as: Float.self).first ?? node.float("default_float", -0.0))
            }
            if let t = try node.tensor("values_tensor") {
                switch t.dataType {
                case .string: return .strings(try t.strings(), try tensorDefault?.strings().first ?? "_Unused")
                case .int64: return .ints(try t.values(as: Int64.self), try tensorDefault?.values(as: Int64.self).first ?? -1)
                case .float: return .floats(try t.values(as: Float.self), try tensorDefault?.values(as: Float.self).first ?? -0.0)
                default: break
                }
            }
        } catch let e as ExportError {
            throw e
        } catch {
            throw ExportError("default_tensor or values_tensor: \(error)")
        }
        throw ExportError("LabelEncoder needs values_strings, values_int64s, values_floats or a string/int64/float values_tensor")
    }
}
