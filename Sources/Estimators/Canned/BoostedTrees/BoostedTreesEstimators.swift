import Datasets
import FeatureColumns
import Foundation
import NN
import Tensors

/// TF's `BoostedTreesClassifier` (removed from TF in 2.9; est keeps it), with TF 2.8's parameters.
///
/// Histogram gradient boosting on quantile-bucketized features, grown layer by layer with the
/// sibling-subtraction trick, multi-threaded histograms; binary, multi-class (vector leaves,
/// diagonal hessian) and regression through the same heads. `nBatchesPerLayer` batches make the
/// statistics of one tree (est grows a whole tree on them, layer by layer); training stops once
/// `nTrees` trees are built, and resuming from a checkpoint adds the remaining trees.
public func BoostedTreesClassifier(featureColumns: [any FeatureColumn], modelDir: String, nClasses: Int = 2, weightColumn: String? = nil,
                                   labelVocabulary: [String]? = nil, params: BoostedTreesParams = BoostedTreesParams(),
                                   config: RunConfig = RunConfig(), backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.classifier(nClasses: nClasses, labelVocabulary: labelVocabulary, weightColumn: weightColumn)
    let model = BoostedTreesConfig(featureColumns: featureColumns.map(FeatureColumnSpec.init), params: params)
    return try EstimatorConfig(kind: .boostedTreesClassifier, head: head, model: .boostedTrees(model), randomSeed: config.randomSeed)
        .build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: nil,
               live: LiveParts(columns: [featureColumns], treeThreads: params.threads))
}

/// TF's `BoostedTreesRegressor`.
public func BoostedTreesRegressor(featureColumns: [any FeatureColumn], modelDir: String, labelDimension: Int = 1, weightColumn: String? = nil,
                                  params: BoostedTreesParams = BoostedTreesParams(), config: RunConfig = RunConfig(),
                                  backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.regressor(labelDimension: labelDimension, weightColumn: weightColumn)
    let model = BoostedTreesConfig(featureColumns: featureColumns.map(FeatureColumnSpec.init), params: params)
    return try EstimatorConfig(kind: .boostedTreesRegressor, head: head, model: .boostedTrees(model), randomSeed: config.randomSeed)
        .build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: nil,
               live: LiveParts(columns: [featureColumns], treeThreads: params.threads))
}

/// TF's `BoostedTreesEstimator`: boosted trees with any head that gives the gradients and hessians of its loss.
///
/// Throws at construction when `head` is not a ``SecondOrderHead`` (a custom head without second derivatives).
public func BoostedTreesEstimator(featureColumns: [any FeatureColumn], head: any Head, modelDir: String,
                                  params: BoostedTreesParams = BoostedTreesParams(), config: RunConfig = RunConfig(),
                                  backend: (any Backend)? = nil) throws -> Estimator {
    // Any head: the model_dir's estimator.json says "custom" (only this call can rebuild it).
    try boostedTreesEstimator(head: head, featureColumns: featureColumns, params: params, modelDir: modelDir, config: config, backend: backend)
}

/// An estimator whose model function scores with the trees and whose trainer grows them.
func boostedTreesEstimator(head: any Head, featureColumns: [any FeatureColumn], params: BoostedTreesParams, modelDir: String,
                           config: RunConfig, backend: (any Backend)?) throws -> Estimator {
    let model = try BoostedTreesModel(head: head, featureColumns: featureColumns, params: params)
    let e = Estimator(modelFn: model.modelFn, modelDir: modelDir, config: config, backend: backend)
    e.trainer = TreeTrainer(model)
    return e
}

extension Estimator {
    /// Feature importances of a boosted-trees model (total gain and split count per tree feature), most important first.
    public func featureImportances(featureColumns: [any FeatureColumn]) throws -> [(feature: String, gain: Double, splits: Int)] {
        let names = try TreeFeatures(columns: featureColumns).features.map(\.name)
        let gain = try variableValue("boosted_trees/feature_importance_gain").scalars(as: Float.self)
        let splits = try variableValue("boosted_trees/feature_importance_splits").scalars(as: Float.self)
        return zip(names, zip(gain, splits)).map { ($0, Double($1.0), Int($1.1)) }.sorted { $0.gain > $1.gain }
    }
}
