import Estimators
import Workspaces
import Foundation
import Testing
import TestSupport

@Suite struct WorkspaceTests {
    static func workspace(_ toml: String) throws -> String {
        let dir = try Interop.temporaryDirectory("est-ws")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture("iris_train.csv"), toPath: dir.appendingPathComponent("data/train.csv").path)
        try toml.write(to: dir.appendingPathComponent("workspace.toml"), atomically: true, encoding: .utf8)
        return dir.path
    }

    static let valid = """
    name = "t"
    [data]
    train = "data/train.csv"
    label = "species"
    [estimator]
    kind = "DNNClassifier"
    hidden_units = [8, 4]
    [input]
    batch_size = 16
    [run]
    steps = 50
    """

    @Test func readsEveryKeyAndResolvesPaths() throws {
        let dir = try Self.workspace(Self.valid)
        let w = try Workspace.load(dir)
        #expect(w.name == "t" && w.label == "species" && w.batchSize == 16 && w.steps == 50)
        #expect(w.trainFiles == [dir + "/data/train.csv"] && w.modelDir == dir + "/runs/main")
        #expect(w.estimator.hiddenUnits == [8, 4])
        let o = try Workspace.load(dir, overrides: ["estimator.hidden_units=[3]", "run.steps=7", "estimator.optimizer=Adam"])
        #expect(o.estimator.hiddenUnits == [3] && o.steps == 7 && o.estimator.optimizer == "Adam")
    }

    /// A mistake in a `--set` names the option, not workspace.toml (and is a configuration error: exit code 2).
    @Test func aBadSetNamesTheOption() throws {
        let dir = try Self.workspace(Self.valid)
        for (set, problem) in [("run.steps=-5", "'steps' must be"), ("estimator.hiden_units=[3]", "unknown key 'hiden_units'")] {
            do {
                _ = try Workspace.load(dir, overrides: ["input.batch_size=8", set])
                Issue.record("loaded with --set \(set)")
            } catch let e as WorkspaceError {
                #expect(e.file == "--set \(set)" && e.problem.contains(problem) && e.isConfiguration, "\(e)")
                #expect("\(e)".hasPrefix("--set \(set): error: "), "\(e)")
            }
        }
    }

    /// `[data] types` reads a column with the type the user names (here the label as a string: class names).
    @Test func dataTypesChooseHowAColumnIsRead() throws {
        let dir = try Self.workspace(Self.valid.replacingOccurrences(of: "label = \"species\"", with: "label = \"species\"\ntypes = { sepal_length = \"string\" }"))
        let w = try Workspace.load(dir)
        #expect(w.columnTypes == ["sepal_length": .string] && w.csvOptions.types == ["sepal_length": .string])
        let (_, stats) = try w.trainStatistics()
        #expect(stats.first { $0.name == "sepal_length" }?.type == .string)
    }

    @Test(arguments: [
        ("[estimator]\nkind = \"DNNClassifier\"\nhiden_units = [3]\n", 8, "unknown key 'hiden_units' in [estimator]"),
        ("[estimator]\nhidden_units = \"10\"\n", 7, "'hidden_units' must be an array of integers, got a string"),
        ("[run]\nsteps = 1.5\n", 7, "'steps' must be an integer, got a float"),
        ("[estimator]\nkind = \"RandomForest\"\n", 7, "unknown estimator kind 'RandomForest'"),
        ("color = \"red\"\n", 6, "unknown key 'color' in [data]"),
        ("[run]\nsteps = = 3\n", 7, "is not a TOML value"),
        ("types = { species = \"text\" }\n", 6, "[data] types: 'species' has no column type"),
        ("types = \"string\"\n", 6, "'types' must be a table, got a string"),
    ] as [(String, Int, String)])
    func badKeysAndValuesNameTheKeyAndLine(_ extra: String, _ line: Int, _ problem: String) throws {
        let base = "name = \"t\"\n[data]\ntrain = \"data/train.csv\"\nlabel = \"species\"\n\n"
        let dir = try Self.workspace(base + extra)
        do {
            _ = try Workspace.load(dir)
            Issue.record("loaded without error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("workspace.toml:\(line)"), "\(text)")
            #expect(text.contains(problem), "\(text)")
        }
    }

    @Test func trainsAndEvaluatesFromTheWorkspace() throws {
        let dir = try Self.workspace(Self.valid)
        let w = try Workspace.load(dir)
        let (rows, stats) = try w.trainStatistics()
        #expect(rows == 120)
        let est = try w.makeEstimator(statistics: stats)
        try est.train(input: w.trainInput, maxSteps: 50)
        let m = try est.evaluate(input: w.evalInput([fixture("iris_eval.csv")]))
        #expect(m["global_step"] == 50)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: w.modelDir + "/estimator.json"))) as! [String: Any]
        #expect(json["kind"] as? String == "DNNClassifier" && json["label_vocabulary"] as? [String] == ["setosa", "versicolor", "virginica"])
    }

    @Test(arguments: [
        ("[run]\nsave_summary_steps = 0\n", "'save_summary_steps' must be a positive integer"),
        ("[run]\nrandom_seed = -1\n", "'random_seed' must be ≥ 0"),
        ("[estimator]\ndropout = 1.0\n", "'dropout' must be in [0, 1)"),
        ("[estimator]\nquantile_sketch_epsilon = 0\n", "'quantile_sketch_epsilon' must be in"),
        ("[features]\nkey = \"x\"\n", "write [[features]], not [features]"),
    ] as [(String, String)])
    func outOfRangeValuesAreErrorsNotCrashes(_ extra: String, _ problem: String) throws {
        let dir = try Self.workspace("name = \"t\"\n[data]\ntrain = \"data/train.csv\"\nlabel = \"species\"\n" + extra)
        #expect { _ = try Workspace.load(dir) } throws: { "\($0)".contains(problem) }
    }
}
