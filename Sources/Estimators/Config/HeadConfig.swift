import NN

/// The head part of a canned estimator's config: what its classes or label values are.
///
/// In `estimator.json` these are top-level keys: `n_classes`, `label_vocabulary` (classifiers),
/// `label_dimension` (regressors), `weight_column`, `loss_reduction`.
public struct HeadConfig: Codable, Equatable, Sendable {
    /// Classes of a classifier (nil for a regressor).
    public var nClasses: Int?
    /// Class names of a classifier whose labels are strings.
    public var labelVocabulary: [String]?
    /// Values per label of a regressor (nil for a classifier).
    public var labelDimension: Int?
    /// The feature that weights each example.
    public var weightColumn: String?
    public var lossReduction: LossReduction

    enum CodingKeys: String, CodingKey {
        case nClasses = "n_classes", labelVocabulary = "label_vocabulary", labelDimension = "label_dimension"
        case weightColumn = "weight_column", lossReduction = "loss_reduction"
    }

    /// A classifier's head: binary for 2 classes, multi-class above.
    public static func classifier(nClasses: Int, labelVocabulary: [String]? = nil, weightColumn: String? = nil,
                                  lossReduction: LossReduction = .sumOverBatchSize) -> HeadConfig {
        HeadConfig(nClasses: nClasses, labelVocabulary: labelVocabulary, labelDimension: nil, weightColumn: weightColumn,
            lossReduction: lossReduction)
    }

    /// A regressor's head.
    public static func regressor(labelDimension: Int = 1, weightColumn: String? = nil,
        lossReduction: LossReduction = .sumOverBatchSize) -> HeadConfig {
        HeadConfig(nClasses: nil, labelVocabulary: nil, labelDimension: labelDimension, weightColumn: weightColumn, lossReduction: lossReduction)
    }

    /// The head; values a head would reject throw.
    func make(classifier: Bool) throws -> any Head {
        if classifier {
            guard let n = nClasses else { throw EstimatorError("a classifier's config has no n_classes", hint: "add \"n_classes\": 2 (or more)") }
            return try headFor(classifier: n, weightColumn: weightColumn, labelVocabulary: labelVocabulary, lossReduction: lossReduction)
        }
        let d = labelDimension ?? 1
        guard d > 0 else { throw EstimatorError("label_dimension must be positive, got \(d)", hint: "use 1 for one number per example") }
        return RegressionHead(labelDimension: d, weightColumn: weightColumn, lossReduction: lossReduction)
    }
}
