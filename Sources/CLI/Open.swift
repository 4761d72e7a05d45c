import ArgumentParser
import Estimators
import Foundation
import Tensors
import Workspaces
import TerminalUI
import Workbench

/// `est` and `est open WORKSPACE`: the workbench.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the workbench on a workspace (the default command: `est` alone opens it).",
        discussion: """
        Without WORKSPACE: the workspace in the current folder, else the bundled iris workspace
        (written to $XDG_DATA_HOME/est/workspaces/iris on first use).
        With a CSV file (`est open data.csv`, or `est data.csv`): a workspace for it beside the file
        (data.est/, or $XDG_DATA_HOME/est/workspaces/data when that folder cannot be written), the label
        guessed (a column named label/target/class/y, else the last), opened on the Data screen. Nothing is
        written until you save (:save-workspace) or train (s).

        Example:
          est open workspaces/iris --theme Light
          est penguins.csv      (the same as est open penguins.csv)
        """
    )

    @Argument(help: "The workspace folder, or a CSV file to open directly.")
    var workspace: String?

    @Option(help: ArgumentHelp("The theme's name: Default, Light, TTY, Monochrome or one in --themes-dir (default: Default).", valueName: "name"))
    var theme: String = "Default"

    @Option(name: .customLong("themes-dir"), help: ArgumentHelp("Another folder of themes.", valueName: "dir"))
    var themesDir: String?

    @Option(help: ArgumentHelp("The colour tier: truecolor, 256, 16 or none (default: what the terminal says).", valueName: "tier"),
            transform: { try ArgumentValues.choice($0, among: ["truecolor", "256", "16", "none"]) })
    var color: String?

    @Flag(name: .customLong("no-color"), help: "No colour.")
    var noColor = false

    @Flag(name: .customLong("no-mouse"), help: "No mouse.")
    var noMouse = false

    @Option(help: ArgumentHelp("How charts are drawn: braille, block or ascii (default: braille).", valueName: "glyphs"),
            transform: { try ArgumentValues.choice($0, among: ["braille", "block", "ascii"]) })
    var glyphs: String = "braille"

    @Option(help: ArgumentHelp("CPU threads (default: every core).", valueName: "n"), transform: ArgumentValues.positive)
    var threads: Int?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a workspace key; repeatable.", valueName: "section.key=value"))
    var sets: [String] = []

    func run() throws {
        let code = try open()
        if code != 0 { throw ExitCode(code) }
    }

    func open() throws -> Int32 {
        let env = ProcessInfo.processInfo.environment
        let term = env["TERM"] ?? ""
        guard isatty(0) != 0, isatty(1) != 0, !term.isEmpty, term != "dumb" else {
            Console.err("est: the workbench needs an interactive terminal; without one use "
                + "est train|evaluate|predict|checkpoints|inspect (est --help lists them)")
            return 2
        }
        let tier = color.flatMap(ColorTier.init(rawValue:))
        let plot = Glyphs.Plot(rawValue: glyphs) ?? .braille
        WorkspaceCommands.setUpBackend(threads: threads)
        var isDir: ObjCBool = false
        let csv = workspace.flatMap { FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue ? $0 : nil }
        var draft: WorkspaceDraft?
        var opening: [String] = [], problems: [String] = []
        var ws: Workspace
        if let csv {
            let plan = try Workspace.plan(forCSV: csv)
            if plan.exists {
                ws = try Workspace.load(plan.folder, overrides: sets)
                opening.append("opened the workspace made for \(csv) before: \(plan.folder)")
            } else {
                // --set goes into the draft itself, so it is what the screens show and what a save writes.
                let text = try Workspace.applying(sets, to: plan.text, file: plan.folder + "/workspace.toml")
                ws = try Workspace.parse(text: text, folder: plan.folder)
                draft = WorkspaceDraft(folder: plan.folder, text: text, onDisk: nil)
                opening.append("a new workspace for \(csv) in \(plan.folder) (nothing is written until you save or train); "
                    + "label '\(plan.label)' \(plan.labelReason) (3 changes it)")
            }
            if let why = plan.fallbackReason { opening.append("\(why): the workspace goes to \(plan.folder)") }
            if let e = plan.readProblem { problems.append("\(e.location): \(e.problem) (\(e.hint)); the Data screen shows the rows before it") }
        } else {
            ws = try Workspace.load(try workspace ?? Self.defaultWorkspace(), overrides: sets)
        }
        if let t = threads { ws.run.threads = t }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let loader = ThemeLoader.standard(themesDir: themesDir, environment: env, executableDir: exe, repoDir: repo)
        let (theme, warnings) = loader.load(theme)
        let device = "cpu · \(threads ?? ProcessInfo.processInfo.activeProcessorCount) threads"
        let session = Session(workspace: ws, device: device, warnings: warnings, draft: draft)
        for line in opening { session.dispatch(.log(line, .info)) }
        for line in problems { session.dispatch(.log(line, .error)) }
        if csv != nil { session.dispatch(.command(.screenData, argument: nil)) }
        let terminal = CursesTerminal(theme: theme, tierOverride: tier, noColor: noColor, mouse: !noMouse, plot: plot)
        // Nothing may write over the screen behind curses' back: stderr becomes warnings in the log pane.
        let post = session.post
        let capture = StderrCapture { line in post(.log("stderr: " + line, .warning)) }
        terminal.restoreStderrOnCrash(capture)
        session.run(on: terminal)
        terminal.close()
        terminal.restoreStderrOnCrash(nil)
        capture?.restore()
        session.finish()
        if let capture, capture.lineCount > 0 {
            let place = session.state.logFilePath.map { "; they are in \($0)" } ?? ""
            Console.err("est: \(capture.lineCount) line(s) were written to stderr while the workbench ran\(place)")
        }
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
