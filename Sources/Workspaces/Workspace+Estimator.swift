import Estimators
import Datasets
import FeatureColumns
import Foundation
import NN
import Tensors

extension Workspace {
    /// Statistics of every training file read as one table, for normalizers and inferred columns.
    /// With `eval_split`, only the training side of the split is counted.
    public func trainStatistics() throws -> (rows: Int, columns: [ColumnStatistics]) {
        guard evalSplit != nil else {
            return try ColumnStatistics.compute(csv: trainFiles, options: csvOptions, topK: FeatureColumnInference.vocabularyLimit)
        }
        let it = try trainRows().makeIterator()
        var acc: StatisticsAccumulator?
        while let block = try it.next() {
            if acc == nil {
                acc = StatisticsAccumulator(names: block.names, types: block.columns.map(\.type), topK: FeatureColumnInference.vocabularyLimit)
            }
            acc!.add(block)
        }
        guard let acc else {
            throw WorkspaceError(file: trainFiles[0], line: 0, problem: "eval_split leaves no training rows", hint: "lower eval_split")
        }
        return (acc.rows, acc.finish())
    }

    /// The numeric values of `column` across every training file (missing cells left out).
    func trainValues(_ column: String) throws -> [Double] {
        var values: [Double] = []
        for file in trainFiles {
            let types = columnTypes.merging([column: .float]) { chosen, _ in chosen }
            let reader = try CSVReader(path: file, options: CSVOptions(delimiter: delimiter, types: types))
            let index = try reader.index(of: column, role: "feature")
            while let block = try reader.next() {
                let c = block.columns[index]
                for r in 0..<c.count { if let v = c.double(r) { values.append(v) } }
            }
        }
        return values
    }

    static let featureKeys: [String: [String]] = [
        "numeric": ["key", "type", "default", "normalizer"],
        "bucketized": ["key", "type", "boundaries", "buckets", "embedding_dimension"],
        "vocabulary": ["key", "type", "vocabulary", "vocabulary_file", "num_oov_buckets", "default_value", "embedding_dimension", "combiner"],
        "hash_bucket": ["key", "type", "hash_bucket_size", "embedding_dimension", "combiner"],
        "identity": ["key", "type", "num_buckets", "default_value", "embedding_dimension", "combiner"],
        "crossed": ["key", "type", "keys", "hash_bucket_size", "embedding_dimension", "combiner"],
    ]

