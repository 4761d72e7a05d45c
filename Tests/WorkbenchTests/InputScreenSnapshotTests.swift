import Testing
import TestSupport
import Workspaces
@testable import Workbench

/// The Input screen's views at 80×24 and 120×40: the column table, the preview, the pre-flight list.
@Suite struct InputScreenSnapshotTests {
    static let sizes = [(80, 24), (120, 40)]

    static func render(_ s: AppState) -> String { WorkbenchView.render(s, glyphs: .unicode).text }

    @Test func columnTable() {
        for (w, h) in Self.sizes {
            var app = InputFixtures.state(width: w, height: h)
            InputFixtures.select(&app, "body_mass_g")
            InputFixtures.run(&app, .inputKind, "numeric")
            InputFixtures.run(&app, .inputOptions, "minmax")
            InputFixtures.select(&app, "island")
            InputFixtures.run(&app, .inputKind, "numeric")
            expectSnapshot(Self.render(app), named: "input-columns-\(w)x\(h)")
        }
    }

    @Test func preview() throws {
        for (w, h) in Self.sizes {
            var app = InputFixtures.state(width: w, height: h)
            InputFixtures.run(&app, .inputPreview)
            guard case let .preview(p) = Session.preview(draft: app.draft, data: app.data) else { Issue.record("no preview"); return }
            _ = Reducer.reduce(&app, .input(.preview(p)))
            expectSnapshot(Self.render(app), named: "input-preview-\(w)x\(h)")
        }
    }

    @Test func preflightList() {
        for (w, h) in Self.sizes {
            var app = InputFixtures.state(width: w, height: h)
            _ = Reducer.reduce(&app, .input(.preflight(Session.preflight(draft: app.draft, data: app.data)
                + [PreflightFinding(.error, column: "year", check: "leakage", "'year' equals the label 'species' on every row")])))
            InputFixtures.run(&app, .nextPane)
            InputFixtures.run(&app, .down)
            expectSnapshot(Self.render(app), named: "input-preflight-\(w)x\(h)")
        }
    }
}
