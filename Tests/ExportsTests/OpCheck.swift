import CPUBackend
@testable import Exports
import Foundation
import ONNX
import Tensors
import Testing
import TestSupport

/// Runs small ONNX graphs in the runtime's interpreter and in onnxruntime and compares them.
enum OpCheck {
    static let cpu = CPUBackend(threads: 2)

    /// The interpreter's outputs of `builder`'s model on `feeds`.
    static func run(_ builder: ModelBuilder, _ feeds: [String: RuntimeValue], on backend: any Backend = cpu) throws -> [String: RuntimeValue] {
        try Interpreter(model: try builder.model(), backend: backend).run(feeds)
    }

    /// The largest difference, relative above 1 (equal values, NaNs included, differ by 0).
    static func worstDifference(_ got: [Double], _ want: [Double]) -> Double {
        var worst = 0.0
        for (a, b) in zip(got, want) where !(a == b || (a.isNaN && b.isNaN)) {
            worst = Swift.max(worst, Swift.abs(a - b) / Swift.max(1, Swift.abs(b)))
        }
        return worst
    }

    /// A value as onnx_check.py's feed JSON.
    static func json(_ v: RuntimeValue) -> [String: Any] {
        switch v {
        case let .strings(s): return ["dtype": "string", "shape": s.shape.dims, "data": s.values]
        case let .tensor(t):
            // JSON has no NaN: numpy reads the string "nan" as one.
            let data: [Any] = t.dtype == .bool ? t.scalars(as: Bool.self) : t.doubles.map { $0.isNaN ? "nan" as Any : $0 as Any }
            return ["dtype": t.dtype == .bool ? "bool" : "\(t.dtype)", "shape": t.shape.dims, "data": data]
        }
    }

    /// Expects the interpreter's outputs on the CPU backend to equal onnxruntime's: strings and integers exactly, floats within
    /// `tolerance` (relative above 1).
    static func expectLikeOnnxruntime(_ builder: ModelBuilder, _ feeds: [String: RuntimeValue], tolerance: Double = 1e-6,
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try run(builder, feeds)
        guard TraceRuntime.available else { return }
        let ort = try TraceRuntime.runJSON(builder, feeds: [feeds.mapValues(json)])[0]
        for (name, value) in ours {
            let theirs = try #require(ort[name], "onnxruntime has no output \(name)", sourceLocation: sourceLocation)
            #expect(theirs["shape"] as? [Int] == value.shape.dims, "\(name): shape", sourceLocation: sourceLocation)
            switch value {
            case let .strings(s): #expect(theirs["data"] as? [String] == s.values, "\(name)", sourceLocation: sourceLocation)
            case let .tensor(t):
                let want = (theirs["data"] as? [NSNumber] ?? []).map(\.doubleValue)
                let got = t.doubles
                if t.dtype.isFloatingPoint {
                    let worst = worstDifference(got, want)
                    #expect(got.count == want.count && worst <= tolerance, "\(name): worst difference \(worst)", sourceLocation: sourceLocation)
                } else {
                    #expect(got == want, "\(name)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    /// Traces `body` on `inputs` (on the Reference backend), then expects the interpreter to give the traced values on the
    /// Reference backend bit for bit (within 1e-6 for `composed` outputs, which the tracer writes as several ONNX ops),
    /// within 1e-6 on the CPU backend, and onnxruntime's values within 1e-6.
    static func checkTraced(_ inputs: [String: Tensor], composed: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: (Trace, [String: Tensor]) -> [String: Tensor]) throws {
        let trace = Trace(graphName: "ops")
        var traced = [String: Tensor]()
        for name in inputs.keys.sorted() { traced[name] = trace.input(name, inputs[name]!) }
        let outputs = body(trace, traced)
        for name in outputs.keys.sorted() { trace.output(name, outputs[name]!) }
        let builder = try trace.builder()
        let reference = try run(builder, inputs.mapValues { .tensor($0.to(ReferenceBackend.shared)) }, on: ReferenceBackend.shared)
        let onCPU = try run(builder, inputs.mapValues { .tensor($0.to(OpCheck.cpu)) })
        for (name, want) in outputs {
            let est = want.to(ReferenceBackend.shared)
            guard case let .tensor(r)? = reference[name], case let .tensor(c)? = onCPU[name] else {
                Issue.record("no output \(name)", sourceLocation: sourceLocation)
                continue
            }
            #expect(r.shape == est.shape && r.dtype == est.dtype, "\(name): \(r.dtype)\(r.shape) vs \(est.dtype)\(est.shape)",
                    sourceLocation: sourceLocation)
            let same = composed.contains(name) ? worstDifference(r.doubles, est.doubles) <= 1e-6
                : zip(r.doubles, est.doubles).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            #expect(same, "\(name): Reference backend not bit for bit", sourceLocation: sourceLocation)
            let worst = worstDifference(c.doubles, est.doubles)
            #expect(worst <= 1e-6, "\(name): CPU backend worst difference \(worst)", sourceLocation: sourceLocation)
        }
        try expectLikeOnnxruntime(builder, inputs.mapValues { .tensor($0.to(OpCheck.cpu)) }, sourceLocation: sourceLocation)
    }
}
