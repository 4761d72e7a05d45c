import Datasets

/// Recognises a table seen before without reading its cells when it is the same storage.
///
/// Swift arrays are copy-on-write: while this object keeps a table's column arrays alive, their
/// buffers can be neither freed nor changed in place, so a table whose every column has the same
/// buffers (address and count) holds the same cells. Other tables are hashed (`fingerprint`).
/// The price: the last table stays alive as long as the memo.
struct TableMemo {
    private var table: Table?
    private var hash = 0

    /// The fingerprint of `t`: remembered when `t` shares the last table's storage, else computed.
    mutating func fingerprint(_ t: Table) -> Int {
        if let last = table, sameStorage(last, t) { return hash }
        hash = Estimators.fingerprint(t)
        table = t
        return hash
    }
}

/// Whether two columns share their buffers (then they hold the same cells while either is alive).
func sameStorage(_ a: Column, _ b: Column) -> Bool {
    func same<T>(_ x: [T], _ y: [T]) -> Bool {
        x.count == y.count && x.withUnsafeBufferPointer { p in y.withUnsafeBufferPointer { q in p.baseAddress == q.baseAddress } }
    }
    switch (a.missing, b.missing) {
    case (nil, nil): break
    case let (x?, y?): guard same(x, y) else { return false }
    default: return false
    }
    switch (a.values, b.values) {
    case let (.float(x), .float(y)): return same(x, y)
    case let (.int(x), .int(y)): return same(x, y)
    case let (.bool(x), .bool(y)): return same(x, y)
    case let (.string(x, dx), .string(y, dy)): return same(x, y) && same(dx, dy)
    default: return false
    }
}

/// Whether two tables have the same names and share every column's buffers.
func sameStorage(_ a: Table, _ b: Table) -> Bool {
    a.names == b.names && a.rowCount == b.rowCount && zip(a.columns, b.columns).allSatisfy { sameStorage($0, $1) }
}

/// The identity of a training table: a hash of every cell's bytes (memory speed; far cheaper than
/// bucketing and scoring it again).
func fingerprint(_ t: Table) -> Int {
    // Four independent multiply-xor lanes over 8-byte words: several GB/s, unlike SipHash.
    var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, UInt64(t.rowCount))
    func mix(_ raw: UnsafeRawBufferPointer) {
        let words = raw.count / 8
        var i = 0
        while i + 4 <= words {
            lanes.0 = (lanes.0 ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x100_0000_01B3
            lanes.1 = (lanes.1 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 8, as: UInt64.self)) &* 0x100_0000_01B3
            lanes.2 = (lanes.2 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 16, as: UInt64.self)) &* 0x100_0000_01B3
            lanes.3 = (lanes.3 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 24, as: UInt64.self)) &* 0x100_0000_01B3
            i += 4
        }
        for j in (i * 8)..<raw.count { lanes.0 = (lanes.0 ^ UInt64(raw[j])) &* 0x100_0000_01B3 }
        lanes.1 = (lanes.1 ^ UInt64(raw.count)) &* 0x100_0000_01B3
    }
    for c in t.columns {
        switch c.values {
        case let .float(v): v.withUnsafeBytes(mix)
        case let .int(v): v.withUnsafeBytes(mix)
        case let .bool(v): v.withUnsafeBytes(mix)
        case let .string(codes, dict): codes.withUnsafeBytes(mix); lanes.2 ^= UInt64(dict.count)
        }
        if let m = c.missing { m.withUnsafeBytes(mix) }
    }
    var h = Hasher()
    h.combine(lanes.0); h.combine(lanes.1); h.combine(lanes.2); h.combine(lanes.3)
    return h.finalize()
}

