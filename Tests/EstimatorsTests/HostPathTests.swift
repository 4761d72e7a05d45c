import Datasets
import Estimators
import FeatureColumns
import NN
import Tensors
import Testing
import TestSupport

/// The host fast paths (the linear model as one host op, optimizers updating host memory in
/// place) must give exactly the numbers of the tensor ops. The Reference backend takes the host
/// paths; the isolated backend, whose memory is not host memory, runs the same reference kernels
/// through tensor ops. After training, every variable and slot must be bit-identical.
@Suite(.serialized) struct HostPathTests {
    static let titanicWeighted: [any FeatureColumn] = titanicLinear + [
        weightedCategoricalColumn(categoricalColumnWithVocabularyList("pclass", vocabulary: ["1st", "2nd", "3rd"]), weightKey: "age"),
        categoricalColumnWithHashBucket("sex", hashBucketSize: 7),
    ]

    func trainBoth(file: String, label: String, steps: Int, _ make: (String, any Backend) throws -> Estimator) throws {
        var results: [[String: [Float]]] = []
        for backend in [ReferenceBackend.shared, TestBackends.isolated] as [any Backend] {
            let dir = try Interop.temporaryDirectory("est-hostpath").path
            let est = try make(dir, backend)
            try est.train(input: .csv([fixture(file)], label: label, batchSize: 32, shuffle: true, epochs: nil, seed: 3), steps: steps)
            var values: [String: [Float]] = [:]
            for name in est.variableNames {
                let t = try est.variableValue(name)
                if t.dtype == .float32 { values[name] = t.to(ReferenceBackend.shared).scalars(as: Float.self) }
            }
            results.append(values)
        }
        #expect(results[0].keys.sorted() == results[1].keys.sorted())
        #expect(results[0].keys.contains { $0.hasPrefix("training/") }, "slots are checkpointed")
        for (name, host) in results[0] {
            #expect(host == results[1][name], "\(name) differs between the host and tensor paths")
        }
    }

    @Test(arguments: Combiner.allCases)
    func linearClassifierHostPathIsExact(_ combiner: Combiner) throws {
        try trainBoth(file: "titanic.csv", label: "survived", steps: 12) { dir, backend in
            try LinearClassifier(featureColumns: Self.titanicWeighted, modelDir: dir, sparseCombiner: combiner, backend: backend)
        }
    }

    @Test func multiclassLinearHostPathIsExact() throws {
        let columns: [any FeatureColumn] = irisFeatures + [categoricalColumnWithHashBucket("sepal_width", hashBucketSize: 10),
                                                          bucketizedColumn(numericColumn("petal_length"), boundaries: [2, 4, 6])]
        try trainBoth(file: "iris_train.csv", label: "species", steps: 10) { dir, backend in
            try LinearClassifier(featureColumns: columns, modelDir: dir, nClasses: 3, labelVocabulary: irisClasses, sparseCombiner: .mean, backend: backend)
        }
    }

    @Test func wideAndDeepHostPathIsExact() throws {
        try trainBoth(file: "titanic.csv", label: "survived", steps: 12) { dir, backend in
            try DNNLinearCombinedClassifier(linearFeatureColumns: Self.titanicWeighted, dnnFeatureColumns: titanicDNN, dnnHiddenUnits: [8, 4],
                                            modelDir: dir, backend: backend)
        }
    }

    @Test func sgdWithMomentumHostPathIsExact() throws {
        try trainBoth(file: "titanic.csv", label: "survived", steps: 8) { dir, backend in
            try LinearClassifier(featureColumns: titanicLinear, modelDir: dir, optimizer: .instance(SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)),
                                 backend: backend)
        }
    }
}
