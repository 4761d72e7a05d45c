import Datasets
import FeatureColumns
import Foundation
import Testing
import Workspaces
@testable import Workbench

/// The Input screen's reducer: roles and kinds written to the draft, inline errors for input a column cannot take.
@Suite struct InputScreenTests {
    @Test func theTableShowsEveryColumnWithItsInferredFeature() {
        let app = InputFixtures.state()
        let rows = InputScreen.rows(app)
        #expect(rows.map(\.name) == ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year", "species"])
        #expect(rows.last?.role == .label && rows.dropLast().allSatisfy { $0.role == .feature && $0.inferred })
        #expect(rows[0].kind == "vocabulary" && rows[1].kind == "numeric")
    }

    @Test func changingAKindWritesEveryFeatureExplicitly() throws {
        var app = InputFixtures.state()
        InputFixtures.select(&app, "year")
        let ask = InputFixtures.run(&app, .inputKind)
        #expect(ask?.requests.first.map { if case .edit = $0 { true } else { false } } == true)
        app.overlay = .none
        let r = try #require(InputFixtures.run(&app, .inputKind, "bucketized"))
        guard case let .replaceWorkspace(text)? = r.requests.first else { Issue.record("no replace: \(r)"); return }
        #expect(text.hasPrefix(app.draft!.onDisk!.trimmingCharacters(in: .newlines)), "the rest is kept")
        let ws = try InputFixtures.workspace(app)
        #expect(ws.features.map(\.key) == ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"])
        let year = try #require(ws.features.first { $0.key == "year" })
        #expect(year.type == "bucketized" && year.table["boundaries"] == .array([.float(2007), .float(2008), .float(2009)]))
        #expect(InputScreen.rows(app).allSatisfy { !$0.inferred })
        // The workspace still builds its columns (what training will use).
        let stats = InputScreen.statistics(app)!
        #expect(try ws.featureColumns(statistics: stats).count == 7)
    }

    /// Writing the inferred features out changes nothing training builds (DenseFeatures sorts columns by name, as TF).
    @Test func writtenOutInferredFeaturesBuildTheSameColumns() throws {
        for name in ["penguins", "iris", "titanic"] {
            var app = InputFixtures.state(name)
            let before = try InputFixtures.workspace(app)
            let stats = InputScreen.statistics(app)!
            let row = InputScreen.rows(app).first { $0.role == .feature }!
            InputFixtures.select(&app, row.name)
            InputFixtures.run(&app, .inputKind, row.kind)
            let after = try InputFixtures.workspace(app)
            #expect(!after.features.isEmpty)
            func specs(_ w: Workspace) throws -> [FeatureColumnSpec] {
                try w.featureColumns(statistics: stats).map(FeatureColumnSpec.init).sorted { $0.name < $1.name }
            }
            #expect(try specs(after) == specs(before), "\(name)")
        }
    }

    @Test func aStringColumnAsNumericIsAnInlineError() {
        var app = InputFixtures.state()
        InputFixtures.select(&app, "island")
        let before = app.draft
        let r = InputFixtures.run(&app, .inputKind, "numeric")
        #expect(r?.requests == [])
        #expect(app.draft == before)
        #expect(app.inputScreen.error == "'island' holds text (Biscoe, Dream…): use vocabulary or hash_bucket")
    }

