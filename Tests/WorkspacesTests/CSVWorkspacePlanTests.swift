import Foundation
import Testing
@testable import Workspaces

/// `est open data.csv`: where the workspace goes, the label guessed, the estimator chosen, nothing written.
@Suite struct CSVWorkspacePlanTests {
    static func csv(_ name: String, _ text: String) throws -> (dir: String, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-plan-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test func aColumnNamedLikeALabelWinsElseTheLast() {
        #expect(Workspace.guessLabel(["Target", "a", "b"]).name == "Target")
        #expect(Workspace.guessLabel(["a", "y", "class"]).name == "class")   // label, target, class, y: in that order
        #expect(Workspace.guessLabel(["a", "b", "price"]) == ("price", "guessed: the last column"))
        // diamonds: x, y and z are sizes; the label is the last column.
        #expect(Workspace.guessLabel(["carat", "x", "y", "z", "price"]).name == "price")
        #expect(Workspace.guessLabel(["a", "y", "b"]).name == "y")
    }

    @Test func textLabelGivesAClassifierBesideTheFileAndWritesNothing() throws {
        let (dir, path) = try Self.csv("pets.csv", "id,weight,kind\n1,3.5,cat\n2,30,dog\n3,4.1,cat\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try Workspace.plan(forCSV: path, environment: [:]) { _ in true }
        #expect(plan.folder == URL(fileURLWithPath: dir).standardizedFileURL.path + "/pets.est")
        #expect(!plan.exists && plan.label == "kind" && plan.fallbackReason == nil)
        #expect(!FileManager.default.fileExists(atPath: plan.folder))
        let ws = try Workspace.parse(text: plan.text, folder: plan.folder)
        #expect(ws.label == "kind" && ws.estimator.kind == "DNNClassifier" && ws.exclude == ["id"])
        #expect(ws.trainFiles.count == 1 && URL(fileURLWithPath: ws.trainFiles[0]).standardizedFileURL.path.hasSuffix("/pets.csv"))
        // The file trains as it is: its statistics read through the workspace.
        #expect(try ws.trainStatistics().rows == 3)
    }

    @Test func decimalLabelGivesARegressor() throws {
        let (dir, path) = try Self.csv("houses.csv", "rooms,area,price\n3,80,120.5\n4,95,150.25\n2,50,99.9\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try Workspace.plan(forCSV: path, environment: [:]) { _ in true }
        #expect(try Workspace.parse(text: plan.text, folder: plan.folder).estimator.kind == "DNNRegressor")
        #expect(plan.text.contains("# guessed: the last column"))
    }

    @Test func aFolderThatCannotBeWrittenSendsItUnderXDGDataHome() throws {
        let (dir, path) = try Self.csv("flowers.csv", "a,b,label\n1,2,x\n3,4,y\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try Workspace.plan(forCSV: path, environment: ["XDG_DATA_HOME": "/data/home"]) { $0 != URL(fileURLWithPath: dir).standardizedFileURL.path }
        #expect(plan.folder == "/data/home/est/workspaces/flowers" && plan.fallbackReason?.contains("cannot be written") == true)
        // The data is named by its absolute path from there.
        let ws = try Workspace.parse(text: plan.text, folder: plan.folder)
        #expect(ws.trainFiles == [URL(fileURLWithPath: path).standardizedFileURL.path])
    }

    @Test func aWorkspaceMadeBeforeIsOpenedAsItIs() throws {
        let (dir, path) = try Self.csv("pets.csv", "weight,kind\n3.5,cat\n30,dog\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/pets.est", withIntermediateDirectories: true)
        let mine = "name = \"mine\"\n[data]\ntrain = \"../pets.csv\"\nlabel = \"kind\"\n"
        try mine.write(toFile: dir + "/pets.est/workspace.toml", atomically: true, encoding: .utf8)
        let plan = try Workspace.plan(forCSV: path, environment: [:]) { _ in true }
        #expect(plan.exists && plan.text == mine)
    }

    @Test func aFileThatIsNotACSVSaysWhere() throws {
        let (dir, path) = try Self.csv("empty.csv", "")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: (any Error).self) { try Workspace.plan(forCSV: path, environment: [:]) { _ in true } }
        do { _ = try Workspace.plan(forCSV: path, environment: [:]) { _ in true } } catch { #expect("\(error)".contains("empty.csv:1")) }
    }

    @Test func rowsThatDoNotReadStillOpenFromTheHeader() throws {
        for (name, text, place) in [("ragged.csv", "a,b,label\n1,2,x\n3,4\n", "ragged.csv:3:"), ("quote.csv", "a,b,label\n1,2,x\n3,\"4,y\n", "quote.csv:3:")] {
            let (dir, path) = try Self.csv(name, text)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let plan = try Workspace.plan(forCSV: path, environment: [:]) { _ in true }
            #expect(plan.label == "label" && plan.readProblem?.location.contains(place) == true, "\(String(describing: plan.readProblem))")
            #expect(try Workspace.parse(text: plan.text, folder: plan.folder).estimator.kind == "DNNClassifier")
        }
    }

    @Test func setOptionsAreWrittenIntoTheDraft() throws {
        let (dir, path) = try Self.csv("na.csv", "a,b,label\n1.5,2,x\nn/a,4,y\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try Workspace.plan(forCSV: path, environment: [:]) { _ in true }
        let text = try Workspace.applying(["data.types={a=\"string\"}", "run.steps=50", "estimator.hidden_units=[8]"], to: plan.text, file: "w.toml")
        let ws = try Workspace.parse(text: text, folder: plan.folder)
        #expect(ws.columnTypes["a"] == .string && ws.steps == 50 && ws.estimator.hiddenUnits == [8])
        #expect(text.contains("# the label holds text: a classifier"))   // the plan's comments stay
        #expect(throws: (any Error).self) { try Workspace.applying(["run.steps"], to: plan.text, file: "w.toml") }
    }
}
