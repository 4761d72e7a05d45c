import Foundation
import ProtoWire

/// A TensorBoard histogram (`HistogramProto`).
public struct Histogram: Sendable, Equatable {
    public var min: Double, max: Double, num: Double, sum: Double, sumSquares: Double
    /// Upper edges of the buckets, and their counts.
    public var bucketLimit: [Double], bucket: [Double]

    public init(min: Double, max: Double, num: Double, sum: Double, sumSquares: Double, bucketLimit: [Double], bucket: [Double]) {
        (self.min, self.max, self.num, self.sum) = (min, max, num, sum)
        (self.sumSquares, self.bucketLimit, self.bucket) = (sumSquares, bucketLimit, bucket)
    }

    /// TF's default bucket edges: geometric with ratio 1.1 from 1e-12, mirrored, with 0, ending at DBL_MAX.
    public static let defaultLimits: [Double] = {
        var pos: [Double] = []
        var v = 1e-12
        while v < 1e20 { pos.append(v); v *= 1.1 }
        return pos.reversed().map { -$0 } + [0] + pos + [Double.greatestFiniteMagnitude]
    }()

    /// The first bucket whose edge is above `v` (the last for NaN and values past every edge):
    /// a guess from the logarithm, corrected to the exact answer by comparing with the edges.
    @inline(__always) static func bucket(_ v: Double, _ limits: [Double]) -> Int {
        let last = limits.count - 1, zero = last / 2   // limits: P negatives, 0, P positives, DBL_MAX
        guard v.isFinite else {
            var lo = 0, hi = last
            while lo < hi { let mid = (lo + hi) / 2; if v < limits[mid] { hi = mid } else { lo = mid + 1 } }
            return lo
        }
        var i = zero + 1
        if v != 0 {
            let k = (Foundation.log(Swift.abs(v) / 1e-12) / Foundation.log(1.1)).rounded(.down)
            let steps = Int(Swift.max(-1e6, Swift.min(1e6, k)))
            i = v > 0 ? zero + 2 + steps : zero - 1 - steps
            i = Swift.max(0, Swift.min(last, i))
        }
        while i > 0 && v < limits[i - 1] { i -= 1 }
        while i < last && !(v < limits[i]) { i += 1 }
        return i
    }

    /// The histogram of `values` with TF's default buckets, keeping only non-empty buckets and
    /// their empty neighbours (as TF writes them).
    public init(_ values: [Double]) {
        let limits = Self.defaultLimits
        var counts = [Double](repeating: 0, count: limits.count)
        for v in values { counts[Self.bucket(v, limits)] += 1 }
        var keep = [Bool](repeating: false, count: limits.count)
        for i in counts.indices where counts[i] > 0 {
            keep[i] = true
            if i > 0 { keep[i - 1] = true }
            if i + 1 < keep.count { keep[i + 1] = true }
        }
        self.init(min: values.min() ?? 0, max: values.max() ?? 0, num: Double(values.count), sum: values.reduce(0, +),
                  sumSquares: values.reduce(0) { $0 + $1 * $1 },
                  bucketLimit: limits.indices.filter { keep[$0] }.map { limits[$0] }, bucket: counts.indices.filter { keep[$0] }.map { counts[$0] })
    }
}

/// One value of a `Summary`.
public struct SummaryValue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case scalar(Float)
        case histogram(Histogram)
        /// A string tensor (`checkpoint_path` in evaluation files).
        case text(String)
        /// A kind est does not decode (images, audio, other tensors).
        case other
    }

    public var tag: String
    public var kind: Kind

    public init(tag: String, kind: Kind) { (self.tag, self.kind) = (tag, kind) }

    /// The scalar, when this is one.
    public var scalar: Float? { if case let .scalar(v) = kind { v } else { nil } }
}

/// A TensorBoard `Event` record.
public struct Event: Sendable, Equatable {
    public enum SessionStatus: Int, Sendable { case unspecified = 0, start = 1, stop = 2, checkpoint = 3 }

    public enum What: Sendable, Equatable {
        case fileVersion(String)
        case summary([SummaryValue])
        case sessionLog(status: SessionStatus, checkpointPath: String)
        case graphDef
        case metaGraphDef
        case other
    }

    public var wallTime: Double
    public var step: Int64
    public var what: What
    /// `source_metadata.writer`, set on the first record.
    public var writer: String?

    public init(wallTime: Double, step: Int64, what: What, writer: String? = nil) {
        (self.wallTime, self.step, self.what, self.writer) = (wallTime, step, what, writer)
    }

