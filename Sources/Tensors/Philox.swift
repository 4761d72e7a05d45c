/// The Philox4x32-10 counter-based random number generator (Salmon et al., 2011), as TF uses.
///
/// A block of four 32-bit values is a pure function of a 64-bit key and a 128-bit
/// counter, so any element of a random tensor can be computed independently: results do
/// not depend on thread count, chunking or backend.
public enum Philox {
    /// Ten rounds of Philox4x32 on `counter` under `key`.
    @inlinable public static func block(key: UInt64, counter: (UInt32, UInt32, UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        var k0 = UInt32(truncatingIfNeeded: key), k1 = UInt32(truncatingIfNeeded: key >> 32)
        var c = counter
        for _ in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(c.0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c.2)
            c = (UInt32(truncatingIfNeeded: p1 >> 32) ^ c.1 ^ k0, UInt32(truncatingIfNeeded: p1),
                 UInt32(truncatingIfNeeded: p0 >> 32) ^ c.3 ^ k1, UInt32(truncatingIfNeeded: p0))
            k0 &+= 0x9E37_79B9
            k1 &+= 0xBB67_AE85
        }
        return c
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable static func unit(_ a: UInt32, _ b: UInt32) -> Double {
        let bits = (UInt64(a) << 21) ^ UInt64(b >> 11)
        return Double(bits & ((1 << 53) - 1)) * 0x1p-53
    }

    /// The value of element `index` of a stream drawn from `distribution`.
    @inlinable public static func sample(_ distribution: RandomDistribution, seed: UInt64, index: UInt64) -> Double {
        let lo = UInt32(truncatingIfNeeded: index), hi = UInt32(truncatingIfNeeded: index >> 32)
        switch distribution {
        case let .uniform(low, high):
            let r = block(key: seed, counter: (lo, hi, 0, 0))
            return low + (high - low) * unit(r.0, r.1)
        case let .bernoulli(p):
            let r = block(key: seed, counter: (lo, hi, 0, 0))
            return unit(r.0, r.1) < p ? 1 : 0
        case let .normal(mean, stddev):
            return mean + stddev * standardNormal(seed: seed, lo: lo, hi: hi, attempt: 0)
        case let .truncatedNormal(mean, stddev):
            var attempt: UInt32 = 0
            while true {
                let z = standardNormal(seed: seed, lo: lo, hi: hi, attempt: attempt)
                if Swift.abs(z) <= 2 { return mean + stddev * z }
                attempt &+= 1
            }
        }
    }

    @inlinable static func standardNormal(seed: UInt64, lo: UInt32, hi: UInt32, attempt: UInt32) -> Double {
        let r = block(key: seed, counter: (lo, hi, attempt, 1))
        let u1 = 1 - unit(r.0, r.1)  // (0, 1]: log is finite
        let u2 = unit(r.2, r.3)
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }
}

/// A seeded source of random tensors that advances through one Philox stream.
///
/// Two generators with the same seed give the same tensors in the same order, whatever
/// the backend or thread count.
///
/// ```swift
/// var rng = RandomGenerator(seed: 42)
/// let w = rng.uniform([3, 2], low: -1, high: 1)
/// ```
public struct RandomGenerator: Sendable {
    /// The Philox key.
    public let seed: UInt64
    /// How many elements have been drawn so far (the next counter).
    public private(set) var offset: UInt64

    public init(seed: UInt64, offset: UInt64 = 0) {
        self.seed = seed
        self.offset = offset
    }

    /// Draws a tensor from `distribution` and advances the stream by its element count.
    public mutating func next(_ distribution: RandomDistribution, shape: Shape, dtype: DType = .float32, on backend: (any Backend)? = nil) -> Tensor {
        let t = (backend ?? Backends.default).random(distribution, shape: shape, dtype: dtype, seed: seed, offset: offset)
        offset &+= UInt64(shape.count)
        return t
    }

    public mutating func uniform(_ shape: Shape, low: Double = 0, high: Double = 1, dtype: DType = .float32,
        on backend: (any Backend)? = nil) -> Tensor {
        next(.uniform(low: low, high: high), shape: shape, dtype: dtype, on: backend)
    }

    public mutating func normal(_ shape: Shape, mean: Double = 0, stddev: Double = 1, dtype: DType = .float32,
        on backend: (any Backend)? = nil) -> Tensor {
        next(.normal(mean: mean, stddev: stddev), shape: shape, dtype: dtype, on: backend)
    }

    public mutating func truncatedNormal(_ shape: Shape, mean: Double = 0, stddev: Double = 1, dtype: DType = .float32,
        on backend: (any Backend)? = nil) -> Tensor {
        next(.truncatedNormal(mean: mean, stddev: stddev), shape: shape, dtype: dtype, on: backend)
    }

    public mutating func bernoulli(_ shape: Shape, p: Double, dtype: DType = .float32, on backend: (any Backend)? = nil) -> Tensor {
        next(.bernoulli(p: p), shape: shape, dtype: dtype, on: backend)
    }
}
