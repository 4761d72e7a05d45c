import Datasets
import Foundation
import Workspaces
import Workbench

/// `tui-data`: the Data screen on a large CSV with the real session and renderer (no terminal): the first page
/// drawn, the index's throughput, frames while jumping and scrolling, a sort, a filter, resident memory while
/// browsing, and describe of every column.
func benchTUIData(path: String, frames: Int = 200, visidata: String? = nil) throws {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size > 0 else { throw BenchFailure(message: "tui-data: \(path) is missing or empty") }
    let abs = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-data-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let names = try CSVRowIndex(path: abs).names
    let toml = "name = \"bench\"\n\n[data]\ntrain = \"\(abs)\"\nlabel = \"\(names.last!)\"\n\n[estimator]\nkind = \"LinearClassifier\"\n"
    try toml.write(toFile: dir + "/workspace.toml", atomically: true, encoding: .utf8)
    let ws = try Workspace.load(dir)

    // The index alone: bytes over the time to index the whole file.
    var t0 = now()
    let alone = try CSVRowIndex(path: abs)
    alone.wait()
    let indexSeconds = now() - t0
    let rows = alone.rowsIndexed

    // Opening: the session starts indexing; the first page is on the first frame of the Data screen.
    t0 = now()
    let session = Session(workspace: ws, device: "cpu", logPath: dir + "/log.txt")
    session.dispatch(.resize(width: 200, height: 60))
    session.dispatch(.command(.screenData, argument: nil))
    var frame = WorkbenchView.render(session.state, glyphs: .unicode)
    let firstPage = now() - t0
    guard session.state.dataScreen.tab?.page?.rows.isEmpty == false else { throw BenchFailure(message: "tui-data: no first page") }
    func pumpUntil(_ done: (AppState) -> Bool, timeout: Double = 120) {
        let start = now()
        while !done(session.state) && now() - start < timeout { session.pump(); usleep(2000) }
    }
    pumpUntil { $0.dataScreen.tab?.complete == true }
    let sessionIndex = now() - t0

    // Frames: a key, then the frame drawn (the page read synchronously when the rows shown change).
    var rng = SystemRandomNumberGenerator()
    func browse(_ n: Int) -> [Double] {
        var times: [Double] = []
        for i in 0..<n {
            let key: Key
            switch i % 8 {
            case 0: key = .char("G")
            case 1: key = .char("g")
            case 2, 3: key = .pageDown
            case 4: key = .pageUp
            case 5: key = [.char("l"), .char("h")].randomElement(using: &rng)!
            default: key = [.char("j"), .char("k")].randomElement(using: &rng)!
            }
            let start = now()
            // Every eighth frame jumps to a random row (`:down N`).
            if i % 8 == 7 {
                session.dispatch(.command(.down, argument: String(Int.random(in: -rows...rows, using: &rng))))
            } else {
                session.dispatch(.key(key))
            }
            frame = WorkbenchView.render(session.state, glyphs: .unicode)
            times.append(now() - start)
        }
        return times.sorted()
    }
    let plain = browse(frames)
    let rss = residentMB()

    // A sort of one numeric column, then browsing the sorted rows.
    let numericColumn = names.firstIndex(of: "f05") ?? 0
    for _ in 0..<numericColumn { session.dispatch(.command(.columnRight, argument: nil)) }
    t0 = now()
    session.dispatch(.key(.char("[")))
    pumpUntil { $0.dataScreen.tab?.job == nil }
    let sortSeconds = now() - t0
    let sorted = browse(frames)

    // A row filter over every row.
    t0 = now()
    session.dispatch(.command(.filter, argument: nil))
    for ch in "t123" { session.dispatch(.key(.char(ch))) }
    session.dispatch(.key(.enter))
    pumpUntil { $0.dataScreen.tab?.job == nil }
    let filterSeconds = now() - t0
    let matched = session.state.dataScreen.tab?.shownCount ?? 0
    let rssAfter = residentMB()

    // Describe: the statistics the describe sheet shows, as the session computes them.
    t0 = now()
    let (_, columns) = try ColumnStatistics.compute(csv: [abs], options: ws.csvOptions, topK: FeatureColumnInference.vocabularyLimit)
    let describeSeconds = now() - t0
    _ = frame

    let mb = Double(size) / 1e6
    func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }
    let table: [(String, String, String)] = [
        ("file", "\(String(format: "%.0f", mb)) MB, \(rows) rows, \(names.count) columns", ""),
        ("first page drawn", ms(firstPage), "≤ 300 ms"),
        ("index alone", String(format: "%.0f MB/s (%.2f s)", mb / indexSeconds, indexSeconds), "≥ 300 MB/s"),
        ("index in the session", String(format: "%.0f MB/s (%.2f s)", mb / sessionIndex, sessionIndex), ""),
        ("frame, file order p50 / p99", "\(ms(plain[plain.count / 2])) / \(ms(plain[plain.count * 99 / 100]))", "≤ 16 ms"),
        ("sort by \(names[numericColumn])", String(format: "%.2f s", sortSeconds), ""),
        ("frame, sorted p50 / p99", "\(ms(sorted[sorted.count / 2])) / \(ms(sorted[sorted.count * 99 / 100]))", "≤ 16 ms"),
        ("filter /t123/", String(format: "%.2f s, %d rows match", filterSeconds, matched), ""),
        ("RSS browsing / after sort+filter", String(format: "%.0f MB / %.0f MB", rss, rssAfter), "≤ \(Int(2 * mb)) MB"),
        ("describe \(columns.count) columns", String(format: "%.2f s", describeSeconds), "≤ 2 s"),
    ]
    for (what, value, goal) in table {
        print(what.padding(toLength: 34, withPad: " ", startingAt: 0) + value.padding(toLength: 34, withPad: " ", startingAt: 0) + goal)
    }
    emit([("workload", "tui-data"), ("mb", mb), ("rows", rows), ("first_page_ms", firstPage * 1000),
          ("index_mb_s", mb / indexSeconds), ("frame_ms_p50", plain[plain.count / 2] * 1000),
          ("frame_ms_p99", plain[plain.count * 99 / 100] * 1000), ("sort_s", sortSeconds),
          ("sorted_frame_ms_p99", sorted[sorted.count * 99 / 100] * 1000), ("filter_s", filterSeconds),
          ("rss_mb", rss), ("rss_after_mb", rssAfter), ("describe_s", describeSeconds)])
    if let visidata { try compareWithVisiData(python: visidata, path: abs, firstPage: firstPage, describe: describeSeconds) }
}

/// The process's resident memory in MB (VmRSS of /proc/self/status).
func residentMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}
