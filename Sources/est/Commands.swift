import Datasets
import Estimators
import Foundation
import Workspaces
import Tensors

/// Output that follows the terminal: a progress line on a TTY, plain lines otherwise, no colour under NO_COLOR.
struct Console {
    static let isTTY = isatty(1) != 0
    static let colour = isTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func bold(_ s: String) -> String { colour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    static func err(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
}

/// Options every workspace command shares.
struct CommonOptions {
    var workspace: String?
    var modelDir: String?
    var json = false
    var sets: [String] = []
    var rest: [String: String] = [:]
    var flags: Set<String> = []

    static func parse(_ args: [String], valued: Set<String>, flags allowed: Set<String>) throws -> CommonOptions {
        var o = CommonOptions()
        var i = 0
        while i < args.count {
            let a = args[i]
            switch a {
            case "--json": o.json = true
            case "--model-dir", "--set":
                i += 1
                guard i < args.count else { throw UsageError(description: "\(a) needs a value") }
                if a == "--set" { o.sets.append(args[i]) } else { o.modelDir = args[i] }
            case let f where valued.contains(f):
                i += 1
                guard i < args.count else { throw UsageError(description: "\(f) needs a value") }
                o.rest[f] = args[i]
            case let f where allowed.contains(f): o.flags.insert(f)
            case let f where f.hasPrefix("-"): throw UsageError(description: "unknown option '\(f)'")
            default:
                guard o.workspace == nil else { throw UsageError(description: "one workspace only, got '\(o.workspace!)' and '\(a)'") }
                o.workspace = a
            }
            i += 1
        }
        return o
    }

    /// The workspace given, or the one a `--model-dir` was trained from (its `estimator.json`), or the current folder's.
    func loadWorkspace() throws -> Workspace {
        if let w = workspace { return try Workspace.load(w, overrides: sets) }
        if let m = modelDir {
            guard let data = FileManager.default.contents(atPath: m + "/estimator.json"),
                  let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let folder = o["workspace_folder"] as? String else {
                throw UsageError(description: "\(m) has no estimator.json naming its workspace; give the WORKSPACE too")
            }
            return try Workspace.load(folder, overrides: sets)
        }
        if FileManager.default.fileExists(atPath: "workspace.toml") { return try Workspace.load(".", overrides: sets) }
        throw UsageError(description: "this command needs a WORKSPACE folder (or --model-dir DIR, or run it inside a workspace)")
    }

    func int(_ flag: String) throws -> Int? {
        guard let v = rest[flag] else { return nil }
        guard let n = Int(v), n > 0 else { throw UsageError(description: "\(flag) needs a positive integer, got '\(v)'") }
        return n
    }
}

enum WorkspaceCommands {
    static func setUpBackend(threads: Int?) {
        let cpu = CPUBackendFactory.make(threads: threads)
        Backends.register(cpu)
        Backends.setDefault(cpu.name)
    }

    /// JSON has no NaN or infinity: those become null.
    static func jsonSafe(_ o: Any) -> Any {
        switch o {
        case let d as Double: return d.isFinite ? d : NSNull()
        case let f as Float: return f.isFinite ? Double(f) : NSNull()
        case let a as [Any]: return a.map(jsonSafe)
        case let m as [String: Any]: return m.mapValues(jsonSafe)
        default: return o
        }
    }

    static func printJSON(_ o: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: jsonSafe(o), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

    /// `est train WORKSPACE [--steps N] [--model-dir DIR] [--set k=v]... [--device cpu] [--threads N] [--json]`
    static func train(_ args: [String]) throws -> Int32 {
        let o = try CommonOptions.parse(args, valued: ["--steps", "--device", "--threads"], flags: [])
        let threads = try o.int("--threads")
        if let d = o.rest["--device"], d != "cpu" {
            throw EstimatorError("device '\(d)' is not available", hint: "this build trains on cpu; CUDA comes with the GPU backend")
        }
        setUpBackend(threads: threads)
        var ws = try o.loadWorkspace()
        if let t = threads { ws.run.threads = t }
        let (rows, stats) = try ws.trainStatistics()
        let est = try ws.makeEstimator(modelDirOverride: o.modelDir, statistics: stats)
        // Boosted trees train until n_trees are built ([run] steps is for the gradient-descent kinds).
        let steps = try o.int("--steps") ?? (ws.estimator.estimatorKind.isBoostedTrees ? ws.defaultSteps(rows: rows) : ws.steps ?? ws.defaultSteps(rows: rows))
        let target = Int64(steps)
        final class Progress: @unchecked Sendable { var lastLoss: Double? }
        let progress = Progress()
        let quiet = o.json
        let title = "\(ws.name) (\(ws.estimator.kind))", dir = est.modelDir
        est.onEvent = { e in
            switch e {
            case let .started(step, t):
                if !quiet { print("training \(title) from step \(step) to \(t) in \(dir)") }
            case let .step(step, loss, eps, sps):
                progress.lastLoss = loss
                guard !quiet else { return }
                if Console.isTTY {
                    let done = Double(step) / Double(Swift.max(target, 1))
                    let width = 30
                    let bar = String(repeating: "=", count: Int(done * Double(width))) + String(repeating: " ", count: width - Int(done * Double(width)))
                    print("\r[\(bar)] step \(step)  loss \(String(format: "%.4f", loss))  \(Int(sps)) steps/s  \(Int(eps)) examples/s", terminator: "")
                    fflush(nil)
                } else {
                    print("step \(step): loss = \(String(format: "%.6f", loss)), \(String(format: "%.1f", sps)) steps/s, \(Int(eps)) examples/s")
                }
            case let .checkpointSaved(step, path):
                if !quiet && !Console.isTTY { print("checkpoint \(path) (step \(step))") }
            case let .log(m):
                if !quiet { print(m) }
            case let .finished(_, loss):
                progress.lastLoss = loss ?? progress.lastLoss
            default: break
            }
        }
        try est.train(input: ws.trainInput, steps: nil, maxSteps: steps)
        if Console.isTTY && !quiet { print("") }
        if o.json {
            printJSON(["model_dir": est.modelDir, "global_step": est.globalStep, "loss": progress.lastLoss ?? NSNull()])
        } else {
            print(Console.bold("done: model_dir \(est.modelDir), step \(est.globalStep), loss \(progress.lastLoss.map { String(format: "%.6f", $0) } ?? "n/a")"))
        }
        return 0
    }

    /// `est evaluate WORKSPACE [--data CSV] [--checkpoint PATH] [--json]`
    static func evaluate(_ args: [String]) throws -> Int32 {
        let o = try CommonOptions.parse(args, valued: ["--data", "--checkpoint", "--threads"], flags: [])
        setUpBackend(threads: try o.int("--threads"))
        let ws = try o.loadWorkspace()
        let (_, stats) = try ws.trainStatistics()
        let est = try ws.makeEstimator(modelDirOverride: o.modelDir, statistics: stats)
        let metrics = try est.evaluate(input: try ws.evalInput(o.rest["--data"].map { [$0] }), checkpoint: o.rest["--checkpoint"])
        if o.json {
            printJSON(metrics)
        } else {
            for (k, v) in metrics.sorted(by: { $0.key < $1.key }) { print("\(k) = \(k == "global_step" ? String(Int(v)) : String(format: "%.6f", v))") }
        }
        return 0
    }

    /// `est predict WORKSPACE --data CSV [--out FILE] [--keys k1,k2] [--json]`
    static func predict(_ args: [String]) throws -> Int32 {
        let o = try CommonOptions.parse(args, valued: ["--data", "--out", "--keys", "--checkpoint", "--threads"], flags: [])
        guard let data = o.rest["--data"] else { throw UsageError(description: "predict needs --data CSV") }
        setUpBackend(threads: try o.int("--threads"))
        let ws = try o.loadWorkspace()
        let (_, stats) = try ws.trainStatistics()
        let est = try ws.makeEstimator(modelDirOverride: o.modelDir, statistics: stats)
        let keys = o.rest["--keys"].map { $0.split(separator: ",").map(String.init) }
        var rows: [[String: PredictionValue]] = []
        try est.predict(input: ws.predictInput([data]), keys: keys, checkpoint: o.rest["--checkpoint"]) { rows.append($0) }
        func json(_ v: PredictionValue) -> Any {
            switch v {
            case let .floats(x): x.count == 1 ? Double(x[0]) as Any : x.map(Double.init)
            case let .ints(x): x.count == 1 ? x[0] as Any : x
            case let .strings(x): x.count == 1 ? x[0] as Any : x
            }
        }
        var text: String
        if o.json {
            let data = (try? JSONSerialization.data(withJSONObject: jsonSafe(["predictions": rows.map { $0.mapValues(json) }]), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            text = String(decoding: data, as: UTF8.self) + "\n"
        } else {
            let columns = rows.first.map { $0.keys.sorted() } ?? []
            text = columns.joined(separator: ",") + "\n"
            for r in rows {
                text += columns.map { k -> String in
                    switch r[k]! {
                    case let .floats(x): x.map { "\($0)" }.joined(separator: " ")
                    case let .ints(x): x.map(String.init).joined(separator: " ")
                    case let .strings(x): x.joined(separator: " ")
                    }
                }.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
            }
        }
        if let out = o.rest["--out"] {
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: out))
            if !o.json { print("wrote \(rows.count) predictions to \(out)") }
        } else {
            print(text, terminator: "")
        }
        return 0
    }

    /// `est checkpoints WORKSPACE [--json]`
    static func checkpoints(_ args: [String]) throws -> Int32 {
        let o = try CommonOptions.parse(args, valued: [], flags: [])
        let dir: String
        if let m = o.modelDir { dir = m } else { dir = try o.loadWorkspace().modelDir }
        let m = CheckpointManager(modelDir: dir)
        let list = m.all()
        let items: [[String: Any]] = list.map { c in
            let side = m.sidecar(c)
            let size = (try? FileManager.default.attributesOfItem(atPath: c.path)[.size] as? Int) ?? 0
            return ["step": c.step, "path": c.prefix, "wall_time": side["wall_time"] ?? NSNull(), "bytes": size,
                    "evaluations": side["evaluations"] ?? [String: Any]()]
        }
        if o.json {
            printJSON(["model_dir": dir, "checkpoints": items])
        } else if list.isEmpty {
            print("\(dir): no checkpoints")
        } else {
            print("\(dir): \(list.count) checkpoint\(list.count == 1 ? "" : "s")")
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd HH:mm:ss"
            for it in items {
                let t = (it["wall_time"] as? Double).map { f.string(from: Date(timeIntervalSince1970: $0)) } ?? "?"
                let evals = (it["evaluations"] as? [String: Any])?["eval"] as? [String: Any]
                let metrics = evals.map { e in e.keys.sorted().filter { $0 != "global_step" }.map { "\($0)=\(String(format: "%.4f", (e[$0] as? Double) ?? 0))" }.joined(separator: " ") } ?? ""
                print("  step \(it["step"]!)  \(t)  \((it["bytes"] as? Int ?? 0) / 1024) KiB  \(metrics)")
            }
        }
        return 0
    }
}
