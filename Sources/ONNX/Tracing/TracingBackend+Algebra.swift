import Tensors

extension TracingBackend {
    public func reduce(_ op: ReductionOp, _ x: Tensor, axes: [Int]) -> Tensor {
        let result = inner.reduce(op, unwrap(x), axes: axes)
        let opType = switch op {
        case .sum: "ReduceSum"
        case .product: "ReduceProd"
        case .max: "ReduceMax"
        case .min: "ReduceMin"
        }
        let keep = AttributeProto.int("keepdims", 1)
        // ReduceSum takes its axes as an input from opset 13, the others from opset 18.
        if op == .sum ? opset >= 13 : opset >= 18 {
            return emit(result, opType, [value(x), constant(axes.map(Int64.init), dims: [axes.count])], [keep])
        }
        return emit(result, opType, [value(x)], [.ints("axes", axes.map(Int64.init)), keep])
    }

    public func argReduce(_ op: ReductionOp, _ x: Tensor, axis: Int) -> Tensor {
        let result = inner.argReduce(op, unwrap(x), axis: axis)
        let attributes: [AttributeProto] = [.int("axis", Int64(axis)), .int("keepdims", 0)]
        switch op {
        case .max: return emit(result, "ArgMax", [value(x)], attributes)
        case .min: return emit(result, "ArgMin", [value(x)], attributes)
        case .sum, .product: return unmapped("argReduce(\(op))", "only argmax and argmin exist", result: result)
        }
    }

    /// `MatMul`, or `Gemm` with `transA`/`transB` when an operand is transposed.
    public func matmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool) -> Tensor {
        let result = inner.matmul(unwrap(a), transposeA: transposeA, unwrap(b), transposeB: transposeB)
        if !transposeA && !transposeB { return emit(result, "MatMul", [value(a), value(b)]) }
        return emit(result, "Gemm", [value(a), value(b)], [.int("transA", transposeA ? 1 : 0), .int("transB", transposeB ? 1 : 0)])
    }

    /// Not exported yet: the embedding columns' export builds their gathers and combiners itself.
    public func embeddingBagSum(_ table: Tensor, ids: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?,
                                segmentCount: Int) -> Tensor {
        let result = inner.embeddingBagSum(unwrap(table), ids: unwrap(ids), segments: unwrap(segments), weights: weights.map(unwrap),
                                           divisors: divisors.map(unwrap), segmentCount: segmentCount)
        return unmapped("embeddingBagSum", "ONNX has no segment sum over ragged ids; it has no mapping yet", result: result)
    }

    /// Not exported: a gradient has no place in a predict-mode graph.
    public func embeddingBagSumGradient(_ gradient: Tensor, positions: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?,
                                        rowCount: Int) -> Tensor {
        let result = inner.embeddingBagSumGradient(unwrap(gradient), positions: unwrap(positions), segments: unwrap(segments),
                                                   weights: weights.map(unwrap), divisors: divisors.map(unwrap), rowCount: rowCount)
        return unmapped("embeddingBagSumGradient", "gradients are not part of a predict-mode graph", result: result)
    }
}
