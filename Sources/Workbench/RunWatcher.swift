import Foundation
import Summaries

/// What the watcher has read from a model_dir's event files.
public struct RunData: Sendable, Equatable {
    /// Training scalars by tag (`loss`, `global_step/sec`, …).
    public var train: [String: [ScalarPoint]] = [:]
    /// Evaluation scalars by tag, from `eval/` (and `eval_<name>/`).
    public var eval: [String: [ScalarPoint]] = [:]
    /// Steps at which the training wrote a checkpoint (its session-log events).
    public var checkpointSteps: [Int64] = []
    /// The first wall time seen: the origin of the relative x axis.
    public var origin: Double?
    /// When a training run last ended cleanly (its SessionLog STOP), if one did.
    public var stoppedAt: Double?
    public init() {}

    /// The newest step of any series.
    public var lastStep: Int64 { (train.values.compactMap { $0.last?.step } + eval.values.compactMap { $0.last?.step }).max() ?? 0 }
}

/// Tails the event files of a model_dir as they grow: its own training files and `eval*/`.
///
/// A run started in this process, by `est train` in another terminal, or on another machine
/// writing to a shared folder is watched the same way. Problems (a corrupt record, a truncated
/// or deleted file, a deleted model_dir) come back as messages; the watcher keeps going.
public final class RunWatcher {
    public let modelDir: String
    public private(set) var data = RunData()
    private var readers: [String: EventFileReader] = [:]
    private var sizes: [String: Int] = [:]
    private var reported: Set<String> = []
    private var stalled: [String: Int] = [:]
    private var present = false
    private var deletedOnce = false

    public init(modelDir: String) { self.modelDir = modelDir }

    /// Reads what was appended since the last poll; returns whether the data changed and any messages.
    public func poll() -> (changed: Bool, messages: [String]) {
        var messages: [String] = []
        var changed = false
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelDir, isDirectory: &isDir), isDir.boolValue else {
            if present {
                messages.append("\(modelDir) was deleted; the charts keep what was read")
                readers = [:]; sizes = [:]; present = false; deletedOnce = true
            }
            return (false, messages)
        }
        if deletedOnce && !present {
            // The folder is back (a new run in a deleted model_dir): what was read belongs to the old one.
            messages.append("\(modelDir) appeared again; reading it from the start")
            reset()
            present = true
            return (true, messages)
        }
        present = true
        for (file, isEval) in eventFiles() {
            let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
            let reader: EventFileReader
            if let r = readers[file] {
                if size < r.bytesConsumed + r.bytesPending {
                    messages.append("event file shrank to \(size) bytes (truncated?); reading it again from the start: \(file)")
                    reset()
                    return (true, messages)
                }
                reader = r
            } else {
                reader = EventFileReader(path: file)
                readers[file] = reader
            }
            if size == (sizes[file] ?? -1) {
                // No growth: a tail that stays partial for a few polls is a torn record.
                if reader.bytesPending > 0 {
                    stalled[file, default: 0] += 1
                    if stalled[file] == 20 {
                        messages.append("event file ends in a partial record of \(reader.bytesPending) bytes (truncated mid-record?): \(file)")
                    }
                }
                continue
            }
            sizes[file] = size
            stalled[file] = 0
            do {
                let events = try reader.readNew()
                if !events.isEmpty { changed = true }
                add(events, eval: isEval ? evalName(file) : nil)
            } catch {
                // The problem first: a log line is cut at the pane's width, and paths are long.
                if !reported.contains(file) {
                    if let e = error as? EventFileError {
                        messages.append("event file corrupt (\(e.problem) at byte \(e.offset)); charts keep what came before: \(file)")
                    }
                    else { messages.append("cannot read \(file): \(error)") }
                }
                reported.insert(file)
            }
        }
        return (changed, messages)
    }

    /// Forgets everything read (the next poll reads every file from its start).
    public func reset() {
        data = RunData(); readers = [:]; sizes = [:]; stalled = [:]
    }

    private func evalName(_ file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent.split(separator: "/").last.map(String.init) ?? "eval"
        return folder == "eval" ? "" : String(folder.dropFirst(5)) + "/"
    }

    private func eventFiles() -> [(String, Bool)] {
        let fm = FileManager.default
        var out: [(String, Bool)] = []
        let top = ((try? fm.contentsOfDirectory(atPath: modelDir)) ?? []).sorted()
        for f in top where f.hasPrefix("events.out.tfevents.") { out.append((modelDir + "/" + f, false)) }
        for d in top where d == "eval" || d.hasPrefix("eval_") {
            for f in ((try? fm.contentsOfDirectory(atPath: modelDir + "/" + d)) ?? []).sorted() where f.hasPrefix("events.out.tfevents.") {
                out.append((modelDir + "/" + d + "/" + f, true))
            }
        }
        return out
    }

    private func add(_ events: [Event], eval prefix: String?) {
        var touched: Set<String> = []
        for e in events {
            if data.origin == nil || e.wallTime < data.origin! { data.origin = e.wallTime }
            switch e.what {
            case let .summary(values):
                for v in values {
                    guard let s = v.scalar else { continue }
                    let p = ScalarPoint(step: e.step, wallTime: e.wallTime, value: Double(s))
                    if let prefix {
                        data.eval[prefix + v.tag, default: []].append(p); touched.insert("e" + prefix + v.tag)
                    } else {
                        data.train[v.tag, default: []].append(p); touched.insert("t" + v.tag)
                    }
                }
            case let .sessionLog(status, _) where status == .stop && prefix == nil:
                data.stoppedAt = max(data.stoppedAt ?? 0, e.wallTime)
            case let .sessionLog(status, _) where status == .checkpoint && prefix == nil:
                if !data.checkpointSteps.contains(e.step) { data.checkpointSteps.append(e.step); data.checkpointSteps.sort() }
            default: break
            }
        }
        // Several files (resumed runs) can interleave: keep every series in step order.
        for t in touched {
            let key = String(t.dropFirst())
            if t.first == "e" { data.eval[key] = sortedIfNeeded(data.eval[key]!) } else { data.train[key] = sortedIfNeeded(data.train[key]!) }
        }
    }

    private func sortedIfNeeded(_ p: [ScalarPoint]) -> [ScalarPoint] {
        for i in p.indices.dropFirst() where p[i].step < p[i - 1].step {
            return p.enumerated().sorted { ($0.element.step, $0.offset) < ($1.element.step, $1.offset) }.map(\.element)
        }
        return p
    }
}
