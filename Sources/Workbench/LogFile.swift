import Foundation
import Workspaces

/// The workbench's log on disk: every line of the log pane (engine warnings, errors, captured stderr, info),
/// appended to `<workspace>/runs/workbench.log` with its time and level, so what scrolled by can be read later.
///
/// One line a log line: `2026-12-04T14:57:54+01:00 WARN  text`. Writes go through a serial queue (the UI
/// thread never waits on the disk); ``flush()`` waits for them.
public final class LogFile: @unchecked Sendable {
    public let path: String
    private let handle: FileHandle
    private let queue = DispatchQueue(label: "est.workbench.log")

    /// Where a workspace's workbench log goes: `runs/` beside the model_dirs, whatever the model_dir is.
    public static func path(workspaceFolder: String) -> String { workspaceFolder + "/runs/workbench.log" }

    /// Opens `path` for appending, creating it and its folder.
    public init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: why])
        }
        self.path = path
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Appends lines (one `write` for the batch, on the writer queue).
    public func append(_ lines: [LogLine]) {
        guard !lines.isEmpty else { return }
        let text = lines.map(Self.format).joined()
        queue.async { [handle] in try? handle.write(contentsOf: Data(text.utf8)) }
    }

    /// Waits until everything appended so far is written.
    public func flush() { queue.sync {} }

    /// A line of the file: local time with its offset, the level, the text.
    public static func format(_ line: LogLine) -> String {
        let level = switch line.level {
        case .info: "INFO "
        case .warning: "WARN "
        case .error: "ERROR"
        }
        return "\(timestamp(line.time)) \(level) \(line.text)\n"
    }

    static func timestamp(_ seconds: Double) -> String {
        var t = time_t(seconds.rounded(.down))
        var tm = tm()
        localtime_r(&t, &tm)
        let offset = Int(tm.tm_gmtoff) / 60
        let date = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)
        return date + (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", abs(offset) / 60, abs(offset) % 60)
    }
}
