import Testing
import Tensors

/// The error measure of the goldens: `|a - e| / max(1, |e|)` (absolute below 1, relative above).
public func goldenError(_ actual: Double, _ expected: Double) -> Double {
    if actual.isNaN && expected.isNaN { return 0 }
    if actual == expected { return 0 }
    return Swift.abs(actual - expected) / Swift.max(1, Swift.abs(expected))
}

/// Expects two equally long lists of numbers to agree within `tolerance` (golden error measure).
public func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-6, _ what: String = "",
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    var worst = 0.0, at = 0
    for i in actual.indices {
        let e = goldenError(actual[i], expected[i])
        if !(e <= worst) { worst = e; at = i }
    }
    #expect(worst <= tolerance, "\(what): element \(at) is \(actual[at]), expected \(expected[at]) (error \(worst) > \(tolerance))",
            sourceLocation: sourceLocation)
}

/// Expects a tensor's values to agree with `expected` within `tolerance`.
public func expectClose(_ actual: Tensor, _ expected: [Double], tolerance: Double = 1e-6, _ what: String = "",
                        sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose(actual.doubles, expected, tolerance: tolerance, what, sourceLocation: sourceLocation)
}