    @Test func boundariesMustIncreaseAndHashSizesBeAtLeastTwo() throws {
        var app = InputFixtures.state()
        InputFixtures.select(&app, "body_mass_g")
        InputFixtures.run(&app, .inputKind, "bucketized")
        InputFixtures.run(&app, .inputOptions, "3000, 4500, 4000")
        #expect(app.inputScreen.error == "boundaries must increase: 4000 (position 3) after 4500")
        InputFixtures.run(&app, .inputOptions, "3000, 4000, 5000")
        #expect(app.inputScreen.error == nil)
        #expect(try InputFixtures.workspace(app).features.first { $0.key == "body_mass_g" }?.table["boundaries"]
            == .array([.float(3000), .float(4000), .float(5000)]))
        InputFixtures.select(&app, "sex")
        InputFixtures.run(&app, .inputKind, "hash_bucket")
        InputFixtures.run(&app, .inputOptions, "1")
        #expect(app.inputScreen.error == "hash_bucket_size must be an integer ≥ 2, got '1'")
        InputFixtures.run(&app, .inputEmbedding, "4")
        let sex = try #require(try InputFixtures.workspace(app).features.first { $0.key == "sex" })
        #expect(sex.type == "hash_bucket" && sex.table["embedding_dimension"] == .int(4))
    }

    @Test func rolesGoToDataAndEstimatorKeys() throws {
        var app = InputFixtures.state()
        InputFixtures.select(&app, "sex")
        InputFixtures.run(&app, .inputRole)   // text: weight is skipped
        #expect(try InputFixtures.workspace(app).exclude == ["sex"])
        InputFixtures.select(&app, "year")
        InputFixtures.run(&app, .inputRole)
        #expect(try InputFixtures.workspace(app).estimator.weightColumn == "year")
        InputFixtures.select(&app, "species")
        InputFixtures.run(&app, .inputRole)
        #expect(app.inputScreen.error == "'species' is the label: make another column the label first")
        InputFixtures.select(&app, "island")
        InputFixtures.run(&app, .inputRole, "label")
        #expect(try InputFixtures.workspace(app).label == "island")
        InputFixtures.select(&app, "sex")
        InputFixtures.run(&app, .inputRole, "feature")
        #expect(try InputFixtures.workspace(app).exclude.isEmpty)
        #expect(app.draft!.value(at: ["data", "exclude"]) == nil)
    }

    @Test func crossesAreAddedAndRemoved() throws {
        var app = InputFixtures.state()
        InputFixtures.select(&app, "island")
        InputFixtures.run(&app, .inputCross, "sex, nope 100")
        #expect(app.inputScreen.error?.hasPrefix("'nope' is not a column") == true)
        InputFixtures.run(&app, .inputCross, "sex 100")
        let cross = try #require(try InputFixtures.workspace(app).features.last)
        #expect(cross.type == "crossed" && cross.table["keys"] == .array([.string("island"), .string("sex")]))
        InputFixtures.select(&app, "island_X_sex")
        InputFixtures.run(&app, .inputRole)
        #expect(try InputFixtures.workspace(app).features.allSatisfy { $0.type != "crossed" })
    }

    @Test func inputSettings() throws {
        var app = InputFixtures.state()
        #expect(InputFixtures.run(&app, .inputBatchSize, "64")?.requests == [.setWorkspace(path: ["input", "batch_size"], value: .int(64))])
        InputFixtures.run(&app, .inputShuffle, "0")
        #expect(app.inputScreen.error == "shuffle_buffer must be a positive integer, got '0'")
        InputFixtures.run(&app, .inputEpochs, "5")
        #expect(try InputFixtures.workspace(app).numEpochs == 5)
        InputFixtures.run(&app, .inputEval, "1.5")
        #expect(app.inputScreen.error == "eval_split must be in (0, 1), got 1.5")
        InputFixtures.run(&app, .inputEval, "0.2 seed 7")
        let ws = try InputFixtures.workspace(app)
        #expect(ws.evalSplit == 0.2 && ws.splitSeed == 7 && ws.evalFiles.isEmpty && ws.batchSize == 64)
        #expect(InputScreen.settingsLine(app) == "batch 64 · shuffle 10000 · epochs 5 · eval split 0.2 seed 7")
    }

    @Test func errorsOfTheChecksBlockTrainingWarningsDoNot() {
        var app = InputFixtures.state()
        #expect(InputScreen.preflightRefusal(app) == nil, "no checks yet: no block")
        app.inputScreen.findings = [PreflightFinding(.warning, column: "sex", check: "missing", "11 missing")]
        #expect(InputScreen.preflightRefusal(app) == nil)
        app.inputScreen.findings! += [PreflightFinding(.error, column: "island", check: "unparsable", "'island' holds text")]
        #expect(InputScreen.preflightRefusal(app) == "pre-flight: island: 'island' holds text")
        let (_, effects) = Reducer.reduce(&app, .key(.char("s")))
        #expect(effects.isEmpty && app.log.last?.text.hasPrefix("not starting: pre-flight: island") == true)
        // Enter on a finding jumps to its column.
        app.inputScreen.focus = .findings
        app.inputScreen.finding = 1
        _ = Reducer.reduce(&app, .key(.enter))
        #expect(app.inputScreen.focus == .columns && InputScreen.rows(app)[app.inputScreen.row].name == "island")
    }

    @Test func checksRunWhenStatisticsArriveAndTheScreenAsksForMissingOnes() {
        var app = InputFixtures.state()
        let train = app.data.train[0]
        let r = InputScreen.reduce(&app.inputScreen, .follow(.statistics(path: train)), app: app)
        #expect(r?.effects == [.input(.preflight)])
        app.data.statistics = [:]
        app.screen = .train
        let (_, effects) = Reducer.reduce(&app, .key(.char("3")))
        #expect(effects == [.describe(path: train), .describe(path: app.data.eval[0])])
        // c runs the checks on demand, p the preview.
        var keys = InputFixtures.state()
        #expect(InputFixtures.run(&keys, .inputChecks)?.effects == [.input(.preflight)])
        #expect(InputFixtures.run(&keys, .inputPreview)?.effects == [.input(.preview)] && keys.inputScreen.bottom == .preview)
        // Each edit refreshes the preview when shown.
        var shown = InputFixtures.state()
        InputFixtures.run(&shown, .inputPreview)
        #expect(InputScreen.reduce(&shown.inputScreen, .follow(.workspace), app: shown)?.effects == [.input(.preview), .input(.preflight)])
    }

    @Test func theSessionComputesThePreviewAndTheChecks() {
        let app = InputFixtures.state()
        guard case let .preview(p) = Session.preview(draft: app.draft, data: app.data) else { Issue.record("no preview"); return }
        #expect(p.batches.count == 3 && p.batches[0].columns.contains { $0.name == "island_indicator" })
        let findings = Session.preflight(draft: app.draft, data: app.data)
        #expect(!findings.isEmpty && !findings.contains { $0.severity == .error })
        var broken = app
        InputFixtures.select(&broken, "island")
        broken.draft!.text += "\n[[features]]\nkey = \"island\"\ntype = \"numeric\"\n"
        #expect(Session.preflight(draft: broken.draft, data: broken.data).first?.check == "unparsable")
        guard case .previewFailed = Session.preview(draft: broken.draft, data: broken.data) else {
            Issue.record("a preview of text as numbers")
            return
        }
    }
}
