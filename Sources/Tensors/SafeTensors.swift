import Foundation

/// A problem found in a safetensors file, with the file and a hint.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable {
    /// The file that was read.
    public let path: String
    /// What is wrong.
    public let problem: String
    /// What to do about it.
    public let hint: String

    public var description: String { "\(path): \(problem)\nhelp: \(hint)" }
}

/// Named tensors in the safetensors format (the checkpoint format).
///
/// Layout: an 8-byte little-endian header length `N`, `N` bytes of JSON
/// (`{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {…}}`),
/// then the raw little-endian data, with offsets relative to its start. Reading checks every
/// length and offset before touching the data, so a truncated or lying file throws instead
/// of crashing. See https://github.com/huggingface/safetensors for the specification.
public struct SafeTensors: Sendable {
    /// The tensors, in file order (by data offset).
    public var tensors: [(name: String, tensor: Tensor)]
    /// Free-form string metadata (`__metadata__`).
    public var metadata: [String: String]

    public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor named `name`, if present.
    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }

    static let codes: [DType: String] = [.float32: "F32", .float64: "F64", .int32: "I32", .int64: "I64", .bool: "BOOL"]
    static let known: Set<String> = ["F16", "BF16", "I8", "U8", "I16", "U16", "U32", "U64", "F8_E4M3", "F8_E5M2"]

    /// The serialised file.
    public func encoded() -> Data {
        var header: [String: Any] = [:]
        var offset = 0
        var blobs: [[UInt8]] = []
        var seen = Set<String>()
        for (name, t) in tensors {
            precondition(seen.insert(name).inserted, "SafeTensors: duplicate tensor name '\(name)'")
            precondition(name != "__metadata__", "SafeTensors: '__metadata__' is reserved")
            let n = t.count * t.dtype.byteSize
            var bytes = [UInt8](repeating: 0, count: n)
            bytes.withUnsafeMutableBytes { t.backend.download(t, into: $0) }
            header[name] = ["dtype": Self.codes[t.dtype]!, "shape": t.shape.dims, "data_offsets": [offset, offset + n]] as [String: Any]
            offset += n
            blobs.append(bytes)
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
        // Pad with spaces so the data starts 8-byte aligned (as the Python writer does).
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for b in blobs { out.append(contentsOf: b) }
        return out
    }

    /// Writes the file atomically (temporary file, flush, rename).
    public func write(to url: URL) throws {
        try AtomicFile.write(encoded(), to: url)
    }

    /// Reads a file; tensors are uploaded to `backend` (the default backend when `nil`).
    public static func read(from url: URL, on backend: (any Backend)? = nil) throws -> SafeTensors {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SafeTensorsError(path: url.path, problem: "cannot read the file: \(error.localizedDescription)",
                hint: "check that the path exists and is readable")
        }
        return try decode(data, path: url.path, on: backend)
    }

    /// Parses the bytes of a safetensors file; `path` names it in errors.
    public static func decode(_ data: Data, path: String = "<memory>", on backend: (any Backend)? = nil) throws -> SafeTensors {
        func fail(_ problem: String, _ hint: String = "the file is truncated or not a safetensors file; write it again") -> SafeTensorsError {
            SafeTensorsError(path: path, problem: problem, hint: hint)
        }
        guard data.count >= 8 else { throw fail("file is \(data.count) bytes, shorter than the 8-byte header length") }
        let headerLength = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw fail("header length \(headerLength) runs past the end of the \(data.count)-byte file")
        }
        guard headerLength <= 100_000_000 else { throw fail("header length \(headerLength) exceeds the 100 MB limit") }
        let headerEnd = 8 + Int(headerLength)
        let json = data.subdata(in: data.startIndex + 8 ..< data.startIndex + headerEnd)
        guard let object = try? JSONSerialization.jsonObject(with: json), let header = object as? [String: Any] else {
            throw fail("the header is not a JSON object")
        }
        let dataLength = data.count - headerEnd
        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw fail("__metadata__ is not an object of strings") }
                for (k, v) in m {
                    guard let s = v as? String else { throw fail("__metadata__ value for '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let info = value as? [String: Any], let code = info["dtype"] as? String,
                  let shapeAny = info["shape"] as? [Any], let offsetsAny = info["data_offsets"] as? [Any] else {
                throw fail("entry '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let dtype = codes.first(where: { $0.value == code })?.key else {
                let why = known.contains(code) ? "dtype \(code) of '\(name)' is not supported by est" : "unknown dtype '\(code)' for '\(name)'"
                throw fail(why, "est reads F32, F64, I32, I64 and BOOL; convert the tensor before loading")
            }
            let shape = shapeAny.compactMap { ($0 as? NSNumber)?.intValue }
            let offsets = offsetsAny.compactMap { ($0 as? NSNumber)?.intValue }
            guard shape.count == shapeAny.count, shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("shape of '\(name)' is not a list of non-negative integers")
            }
            guard offsets.count == 2, offsets.count == offsetsAny.count else { throw fail("data_offsets of '\(name)' is not [begin, end]") }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, end >= begin, end <= dataLength else {
                throw fail("data_offsets [\(begin), \(end)] of '\(name)' fall outside the \(dataLength)-byte data section")
            }
            var expected = dtype.byteSize
            for d in shape {
                let (p, overflow) = expected.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("shape \(shape) of '\(name)' is too large") }
                expected = p
            }
            guard end - begin == expected else {
                throw fail("'\(name)' has shape \(shape) of \(code) (\(expected) bytes) but data_offsets span \(end - begin) bytes")
            }
            entries.append((name, dtype, shape, begin, end))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        var cursor = 0
        for e in entries where e.end > e.begin {
            guard e.begin >= cursor else { throw fail("data of '\(e.name)' overlaps the tensor before it") }
            cursor = e.end
        }
        let target = backend ?? Backends.default
        let tensors = data.withUnsafeBytes { raw in
            entries.map { e in
                let bytes = UnsafeRawBufferPointer(rebasing: raw[(headerEnd + e.begin)..<(headerEnd + e.end)])
                if e.dtype == .bool {
                    // Any non-zero byte is true; never reinterpret arbitrary bytes as Bool.
                    let values = bytes.map { $0 != 0 }
                    return (name: e.name, tensor: values.withUnsafeBytes { target.upload($0, shape: Shape(e.shape), dtype: .bool) })
                }
                return (name: e.name, tensor: target.upload(bytes, shape: Shape(e.shape), dtype: e.dtype))
            }
        }
        return SafeTensors(tensors: tensors, metadata: metadata)
    }
}
