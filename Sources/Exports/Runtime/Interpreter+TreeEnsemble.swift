import ONNX
import Tensors

/// The trees of an ai.onnx.ml `TreeEnsembleRegressor`, flattened: node `i` of every tree in one array.
struct TreeEnsemble: Sendable {
    enum Mode: String, Sendable { case leq = "BRANCH_LEQ", lt = "BRANCH_LT", gte = "BRANCH_GTE", gt = "BRANCH_GT", eq = "BRANCH_EQ"
        case neq = "BRANCH_NEQ", leaf = "LEAF" }
    var feature: [Int] = [], threshold: [Float] = [], mode: [Mode] = [], ifTrue: [Int] = [], ifFalse: [Int] = []
    var missingTrue: [Bool] = []
    /// The (target, weight) pairs of each leaf.
    var leaves: [[(target: Int, weight: Float)]] = []
    var roots: [Int] = []
    var targets = 1
    var base: [Float] = []
    var aggregate = "SUM"

    init(_ node: NodeAttributes) throws(ExportError) {
        func need<T>(_ v: [T]?, _ name: String) throws(ExportError) -> [T] {
            guard let v else { throw ExportError("TreeEnsembleRegressor needs the attribute '\(name)'") }
            return v
        }
        let trees = try need(node.ints("nodes_treeids"), "nodes_treeids"), ids = try need(node.ints("nodes_nodeids"), "nodes_nodeids")
        let features = try need(node.ints("nodes_featureids"), "nodes_featureids")
        let valuesAsTensor = try node.tensorFloats("nodes_values_as_tensor")
        let values = try node.floats("nodes_values") ?? valuesAsTensor ?? []
        let modes = try need(node.strings("nodes_modes"), "nodes_modes")
        let trueIDs = try need(node.ints("nodes_truenodeids"), "nodes_truenodeids")
        let falseIDs = try need(node.ints("nodes_falsenodeids"), "nodes_falsenodeids")
        let tracks = try node.ints("nodes_missing_value_tracks_true") ?? []
        let n = ids.count
        guard [trees.count, features.count, values.count, modes.count, trueIDs.count, falseIDs.count].allSatisfy({ $0 == n }),
              tracks.isEmpty || tracks.count == n else {
            throw ExportError("the nodes_* attributes differ in length (\(n) node ids)")
        }
        var index = [[Int64]: Int]()
        for i in 0..<n {
            guard index[[trees[i], ids[i]]] == nil else { throw ExportError("node \(ids[i]) of tree \(trees[i]) appears twice") }
            index[[trees[i], ids[i]]] = i
        }
        var isChild = Set<Int>()
        for i in 0..<n {
            guard let m = Mode(rawValue: modes[i]) else { throw ExportError("node mode '\(modes[i])' is not a BRANCH_* mode or LEAF") }
            mode.append(m)
            feature.append(Int(features[i]))
            threshold.append(values[i])
            missingTrue.append(tracks.isEmpty ? false : tracks[i] != 0)
            guard features[i] >= 0 else { throw ExportError("node \(ids[i]) of tree \(trees[i]) reads feature \(features[i])") }
            if m == .leaf {
                ifTrue.append(-1)
                ifFalse.append(-1)
                continue
            }
            guard let t = index[[trees[i], trueIDs[i]]], let f = index[[trees[i], falseIDs[i]]] else {
                throw ExportError("node \(ids[i]) of tree \(trees[i]) branches to a node the tree does not have")
            }
            ifTrue.append(t)
            ifFalse.append(f)
            isChild.formUnion([t, f])
        }
        var seenTrees = Set<Int64>()
        for i in 0..<n where !isChild.contains(i) && seenTrees.insert(trees[i]).inserted { roots.append(i) }
        leaves = [[(target: Int, weight: Float)]](repeating: [], count: n)
        let tTrees = try need(node.ints("target_treeids"), "target_treeids"), tNodes = try need(node.ints("target_nodeids"), "target_nodeids")
        let tIDs = try need(node.ints("target_ids"), "target_ids")
        let weightsAsTensor = try node.tensorFloats("target_weights_as_tensor")
        let weights = try node.floats("target_weights") ?? weightsAsTensor ?? []
        targets = Int(try node.int("n_targets", 1))
        guard targets >= 1, [tNodes.count, tIDs.count, weights.count].allSatisfy({ $0 == tTrees.count }) else {
            throw ExportError("n_targets must be ≥ 1 and the target_* attributes of equal length")
        }
        for k in tTrees.indices {
            guard let i = index[[tTrees[k], tNodes[k]]], mode[i] == .leaf, tIDs[k] >= 0, tIDs[k] < targets else {
                throw ExportError("target \(k) (tree \(tTrees[k]), node \(tNodes[k]), id \(tIDs[k])) is no leaf of the ensemble")
            }
            leaves[i].append((Int(tIDs[k]), weights[k]))
        }
        base = try node.floats("base_values") ?? []
        guard base.isEmpty || base.count == targets else { throw ExportError("base_values has \(base.count) values for \(targets) targets") }
        aggregate = try node.string("aggregate_function", "SUM")
        guard ["SUM", "AVERAGE", "MIN", "MAX"].contains(aggregate) else { throw ExportError("aggregate_function '\(aggregate)' is unknown") }
        let post = try node.string("post_transform", "NONE")
        guard post == "NONE" else { throw ExportError("post_transform '\(post)' is not supported (est runs NONE)") }
    }

