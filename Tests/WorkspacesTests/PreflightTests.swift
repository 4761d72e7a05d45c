import Datasets
import Foundation
import Testing
@testable import Workspaces

/// The pre-flight checks on crafted statistics and on the bundled data sets.
@Suite struct PreflightTests {
    static func stats(_ name: String, _ type: ColumnType, count: Int = 100, missing: Int = 0, top: [(String, Int)] = [],
                      distinct: Int? = nil, mean: Double? = 1) -> ColumnStatistics {
        var s = ColumnStatistics(name: name, type: type, count: count, missing: missing, distinct: distinct ?? max(top.count, 2),
                                 distinctIsExact: true, top: top.map { .init(value: $0.0, count: $0.1) }, histogram: [])
        if type != .string { (s.mean, s.std, s.min, s.max) = (mean, 1, 0, 2) }
        return s
    }

    static func checks(_ train: [ColumnStatistics], numeric: Set<String> = [], classifier: Bool = true, eval: [ColumnStatistics]? = nil,
                       sample: Table? = nil) -> [PreflightFinding] {
        let features = train.map(\.name).filter { $0 != "y" }
        return Preflight.check(.init(label: "y", isClassifier: classifier, features: features, numeric: numeric, train: train, eval: eval,
                                     sample: sample))
    }

    static let label = stats("y", .string, top: [("a", 50), ("b", 50)])

    @Test func aCleanInputHasNoFindings() {
        #expect(Self.checks([Self.stats("x", .float), Self.label], numeric: ["x"]).isEmpty)
    }

    @Test func textReadAsNumbersAndNonFiniteValuesAreErrors() {
        let f = Self.checks([Self.stats("species", .string, top: [("Adelie", 60), ("Gentoo", 40)]), Self.stats("z", .float, mean: .nan), Self.label],
                            numeric: ["species", "z"])
        #expect(f.map(\.check) == ["unparsable", "NaN/Inf"] && f.allSatisfy { $0.severity == .error })
        #expect(f[0].message.contains("holds text (Adelie, Gentoo…): use vocabulary or hash_bucket") && f[0].column == "species")
    }

    @Test func missingLabelsAreAnErrorMissingFeaturesAWarning() {
        let f = Self.checks([Self.stats("x", .float, missing: 3), Self.stats("y", .string, count: 95, missing: 5, top: [("a", 50), ("b", 45)])],
                            numeric: ["x"])
        #expect(f.map(\.check) == ["missing label", "missing"])
        #expect(f[0].severity == .error && f[0].message.hasPrefix("5 of 100 rows") && f[1].severity == .warning)
    }

    @Test func imbalanceIsAWarning() {
        let f = Self.checks([Self.stats("x", .float), Self.stats("y", .string, top: [("a", 97), ("b", 3)])], numeric: ["x"])
        #expect(f.count == 1 && f[0].check == "imbalance" && f[0].severity == .warning && f[0].message.contains("class 'b' is 3.0%"))
    }

    @Test func constantColumnsAndUnseenEvalValuesAreWarnings() {
        let train = [Self.stats("k", .float, distinct: 1), Self.stats("c", .string, top: [("red", 50), ("blue", 50)]), Self.label]
        let eval = [Self.stats("c", .string, top: [("red", 5), ("green", 5)])]
        let f = Self.checks(train, numeric: ["k"], eval: eval)
        #expect(f.map(\.check) == ["constant", "unseen"] && f.allSatisfy { $0.severity == .warning })
        #expect(f[1].message.contains("green"))
    }

    @Test func aCopyOfTheLabelIsLeakage() {
        let copy = Self.stats("answer", .string, top: [("a", 50), ("b", 50)])
        #expect(Self.checks([copy, Self.label]).map(\.check) == ["leakage"])
        // Value by value on the sample: equal statistics but different rows are no leak.
        let sample = Table(names: ["answer", "y"], columns: [Column(strings: ["a", "b"]), Column(strings: ["b", "a"])])
        #expect(Self.checks([copy, Self.label], sample: sample).isEmpty)
        let same = Table(names: ["answer", "y"], columns: [Column(strings: ["a", "b"]), Column(strings: ["a", "b"])])
        #expect(Self.checks([copy, Self.label], sample: same).first?.severity == .error)
    }

    @Test func theLabelMustFitTheTask() {
        let floats = Self.stats("y", .float, distinct: 300)
        #expect(Self.checks([Self.stats("x", .float), floats], numeric: ["x"]).map(\.check) == ["task"])
        let f = Self.checks([Self.stats("x", .float), Self.label], numeric: ["x"], classifier: false)
        #expect(f.map(\.check) == ["task"] && f[0].severity == .error && f[0].message.contains("a regressor needs numbers"))
    }

    @Test func nonFiniteAndTextValuesInAFileAreErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-preflight-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x,z,y\n1.5,1,a\ninf,2,b\n2.5,oops,a\n3.5,4,b\n".write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
        let train = try ColumnStatistics.compute(csv: [dir + "/t.csv"], topK: 100).columns
        let f = Preflight.check(.init(label: "y", isClassifier: true, features: ["x", "z"], numeric: ["x", "z"], train: train))
        #expect(f.filter { $0.severity == .error }.map(\.column) == ["x", "z"], "\(f)")
        #expect(f.first { $0.column == "x" }?.message == "'x' holds 1 NaN or infinite values: fix or drop those rows")
    }

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func penguinsHaveMissingValuesAndNoErrors() throws {
        let ws = try Workspace.load(Self.repo + "/workspaces/penguins")
        let train = try ws.trainStatistics().columns
        let eval = try ColumnStatistics.compute(csv: ws.evalFiles, topK: 100).columns
        let f = Preflight.check(try Preflight.Input(workspace: ws, train: train, eval: eval))
        #expect(!f.contains { $0.severity == .error }, "\(f)")
        #expect(f.contains { $0.check == "missing" && $0.column == "sex" })
        #expect(f.contains { $0.check == "missing" && $0.column == "bill_length_mm" })
    }

    @Test func titanicAsARegressorIsRefused() throws {
        let folder = "/work/shared/datasets/titanic"
        let text = "[data]\ntrain = \"train.csv\"\nlabel = \"sex\"\n[estimator]\nkind = \"DNNRegressor\"\n"
        guard FileManager.default.fileExists(atPath: folder + "/train.csv") else { return }
        let ws = try Workspace.parse(text: text, folder: folder)
        let f = Preflight.check(try Preflight.Input(workspace: ws, train: try ws.trainStatistics().columns))
        #expect(f.first?.severity == .error && f.first?.check == "task" && f.first?.column == "sex")
    }
}
