/// The `[workbench]` table: how the workbench treats this workspace's runs.
extension Workspace {
    /// What `[workbench]` says.
    public struct WorkbenchSettings: Sendable, Equatable {
        /// `evaluate_idle`: while no run and no job is live, evaluate the checkpoints not evaluated yet in the background
        /// (false: evaluations cost CPU the user may want elsewhere).
        public var evaluateIdle = false
        public init() {}
    }

    static let workbenchKeys = ["evaluate_idle"]

    /// Reads `[workbench]`, checking its keys.
    static func workbenchSettings(_ root: TOMLTable, _ c: Checker) throws -> WorkbenchSettings {
        var w = WorkbenchSettings()
        guard case let .table(t)? = root["workbench"] else { return w }
        try c.known(t, workbenchKeys, "[workbench]")
        w.evaluateIdle = try c.bool(t, "evaluate_idle") ?? false
        return w
    }
}
