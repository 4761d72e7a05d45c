/// The node and target lists of one ai.onnx.ml `TreeEnsembleRegressor`, in its attributes' order.
///
/// Nodes are numbered from 0 in each tree, in depth-first order (a split, its left subtree, its right subtree);
/// a split every value takes one way is dropped and its child takes its place.
struct TreeEnsembleNodes: Equatable {
    var treeIDs: [Int64] = [], nodeIDs: [Int64] = [], featureIDs: [Int64] = [], modes: [String] = [], values: [Float] = []
    var trueIDs: [Int64] = [], falseIDs: [Int64] = [], missingTracksTrue: [Int64] = []
    var targetTreeIDs: [Int64] = [], targetNodeIDs: [Int64] = [], targetIDs: [Int64] = [], targetWeights: [Float] = []
    /// The number of trees.
    var trees = 0

    /// The first `trees` trees of `ensemble`, each split read on raw values through `split(feature, bucket)`.
    ///
    /// No tree at all (an ensemble not grown yet) becomes one leaf of zeros: ONNX needs a tree.
    init(_ ensemble: TreeEnsemble, trees built: Int, features: Int, split: (Int, Int) throws -> RawSplit) throws {
        for t in 0..<built {
            var next: Int64 = 0
            try add(tree: t, node: 0, ensemble, features: features, next: &next, split: split)
        }
        trees = built
        if built == 0 {
            addLeaf(tree: 0, id: 0, weights: [Float](repeating: 0, count: ensemble.dimension))
            trees = 1
        }
    }

    /// Adds node `k` of tree `t` and what is under it; returns its id.
    @discardableResult
    private mutating func add(tree t: Int, node k: Int, _ e: TreeEnsemble, features: Int, next: inout Int64,
                              split: (Int, Int) throws -> RawSplit) throws -> Int64 {
        let b = e.base(t, k)
        guard e.data[b] == 2 else {
            let id = next
            next += 1
            // A leaf's logits; an unused node (state 0) adds nothing, as est's prediction loop.
            addLeaf(tree: t, id: id, weights: e.data[b] == 1 ? Array(e.data[(b + 4)..<(b + 4 + e.dimension)])
                                                               : [Float](repeating: 0, count: e.dimension))
            return id
        }
        let feature = Int(e.data[b + 1]), bucket = Int(e.data[b + 2])
        guard 2 * k + 2 < e.nodesPerTree, (0..<features).contains(feature), bucket >= 0 else {
            throw EstimatorError("boosted trees: tree \(t) node \(k) splits feature \(feature) at bucket \(bucket), which the "
                                 + "ensemble (\(features) features, depth \(e.maxDepth)) cannot hold", hint: "the checkpoint is damaged; train again")
        }
        switch try split(feature, bucket) {
        case let .always(left):
            return try add(tree: t, node: left ? 2 * k + 1 : 2 * k + 2, e, features: features, next: &next, split: split)
        case let .lessThan(threshold, trueIsLeft, nanTakesTrue):
            let id = next, at = nodeIDs.count
            next += 1
            treeIDs.append(Int64(t)); nodeIDs.append(id); featureIDs.append(Int64(feature)); modes.append("BRANCH_LT")
            values.append(threshold); trueIDs.append(0); falseIDs.append(0); missingTracksTrue.append(nanTakesTrue ? 1 : 0)
            let left = try add(tree: t, node: 2 * k + 1, e, features: features, next: &next, split: split)
            let right = try add(tree: t, node: 2 * k + 2, e, features: features, next: &next, split: split)
            (trueIDs[at], falseIDs[at]) = trueIsLeft ? (left, right) : (right, left)
            return id
        }
    }

    private mutating func addLeaf(tree t: Int, id: Int64, weights: [Float]) {
        treeIDs.append(Int64(t)); nodeIDs.append(id); featureIDs.append(0); modes.append("LEAF")
        values.append(0); trueIDs.append(0); falseIDs.append(0); missingTracksTrue.append(0)
        for (k, w) in weights.enumerated() {
            targetTreeIDs.append(Int64(t)); targetNodeIDs.append(id); targetIDs.append(Int64(k)); targetWeights.append(w)
        }
    }
}
