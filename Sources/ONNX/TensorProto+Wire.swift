import ProtoWire

extension TensorProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        // `dims` is an unpacked proto2 field; the typed data fields are declared packed.
        for d in dims { w.int64(1, d) }
        w.int64(2, Int64(dataType.rawValue))
        if !floatData.isEmpty { w.packedFloats(4, floatData) }
        if !int32Data.isEmpty { w.packedInt64s(5, int32Data.map(Int64.init)) }
        for s in stringData { w.bytes(6, s) }
        if !int64Data.isEmpty { w.packedInt64s(7, int64Data) }
        w.optionalString(8, name)
        if !rawData.isEmpty { w.bytes(9, rawData) }
        if !doubleData.isEmpty { w.packedDoubles(10, doubleData) }
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(dataType: .undefined, dims: [])
        var external = false
        try decodeFields(bytes, "TensorProto") { f, v in
            switch f {
            case 1: dims += try v.int64s()
            case 2: dataType = DataType(rawValue: Int32(truncatingIfNeeded: try v.int64()))
            case 4: floatData += try v.floats()
            case 5: int32Data += try v.int64s().map { Int32(truncatingIfNeeded: $0) }
            case 6: stringData.append(Array(try v.bytes()))
            case 7: int64Data += try v.int64s()
            case 8: name = try v.string()
            case 9: rawData = Array(try v.bytes())
            case 10: doubleData += try v.doubles()
            case 14: external = try v.int64() == 1
            default: break
            }
        }
        if external {
            throw ONNXError(reason: "tensor '\(name)' keeps its data in an external file",
                            hint: "est reads self-contained models; save with onnx.save_model(..., save_as_external_data=False)")
        }
    }
}

extension ValueInfoProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        w.string(1, name)
        if let type { w.message(2, type) }
        w.optionalString(3, docString)
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(name: "", type: nil)
        try decodeFields(bytes, "ValueInfoProto") { f, v in
            switch f {
            case 1: name = try v.string()
            case 2: type = try TypeProto(decoding: v.bytes())
            case 3: docString = try v.string()
            default: break
            }
        }
    }
}

extension TypeProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        var tensor = ProtoWriter()
        tensor.int64(1, Int64(elemType.rawValue))
        if let shape { tensor.message(2, shape) }
        w.message(1, tensor)
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(elemType: .undefined, shape: nil)
        var sawTensor = false
        try decodeFields(bytes, "TypeProto") { f, v in
            guard f == 1 else { return }
            sawTensor = true
            try decodeFields(try v.bytes(), "TypeProto.Tensor") { f, v in
                switch f {
                case 1: elemType = DataType(rawValue: Int32(truncatingIfNeeded: try v.int64()))
                case 2: shape = try TensorShapeProto(decoding: v.bytes())
                default: break
                }
            }
        }
        guard sawTensor else {
            throw ONNXError(reason: "a value's type is not a tensor (a sequence, map or optional)",
                            hint: "est reads tensor-typed graph inputs, outputs and value_info only")
        }
    }
}

extension TensorShapeProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        for d in dim {
            var m = ProtoWriter()
            switch d {
            case .value(let n): m.int64(1, n)
            case .param(let p): m.string(2, p)
            case .unknown: break
            }
            w.message(1, m)
        }
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init([])
        try decodeFields(bytes, "TensorShapeProto") { f, v in
            guard f == 1 else { return }
            var d = Dimension.unknown
            try decodeFields(try v.bytes(), "TensorShapeProto.Dimension") { f, v in
                switch f {
                case 1: d = .value(try v.int64())
                case 2: d = .param(try v.string())
                default: break
                }
            }
            dim.append(d)
        }
    }
}
