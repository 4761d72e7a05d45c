import Datasets

/// The Data screen following shared changes: the session's answers (files opened, indexing, pages, views), the `/`
/// filter, the workspace's files.
extension DataScreen {
    static func follow(_ s: inout State, _ change: SharedChange, app: AppState) -> ScreenResult? {
        switch change {
        case let .data(e): return event(&s, e, app: app)
        case .filter:
            var effects: [Effect] = []
            for i in s.tabs.indices { effects += setView(&s.tabs[i], view(s.tabs[i], sort: s.tabs[i].wanted.sort, app: app), app: app) }
            return ScreenResult(effects: effects)
        case .workspace:
            // Files the workspace names now: new ones are opened, gone ones closed.
            let files = app.data.all
            s.tabs.removeAll { !files.contains($0.file) }
            s.current = max(0, min(s.current, s.tabs.count - 1))
            let new = files.filter { f in !s.tabs.contains { $0.file == f } }
            return ScreenResult(effects: new.isEmpty ? [] : [.data(.open(new))])
        case .runData, .checkpoints, .modelDir, .statistics, .input: return ScreenResult([])
        }
    }

    static func event(_ s: inout State, _ e: DataEvent, app: AppState) -> ScreenResult {
        switch e {
        case let .sheet(se):
            for i in s.sheets.indices { s.sheets[i].follow(se) }
            return ScreenResult()
        case let .opened(file, result):
            let i = tabIndex(&s, file, app: app)
            var effects: [Effect] = []
            switch result {
            case let .success(names):
                s.tabs[i].names = names
                s.tabs[i].error = nil
                effects = setView(&s.tabs[i], view(s.tabs[i], sort: nil, app: app), app: app) + refresh(&s.tabs[i], app: app)
            case let .failure(error): s.tabs[i].error = error
            }
            return ScreenResult(effects: effects)
        case let .indexed(file, p):
            var note: ScreenRequest?
            var r = update(&s, file) { t in
                // Progress posted from the index's thread may arrive after a newer one read on the UI thread.
                guard !t.complete, p.rows >= t.rowsIndexed else { return [] }
                // A row that does not read, found while indexing: said at once (the table shows it where it is).
                if let e = p.error, t.error == nil { note = .note("\(e.location): \(e.problem) (\(e.hint))", .error) }
                (t.rowsIndexed, t.progress, t.complete, t.error) = (p.rows, p.fraction, p.complete, p.error)
                return refresh(&t, app: app)
            }
            if let note { r.requests.append(note) }
            return r
        case let .page(p):
            return update(&s, p.file) { t in
                if p.view == t.shown {
                    t.page = p
                    if t.widest.count < t.names.count { t.widest += Array(repeating: 0, count: t.names.count - t.widest.count) }
                    for row in p.rows {
                        for (c, v) in row.enumerated() where c < t.widest.count { t.widest[c] = max(t.widest[c], min(v.count, maxColumnWidth)) }
                    }
                }
                return []
            }
        case let .viewProgress(file, v, job):
            return update(&s, file) { t in
                if v == t.wanted && t.job != nil { t.job = job }
                return []
            }
        case let .viewReady(file, v, count):
            return update(&s, file) { t in
                guard v == t.wanted else { return [] }
                (t.shown, t.shownCount, t.job, t.row, t.top, t.page) = (v, count, nil, 0, 0, nil)
                return refresh(&t, app: app)
            }
        case let .viewStopped(file, v, error):
            var note: ScreenRequest?
            let r = update(&s, file) { t in
                guard v == t.wanted else { return [] }
                if let error { note = .note("\(t.job?.what ?? "sorting") \(t.name) failed: \(error)", .error) }
                (t.wanted, t.job) = (t.shown, nil)
                return []
            }
            return ScreenResult(effects: r.effects, requests: [note].compactMap { $0 })
        }
    }

    /// The tab of a file, made (in the workspace's order of files) when there is none.
    static func tabIndex(_ s: inout State, _ file: String, app: AppState) -> Int {
        if let i = s.tabs.firstIndex(where: { $0.file == file }) { return i }
        let order = app.data.all
        let rank = { (f: String) in order.firstIndex(of: f) ?? order.count }
        let i = s.tabs.firstIndex { rank($0.file) > rank(file) } ?? s.tabs.count
        s.tabs.insert(DataTab(file: file, isEval: app.data.eval.contains(file) && !app.data.train.contains(file)), at: i)
        if i <= s.current && s.tabs.count > 1 { s.current += 1 }
        return i
    }

    /// Changes the tab of a file, if there is one.
    static func update(_ s: inout State, _ file: String, _ change: (inout DataTab) -> [Effect]) -> ScreenResult {
        guard let i = s.tabs.firstIndex(where: { $0.file == file }) else { return ScreenResult([]) }
        return ScreenResult(effects: change(&s.tabs[i]))
    }
}
