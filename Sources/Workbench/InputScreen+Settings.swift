import Foundation
import Workspaces

/// The Input screen's input settings: batch size, shuffle buffer, epochs, the evaluation data (a file, or a split).
extension InputScreen {
    /// The settings line above the column table.
    static func settingsLine(_ app: AppState) -> String {
        guard let ws = try? app.draft?.workspace().get() else { return "the workspace has an error (see the log)" }
        let eval: String
        if let f = ws.evalSplit { eval = "eval split \(format(f)) seed \(ws.splitSeed)" } else if let e = ws.evalFiles.first {
            eval = "eval \((e as NSString).lastPathComponent)"
        } else { eval = "no eval data" }
        return "batch \(ws.batchSize) · shuffle \(ws.shuffleBuffer) · epochs \(ws.numEpochs.map(String.init) ?? "–") · \(eval)"
    }

    /// `b`, `u`, `E`: a positive integer setting of `[input]` (epochs: empty removes it).
    static func setInteger(_ s: inout State, _ app: AppState, _ key: String, _ command: Command, _ text: String?) -> ScreenResult {
        let ws = try? app.draft?.workspace().get()
        let current: Int? = switch key {
        case "batch_size": ws?.batchSize
        case "shuffle_buffer": ws?.shuffleBuffer
        default: ws?.numEpochs
        }
        guard let text else {
            let hint = key == "num_epochs" ? "passes over the training data; empty: until [run] steps" : "a positive integer"
            return ask("[input] \(key)", current.map(String.init) ?? "", command, hint)
        }
        let t = text.trimmingCharacters(in: .whitespaces)
        if key == "num_epochs" && (t.isEmpty || t == "none") {
            s.error = nil
            return ScreenResult(requests: [.setWorkspace(path: ["input", key], value: nil)])
        }
        guard let n = Int(t), n > 0 else { return fail(&s, "\(key) must be a positive integer, got '\(text)'") }
        s.error = nil
        return ScreenResult(requests: [.setWorkspace(path: ["input", key], value: .int(Int64(n)))])
    }

    /// `v`: the evaluation data: a file (`data/eval.csv`), or a fraction of the training rows with a seed (`0.2 seed 7`).
    static func setEval(_ s: inout State, _ app: AppState, _ text: String?) -> ScreenResult {
        let ws = try? app.draft?.workspace().get()
        guard let text else {
            let initial = ws?.evalSplit.map { "\(format($0)) seed \(ws!.splitSeed)" } ?? app.draft?.value(at: ["data", "eval"]).flatMap(string) ?? ""
            let folder = app.draft.map { ($0.folder as NSString).lastPathComponent } ?? "the workspace folder"
            return ask("evaluation data", initial, .inputEval, "a CSV file (relative to \(folder)/), or a fraction of the training rows: 0.2 seed 42")
        }
        let words = text.split(separator: " ").map(String.init)
        if let f = words.first.flatMap(Double.init) {
            guard f > 0 && f < 1 else { return fail(&s, "eval_split must be in (0, 1), got \(words[0])") }
            var seed: Int64?
            if words.count >= 2 {
                guard let n = words.last.flatMap(Int64.init), n >= 0 else {
                    return fail(&s, "the seed must be an integer ≥ 0, as in '0.2 seed 42'")
                }
                seed = n
            }
            s.error = nil
            return rewrite(app, tables: nil) { doc in
                if doc.entry(at: ["data", "eval"]) != nil { try doc.remove(at: ["data", "eval"]) }
                try doc.set(.float(f), at: ["data", "eval_split"])
                if let seed { try doc.set(.int(seed), at: ["data", "split_seed"]) }
            }
        }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return fail(&s, "give a file or a fraction such as 0.2") }
        s.error = nil
        return rewrite(app, tables: nil) { doc in
            for k in ["eval_split", "split_seed"] where doc.entry(at: ["data", k]) != nil { try doc.remove(at: ["data", k]) }
            try doc.set(.string(text.trimmingCharacters(in: .whitespaces)), at: ["data", "eval"])
        }
    }
}
