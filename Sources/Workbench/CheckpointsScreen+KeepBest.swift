import Workspaces
/// keep-best: the best N checkpoints by the sort metric (and the newest) stay, the others are deleted once a typed
/// confirmation says so; the setting is then applied after each run (by the root, on the run's end).
extension CheckpointsScreen {
    static func keepBest(_ s: State, _ argument: String?, _ app: AppState) -> ScreenResult {
        guard !["step", "time", "size"].contains(s.sortKey), higherIsBetter(s.sortKey) != nil else {
            return .note("keep-best keeps the best by a quality metric: sort by one first (o)", .warning)
        }
        guard let a = argument, let n = Int(a), n >= 1 else {
            return ScreenResult(requests: [.palette(text: "keep-best "),
                                           .note("type how many checkpoints to keep, e.g. keep-best 3 (by the sort column '\(s.sortKey)')", .info)])
        }
        guard !app.run.isLive && !app.isWatchingElsewhere else { return .note("keep-best deletes files: refused while a run is live", .warning) }
        let latest = app.checkpoints.map(\.step).max()
        let ranked = allRows(s, app.checkpoints).filter { $0.metrics[s.sortKey] != nil }
        let keep = Set(ranked.prefix(n).map(\.step) + [latest].compactMap { $0 })
        // Only evaluated checkpoints can be ranked, so only they are deleted; the others are listed apart.
        let doomed = app.checkpoints.filter { $0.metrics[s.sortKey] != nil && !keep.contains($0.step) }
        let unevaluated = app.checkpoints.filter { $0.metrics[s.sortKey] == nil && $0.step != latest }.map(\.step).sorted()
        let setting = KeepBest(n: n, metric: s.sortKey, higherIsBetter: s.sortDescending)
        let pending = unevaluated.isEmpty ? "" : "; \(unevaluated.count) not evaluated are kept (:evaluate-all)"
        guard !doomed.isEmpty else {
            let note = "keep-best \(n) by \(s.sortKey) on: nothing to delete now\(pending)"
            return ScreenResult(requests: [.keepBest(setting), .note(note, .info)])
        }
        var requests: [ScreenRequest] = [.confirm(.keepBest(setting, deleting: doomed, unevaluated: unevaluated))]
        if !unevaluated.isEmpty {
            requests.append(.note("keep-best: \(unevaluated.count) checkpoint(s) not evaluated by \(s.sortKey)" + pending, .info))
        }
        return ScreenResult(requests: requests)
    }
}
