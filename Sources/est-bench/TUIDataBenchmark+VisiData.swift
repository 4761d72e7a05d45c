import Foundation

/// VisiData on the same file, in the same run (`scripts/bench/visidata_open.py`: its loader and its describe sheet,
/// headless), beside est's figures.
func compareWithVisiData(python: String, path: String, firstPage: Double, describe: Double) throws {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/bench/visidata_open.py").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = [script, path, "40"]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0, let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last,
          let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
          let vdFirst = json["first_page_s"] as? Double, let vdDescribe = json["describe_s"] as? Double else {
        throw BenchFailure(message: "tui-data: \(python) \(script) failed (is visidata installed in that Python?)")
    }
    let tool = json["tool"] as? String ?? "visidata"
    let load = json["load_s"] as? Double ?? 0, rss = json["rss_mb"] as? Double ?? 0
    func row(_ what: String, _ est: Double, _ vd: Double) {
        let verdict = est <= vd ? String(format: "est %.1f× faster", vd / est) : String(format: "est %.1f× SLOWER", est / vd)
        print(what.padding(toLength: 34, withPad: " ", startingAt: 0)
              + String(format: "est %.3f s · %@ %.3f s", est, tool, vd).padding(toLength: 48, withPad: " ", startingAt: 0) + verdict)
    }
    row("first page (vs VisiData)", firstPage, vdFirst)
    row("describe (vs VisiData Shift+I)", describe, vdDescribe)
    print(String(format: "%@ loads every row in %.2f s (peak RSS %.0f MB)", tool, load, rss))
    emit([("workload", "tui-data-visidata"), ("tool", tool), ("first_page_s", vdFirst), ("describe_s", vdDescribe),
          ("load_s", load), ("rss_mb", rss), ("est_first_page_s", firstPage), ("est_describe_s", describe)])
}
