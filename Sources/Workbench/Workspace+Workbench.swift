import Workspaces

extension Workspace {
    /// Whether the estimator trains until its trees are built (boosted trees, as `est train` does) rather than to
    /// `[run] steps`.
    ///
    /// The one place the workbench reads the estimator's kind; the state carries the answer as a Bool.
    var trainsUntilTreesAreBuilt: Bool { estimator.estimatorKind.isBoostedTrees }
}
