import Estimators

/// The `[export]` table: which exporters `est train` runs after its evaluations (TF's `EvalSpec.exporters`).
extension Workspace {
    /// What `[export]` says.
    public struct ExportSettings: Sendable, Equatable {
        /// `exporters`: any of `best`, `latest`, `final` (`[]`: none). Default: `best`.
        public var exporters = ["best"]
        /// `exports_to_keep`: the newest exports each exporter keeps (TF's default: 5).
        public var exportsToKeep = 5
        /// `best_metric`: the eval metric the best exporter compares (default `loss`).
        public var bestMetric = "loss"
        public init() {}

        /// Whether a smaller value of ``bestMetric`` is better: losses and errors, not accuracies or AUCs.
        public var smallerIsBetter: Bool {
            let m = bestMetric.lowercased()
            return m.contains("loss") || m.contains("error") || m.hasPrefix("rmse") || m.hasPrefix("mse") || m.hasPrefix("mae")
        }

        /// The exporters, as `est train` runs them.
        public func make() -> [Exporter] {
            exporters.map { name -> Exporter in
                switch name {
                case "latest": LatestExporter(exportsToKeep: exportsToKeep)
                case "final": FinalExporter(exportsToKeep: exportsToKeep)
                default: BestExporter(metric: bestMetric, smallerIsBetter: smallerIsBetter, exportsToKeep: exportsToKeep)
                }
            }
        }
    }

    static let exportKeys = ["exporters", "exports_to_keep", "best_metric"]
    static let exporterNames = ["best", "latest", "final"]

    /// Reads `[export]`, checking its keys.
    static func exportSettings(_ root: TOMLTable, _ c: Checker) throws -> ExportSettings {
        var s = ExportSettings()
        guard case let .table(t)? = root["export"] else { return s }
        try c.known(t, exportKeys, "[export]")
        if let names = try c.strings(t, "exporters") {
            for n in names where !exporterNames.contains(n) {
                throw WorkspaceError(file: c.file, line: t.lines["exporters"] ?? t.line,
                                     problem: "unknown exporter '\(n)'\(Checker.didYouMean(n, exporterNames))",
                                     hint: "exporters are: \(exporterNames.joined(separator: ", ")) ([] for none)")
            }
            s.exporters = names
        }
        if let k = try c.int(t, "exports_to_keep") {
            guard k > 0 else {
                throw WorkspaceError(file: c.file, line: t.lines["exports_to_keep"] ?? t.line, problem: "exports_to_keep must be positive, got \(k)",
                                     hint: "the number of exports each exporter keeps, e.g. 5")
            }
            s.exportsToKeep = k
        }
        s.bestMetric = try c.string(t, "best_metric") ?? s.bestMetric
        return s
    }
}
