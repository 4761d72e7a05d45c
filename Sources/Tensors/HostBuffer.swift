/// Hands out and takes back host memory for ``HostBuffer``s (the CPU backend's pool).
public protocol HostAllocator: AnyObject, Sendable {
    /// Memory for at least `byteCount` bytes, 64-byte aligned; `capacity` is what was given.
    func allocate(byteCount: Int) -> (pointer: UnsafeMutableRawPointer, capacity: Int)
    /// Takes back memory that ``allocate(byteCount:)`` gave out.
    func recycle(_ pointer: UnsafeMutableRawPointer, capacity: Int)
}

/// Host memory owned by a host backend (Reference or CPU).
///
/// Without an allocator the memory is freed on deinit; with one it goes back to the pool.
public final class HostBuffer: DeviceBuffer, @unchecked Sendable {
    /// The first byte.
    public let pointer: UnsafeMutableRawPointer
    /// The bytes the tensor uses.
    public let bytes: Int
    public override var byteCount: Int { bytes }
    @usableFromInline let capacity: Int
    @usableFromInline let allocator: (any HostAllocator)?

    /// Allocates `byteCount` bytes, from `allocator` when one is given.
    public init(byteCount: Int, allocator: (any HostAllocator)? = nil) {
        self.bytes = byteCount
        self.allocator = allocator
        if let allocator {
            (pointer, capacity) = allocator.allocate(byteCount: byteCount)
        } else {
            capacity = Swift.max(byteCount, 1)
            pointer = .allocate(byteCount: capacity, alignment: 64)
        }
        super.init()
    }

    deinit {
        if let allocator { allocator.recycle(pointer, capacity: capacity) } else { pointer.deallocate() }
    }
}

extension Tensor {
    /// The host memory of a tensor on a host backend. Only host backends call this.
    @inlinable public var hostPointer: UnsafeMutableRawPointer {
        unsafeDowncast(storage, to: HostBuffer.self).pointer
    }
}

extension Tensor {
    /// Whether the elements live in host memory (a ``HostBuffer`` of the Reference or CPU backend).
    @inlinable public var isOnHost: Bool { storage is HostBuffer }

    /// Runs `body` on this tensor's host memory after making its storage unique (copy on write),
    /// so writes through the pointer change this tensor alone; `nil` when it is not on a host
    /// backend. Drops any tape node: the result of an in-place write has no recorded history.
    public mutating func withUniqueHostMemory<R>(_ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R? {
        guard storage is HostBuffer else { return nil }
        if !Self.isUnique(&storage) {
            // A host tensor is contiguous: one memcpy through an upload.
            let bytes = count * dtype.byteSize
            storage = backend.upload(UnsafeRawBufferPointer(start: hostPointer, count: bytes), shape: shape, dtype: dtype).storage
        }
        node = nil
        return try body(hostPointer)
    }
}