    /// The serialised `tensorflow.Event`.
    public func encoded() -> [UInt8] {
        var w = ProtoWriter()
        w.double(1, wallTime)
        if step != 0 { w.int64(2, step) }
        switch what {
        case let .fileVersion(v): w.string(3, v)
        case let .summary(values):
            var s = ProtoWriter()
            for v in values {
                var m = ProtoWriter()
                m.string(1, v.tag)
                switch v.kind {
                case let .scalar(x): m.float(2, x)
                case let .histogram(h):
                    var hw = ProtoWriter()
                    hw.double(1, h.min); hw.double(2, h.max); hw.double(3, h.num); hw.double(4, h.sum); hw.double(5, h.sumSquares)
                    hw.packedDoubles(6, h.bucketLimit)
                    hw.packedDoubles(7, h.bucket)
                    m.message(5, hw)
                case let .text(t):
                    var tensor = ProtoWriter()
                    tensor.int64(1, 7)                 // DT_STRING
                    tensor.message(2, ProtoWriter())   // scalar shape
                    tensor.bytes(8, Array(t.utf8))
                    m.message(8, tensor)
                case .other: break
                }
                s.message(1, m)
            }
            w.message(5, s)
        case let .sessionLog(status, path):
            var l = ProtoWriter()
            if status != .unspecified { l.int64(1, Int64(status.rawValue)) }
            if !path.isEmpty { l.string(2, path) }
            w.message(7, l)
        case .graphDef, .metaGraphDef, .other: break
        }
        if let writer {
            var m = ProtoWriter()
            m.string(1, writer)
            w.message(10, m)
        }
        return w.bytes
    }

    /// Decodes a serialised `tensorflow.Event`.
    public init(decoding bytes: ArraySlice<UInt8>) throws {
        var r = ProtoReader(bytes)
        wallTime = 0
        step = 0
        what = .other
        writer = nil
        while let (field, value) = try r.next() {
            switch (field, value) {
            case let (1, .fixed64(b)): wallTime = Double(bitPattern: b)
            case let (2, .varint(v)): step = Int64(bitPattern: v)
            case let (3, .bytes(b)): what = .fileVersion(String(decoding: b, as: UTF8.self))
            case (4, .bytes): what = .graphDef
            case (9, .bytes): what = .metaGraphDef
            case let (5, .bytes(b)): what = .summary(try Self.decodeSummary(b))
            case let (7, .bytes(b)):
                var l = ProtoReader(b)
                var status = SessionStatus.unspecified, path = ""
                while let (f, v) = try l.next() {
                    if f == 1, case let .varint(s) = v { status = SessionStatus(rawValue: Int(truncatingIfNeeded: s)) ?? .unspecified }
                    if f == 2, case let .bytes(p) = v { path = String(decoding: p, as: UTF8.self) }
                }
                what = .sessionLog(status: status, checkpointPath: path)
            case let (10, .bytes(b)):
                var m = ProtoReader(b)
                while let (f, v) = try m.next() { if f == 1, case let .bytes(s) = v { writer = String(decoding: s, as: UTF8.self) } }
            default: break
            }
        }
    }

    static func decodeSummary(_ b: ArraySlice<UInt8>) throws -> [SummaryValue] {
        var r = ProtoReader(b)
        var values: [SummaryValue] = []
        while let (f, v) = try r.next() {
            guard f == 1, case let .bytes(vb) = v else { continue }
            var m = ProtoReader(vb)
            var tag = "", kind = SummaryValue.Kind.other
            while let (ff, vv) = try m.next() {
                switch (ff, vv) {
                case let (1, .bytes(t)): tag = String(decoding: t, as: UTF8.self)
                case let (2, .fixed32(x)): kind = .scalar(Float(bitPattern: x))
                case let (5, .bytes(h)): kind = .histogram(try decodeHistogram(h))
                case let (8, .bytes(t)):
                    var tr = ProtoReader(t)
                    while let (tf, tv) = try tr.next() {
                        if tf == 8, case let .bytes(s) = tv { kind = .text(String(decoding: s, as: UTF8.self)) }
                    }
                default: break
                }
            }
            values.append(SummaryValue(tag: tag, kind: kind))
        }
        return values
    }

    static func decodeHistogram(_ b: ArraySlice<UInt8>) throws -> Histogram {
        var r = ProtoReader(b)
        var h = Histogram(min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [])
        func doubles(_ p: ArraySlice<UInt8>) -> [Double] {
            stride(from: p.startIndex, to: p.endIndex - 7, by: 8).map { s in
                var v: UInt64 = 0
                for j in 0..<8 { v |= UInt64(p[s + j]) << (8 * UInt64(j)) }
                return Double(bitPattern: v)
            }
        }
        while let (f, v) = try r.next() {
            switch (f, v) {
            case let (1, .fixed64(x)): h.min = Double(bitPattern: x)
            case let (2, .fixed64(x)): h.max = Double(bitPattern: x)
            case let (3, .fixed64(x)): h.num = Double(bitPattern: x)
            case let (4, .fixed64(x)): h.sum = Double(bitPattern: x)
            case let (5, .fixed64(x)): h.sumSquares = Double(bitPattern: x)
            case let (6, .bytes(p)): h.bucketLimit += doubles(p)
            case let (7, .bytes(p)): h.bucket += doubles(p)
            case let (6, .fixed64(x)): h.bucketLimit.append(Double(bitPattern: x))
            case let (7, .fixed64(x)): h.bucket.append(Double(bitPattern: x))
            default: break
            }
        }
        return h
    }
}
