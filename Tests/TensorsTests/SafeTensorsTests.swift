import Foundation
import Testing
import Tensors
import TestSupport

@Suite struct SafeTensorsTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/python.safetensors")

    @Test func readsAFileWrittenByPython() throws {
        let f = try SafeTensors.read(from: Self.fixture)
        #expect(f.metadata == ["format": "pt", "writer": "python-safetensors"])
        #expect(f["dnn/hiddenlayer_0/kernel"]?.shape == [2, 3])
        #expect(f["dnn/hiddenlayer_0/kernel"]?.doubles == [0, 0.25, 0.5, 0.75, 1, 1.25])
        #expect(f["dnn/logits/bias"]?.doubles == [-1.5])
        #expect(f["global_step"]?.dtype == .int64 && f["global_step"]?.shape == .scalar && f["global_step"]?.scalarValue == 1234)
        #expect(f["ids"]?.scalars(as: Int32.self) == [1, -2, 3, 4])
        #expect(f["acc"]?.scalars(as: Double.self) == [0.1, 1e-300])
        #expect(f["mask"]?.scalars(as: Bool.self) == [true, false, true])
        #expect(f["empty"]?.shape == [0, 3])
    }

    static func sample(on backend: any Backend) -> SafeTensors {
        SafeTensors(tensors: [
            ("weights", Tensor([1, 2.5, -3, 0.25, 0, 7] as [Float], shape: [2, 3], on: backend)),
            ("step", Tensor(scalar: Int64(42), on: backend)),
            ("ids", Tensor([5, 6, 7] as [Int32], on: backend)),
            ("sums", Tensor([1e-300, 2] as [Double], on: backend)),
            ("flags", Tensor([true, false], on: backend)),
        ], metadata: ["writer": "est"])
    }

    @Test(arguments: TestBackends.all)
    func roundTrips(_ b: BackendCase) throws {
        let dir = try Interop.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("x.safetensors")
        try Self.sample(on: b.backend).write(to: url)
        let back = try SafeTensors.read(from: url, on: b.backend)
        #expect(back.metadata == ["writer": "est"])
        #expect(back.tensors.map(\.name) == ["weights", "step", "ids", "sums", "flags"])
        for (name, t) in Self.sample(on: b.backend).tensors {
            #expect(back[name]?.shape == t.shape && back[name]?.dtype == t.dtype && back[name]?.doubles == t.doubles, "\(name)")
        }
        // No temporary file is left beside the result.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x.safetensors"])
    }

    @Test(.enabled(if: Interop.hasModule("safetensors"), "needs the venv with Python's safetensors that .ci/run creates"))
    func pythonReadsOurFiles() throws {
        let dir = try Interop.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("est.safetensors")
        try Self.sample(on: ReferenceBackend.shared).write(to: url)
        let r = try Interop.script("safetensors_check.py", [url.path])
        #expect(r.status == 0, "Python's safetensors rejected our file: \(r.output)")
    }

    static func header(_ json: String, dataBytes: Int = 0, lengthOverride: UInt64? = nil) -> Data {
        var d = Data()
        withUnsafeBytes(of: (lengthOverride ?? UInt64(json.utf8.count)).littleEndian) { d.append(contentsOf: $0) }
        d.append(Data(json.utf8))
        d.append(Data(count: dataBytes))
        return d
    }

    @Test(arguments: [
        ("too short", Data([1, 2, 3]), "shorter than the 8-byte header"),
        ("length past end", header("{}", lengthOverride: 1_000_000), "runs past the end"),
        ("not JSON", header("{nope"), "not a JSON object"),
        ("unknown dtype", header(#"{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,4]}}"#, dataBytes: 4), "unknown dtype 'Q7'"),
        ("unsupported dtype", header(#"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, dataBytes: 4), "not supported"),
        ("offsets out of range", header(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, dataBytes: 8), "fall outside"),
        ("reversed offsets", header(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, dataBytes: 8), "fall outside"),
        ("size lies", header(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataBytes: 8), "span 8 bytes"),
        ("overlap", header(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8), "overlaps"),
        ("missing fields", header(#"{"a":{"dtype":"F32"}}"#), "lacks dtype, shape or data_offsets"),
        ("huge shape", header(#"{"a":{"dtype":"F64","shape":[4611686018427387904,8],"data_offsets":[0,8]}}"#, dataBytes: 8), "too large"),
    ] as [(String, Data, String)])
    func rejectsBadFilesWithTheFileAndProblem(_ name: String, _ bytes: Data, _ problem: String) {
        do {
            _ = try SafeTensors.decode(bytes, path: "bad/\(name).safetensors")
            Issue.record("\(name): decoded without error")
        } catch let e as SafeTensorsError {
            #expect(e.path == "bad/\(name).safetensors")
            #expect(e.problem.contains(problem), "\(name): problem was '\(e.problem)'")
            #expect(e.description.contains("help:"))
        } catch {
            Issue.record("\(name): unexpected error \(error)")
        }
    }

    @Test func everyTruncationThrowsAndNeverCrashes() throws {
        let full = Self.sample(on: ReferenceBackend.shared).encoded()
        for n in 0..<full.count {
            #expect(throws: SafeTensorsError.self, "prefix of \(n) bytes") { try SafeTensors.decode(full.prefix(n), path: "t") }
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var corrupt = full
            let i = Int.random(in: 0..<full.count, using: &rng)
            corrupt[i] = UInt8.random(in: 0...255, using: &rng)
            _ = try? SafeTensors.decode(corrupt, path: "t")  // must not crash
        }
    }

    @Test func missingFileNamesThePath() {
        #expect { try SafeTensors.read(from: URL(fileURLWithPath: "/nonexistent/model.safetensors")) } throws: { e in
            (e as? SafeTensorsError)?.path == "/nonexistent/model.safetensors"
        }
    }
}
