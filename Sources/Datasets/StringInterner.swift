/// Dictionary-encodes byte strings without creating a `String` per cell.
///
/// An open-addressing hash table over a byte arena; a new distinct value is validated as
/// UTF-8 once, when first seen.
struct StringInterner {
    private var arena: [UInt8] = []
    private var offsets: [Int] = []      // per code: start in arena
    private var lengths: [Int] = []
    private var slots: [Int32]           // code + 1, 0 = empty
    private var hashes: [UInt64] = []
    private(set) var strings: [String] = []

    init(capacity: Int = 64) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [Int32](repeating: 0, count: n)
    }

    var count: Int { strings.count }

    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    enum Failure: Error { case invalidUTF8, nulByte }

    /// The code of the bytes, adding them when new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) throws(Failure) -> Int32 {
        let h = Self.hash(p, n)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            let code = Int(s - 1)
            if hashes[code] == h && lengths[code] == n {
                let equal = arena.withUnsafeBufferPointer { a in memcmp(a.baseAddress! + offsets[code], p, n) == 0 }
                if equal { return Int32(code) }
            }
            i = (i + 1) & mask
        }
        let bytes = UnsafeBufferPointer(start: p, count: n)
        if bytes.contains(0) { throw .nulByte }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        let code = Int32(strings.count)
        strings.append(s)
        offsets.append(arena.count)
        lengths.append(n)
        hashes.append(h)
        arena.append(contentsOf: bytes)
        slots[i] = code + 1
        if strings.count * 2 > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for code in 0..<strings.count {
            var i = Int(truncatingIfNeeded: hashes[code]) & mask
            while bigger[i] != 0 { i = (i + 1) & mask }
            bigger[i] = Int32(code + 1)
        }
        slots = bigger
    }
}

#if canImport(Glibc)
import Glibc
#endif
