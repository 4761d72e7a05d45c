import Foundation
import Tensors

/// One checkpoint in a model_dir.
public struct CheckpointInfo: Sendable, Equatable {
    /// The prefix TF would name it by: `<model_dir>/model.ckpt-<step>`.
    public var prefix: String
    public var step: Int64
    /// The file's modification time and size when listed: a checkpoint rewritten by another
    /// process at the same step is a different checkpoint.
    public var stamp: String = ""

    public init(prefix: String, step: Int64, stamp: String = "") { (self.prefix, self.step, self.stamp) = (prefix, step, stamp) }
    /// The safetensors file.
    public var path: String { prefix + ".safetensors" }
    /// The JSON sidecar (step, wall time, evaluations at this step).
    public var sidecarPath: String { prefix + ".json" }
}

/// Reads and writes the checkpoints of a model_dir, as TF lays them out.
///
/// `model.ckpt-<step>.safetensors` holds every variable by TF name (weights, optimizer slots,
/// `global_step`); `model.ckpt-<step>.json` the sidecar; `checkpoint` is TF's text state file
/// (`model_checkpoint_path: "model.ckpt-N"` then every kept one). Every file is written to a
/// temporary name, flushed and renamed, so a kill leaves the previous good state.
public struct CheckpointManager: Sendable {
    public let modelDir: String

    public init(modelDir: String) { self.modelDir = modelDir }

    var statePath: String { modelDir + "/checkpoint" }

    /// The checkpoints the state file lists that exist on disk, oldest first.
    public func all() -> [CheckpointInfo] {
        guard let text = try? String(contentsOfFile: statePath, encoding: .utf8) else { return scan() }
        var names: [String] = []
        for line in text.split(separator: "\n") {
            guard line.hasPrefix("all_model_checkpoint_paths:"), let q1 = line.firstIndex(of: "\""), let q2 = line.lastIndex(of: "\""), q1 < q2 else {
                continue
            }
            names.append(String(line[line.index(after: q1)..<q2]))
        }
        let listed = names.compactMap(info)
        return listed.isEmpty ? scan() : listed
    }

