import Datasets
import Foundation

/// The workspace's data files and what is known of them, shared by the Data and Input screens and the pre-flight
/// checks (each screen keeps its own view state).
public struct DataFiles: Equatable, Sendable {
    /// The training files, then the eval files, as the workspace names them (absolute or relative to the cwd).
    public var train: [String] = []
    public var eval: [String] = []
    /// The statistics of each file, by path, once asked for (``ScreenRequest/describe(_:)``).
    public var statistics: [String: FileStatistics] = [:]

    public init(train: [String] = [], eval: [String] = []) { (self.train, self.eval) = (train, eval) }

    /// Every file, training files first.
    public var all: [String] { train + eval }

    /// The statistics of a file, when computed.
    public func ready(_ path: String) -> (rows: Int, columns: [ColumnStatistics])? {
        if case let .ready(rows, columns)? = statistics[path] { return (rows, columns) }
        return nil
    }
}

/// Where the statistics of one file stand.
public enum FileStatistics: Equatable, Sendable {
    case computing
    case ready(rows: Int, columns: [ColumnStatistics])
    /// The file could not be read; the error says where (file:line:column) and what to do.
    case failed(DataError)
}