    /// The feature columns: from `[[features]]`, else inferred from the training data.
    public func featureColumns(statistics: [ColumnStatistics], forDNN dnnOverride: Bool? = nil) throws -> [any FeatureColumn] {
        let forDNN = dnnOverride ?? estimator.estimatorKind.usesDNNColumns
        let isTrees = estimator.estimatorKind.isBoostedTrees
        let exclude = Set([estimator.weightColumn].compactMap { $0 } + self.exclude)
        if features.isEmpty {
            let inferred = FeatureColumnInference.columns(from: statistics, label: label, forDNN: forDNN, exclude: exclude)
            // Trees split on numbers and indicators; hashed text (embeddings) is left out.
            return isTrees ? inferred.filter { !($0 is EmbeddingColumn) } : inferred
        }
        let file = folder + "/workspace.toml"
        let c = Checker(file: file)
        let stats = Dictionary(statistics.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [any FeatureColumn] = []
        for f in features {
            guard let allowed = Self.featureKeys[f.type] else {
                throw WorkspaceError(file: file, line: f.line,
                                     problem: "unknown feature type '\(f.type)' for '\(f.key)'"
                                         + Checker.didYouMean(f.type, Array(Self.featureKeys.keys)),
                                     hint: "types: \(Self.featureKeys.keys.sorted().joined(separator: ", "))")
            }
            try c.known(f.table, allowed, "[[features]] '\(f.key)'")
            try checkFeatureValues(f, c)
            if f.type != "crossed", stats[f.key] == nil {
                throw WorkspaceError(file: file, line: f.line, problem: "feature '\(f.key)' is not a column of \(trainFiles[0])",
                                     hint: "columns: \(statistics.map(\.name).joined(separator: ", "))")
            }
            let embedding = try c.int(f.table, "embedding_dimension")
            var combiner = Combiner.mean
            if let s = try c.string(f.table, "combiner") {
                guard let comb = Combiner(rawValue: s) else {
                    throw WorkspaceError(file: file, line: f.table.lines["combiner"] ?? f.line,
                        problem: "combiner must be sum, mean or sqrtn, got '\(s)'", hint: "TF's choices")
                }
                combiner = comb
            }
            /// The column a spec describes; values its column function would reject are errors at the feature's line.
            func make(_ spec: FeatureColumnSpec) throws -> any FeatureColumn {
                do { return try spec.make() } catch {
                    throw WorkspaceError(file: file, line: f.line, problem: "[[features]] '\(f.key)': \(error.problem)", hint: error.hint)
                }
            }
            func wrap(_ cat: any CategoricalColumn) throws -> any FeatureColumn {
                if let d = embedding {
                    return try make(.embedding(categorical: FeatureColumnSpec(cat), dimension: d, combiner: combiner, initializer: nil))
                }
                return forDNN ? indicatorColumn(cat) : cat
            }
            switch f.type {
            case "numeric":
                let s = stats[f.key]!
                let normalizer: Normalizer
                switch try c.choice(f.table, "normalizer", ["none", "zscore", "minmax"]) ?? "zscore" {
                case "none": normalizer = .none
                case "minmax": normalizer = .minMax(min: s.min ?? 0, max: s.max ?? 1)
                case "zscore": normalizer = .zScore(mean: s.mean ?? 0, std: (s.std ?? 1) == 0 ? 1 : (s.std ?? 1))
                case let other:
                    throw WorkspaceError(file: file, line: f.table.lines["normalizer"] ?? f.line, problem: "unknown normalizer '\(other)'",
                        hint: "none, zscore or minmax")
                }
                out.append(numericColumn(f.key, defaultValue: try c.double(f.table, "default") ?? s.mean ?? 0, normalizer: normalizer))
            case "bucketized":
                let s = stats[f.key]!
                var boundaries = try c.doubles(f.table, "boundaries")
                if boundaries == nil, let n = try c.int(f.table, "buckets") {
                    guard n >= 2 else {
                        throw WorkspaceError(file: file, line: f.table.lines["buckets"] ?? f.line,
                            problem: "'buckets' must be an integer ≥ 2, got \(n)",
                                             hint: "for example buckets = 10 (quantiles)")
                    }
                    boundaries = quantileBoundaries(try trainValues(f.key), count: n)
                }
                guard let b = boundaries, !b.isEmpty else {
                    throw WorkspaceError(file: file, line: f.line, problem: "bucketized '\(f.key)' needs boundaries = [...] or buckets = N",
                        hint: "for example buckets = 10 (quantiles)")
                }
                let col = try make(.bucketized(source: .numeric(key: f.key, shape: [1], defaultValue: s.mean ?? 0, normalizer: .none), boundaries: b))
                out.append(embedding == nil ? col : try wrap(col as! BucketizedColumn))
            case "vocabulary":
                let vocab: VocabularyColumn
                if let path = try c.string(f.table, "vocabulary_file") {
                    let lines = try categoricalColumnWithVocabularyFile(f.key, path: Self.resolve(path, in: folder)).vocabulary
                    vocab = try make(.vocabulary(key: f.key, vocabulary: lines, defaultValue: try c.int(f.table, "default_value") ?? -1,
                                                 numOOVBuckets: try c.int(f.table, "num_oov_buckets") ?? 0)) as! VocabularyColumn
                } else {
                    let v = try c.strings(f.table, "vocabulary") ?? stats[f.key]!.top.map(\.value)
                    guard !v.isEmpty else {
                        throw WorkspaceError(file: file, line: f.line, problem: "feature '\(f.key)' has no values to take a vocabulary from",
                                             hint: "give vocabulary = [\"a\", \"b\"], or use type = \"numeric\" for a numeric column")
                    }
                    vocab = try make(.vocabulary(key: f.key, vocabulary: v, defaultValue: try c.int(f.table, "default_value") ?? -1,
                                                 numOOVBuckets: try c.int(f.table, "num_oov_buckets") ?? 0)) as! VocabularyColumn
                }
                out.append(try wrap(vocab))
            case "hash_bucket":
                guard let size = try c.int(f.table, "hash_bucket_size"), size > 1 else {
                    throw WorkspaceError(file: file, line: f.line, problem: "hash_bucket '\(f.key)' needs hash_bucket_size > 1",
                        hint: "for example hash_bucket_size = 1000")
                }
                out.append(try wrap(categoricalColumnWithHashBucket(f.key, hashBucketSize: size)))
            case "identity":
                guard let n = try c.int(f.table, "num_buckets"), n > 0 else {
                    throw WorkspaceError(file: file, line: f.line, problem: "identity '\(f.key)' needs num_buckets > 0",
                        hint: "for example num_buckets = 10")
                }
                let identity = try make(.identity(key: f.key, numBuckets: n, defaultValue: try c.int(f.table, "default_value")))
                out.append(try wrap(identity as! IdentityColumn))
            default: // crossed
                guard let keys = try c.strings(f.table, "keys"), keys.count >= 2, let size = try c.int(f.table, "hash_bucket_size") else {
                    throw WorkspaceError(file: file, line: f.line, problem: "crossed needs keys = [a, b, …] and hash_bucket_size",
                        hint: "for example keys = [\"a\", \"b\"], hash_bucket_size = 1000")
                }
                out.append(try wrap(try make(.crossed(keys: keys.map { .raw($0) }, hashBucketSize: size)) as! CrossedColumn))
            }
        }
        return out
    }

    /// Checks every training label against the classes before training, naming the first bad value and its line.
    func validateLabels(classes n: Int, vocabulary: [String]?) throws {
        for file in trainFiles {
            let reader = try CSVReader(path: file, options: csvOptions)
            let index = try reader.index(of: label, role: "label")
            var row = 0
            while let block = try reader.next() {
                let c = block.columns[index]
                for r in 0..<c.count {
                    defer { row += 1 }
                    let text = c.string(r)
                    let ok: Bool
                    if let vocabulary {
                        ok = text.map(vocabulary.contains) ?? false
                    } else if let v = c.double(r) {
                        ok = v == v.rounded() && v >= 0 && v < Double(n)
                    } else {
                        ok = false
                    }
                    if !ok {
                        let what = vocabulary.map { "is not in label_vocabulary \($0)" } ?? "is not a class id in 0..<\(n)"
                        throw WorkspaceError(file: file, line: row + 2, problem: "label '\(text ?? "")' \(what)",
                                             hint: vocabulary == nil ? "set n_classes, or label_vocabulary for text labels"
                                                 : "add the value to label_vocabulary, or fix the row")
                    }
                }
            }
        }
    }

    /// The label vocabulary and class count: given, or the label's values in the training data (sorted).
    func classes(statistics: [ColumnStatistics]) throws -> (n: Int, vocabulary: [String]?) {
        guard let s = statistics.first(where: { $0.name == label }) else {
            throw WorkspaceError(file: trainFiles[0], line: 1, problem: "no label column '\(label)' in the training data",
                                 hint: "columns: \(statistics.map(\.name).joined(separator: ", "))")
        }
        if let v = estimator.labelVocabulary { return (estimator.nClasses ?? v.count, v) }
        if s.type == .string {
            let v = s.top.map(\.value).sorted()
            return (estimator.nClasses ?? v.count, v)
        }
        let top = s.max.map { Int($0) + 1 } ?? 2
        return (estimator.nClasses ?? Swift.max(2, top), nil)
    }

    /// The training budget when `[run] steps` is missing: 20 epochs, at least 1000 steps; boosted
    /// trees train until `n_trees` are built (docs/workspaces.md).
    public func defaultSteps(rows: Int) -> Int {
        if estimator.estimatorKind.isBoostedTrees {
            let perTree = estimator.batchesPerLayerGiven ? estimator.trees.nBatchesPerLayer : Swift.max(1, (rows + batchSize - 1) / batchSize)
            return estimator.trees.nTrees * perTree
        }
        return Swift.max(1000, Int((20 * Double(rows) / Double(batchSize)).rounded(.up)))
    }

    /// The workspace's estimator, with its model_dir (or `modelDirOverride`).
    public func makeEstimator(modelDirOverride: String? = nil, statistics: [ColumnStatistics], backend: (any Backend)? = nil) throws -> Estimator {
        var config = run
        config.modelDir = modelDirOverride ?? modelDir
        // The workbench's keep-best metric, when set, names the checkpoint rotation keeps; else the head's default.
        config.bestCheckpointMetric = KeepBest.load(modelDir: config.modelDir!)?.checkpointMetric
        return try estimatorConfig(statistics: statistics).makeEstimator(modelDir: config.modelDir!, config: config, backend: backend)
    }

    /// The `EstimatorConfig` the workspace builds (what `estimator.json` records).
    ///
    /// Without `statistics` the data-derived parts (feature columns, the head's classes, boosted trees'
    /// batches per layer) are taken from `stored`, so the two can be compared without reading the data.
    public func estimatorConfig(statistics: [ColumnStatistics]?, stored: EstimatorConfig? = nil) throws -> EstimatorConfig {
        precondition(statistics != nil || stored != nil, "estimatorConfig: statistics or a stored config are needed")
        let kind = estimator.estimatorKind
        let s = estimator
        var trees = estimator.trees
        let specs: [FeatureColumnSpec], linear: [FeatureColumnSpec], head: HeadConfig
        if let statistics {
            specs = try featureColumns(statistics: statistics).map(FeatureColumnSpec.init)
            linear = kind.family == .dnnLinearCombined ? try featureColumns(statistics: statistics, forDNN: false).map(FeatureColumnSpec.init) : []
            if !estimator.batchesPerLayerGiven {
                let rows = statistics.first { $0.name == label }.map { $0.count + $0.missing } ?? 1
                trees.nBatchesPerLayer = Swift.max(1, (rows + batchSize - 1) / batchSize)
            }
            let (n, vocab) = kind.isClassifier ? try classes(statistics: statistics) : (0, nil)
            if kind.isClassifier && (s.labelVocabulary != nil || s.nClasses != nil) { try validateLabels(classes: n, vocabulary: vocab) }
            head = kind.isClassifier
                ? HeadConfig.classifier(nClasses: n, labelVocabulary: vocab, weightColumn: s.weightColumn, lossReduction: s.lossReduction)
                : HeadConfig.regressor(labelDimension: s.labelDimension, weightColumn: s.weightColumn, lossReduction: s.lossReduction)
        } else {
            (specs, linear) = Self.columns(of: stored!.model)
            if case let .boostedTrees(b) = stored!.model, !estimator.batchesPerLayerGiven { trees.nBatchesPerLayer = b.params.nBatchesPerLayer }
            var h = stored!.head
                ?? HeadConfig.regressor(labelDimension: s.labelDimension, weightColumn: s.weightColumn, lossReduction: s.lossReduction)
            (h.weightColumn, h.lossReduction) = (s.weightColumn, s.lossReduction)
            if !kind.isClassifier { h.labelDimension = s.labelDimension }
            head = h
        }
        // An optimizer not given is the kind's default (Adagrad for DNNs, Ftrl for linear models and baselines) at the kind's rate.
        let optimizer = s.optimizer ?? kind.defaultOptimizer ?? "Adagrad"
        let model: ModelConfig
        switch kind.family {
        case .dnn:
            model = .dnn(DNNConfig(hiddenUnits: s.hiddenUnits, featureColumns: specs, optimizer: optimizer,
                                   learningRate: s.learningRate ?? kind.defaultLearningRate, activation: s.activation, dropout: s.dropout,
                                   batchNorm: s.batchNorm))
        case .linear:
            model = .linear(LinearConfig(featureColumns: specs, optimizer: optimizer, learningRate: s.learningRate ?? kind.defaultLearningRate,
                                         sparseCombiner: s.sparseCombiner))
        case .dnnLinearCombined:
            model = .dnnLinearCombined(DNNLinearCombinedConfig(
                linearFeatureColumns: linear, dnnFeatureColumns: specs, dnnHiddenUnits: s.hiddenUnits, linearOptimizer: s.linearOptimizer ?? "Ftrl",
                linearLearningRate: s.linearLearningRate ?? EstimatorKind.wideLinearLearningRate(linearColumns: linear.count),
                dnnOptimizer: optimizer, dnnLearningRate: s.learningRate ?? kind.defaultLearningRate, dnnActivation: s.activation,
                dnnDropout: s.dropout, batchNorm: s.batchNorm,
                linearSparseCombiner: s.sparseCombiner))
        case .boostedTrees: model = .boostedTrees(BoostedTreesConfig(featureColumns: specs, params: trees))
        case .baseline: model = .baseline(BaselineConfig(optimizer: optimizer, learningRate: s.learningRate ?? kind.defaultLearningRate))
        case .custom: preconditionFailure("a workspace kind is always canned")
        }
        var c = EstimatorConfig(kind: kind, head: head, model: model, randomSeed: run.randomSeed)
        c.workspace = name
        c.workspaceFolder = URL(fileURLWithPath: folder).standardizedFileURL.path
        return c
    }

    /// A model config's feature columns: the model's (the DNN side's for wide & deep) and the linear side's.
    static func columns(of m: ModelConfig) -> (model: [FeatureColumnSpec], linear: [FeatureColumnSpec]) {
        switch m {
        case let .dnn(d): (d.featureColumns, [])
        case let .linear(l): (l.featureColumns, [])
        case let .dnnLinearCombined(w): (w.dnnFeatureColumns, w.linearFeatureColumns)
        case let .boostedTrees(b): (b.featureColumns, [])
        case .baseline, .custom: ([], [])
        }
    }
}
