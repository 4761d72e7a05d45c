import Foundation
import Tensors

extension Interpreter {
    static func castKernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        let to = try node.int("to", 0)
        let target = DType(onnx: to)
        guard target != nil || to == 8 else { throw ExportError("Cast to ONNX type \(to) is not supported (est casts to numbers, bool and string)") }
        return { v throws(ExportError) in
            switch (try Args.value(v, 0), target) {
            case let (.tensor(x), t?): return [.tensor(x.cast(to: t))]
            case let (.tensor(x), nil):
                let text: [String] = x.dtype == .float32 ? x.scalars(as: Float.self).map { "\($0)" }
                    : x.dtype == .bool ? x.scalars(as: Bool.self).map { $0 ? "true" : "false" }
                    : x.dtype.isInteger ? x.doubles.map { String(Int64($0)) } : x.doubles.map { "\($0)" }
                return [.strings(StringTensor(text, shape: x.shape))]
            case let (.strings(s), nil): return [.strings(s)]
            case let (.strings(s), t?):
                var numbers = [Double]()
                numbers.reserveCapacity(s.values.count)
                for text in s.values {
                    guard let d = Double(text.trimmingCharacters(in: .whitespaces)) else {
                        throw ExportError("Cast: the string '\(text)' is not a number")
                    }
                    numbers.append(d)
                }
                return [.tensor(Tensor(numbers, shape: s.shape, on: backend).cast(to: t))]
            }
        }
    }

    /// `Softmax`/`LogSoftmax` as est computes them (after subtracting the maximum); before opset 13 on the input
    /// flattened to 2-D at `axis`.
    static func softmaxKernel(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        let legacy = node.opset < 13
        let axisAttribute = Int(try node.int("axis", legacy ? 1 : -1))
        let log = node.opType == "LogSoftmax"
        return { v throws(ExportError) in
            let x = try floating(v, 0)
            let axis = try Args.axis(axisAttribute, rank: x.rank)
            func apply(_ t: Tensor, _ a: Int) -> Tensor { log ? t.logSoftmax(axis: a) : t.softmax(axis: a) }
            if !legacy { return [.tensor(apply(x, axis))] }
            let rows = x.shape.dims[..<axis].reduce(1, *)
            return [.tensor(apply(x.reshaped(to: [rows, x.count / Swift.max(rows, 1)]), 1).reshaped(to: x.shape))]
        }
    }

    /// `ReduceSum` (axes an input from opset 13), `ReduceMax`/`Min`/`Prod`/`Mean` (axes an input from opset 18, an attribute before).
    static func reduceKernel(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        let axesAsInput = node.opType == "ReduceSum" ? node.opset >= 13 : node.opset >= 18
        let attributeAxes = try node.ints("axes")?.map { Int($0) }
        let keep = try node.int("keepdims", 1) != 0
        let noopWhenEmpty = try node.int("noop_with_empty_axes", 0) != 0
        let op: ReductionOp = switch node.opType {
        case "ReduceMax": .max
        case "ReduceMin": .min
        case "ReduceProd": .product
        default: .sum
        }
        let mean = node.opType == "ReduceMean"
        return { v throws(ExportError) in
            let x = try Args.tensor(v, 0)
            guard x.dtype != .bool else { throw ExportError("reductions do not take bool") }
            let given = axesAsInput ? try Args.ints(v, 1) : attributeAxes
            if (given ?? []).isEmpty && noopWhenEmpty { return [.tensor(x)] }
            var axes = [Int]()
            for a in given ?? [] { axes.append(try Args.axis(a, rank: x.rank)) }
            if axes.isEmpty { axes = Array(0..<x.rank) }
            axes = Array(Set(axes)).sorted()
            var y = x.rank == 0 ? x : x.backend.reduce(op, x, axes: axes)
            if mean {
                let n = axes.reduce(1) { $0 * x.shape[$1] }
                y = y.backend.binary(.divide, y, y.scalar(Double(n)), shape: y.shape)
            }
            if !keep { y = y.reshaped(to: Shape(y.shape.dims.enumerated().filter { !axes.contains($0.offset) }.map(\.element))) }
            return [.tensor(y)]
        }
    }

    static func argReduceKernel(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        let axisAttribute = Int(try node.int("axis", 0))
        let keep = try node.int("keepdims", 1) != 0
        guard try node.int("select_last_index", 0) == 0 else { throw ExportError("select_last_index = 1 is not supported (est takes the first)") }
        let op: ReductionOp = node.opType == "ArgMax" ? .max : .min
        return { v throws(ExportError) in
            let x = try Args.tensor(v, 0)
            guard x.dtype != .bool, x.rank > 0 else { throw ExportError("takes a numeric tensor of rank ≥ 1, got \(x.dtype)\(x.shape)") }
            let axis = try Args.axis(axisAttribute, rank: x.rank)
            let y = x.backend.argReduce(op, x, axis: axis)
            if !keep { return [.tensor(y)] }
            var dims = y.shape.dims
            dims.insert(1, at: axis)
            return [.tensor(y.reshaped(to: Shape(dims)))]
        }
    }

    /// `MatMul` of 2-D operands (and 1-D or N-D × 2-D, by reshaping), through the backend's GEMM.
    static func matmulKernel() -> Kernel {
        { v throws(ExportError) in
            let (a, b) = (try Args.tensor(v, 0), try Args.tensor(v, 1))
            guard a.dtype == b.dtype, a.dtype.isFloatingPoint else {
                throw ExportError("MatMul of \(a.dtype) and \(b.dtype): needs equal float types")
            }
            guard a.rank >= 1, b.rank >= 1, b.rank <= 2 else {
                throw ExportError("MatMul of shapes \(a.shape) and \(b.shape) is not supported (est runs [.., k] × [k, n] and [k])")
            }
            let k = a.shape[a.rank - 1]
            let b2 = b.rank == 1 ? b.reshaped(to: [b.shape[0], 1]) : b
            guard b2.shape[0] == k else { throw ExportError("MatMul: shapes \(a.shape) and \(b.shape) do not multiply") }
            let a2 = a.reshaped(to: [a.count / Swift.max(k, 1), k])
            let y = a.backend.matmul(a2, transposeA: false, b2, transposeB: false)
            var dims = Array(a.shape.dims.dropLast())
            if b.rank == 2 { dims.append(b.shape[1]) }
            return [.tensor(y.reshaped(to: Shape(dims)))]
        }
    }

    /// `Gemm`: `alpha·op(A)·op(B) + beta·C`, the scalings skipped when 1 so results equal est's `matmul` + `add`.
    static func gemmKernel(_ node: NodeAttributes) throws(ExportError) -> Kernel {
        let (transA, transB) = (try node.int("transA", 0) != 0, try node.int("transB", 0) != 0)
        let (alpha, beta) = (Double(try node.float("alpha", 1)), Double(try node.float("beta", 1)))
        return { v throws(ExportError) in
            let (a, b) = (try Args.tensor(v, 0), try Args.tensor(v, 1))
            guard a.rank == 2, b.rank == 2, a.dtype == b.dtype, a.dtype.isFloatingPoint,
                  a.shape[transA ? 0 : 1] == b.shape[transB ? 1 : 0] else {
                throw ExportError("Gemm: shapes \(a.dtype)\(a.shape) and \(b.dtype)\(b.shape) do not multiply (transA \(transA), transB \(transB))")
            }
            var y = a.backend.matmul(a, transposeA: transA, b, transposeB: transB)
            if alpha != 1 { y = y.backend.binary(.multiply, y, y.scalar(alpha), shape: y.shape) }
            if var c = try Args.optionalTensor(v, 2) {
                guard c.dtype == y.dtype, Shape.broadcast(c.shape, y.shape) == y.shape else {
                    throw ExportError("Gemm: C of \(c.dtype)\(c.shape) does not broadcast to \(y.shape)")
                }
                if beta != 1 { c = c.backend.binary(.multiply, c, c.scalar(beta), shape: c.shape) }
                y = y.backend.binary(.add, y, c, shape: y.shape)
            }
            return [.tensor(y)]
        }
    }
}
