import Estimators
import Datasets
import FeatureColumns
import Foundation
import NN

/// A workspace: `workspace.toml`, its data and its runs (architecture.md §5).
///
/// Every key is checked: an unknown key or a value of the wrong type is an error that names
/// the key and its line. Paths are relative to the workspace folder.
public struct Workspace {
    public var folder: String
    public var name: String
    public var trainFiles: [String]
    public var evalFiles: [String]
    public var label: String
    public var delimiter: Character = ","
    /// Columns that are not features (identifiers, free text), for inferred columns.
    public var exclude: [String] = []
    /// The `--set` overrides it was loaded with, as given.
    public internal(set) var overrides: [String] = []
    /// `[data] types`: column types chosen by the user (the rest are inferred).
    public var columnTypes: [String: ColumnType] = [:]
    public var features: [FeatureSpec] = []
    public var estimator = EstimatorSettings()
    public var batchSize = 32
    public var shuffleBuffer = 10_000
    /// `[input] num_epochs`: training stops after this many passes over the training data if `[run] steps` is not
    /// reached first; nil: the data repeats until the steps are done.
    public var numEpochs: Int?
    /// `[data] eval_split`: without an eval file, this fraction of the training file's rows is held out for
    /// evaluation (the rows chosen by `split_seed`); nil: no split.
    public var evalSplit: Double?
    /// `[data] split_seed`: the seed of the ``evalSplit`` (42 unless given).
    public var splitSeed: UInt64 = 42
    public var steps: Int?
    public var modelDir: String
    public var run = RunConfig()
    /// `[workbench]`: idle evaluation.
    public var workbench = WorkbenchSettings()
    /// `[export]`: the exporters `est train` runs after its evaluations.
    public var export = ExportSettings()

    /// One `[[features]]` table.
    public struct FeatureSpec {
        public var key: String
        public var type: String
        public var table: TOMLTable
        public var line: Int
    }

    /// The `[estimator]` table.
    public struct EstimatorSettings {
        /// The estimator kind (`kind = "…"`).
        public var estimatorKind = EstimatorKind.dnnClassifier
        /// The kind's name, as `workspace.toml` spells it (use ``estimatorKind`` to test it).
        public var kind: String { estimatorKind.rawValue }
        public var hiddenUnits = [10, 10]
        public var nClasses: Int?
        public var labelVocabulary: [String]?
        /// The optimizer given (TF's spelling); nil: the kind's default (Adagrad for DNNs, Ftrl for linear models and baselines).
        public var optimizer: String?
        /// The learning rate given; nil: the kind's default (docs/workspaces.md).
        public var learningRate: Double?
        /// Wide & deep's linear side: its optimizer and learning rate (nil: Ftrl at TF's `min(0.005, 1/√n_linear_columns)`).
        public var linearOptimizer: String?
        public var linearLearningRate: Double?
        public var activation = Activation.relu
        public var dropout: Double?
        public var batchNorm = false
        public var lossReduction = LossReduction.sumOverBatchSize
        public var weightColumn: String?
        public var labelDimension = 1
        public var sparseCombiner = Combiner.sum
        public var trees = BoostedTreesParams()
        /// Whether `n_batches_per_layer` was given (else: the whole training file per tree).
        public var batchesPerLayerGiven = false
    }

    static let topKeys = ["name", "data", "features", "estimator", "input", "run", "workbench", "export"]
    static let dataKeys = ["train", "eval", "label", "delimiter", "exclude", "types", "eval_split", "split_seed"]
    static let estimatorKeys = ["kind", "hidden_units", "n_classes", "label_vocabulary", "optimizer", "learning_rate", "activation_fn",
                                "dropout", "batch_norm", "loss_reduction", "weight_column", "label_dimension", "sparse_combiner",
                                "linear_optimizer", "linear_learning_rate",
                                "n_trees", "max_depth", "l1_regularization", "l2_regularization", "tree_complexity", "min_node_weight",
                                "center_bias", "pruning_mode", "quantile_sketch_epsilon", "n_batches_per_layer"]
    static let inputKeys = ["batch_size", "shuffle_buffer", "num_epochs"]
    static let runKeys = ["steps", "model_dir", "save_checkpoints_steps", "save_checkpoints_secs", "keep_checkpoint_max",
                          "keep_checkpoint_every_n_hours", "save_summary_steps", "log_step_count_steps", "random_seed", "threads", "device"]
    /// The kinds a workspace can name (every canned ``EstimatorKind``).
    public static let kinds = EstimatorKind.canned.map(\.rawValue)
    public static let plannedKinds: [String] = []

