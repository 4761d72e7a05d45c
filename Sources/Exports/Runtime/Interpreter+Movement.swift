import ONNX
import Tensors

extension Interpreter {
    static func movementKernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        switch node.opType {
        case "Identity": return { v throws(ExportError) in [try Args.value(v, 0)] }
        case "Reshape": return try reshapeKernel(node)
        case "Squeeze", "Unsqueeze": return try squeezeKernel(node)
        case "Flatten":
            let axisAttribute = Int(try node.int("axis", 1))
            return { v throws(ExportError) in
                let x = try Args.value(v, 0)
                let axis = axisAttribute < 0 ? axisAttribute + x.shape.rank : axisAttribute
                guard axis >= 0 && axis <= x.shape.rank else { throw ExportError("axis \(axisAttribute) is out of range for \(x.shape)") }
                let rows = x.shape.dims[..<axis].reduce(1, *)
                return [x.reshaped([rows, x.shape.count / Swift.max(rows, 1)])]
            }
        case "Transpose":
            let perm = try node.ints("perm")?.map { Int($0) }
            return { v throws(ExportError) in
                let x = try Args.value(v, 0)
                let p = perm ?? Array((0..<x.shape.rank).reversed())
                guard p.sorted() == Array(0..<x.shape.rank) else { throw ExportError("perm \(p) is not a permutation of the axes of \(x.shape)") }
                let st = x.shape.strides
                return [x.read(offset: 0, strides: p.map { st[$0] }, shape: Shape(p.map { x.shape[$0] }))]
            }
        case "Expand":
            return { v throws(ExportError) in
                let x = try Args.value(v, 0)
                guard let dims = try Args.ints(v, 1), dims.allSatisfy({ $0 >= 0 }) else { throw ExportError("needs a shape of sizes ≥ 0") }
                let shape = try Args.broadcast([x.shape, Shape(dims)])
                return [x.read(offset: 0, strides: x.shape.broadcastStrides(to: shape), shape: shape)]
            }
        case "Slice": return sliceKernel()
        case "Gather": return try gatherKernel(node, backend: backend)
        case "Concat": return try concatKernel(node)
        case "Constant": return try constantKernel(node, backend: backend)
        case "Shape":
            let start = Int(try node.int("start", 0))
            let end = node.values["end"] == nil ? nil : Int(try node.int("end", 0))
            return { v throws(ExportError) in
                let dims = try Args.value(v, 0).shape.dims
                let r = dims.count
                let lo = Swift.min(Swift.max(start < 0 ? start + r : start, 0), r)
                let hi = Swift.min(Swift.max(end.map { $0 < 0 ? $0 + r : $0 } ?? r, lo), r)
                return [.tensor(Tensor(dims[lo..<hi].map(Int64.init), on: backend))]
            }
        default: return try oneHotKernel(node, backend: backend)
        }
    }

    static func reshapeKernel(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        let allowZero = try node.int("allowzero", 0) != 0
        return { v throws(ExportError) in
            let x = try Args.value(v, 0)
            guard var dims = try Args.ints(v, 1) else { throw ExportError("needs a shape") }
            for i in dims.indices where dims[i] == 0 && !allowZero {
                guard i < x.shape.rank else { throw ExportError("shape \(dims) copies dimension \(i) of \(x.shape), which has none") }
                dims[i] = x.shape[i]
            }
            let unknown = dims.indices.filter { dims[$0] == -1 }
            guard unknown.count <= 1, dims.allSatisfy({ $0 >= -1 }) else { throw ExportError("shape \(dims) is not a valid shape") }
            if let u = unknown.first {
                let known = dims.enumerated().reduce(1) { $1.offset == u ? $0 : $0 * $1.element }
                guard known > 0, x.shape.count % known == 0 else { throw ExportError("cannot reshape \(x.shape) to \(dims)") }
                dims[u] = x.shape.count / known
            }
            guard dims.reduce(1, *) == x.shape.count else { throw ExportError("cannot reshape \(x.shape) (\(x.shape.count) elements) to \(dims)") }
            return [x.reshaped(Shape(dims))]
        }
    }

    /// `Squeeze`/`Unsqueeze`, axes an input from opset 13 (an attribute before).
    static func squeezeKernel(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        let attributeAxes = try node.ints("axes")?.map { Int($0) }
        let fromInput = node.opset >= 13
        let squeeze = node.opType == "Squeeze"
        return { v throws(ExportError) in
            let x = try Args.value(v, 0)
            let given = fromInput ? try Args.ints(v, 1) : attributeAxes
            var dims = x.shape.dims
            if squeeze {
                var axes = Set<Int>()
                for a in given ?? [] { axes.insert(try Args.axis(a, rank: dims.count)) }
                if given == nil { axes = Set(dims.indices.filter { dims[$0] == 1 }) }
                for a in axes where dims[a] != 1 { throw ExportError("cannot squeeze axis \(a) of \(x.shape): it is not 1") }
                dims = dims.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
            } else {
                guard let given else { throw ExportError("needs axes") }
                let rank = dims.count + given.count
                var axes = [Int]()
                for a in given { axes.append(try Args.axis(a, rank: rank)) }
                guard Set(axes).count == axes.count else { throw ExportError("axes \(given) repeat an axis") }
                for a in axes.sorted() { dims.insert(1, at: a) }
            }
            return [x.reshaped(Shape(dims))]
        }
    }

    /// `Slice` with starts, ends, optional axes and steps, clamped as ONNX says; one strided read.
    static func sliceKernel() -> Kernel {
        { v throws(ExportError) in
            let x = try Args.value(v, 0)
            guard let starts = try Args.ints(v, 1), let ends = try Args.ints(v, 2), starts.count == ends.count else {
                throw ExportError("needs starts and ends of equal length")
            }
            let rank = x.shape.rank
            var axes = [Int]()
            for a in try Args.ints(v, 3) ?? Array(0..<starts.count) { axes.append(try Args.axis(a, rank: rank)) }
            let steps = try Args.ints(v, 4) ?? [Int](repeating: 1, count: starts.count)
            guard axes.count == starts.count, steps.count == starts.count, !steps.contains(0) else {
                throw ExportError("starts, ends, axes and steps differ in length, or a step is 0")
            }
            let st = x.shape.strides
            var (offset, strides, dims) = (0, st, x.shape.dims)
            for (k, a) in axes.enumerated() {
                let n = x.shape[a], step = steps[k]
                var s = starts[k] < 0 ? starts[k] + n : starts[k]
                var e = ends[k] < 0 ? ends[k] + n : ends[k]
                if step > 0 {
                    (s, e) = (Swift.min(Swift.max(s, 0), n), Swift.min(Swift.max(e, 0), n))
                } else {
                    (s, e) = (Swift.min(Swift.max(s, 0), n - 1), Swift.min(Swift.max(e, -1), n - 1))
                }
                let count = step > 0 ? Swift.max(0, (e - s + step - 1) / step) : Swift.max(0, (s - e + (-step) - 1) / (-step))
                dims[a] = count
                if count > 0 { offset += s * st[a] }
                strides[a] = st[a] * step
            }
            return [x.read(offset: offset, strides: strides, shape: Shape(dims))]
        }
    }

    static func gatherKernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        let axisAttribute = Int(try node.int("axis", 0))
        return { v throws(ExportError) in
            let x = try Args.value(v, 0)
            let indexTensor = try Args.tensor(v, 1)
            guard let raw = try Args.ints(v, 1) else { throw ExportError("needs indices") }
            let axis = try Args.axis(axisAttribute, rank: x.shape.rank)
            let n = x.shape[axis]
            var indices = raw
            for i in indices.indices {
                if indices[i] < 0 { indices[i] += n }
                guard indices[i] >= 0 && indices[i] < n else { throw ExportError("index \(raw[i]) is out of range for axis \(axis) of \(x.shape)") }
            }
            switch x {
            case let .tensor(t):
                let ids = raw == indices ? indexTensor : Tensor(indices.map(Int64.init), shape: indexTensor.shape, on: backend)
                return [.tensor(t.backend.gather(t, indices: ids, axis: axis))]
            case let .strings(s):
                let outer = s.shape.dims[..<axis].reduce(1, *), inner = s.shape.dims[(axis + 1)...].reduce(1, *)
                var out = [String]()
                out.reserveCapacity(outer * indices.count * inner)
                for o in 0..<outer { for i in indices { out += s.values[(o * n + i) * inner..<(o * n + i + 1) * inner] } }
                let dims = Array(s.shape.dims[..<axis]) + indexTensor.shape.dims + Array(s.shape.dims[(axis + 1)...])
                return [.strings(StringTensor(out, shape: Shape(dims)))]
            }
        }
    }

    static func concatKernel(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        let axisAttribute = Int(try node.int("axis", 0))
        return { v throws(ExportError) in
            let parts = try v.indices.map { i throws(ExportError) in try Args.value(v, i) }
            guard let first = parts.first, first.shape.rank > 0 else { throw ExportError("needs inputs of rank ≥ 1") }
            let axis = try Args.axis(axisAttribute, rank: first.shape.rank)
            for p in parts {
                guard p.shape.rank == first.shape.rank, p.typeName == first.typeName,
                      (0..<p.shape.rank).allSatisfy({ $0 == axis || p.shape[$0] == first.shape[$0] }) else {
                    throw ExportError("cannot join \(first.typeName)\(first.shape) and \(p.typeName)\(p.shape) along axis \(axis)")
                }
            }
            if case .tensor = first {
                let tensors = parts.compactMap { if case let .tensor(t) = $0 { t } else { nil } }
                return [.tensor(tensors.count == 1 ? tensors[0] : Tensor.concat(tensors, axis: axis))]
            }
            let strings = parts.compactMap { if case let .strings(s) = $0 { s } else { nil } }
            let outer = first.shape.dims[..<axis].reduce(1, *)
            var out = [String]()
            for o in 0..<outer {
                for s in strings {
                    let block = s.shape.count / Swift.max(outer, 1)
                    out += s.values[o * block..<(o + 1) * block]
                }
            }
            var dims = first.shape.dims
            dims[axis] = strings.reduce(0) { $0 + $1.shape[axis] }
            return [.strings(StringTensor(out, shape: Shape(dims)))]
        }
    }

    static func constantKernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        let value: RuntimeValue
        if let t = try node.tensor("value") {
            value = try constant(t, backend: backend, what: "Constant value")
        } else if let f = node.values["value_float"], case let .float(x) = f {
            value = .tensor(Tensor(scalar: x, on: backend))
        } else if let f = try node.floats("value_floats") {
            value = .tensor(Tensor(f, on: backend))
        } else if let i = node.values["value_int"], case let .int(x) = i {
            value = .tensor(Tensor(scalar: x, on: backend))
        } else if let i = try node.ints("value_ints") {
            value = .tensor(Tensor(i, on: backend))
        } else if let s = node.values["value_string"], case let .string(x) = s {
            value = .strings(StringTensor([x], shape: .scalar))
        } else if let s = try node.strings("value_strings") {
            value = .strings(StringTensor(s, shape: [s.count]))
        } else {
            throw ExportError("Constant has no value attribute est reads (value, value_float(s), value_int(s), value_string(s))")
        }
        return { _ throws(ExportError) in [value] }
    }

    /// `OneHot(indices, depth, values)`: `values[1]` where the index matches, else `values[0]`; a new axis of size depth.
    static func oneHotKernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        let axisAttribute = Int(try node.int("axis", -1))
        return { v throws(ExportError) in
            let indices = try Args.tensor(v, 0).doubles.map { Int($0) }
            let shape = try Args.value(v, 0).shape
            let depth = Int(try Args.tensor(v, 1).doubles.first ?? 0)
            let values = try Args.tensor(v, 2)
            guard depth > 0, values.count == 2 else { throw ExportError("needs depth > 0 and two values [off, on]") }
            let axis = try Args.axis(axisAttribute, rank: shape.rank + 1)
            let outer = shape.dims[..<axis].reduce(1, *), inner = shape.count / Swift.max(outer, 1)
            var mask = [Bool](repeating: false, count: shape.count * depth)
            for o in 0..<outer {
                for i in 0..<inner {
                    var k = indices[o * inner + i]
                    if k < 0 { k += depth }
                    if k >= 0 && k < depth { mask[(o * depth + k) * inner + i] = true }
                }
            }
            var dims = shape.dims
            dims.insert(depth, at: axis)
            let out = Shape(dims)
            let zeros = [Int](repeating: 0, count: out.rank)
            let off = values.read(offset: 0, strides: zeros, shape: out), on = values.read(offset: 1, strides: zeros, shape: out)
            return [.tensor(backend.select(Tensor(mask, shape: out, on: backend), on, off, shape: out))]
        }
    }
}
