import Datasets
import Foundation
import Tensors

extension Estimator {
    /// Reads `<modelDir>/estimator.json` and builds the same canned estimator, which then restores the model_dir's checkpoints.
    ///
    /// `config` says how to run (checkpoint cadence, threads); its random seed is the file's.
    /// A missing, malformed, custom (model function) or other-version file throws ``EstimatorConfigError``
    /// naming the file and what to do.
    public static func rebuild(modelDir: String, config: RunConfig = RunConfig(), backend: (any Backend)? = nil) throws -> Estimator {
        let c = try EstimatorConfig.read(modelDir: modelDir)
        do {
            return try c.makeEstimator(modelDir: modelDir, config: config, backend: backend)
        } catch let e as EstimatorConfigError {
            throw e
        } catch {
            let file = modelDir + "/estimator.json"
            throw EstimatorConfigError(file: file, reason: .malformed, problem: "\(file) cannot build its \(c.kind.rawValue): \(Self.oneLine(error))",
                                       hint: "fix that value in the file (docs/estimators.md, \"estimator.json\"), or retrain in a new model_dir")
        }
    }

    static func oneLine(_ error: any Error) -> String {
        switch error {
        case let e as EstimatorError: e.problem
        case let e as DataError: e.problem
        default: "\(error)"
        }
    }
}

extension EstimatorConfig {
    /// The config in `<modelDir>/estimator.json`.
    public static func read(modelDir: String) throws(EstimatorConfigError) -> EstimatorConfig {
        let file = modelDir + "/estimator.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            let exists = FileManager.default.fileExists(atPath: modelDir)
            throw EstimatorConfigError(file: file, reason: .missing,
                problem: exists ? "\(modelDir) has no estimator.json" : "no model_dir at \(modelDir)",
                                       hint: exists ? "train a canned estimator in it first (estimator.json is written with the first checkpoint)"
                                                    : "check the path; it is the folder with the checkpoints")
        }
        return try decode(data, file: file)
    }
}
