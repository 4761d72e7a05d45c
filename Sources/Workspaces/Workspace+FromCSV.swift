import Datasets
import Foundation

/// A workspace made for a bare CSV file (`est open data.csv`, `est data.csv`): where it goes and its first text.
///
/// Nothing is written here: the workbench keeps the text as an unsaved draft until the user saves it or trains.
public struct CSVWorkspacePlan: Equatable, Sendable {
    /// The workspace folder: `<dir>/<stem>.est` beside the file, or `$XDG_DATA_HOME/est/workspaces/<stem>` when the
    /// file's folder cannot be written.
    public var folder: String
    /// The `workspace.toml` text (the draft), or the file's text when the workspace already exists.
    public var text: String
    /// Whether `<folder>/workspace.toml` exists already (made for this file before): it is opened as it is.
    public var exists: Bool
    /// The label chosen and why ("named like a label", "the last column").
    public var label: String
    public var labelReason: String
    /// Why the folder is not beside the file, if it is not.
    public var fallbackReason: String?
    /// The first rows could not be read (the header could): the Data screen shows where.
    public var readProblem: DataError?
}

extension Workspace {
    /// The names a label column usually has, matched without case.
    public static let labelNames = ["label", "target", "class", "y"]
    /// Columns that identify rows rather than describe them, left out of the features by `est open data.csv`.
    static let identifierNames = ["id", "index", "row", "rowid", "row_id", "unnamed: 0"]

    /// Plans the workspace of a CSV file: reads its header and first rows (never the whole file), guesses the label
    /// (a column named label/target/class/y, else the last), picks a classifier or a regressor from the label's values,
    /// and leaves identifier columns out.
    ///
    /// `isWritable` says whether a folder can take the workspace (default: writable and not on a read-only mount).
    public static func plan(forCSV csvPath: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            isWritable: (String) -> Bool = Workspace.folderIsWritable) throws -> CSVWorkspacePlan {
        let url = URL(fileURLWithPath: csvPath).standardizedFileURL
        let path = url.path, dir = url.deletingLastPathComponent().path
        let file = url.lastPathComponent
        let stem = url.deletingPathExtension().lastPathComponent.isEmpty ? file : url.deletingPathExtension().lastPathComponent
        // The header must read; a row that does not (a ragged row, an open quote) is shown by the Data screen instead.
        var names: [String], types: [ColumnType] = [], sample: Table?
        var readProblem: DataError?
        do {
            let reader = try CSVReader(path: path)
            (names, types) = (reader.names, reader.types)
            sample = try reader.next()
        } catch {
            names = try CSVRowIndex(path: path).names
            readProblem = error
        }
        var folder = dir + "/" + stem + ".est", trainPath = "../" + file, fallback: String?
        if !isWritable(dir) {
            let home = (environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/share"
            let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home
            folder = data + "/est/workspaces/" + stem
            trainPath = path
            fallback = "\(dir) cannot be written"
        }
        let existing = folder + "/workspace.toml"
        let (label, reason) = guessLabel(names)
        if let text = try? String(contentsOfFile: existing, encoding: .utf8) {
            return CSVWorkspacePlan(folder: folder, text: text, exists: true, label: label, labelReason: reason, fallbackReason: fallback)
        }
        let column = names.firstIndex(of: label) ?? max(0, names.count - 1)
        let distinct = Set((0..<(sample?.rowCount ?? 0)).compactMap { sample?.columns[column].string($0) }).count
        let classifier: Bool
        let why: String
        switch types.indices.contains(column) ? types[column] : nil {
        case nil: (classifier, why) = (true, "the rows could not be read yet: a classifier until they can")
        case .string, .bool: (classifier, why) = (true, "the label holds text: a classifier")
        case .int where distinct <= 20: (classifier, why) = (true, "the label holds \(distinct) whole numbers in the first rows: a classifier")
        case .int: (classifier, why) = (false, "the label holds many whole numbers: a regressor")
        case .float: (classifier, why) = (false, "the label holds decimals: a regressor")
        }
        let identifiers = names.filter { $0 != label && identifierNames.contains($0.lowercased()) }
        var text = """
        # A workspace for \(file), made by `est open`: the Model (2) and Input (3) screens edit it.
        name = "\(stem)"

        [data]
        train = \(TOMLDocument.render(.string(trainPath)))    # relative to this folder
        label = \(TOMLDocument.render(.string(label)))    # \(reason)

        """
        if !identifiers.isEmpty {
            text += "exclude = \(TOMLDocument.render(.array(identifiers.map { .string($0) })))    # identifiers, not features\n"
        }
        text += """
        # Without [[features]] tables every other column becomes a feature (numbers z-scored, text as categories).

        [estimator]
        kind = "\(classifier ? "DNNClassifier" : "DNNRegressor")"    # \(why)
        hidden_units = [32, 16]

        [run]
        steps = 1000

        """
        return CSVWorkspacePlan(folder: folder, text: text, exists: false, label: label, labelReason: reason, fallbackReason: fallback,
                                readProblem: readProblem)
    }

    /// The label among `names`: the first named like a label (``labelNames``; `y` only without an `x` column), else the
    /// last column.
    public static func guessLabel(_ names: [String]) -> (name: String, reason: String) {
        let lower = Set(names.map { $0.lowercased() })
        // A `y` beside an `x` is a coordinate (diamonds' x, y, z), not a label.
        for wanted in labelNames where !(wanted == "y" && lower.contains("x")) {
            if let n = names.first(where: { $0.lowercased() == wanted }) { return (n, "guessed: named like a label") }
        }
        return (names.last ?? "", "guessed: the last column")
    }

    /// Whether a folder can be written: the permission says so and its file system is not mounted read-only.
    public static func folderIsWritable(_ dir: String) -> Bool {
        var fs = statvfs()
        if statvfs(dir, &fs) == 0 && (fs.f_flag & UInt(ST_RDONLY)) != 0 { return false }
        return access(dir, W_OK) == 0
    }
}