    /// Reads `<folder>/workspace.toml`; `overrides` are `section.key=value` pairs (`--set`).
    public static func load(_ folder: String, overrides: [String] = []) throws -> Workspace {
        let path = folder + "/workspace.toml"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw WorkspaceError(file: path, line: 0, problem: "no readable workspace.toml in \(folder)",
                                 hint: "a workspace is a folder with a workspace.toml; see workspaces/iris")
        }
        var root = try TOMLParser.parse(text, file: path)
        for (i, o) in overrides.enumerated() { try apply(override: o, to: &root, line: -(i + 1)) }
        var ws: Workspace
        do {
            ws = try Workspace(folder: folder, root: root, file: path)
        } catch let e as WorkspaceError where e.line < 0 && -e.line <= overrides.count {
            // A key set with --set carries a negative line: the mistake is the option's, not the file's.
            throw WorkspaceError(file: "--set \(overrides[-e.line - 1])", line: 0, problem: e.problem, hint: e.hint)
        }
        ws.overrides = overrides
        return ws
    }

    /// Sets the key of one `--set section.key=value`; `line` (negative: the option's place) marks it for error messages.
    static func apply(override: String, to root: inout TOMLTable, line: Int = 0) throws {
        guard let eq = override.firstIndex(of: "=") else {
            throw WorkspaceError(file: "--set", line: 0, problem: "'\(override)' is not section.key=value",
                hint: "for example --set estimator.hidden_units=[20,20]")
        }
        let path = override[..<eq].split(separator: ".").map(String.init)
        let valueText = String(override[override.index(after: eq)...])
        // A bare word (--set estimator.optimizer=Adam) is a string; anything else is TOML.
        let value: TOMLValue
        if let parsed = try? TOMLParser.parse("v = \(valueText)", file: "--set"), let v = parsed["v"] {
            value = v
        } else if valueText.first.map({ $0.isLetter }) ?? false {
            value = .string(valueText)
        } else {
            _ = try TOMLParser.parse("v = \(valueText)", file: "--set \(override)")
            value = .string(valueText)
        }
        switch path.count {
        case 1: root.set(path[0], value, line: line)
        case 2:
            var t: TOMLTable
            if case let .table(existing)? = root[path[0]] { t = existing } else { t = TOMLTable() }
            t.set(path[1], value, line: line)
            root.set(path[0], .table(t), line: root.lines[path[0]] ?? 0)
        default:
            throw WorkspaceError(file: "--set", line: 0, problem: "'\(override)': keys have the form section.key",
                hint: "for example --set run.steps=500")
        }
    }

    init(folder: String, root: TOMLTable, file: String) throws {
        self.folder = folder
        let c = Checker(file: file)
        try c.known(root, Self.topKeys, "the top level")
        name = try c.string(root, "name") ?? (folder as NSString).lastPathComponent
        guard case let .table(data)? = root["data"] else {
            throw WorkspaceError(file: file, line: 0, problem: "no [data] table", hint: "add [data] with train = \"...\" and label = \"...\"")
        }
        try c.known(data, Self.dataKeys, "[data]")
        guard let train = try c.strings(data, "train") else {
            throw WorkspaceError(file: file, line: data.line, problem: "[data] has no train file", hint: "add train = \"data/train.csv\"")
        }
        guard !train.isEmpty else {
            throw WorkspaceError(file: file, line: data.lines["train"] ?? data.line, problem: "[data] train is empty",
                                 hint: "name at least one file: train = \"data/train.csv\" or train = [\"part1.csv\", \"part2.csv\"]")
        }
        trainFiles = train.map { Self.resolve($0, in: folder) }
        evalFiles = (try c.strings(data, "eval") ?? []).map { Self.resolve($0, in: folder) }
        guard let label = try c.string(data, "label") else {
            throw WorkspaceError(file: file, line: data.line, problem: "[data] has no label", hint: "add label = \"<column name>\"")
        }
        self.label = label
        exclude = try c.strings(data, "exclude") ?? []
        columnTypes = try Self.columnTypes(data, c)
        if let d = try c.string(data, "delimiter") {
            guard d.count == 1, let ch = d.first, ch.isASCII else {
                throw WorkspaceError(file: file, line: data.lines["delimiter"] ?? 0, problem: "delimiter must be one ASCII character, got '\(d)'",
                    hint: "for example delimiter = \";\"")
            }
            delimiter = ch
        }
        if case let .array(items)? = root["features"] {
            for item in items {
                guard case let .table(t) = item else { continue }
                guard let key = try c.string(t, "key") ?? c.string(t, "name") else {
                    throw WorkspaceError(file: file, line: t.line, problem: "a [[features]] table has no key", hint: "add key = \"<column name>\"")
                }
                features.append(FeatureSpec(key: key, type: try c.string(t, "type") ?? "numeric", table: t, line: t.line))
            }
        }
        if case let .table(e)? = root["estimator"] {
            try c.known(e, Self.estimatorKeys, "[estimator]")
            if let k = try c.string(e, "kind") {
                guard let kind = EstimatorKind(rawValue: k), Self.kinds.contains(k) else {
                    let planned = Self.plannedKinds.contains(k)
                    throw WorkspaceError(file: file, line: e.lines["kind"] ?? 0,
                                         problem: planned ? "estimator kind '\(k)' is not available in this version of est"
                                                          : "unknown estimator kind '\(k)'\(Checker.didYouMean(k, Self.kinds))",
                                         hint: "available: \(Self.kinds.joined(separator: ", "))")
                }
                estimator.estimatorKind = kind
            }
            if let h = try c.ints(e, "hidden_units") {
                guard !h.isEmpty, h.allSatisfy({ $0 > 0 }) else {
                    throw WorkspaceError(file: file, line: e.lines["hidden_units"] ?? 0, problem: "hidden_units must be positive integers, got \(h)",
                        hint: "for example hidden_units = [10, 10]")
                }
                estimator.hiddenUnits = h
            }
            estimator.nClasses = try c.int(e, "n_classes")
            estimator.labelVocabulary = try c.strings(e, "label_vocabulary")
            estimator.optimizer = try c.choice(e, "optimizer", OptimizerSpec.names)
            estimator.learningRate = try c.double(e, "learning_rate")
            estimator.linearOptimizer = try c.choice(e, "linear_optimizer", OptimizerSpec.names)
            estimator.linearLearningRate = try c.double(e, "linear_learning_rate")
            if let a = try c.choice(e, "activation_fn", Activation.allCases.map(\.rawValue)) { estimator.activation = Activation(rawValue: a)! }
            estimator.dropout = try c.double(e, "dropout")
            estimator.batchNorm = try c.bool(e, "batch_norm") ?? false
            // TF's canned estimators accept these two.
            if let r = try c.choice(e, "loss_reduction", ["sum", "sum_over_batch_size"]) { estimator.lossReduction = LossReduction(rawValue: r)! }
            estimator.weightColumn = try c.string(e, "weight_column")
            estimator.labelDimension = try c.int(e, "label_dimension") ?? 1
            if let s = try c.choice(e, "sparse_combiner", Combiner.allCases.map(\.rawValue)) { estimator.sparseCombiner = Combiner(rawValue: s)! }
            var t = BoostedTreesParams()
            t.nTrees = try c.int(e, "n_trees") ?? t.nTrees
            t.maxDepth = try c.int(e, "max_depth") ?? t.maxDepth
            if estimator.estimatorKind.isBoostedTrees { t.learningRate = try c.double(e, "learning_rate") ?? t.learningRate }
            t.l1Regularization = try c.double(e, "l1_regularization") ?? 0
            t.l2Regularization = try c.double(e, "l2_regularization") ?? 0
            t.treeComplexity = try c.double(e, "tree_complexity") ?? 0
            // TF's 0 overfits small regression sets (auto_mpg RMSE 2.73 vs 2.26); est's regressor default is 20 (10 examples).
            t.minNodeWeight = try c.double(e, "min_node_weight") ?? (estimator.estimatorKind == .boostedTreesRegressor ? 20 : 0)
            t.centerBias = try c.bool(e, "center_bias") ?? true
            if let m = try c.choice(e, "pruning_mode", ["none", "pre", "post"]) { t.pruningMode = BoostedTreesParams.Pruning(rawValue: m)! }
            t.quantileSketchEpsilon = try c.double(e, "quantile_sketch_epsilon") ?? t.quantileSketchEpsilon
            if let n = try c.int(e, "n_batches_per_layer") { t.nBatchesPerLayer = n; estimator.batchesPerLayerGiven = true }
            guard t.nTrees > 0, t.maxDepth > 0, t.maxDepth <= 12, t.nBatchesPerLayer > 0, t.learningRate > 0 else {
                throw WorkspaceError(file: file, line: e.line,
                    problem: "n_trees, max_depth (1…12), n_batches_per_layer and learning_rate must be positive",
                    hint: "TF's defaults: 100, 6, 1, 0.1")
            }
            estimator.trees = t
        }
        if case let .table(i)? = root["input"] {
            try c.known(i, Self.inputKeys, "[input]")
            batchSize = try c.int(i, "batch_size") ?? batchSize
            shuffleBuffer = try c.int(i, "shuffle_buffer") ?? shuffleBuffer
            guard batchSize > 0, shuffleBuffer > 0 else {
                throw WorkspaceError(file: file, line: i.line, problem: "batch_size and shuffle_buffer must be positive",
                    hint: "for example batch_size = 32")
            }
        }
        modelDir = Self.resolve("runs/main", in: folder)
        if case let .table(r)? = root["run"] {
            try c.known(r, Self.runKeys, "[run]")
            steps = try c.int(r, "steps")
            if let m = try c.string(r, "model_dir") { modelDir = Self.resolve(m, in: folder) }
            if r["save_checkpoints_steps"] != nil && r["save_checkpoints_secs"] != nil {
                throw WorkspaceError(file: file, line: r.lines["save_checkpoints_secs"] ?? 0,
                    problem: "give save_checkpoints_steps or save_checkpoints_secs, not both", hint: "TF's rule; remove one")
            }
            run.saveCheckpointsSteps = try c.int(r, "save_checkpoints_steps")
            run.saveCheckpointsSecs = try c.double(r, "save_checkpoints_secs")
            if let k = try c.int(r, "keep_checkpoint_max") { run.keepCheckpointMax = k }
            run.keepCheckpointEveryNHours = try c.double(r, "keep_checkpoint_every_n_hours") ?? run.keepCheckpointEveryNHours
            run.saveSummarySteps = try c.int(r, "save_summary_steps") ?? run.saveSummarySteps
            run.logStepCountSteps = try c.int(r, "log_step_count_steps") ?? run.logStepCountSteps
            if let s = try c.int(r, "random_seed") {
                guard s >= 0 else {
                    throw WorkspaceError(file: file, line: r.lines["random_seed"] ?? 0, problem: "'random_seed' must be ≥ 0",
                                         hint: "fix the value of 'random_seed'")
                }
                run.randomSeed = UInt64(s)
            }
            run.threads = try c.int(r, "threads")
            run.device = try c.string(r, "device") ?? run.device
        }
        if run.saveCheckpointsSteps == nil && run.saveCheckpointsSecs == nil { run.saveCheckpointsSteps = 100 }
        try readInputSettings(root, c, file)
        workbench = try Self.workbenchSettings(root, c)
        export = try Self.exportSettings(root, c)
        try Self.checkRanges(self, c, root, file)
    }

    /// Values a type check cannot catch: each must be in range, or an error names its key and line.
    static func checkRanges(_ w: Workspace, _ c: Checker, _ root: TOMLTable, _ file: String) throws {
        func table(_ name: String) -> TOMLTable { if case let .table(t)? = root[name] { t } else { TOMLTable() } }
        let run = table("run"), est = table("estimator")
        func fail(_ t: TOMLTable, _ key: String, _ rule: String) -> WorkspaceError {
            WorkspaceError(file: file, line: t.lines[key] ?? t.line, problem: "'\(key)' must be \(rule)", hint: "fix the value of '\(key)'")
        }
        for key in ["save_checkpoints_steps", "save_summary_steps", "log_step_count_steps", "steps", "keep_checkpoint_max", "threads"] {
            if let v = try c.int(run, key), v <= 0 && !(key == "keep_checkpoint_max" && v == 0) { throw fail(run, key, "a positive integer") }
        }
        if let v = try c.int(run, "random_seed"), v < 0 { throw fail(run, "random_seed", "≥ 0") }
        if let v = try c.double(run, "save_checkpoints_secs"), !(v > 0) { throw fail(run, "save_checkpoints_secs", "a positive number") }
        if let d = w.estimator.dropout, !(d >= 0 && d < 1) { throw fail(est, "dropout", "in [0, 1)") }
        if let l = w.estimator.learningRate, !(l > 0) { throw fail(est, "learning_rate", "a positive number") }
        if let l = w.estimator.linearLearningRate, !(l > 0) { throw fail(est, "linear_learning_rate", "a positive number") }
        if w.estimator.labelDimension <= 0 { throw fail(est, "label_dimension", "a positive integer") }
        if w.estimator.labelDimension > 1 {
            // A workspace names one label column: one value per example (TF's label_dimension > 1 takes a label of that many values).
            throw WorkspaceError(file: file, line: est.lines["label_dimension"] ?? est.line,
                                 problem: "label_dimension = \(w.estimator.labelDimension): a workspace's label is one column, one value per example",
                                 hint: "use label_dimension = 1 (one model per target), or build the regressor in code with "
                                     + "labelDimension and a label of that many values")
        }
        if let n = w.estimator.nClasses, n < 2 { throw fail(est, "n_classes", "at least 2") }
        if let v = w.estimator.labelVocabulary {
            if v.count < 2 { throw fail(est, "label_vocabulary", "at least 2 class names") }
            if let n = w.estimator.nClasses, n != v.count {
                throw WorkspaceError(file: file, line: est.lines["label_vocabulary"] ?? est.line,
                                     problem: "label_vocabulary has \(v.count) names but n_classes is \(n)",
                                     hint: "give one name per class, or leave n_classes out")
            }
            if Set(v).count != v.count { throw fail(est, "label_vocabulary", "distinct class names") }
        }
        let eps = w.estimator.trees.quantileSketchEpsilon
        if !(eps > 0.001 && eps < 1) { throw fail(est, "quantile_sketch_epsilon", "in (0.001, 1)") }
        for key in ["l1_regularization", "l2_regularization", "tree_complexity", "min_node_weight"] {
            if let v = try c.double(est, key), !(v >= 0) { throw fail(est, key, "≥ 0") }
        }
        if let v = root["features"], case .table = v {
            throw WorkspaceError(file: file, line: root.lines["features"] ?? 0,
                problem: "'features' must be an array of tables: write [[features]], not [features]",
                                 hint: "each feature is its own [[features]] table")
        }
        if let v = root["features"], case let .array(items) = v, items.contains(where: { if case .table = $0 { false } else { true } }) {
            throw WorkspaceError(file: file, line: root.lines["features"] ?? 0, problem: "'features' must be [[features]] tables",
                                 hint: "each feature is its own [[features]] table with key = \"…\" and type = \"…\"")
        }
    }

    /// `p` relative to `folder`, with `..` taken out by name (the folder may not exist yet: `est open data.csv`).
    static func resolve(_ p: String, in folder: String) -> String {
        let joined = p.hasPrefix("/") ? p : (folder as NSString).appendingPathComponent(p)
        guard joined.contains("..") else { return joined }
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else if part != "." { parts.append(part) }
        }
        return (joined.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

/// A problem in a workspace, with the file and line.
public struct WorkspaceError: Error, CustomStringConvertible, Sendable {
    public var file: String, line: Int, problem: String, hint: String
    public init(file: String, line: Int, problem: String, hint: String) {
        (self.file, self.line, self.problem, self.hint) = (file, line, problem, hint)
    }

    /// Whether the problem is in the configuration (`workspace.toml` or a `--set`), not in the data it names.
    public var isConfiguration: Bool { file.hasSuffix("workspace.toml") || file.hasPrefix("--set") }
    public var description: String { "\(file)\(line > 0 ? ":\(line)" : ""): error: \(problem)\nhelp: \(hint)" }
}
