import Estimators
import Foundation
import Workspaces
import Tensors
import TerminalUI
import Workbench

/// `est` and `est open WORKSPACE`: the workbench.
enum OpenCommand {
    static let usage = """
    usage: est [open [WORKSPACE]] [--theme NAME] [--themes-dir DIR] [--color truecolor|256|16|none] [--no-color]
               [--no-mouse] [--glyphs braille|block|ascii] [--threads N]
    Without WORKSPACE: the workspace in the current folder, else the bundled iris workspace
    (written to $XDG_DATA_HOME/est/workspaces/iris on first use).
    """

    static func run(_ args: [String]) throws -> Int32 {
        let o = try CommonOptions.parse(args, valued: ["--theme", "--themes-dir", "--color", "--glyphs", "--threads"], flags: ["--no-color", "--no-mouse"])
        let env = ProcessInfo.processInfo.environment
        let term = env["TERM"] ?? ""
        guard isatty(0) != 0, isatty(1) != 0, !term.isEmpty, term != "dumb" else {
            Console.err("est: the workbench needs an interactive terminal; without one use est train|evaluate|predict|checkpoints|inspect (est --help lists them)")
            return 2
        }
        var tier: ColorTier? = nil
        if let c = o.rest["--color"] {
            guard let t = ColorTier(rawValue: c) else { throw UsageError(description: "--color must be truecolor, 256, 16 or none, got '\(c)'") }
            tier = t
        }
        var plot = Glyphs.Plot.braille
        if let g = o.rest["--glyphs"] {
            guard let p = Glyphs.Plot(rawValue: g) else { throw UsageError(description: "--glyphs must be braille, block or ascii, got '\(g)'") }
            plot = p
        }
        let threads = try o.int("--threads")
        WorkspaceCommands.setUpBackend(threads: threads)
        let folder = try o.workspace ?? defaultWorkspace()
        var ws = try Workspace.load(folder, overrides: o.sets)
        if let t = threads { ws.run.threads = t }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let loader = ThemeLoader.standard(themesDir: o.rest["--themes-dir"], environment: env, executableDir: exe, repoDir: repo)
        let (theme, warnings) = loader.load(o.rest["--theme"] ?? "Default")
        let device = "cpu · \(threads ?? ProcessInfo.processInfo.activeProcessorCount) threads"
        let session = Session(workspace: ws, device: device, warnings: warnings)
        let terminal = CursesTerminal(theme: theme, tierOverride: tier, noColor: o.flags.contains("--no-color"), mouse: !o.flags.contains("--no-mouse"), plot: plot)
        session.run(on: terminal)
        terminal.close()
        if case let .failed(m) = session.state.run { Console.err("est: the last run failed: \(m)") }
        print("est: model_dir \(session.state.modelDir), step \(session.state.step)")
        return 0
    }

    /// The current folder if it is a workspace, else the bundled iris workspace under
    /// `$XDG_DATA_HOME/est/workspaces/iris` (written from the binary the first time).
    static func defaultWorkspace() throws -> String {
        if FileManager.default.fileExists(atPath: "workspace.toml") { return "." }
        let env = ProcessInfo.processInfo.environment
        let data = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.local/share")
        let dir = data + "/est/workspaces/" + EmbeddedWorkspace.name
        for (path, text) in EmbeddedWorkspace.files where !FileManager.default.fileExists(atPath: dir + "/" + path) {
            let url = URL(fileURLWithPath: dir + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Tensors.AtomicFile.write(Data((text + "\n").utf8), to: url)
        }
        return dir
    }
}
