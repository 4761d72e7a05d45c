import Foundation
import Summaries

/// Decides when to export and which exports to keep: TF's `Exporter`.
///
/// Exports go to `<model_dir>/export/<name>/<unix-seconds>/` through ``Estimator/export(to:checkpoint:sample:)``.
public protocol Exporter: AnyObject {
    var name: String { get }
    /// Called after each evaluation (`isFinal` for the last one); returns the export folder if it exported.
    func export(_ estimator: Estimator, checkpoint: CheckpointInfo, metrics: [String: Double], isFinal: Bool) throws -> String?
}

extension Exporter {
    /// `<model_dir>/export/<name>`.
    func base(_ estimator: Estimator) -> String { "\(estimator.modelDir)/export/\(name)" }

    /// Exports `c` under ``base(_:)`` and says so.
    func write(_ estimator: Estimator, _ c: CheckpointInfo) throws -> String {
        let path = try estimator.export(to: base(estimator), checkpoint: c.prefix)
        estimator.emit(.exported(path: path))
        return path
    }

    /// Deletes all but the newest `keep` exports (nil: keeps all).
    func prune(_ estimator: Estimator, keep: Int?) {
        guard let keep, keep > 0 else { return }
        let folder = base(estimator)
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).compactMap(Int.init).sorted()
        for old in all.dropLast(keep) { try? FileManager.default.removeItem(atPath: "\(folder)/\(old)") }
    }
}

/// Exports after every evaluation, keeping the newest `exportsToKeep`: TF's `LatestExporter`.
public final class LatestExporter: Exporter {
    public let name: String
    public let exportsToKeep: Int?
    public init(name: String = "latest", exportsToKeep: Int? = 5) { (self.name, self.exportsToKeep) = (name, exportsToKeep) }
    public func export(_ e: Estimator, checkpoint: CheckpointInfo, metrics: [String: Double], isFinal: Bool) throws -> String? {
        let path = try write(e, checkpoint)
        prune(e, keep: exportsToKeep)
        return path
    }
}

/// Exports when an eval metric improves (`loss`, smaller is better, by default): TF's `BestExporter`.
///
/// Like TF's, it starts from the best value in the model_dir's evaluation event files (`eval/`, or `eval_<evalName>/`),
/// so a resumed run exports only a model better than every one evaluated before.
public final class BestExporter: Exporter {
    public let name: String
    public let metric: String
    public let smallerIsBetter: Bool
    public let exportsToKeep: Int?
    /// The evaluation whose event files seed ``best`` (nil: `eval/`).
    public let evalName: String?
    /// The best value seen (seeded from event files at the first evaluation).
    public private(set) var best: Double?
    private var seeded = false

    public init(name: String = "best", metric: String = "loss", smallerIsBetter: Bool = true, exportsToKeep: Int? = 5, evalName: String? = nil) {
        (self.name, self.metric, self.smallerIsBetter, self.exportsToKeep, self.evalName) = (name, metric, smallerIsBetter, exportsToKeep, evalName)
    }

    public func export(_ e: Estimator, checkpoint: CheckpointInfo, metrics: [String: Double], isFinal: Bool) throws -> String? {
        guard let v = metrics[metric] else {
            throw EstimatorError("BestExporter: no metric '\(metric)' in the evaluation",
                hint: "metrics: \(metrics.keys.sorted().joined(separator: ", "))")
        }
        if !seeded {
            seeded = true
            best = bestInEventFiles(e, before: checkpoint.step)
        }
        if let b = best, smallerIsBetter ? v >= b : v <= b { return nil }
        best = v
        let path = try write(e, checkpoint)
        prune(e, keep: exportsToKeep)
        return path
    }

    /// The best value of ``metric`` evaluated before `step` in the model_dir's evaluation event files.
    func bestInEventFiles(_ e: Estimator, before step: Int64) -> Double? {
        let dir = "\(e.modelDir)/\(evalName.map { "eval_\($0)" } ?? "eval")"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("events.out.tfevents") }
        let values = files.flatMap { Self.scalars(of: metric, in: "\(dir)/\($0)", before: step) }.filter(\.isFinite)
        return smallerIsBetter ? values.min() : values.max()
    }

    /// Every value of `tag` in an event file, at steps before `step`.
    static func scalars(of tag: String, in path: String, before step: Int64) -> [Double] {
        var out: [Double] = []
        for e in (try? EventFileReader.readAll(path: path)) ?? [] {
            switch e.what {
            case let .summary(values):
                for v in values {
                    guard e.step < step, v.tag == tag, let x = v.scalar else { continue }
                    out.append(Double(x))
                }
            default: break
            }
        }
        return out
    }
}

/// Exports once, after the final evaluation: TF's `FinalExporter`.
public final class FinalExporter: Exporter {
    public let name: String
    public let exportsToKeep: Int?
    public init(name: String = "final", exportsToKeep: Int? = nil) { (self.name, self.exportsToKeep) = (name, exportsToKeep) }
    public func export(_ e: Estimator, checkpoint: CheckpointInfo, metrics: [String: Double], isFinal: Bool) throws -> String? {
        guard isFinal else { return nil }
        let path = try write(e, checkpoint)
        prune(e, keep: exportsToKeep)
        return path
    }
}
