import Datasets
import Estimators

extension Workspace {
    /// Reads `[input] num_epochs` and `[data] eval_split`, `split_seed`, each checked with its line.
    mutating func readInputSettings(_ root: TOMLTable, _ c: Checker, _ file: String) throws {
        if case let .table(i)? = root["input"], let n = try c.int(i, "num_epochs") {
            guard n > 0 else {
                throw WorkspaceError(file: file, line: i.lines["num_epochs"] ?? i.line, problem: "'num_epochs' must be a positive integer, got \(n)",
                                     hint: "for example num_epochs = 10, or leave it out to train until [run] steps")
            }
            numEpochs = n
        }
        guard case let .table(d)? = root["data"] else { return }
        if let f = try c.double(d, "eval_split") {
            guard f > 0 && f < 1 else {
                throw WorkspaceError(file: file, line: d.lines["eval_split"] ?? d.line, problem: "'eval_split' must be in (0, 1), got \(f)",
                                     hint: "the fraction of the training rows held out for evaluation, for example eval_split = 0.2")
            }
            guard evalFiles.isEmpty else {
                throw WorkspaceError(file: file, line: d.lines["eval_split"] ?? d.line, problem: "give eval or eval_split, not both",
                                     hint: "eval names an evaluation file; eval_split holds out training rows instead")
            }
            evalSplit = f
        }
        if let s = try c.int(d, "split_seed") {
            guard s >= 0 else {
                throw WorkspaceError(file: file, line: d.lines["split_seed"] ?? d.line, problem: "'split_seed' must be ≥ 0, got \(s)",
                                     hint: "for example split_seed = 42")
            }
            splitSeed = UInt64(s)
        }
    }

    /// Whether there is evaluation data: an eval file, or an `eval_split` of the training rows.
    public var hasEvaluationData: Bool { !evalFiles.isEmpty || evalSplit != nil }

    /// The rows of the training files a run trains on: all of them, or the training side of `eval_split`.
    public func trainRows() throws -> Dataset {
        let d = try Dataset.csv(trainFiles, options: csvOptions)
        guard let f = evalSplit else { return d }
        return d.split(evalFraction: f, seed: splitSeed, keep: .train)
    }

    /// Shuffled batches of the training rows, repeated (`num_epochs` times, or until the steps are done).
    public var trainInput: InputFn {
        guard evalSplit != nil else {
            return .csv(trainFiles, label: label, batchSize: batchSize, shuffle: true, epochs: numEpochs, seed: run.randomSeed,
                        shuffleBuffer: shuffleBuffer, options: csvOptions)
        }
        let (batch, seed, epochs, buffer) = (batchSize, run.randomSeed, numEpochs, shuffleBuffer)
        return InputFn(label: label) { [self] in
            var d = try trainRows().shuffle(buffer: buffer, seed: seed)
            if epochs != 1 { d = d.repeat(epochs) }
            return d.batch(batch).prefetch(2)
        }
    }

    /// One pass over the evaluation files (or `files`), or over the held-out rows of `eval_split`.
    public func evalInput(_ files: [String]? = nil) throws -> InputFn {
        if files == nil, evalFiles.isEmpty, let f = evalSplit {
            let (train, options, seed, batch) = (trainFiles, csvOptions, splitSeed, batchSize)
            return InputFn(label: label) {
                try Dataset.csv(train, options: options).split(evalFraction: f, seed: seed, keep: .evaluation).batch(batch)
            }
        }
        let f = files ?? evalFiles
        guard !f.isEmpty else {
            throw WorkspaceError(file: folder + "/workspace.toml", line: 0, problem: "no evaluation data",
                hint: "add eval = \"data/eval.csv\" or eval_split = 0.2 to [data], or pass --data CSV")
        }
        return .csv(f, label: label, batchSize: batchSize, options: csvOptions)
    }

    /// One pass over `files` without labels, for predictions.
    public func predictInput(_ files: [String]) -> InputFn {
        .csv(files, label: nil, batchSize: batchSize, options: csvOptions)
    }
}