    /// The leaf example `x` (its features) reaches in the tree rooted at `root`.
    @inline(__always) func leaf(_ root: Int, _ x: UnsafeBufferPointer<Float>) -> Int {
        var i = root
        while true {
            let v = x[feature[i]], t = threshold[i]
            let go: Bool
            switch mode[i] {
            case .leaf: return i
            case .leq: go = v <= t
            case .lt: go = v < t
            case .gte: go = v >= t
            case .gt: go = v > t
            case .eq: go = v == t
            case .neq: go = v != t
            }
            i = go || (v.isNaN && missingTrue[i]) ? ifTrue[i] : ifFalse[i]
        }
    }

    /// The ensemble's `[rows, targets]` scores for `rows` examples of `width` features each.
    func predict(_ x: [Float], rows: Int, width: Int) throws(ExportError) -> [Float] {
        guard feature.allSatisfy({ $0 < width }) else { throw ExportError("the trees read feature \(feature.max() ?? 0) of inputs \(width) wide") }
        var out = [Float](repeating: 0, count: rows * targets)
        x.withUnsafeBufferPointer { all in
            for r in 0..<rows {
                let row = UnsafeBufferPointer(rebasing: all[r * width..<(r + 1) * width])
                // SUM starts from the base values and adds the trees in order, as est predicts (onnxruntime adds the base last).
                var score = aggregate == "SUM" && !base.isEmpty ? base
                    : [Float](repeating: aggregate == "MIN" ? .infinity : aggregate == "MAX" ? -.infinity : 0, count: targets)
                for root in roots {
                    for (t, w) in leaves[leaf(root, row)] {
                        switch aggregate {
                        case "MIN": score[t] = Swift.min(score[t], w)
                        case "MAX": score[t] = Swift.max(score[t], w)
                        default: score[t] += w
                        }
                    }
                }
                for t in 0..<targets {
                    var s = score[t]
                    if aggregate == "AVERAGE" { s /= Float(roots.count) }
                    out[r * targets + t] = aggregate == "SUM" ? s : s + (base.isEmpty ? 0 : base[t])
                }
            }
        }
        return out
    }
}

extension Interpreter {
    /// ai.onnx.ml `TreeEnsembleRegressor`: `X [N, F]` → `Y [N, n_targets]` (float), post_transform NONE.
    static func treeEnsembleRegressorKernel(_ node: NodeAttributes, backend: any Backend) throws(ExportError) -> Kernel {
        let ensemble = try TreeEnsemble(node)
        return { v throws(ExportError) in
            let x = try Args.tensor(v, 0)
            guard x.dtype != .bool, x.rank == 2 || x.rank == 1 else { throw ExportError("X should be numeric [N, F], got \(x.dtype)\(x.shape)") }
            let rows = x.rank == 2 ? x.shape[0] : 1, width = x.shape[x.rank - 1]
            let values = x.dtype == .float32 ? x.scalars(as: Float.self) : x.doubles.map { Float($0) }
            let y = try ensemble.predict(values, rows: rows, width: width)
            return [.tensor(Tensor(y, shape: [rows, ensemble.targets], on: backend))]
        }
    }
}