    /// Checkpoint files present even without a state file (a kill between the two writes).
    func scan() -> [CheckpointInfo] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: modelDir)) ?? []
        return files.filter { $0.hasPrefix("model.ckpt-") && $0.hasSuffix(".safetensors") }
            .compactMap { info(String($0.dropLast(".safetensors".count))) }
            .sorted { $0.step < $1.step }
    }

    func info(_ name: String) -> CheckpointInfo? {
        let base = (name as NSString).lastPathComponent
        guard base.hasPrefix("model.ckpt-"), let step = Int64(base.dropFirst("model.ckpt-".count)) else { return nil }
        var c = CheckpointInfo(prefix: modelDir + "/" + base, step: step)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: c.path) else { return nil }
        c.stamp = "\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)/\(attributes[.size] as? Int ?? 0)"
        return c
    }

    /// The newest checkpoint, if any.
    public var latest: CheckpointInfo? { all().last }

    /// Writes a checkpoint and updates the state file, keeping the newest `keep` (nil: all).
    ///
    /// The best-evaluated checkpoint by `best` (nil: the head's default metric) is kept too, beyond the newest `keep`:
    /// a deviation from TF's Saver (docs/estimators.md, "The model_dir").
    @discardableResult
    public func save(step: Int64, variables: [(String, Tensor)], sidecar: [String: Any], keep: Int?,
        keepEveryNHours: Double = 10_000, best metric: CheckpointMetric? = nil) throws -> CheckpointInfo {
        try FileManager.default.createDirectory(atPath: modelDir, withIntermediateDirectories: true)
        var c = CheckpointInfo(prefix: "\(modelDir)/model.ckpt-\(step)", step: step)
        try SafeTensors(tensors: variables.map { (name: $0.0, tensor: $0.1) }, metadata: ["format": "est", "global_step": String(step)])
            .write(to: URL(fileURLWithPath: c.path))
        var side = sidecar
        side["step"] = step
        side["wall_time"] = Date().timeIntervalSince1970
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: side, options: [.sortedKeys, .prettyPrinted]),
            to: URL(fileURLWithPath: c.sidecarPath))
        c = info("model.ckpt-\(step)") ?? c
        var kept = all().filter { $0.step != step } + [c]
        if let keep, keep > 0, kept.count > keep {
            let best = self.best(among: kept, by: metric)
            let drop = kept.prefix(kept.count - keep).filter { $0.step != best?.step }
            kept = kept.filter { k in !drop.contains { $0.step == k.step } }
            try writeState(kept)
            // keep_checkpoint_every_n_hours: a dropped checkpoint N hours after the last one kept
            // this way stays on disk (out of the state file), as TF's Saver does.
            let times = (drop + kept).map { self.sidecar($0)["wall_time"] as? Double ?? 0 }
            var lastPreserved = preservedTimes().max() ?? (times.min() ?? 0)
            for d in drop {
                let t = self.sidecar(d)["wall_time"] as? Double ?? 0
                if t - lastPreserved >= keepEveryNHours * 3600 {
                    var side = self.sidecar(d)
                    side["preserved"] = true
                    try? AtomicFile.write(try JSONSerialization.data(withJSONObject: side, options: [.sortedKeys, .prettyPrinted]),
                        to: URL(fileURLWithPath: d.sidecarPath))
                    lastPreserved = t
                    continue
                }
                try? FileManager.default.removeItem(atPath: d.path)
                try? FileManager.default.removeItem(atPath: d.sidecarPath)
            }
        } else {
            try writeState(kept)
        }
        return c
    }

    func sidecar_(_ c: CheckpointInfo?) -> [String: Any]? { c.map { sidecar($0) } }

    /// Wall times of checkpoints kept by `keep_checkpoint_every_n_hours`.
    func preservedTimes() -> [Double] {
        scan().compactMap { c in
            let s = sidecar(c)
            return (s["preserved"] as? Bool) == true ? s["wall_time"] as? Double : nil
        }
    }

    /// Rewrites the state file to list `kept` (oldest first; the last is the latest).
    public func writeState(_ kept: [CheckpointInfo]) throws {
        precondition(!kept.isEmpty, "writeState: a state file must list at least one checkpoint")
        var text = "model_checkpoint_path: \"\((kept.last!.prefix as NSString).lastPathComponent)\"\n"
        for k in kept { text += "all_model_checkpoint_paths: \"\((k.prefix as NSString).lastPathComponent)\"\n" }
        try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: statePath))
    }

    /// Loads the newest readable checkpoint; a corrupt newer one is skipped with a warning.
    public func loadLatest(on backend: any Backend, warn: (String) -> Void) throws -> (CheckpointInfo, SafeTensors)? {
        for c in all().reversed() {
            do { return (c, try SafeTensors.read(from: URL(fileURLWithPath: c.path), on: backend)) } catch {
                warn("warning: checkpoint \(c.path) is unreadable (\(error)); falling back to the previous one")
            }
        }
        return nil
    }

    /// Deletes checkpoints (their weights and sidecars) and drops them from the state file; the
    /// newest checkpoint is never deleted (training resumes from it).
    public func remove(_ doomed: [CheckpointInfo]) throws {
        let list = all()
        guard let newest = list.last else { return }
        let steps = Set(doomed.map(\.step)).subtracting([newest.step])
        try writeState(list.filter { !steps.contains($0.step) })
        for c in list where steps.contains(c.step) {
            try? FileManager.default.removeItem(atPath: c.path)
            try? FileManager.default.removeItem(atPath: c.sidecarPath)
        }
    }

    /// The sidecar of a checkpoint.
    public func sidecar(_ c: CheckpointInfo) -> [String: Any] {
        guard let d = FileManager.default.contents(atPath: c.sidecarPath), let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else {
            return [:]
        }
        return o
    }

    /// Records an evaluation's metrics in a checkpoint's sidecar (under `evaluations.<name>`).
    public func recordEvaluation(_ c: CheckpointInfo, name: String, metrics: [String: Double]) throws {
        var side = sidecar(c)
        var evals = side["evaluations"] as? [String: Any] ?? [:]
        evals[name] = metrics
        side["evaluations"] = evals
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: side, options: [.sortedKeys, .prettyPrinted]),
            to: URL(fileURLWithPath: c.sidecarPath))
    }
}
