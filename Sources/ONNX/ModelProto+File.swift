import Foundation
import Tensors

extension ModelProto {
    /// Writes the model to `url` atomically (a temporary file beside it, flushed, then renamed over it).
    public func write(to url: URL) throws {
        try AtomicFile.write(Data(serializedBytes()), to: url)
    }

    /// Reads a `.onnx` file; errors name the file and the message and field that failed.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ONNXError(reason: "cannot read the model: \(error.localizedDescription)", hint: "check the path", path: url.path)
        }
        do { try self.init(serializedBytes: [UInt8](data)) } catch var e as ONNXError {
            e.path = url.path
            throw e
        }
    }
}
