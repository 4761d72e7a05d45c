import Tensors

extension Column {
    /// The column as a rank-1 tensor: `float32` for float and bool columns, `int64` for int
    /// columns (missing cells are NaN or 0); `nil` for text, which feature columns turn into ids.
    public func tensor(on backend: (any Backend)? = nil) -> Tensor? {
        switch values {
        case let .float(v): return Tensor(v, on: backend)
        case let .int(v): return Tensor(v, on: backend)
        case let .bool(v): return Tensor(v.map { $0 ? Float(1) : 0 }, on: backend)
        case .string: return nil
        }
    }
}

extension Table {
    /// One tensor per numeric column of a batch, by name (text columns are left out).
    public func tensors(on backend: (any Backend)? = nil) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (name, c) in zip(names, columns) { out[name] = c.tensor(on: backend) }
        return out
    }
}
