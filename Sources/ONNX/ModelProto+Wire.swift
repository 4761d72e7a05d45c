import ProtoWire

extension OperatorSetIdProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        w.string(1, domain)
        w.int64(2, version)
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(domain: "", version: 0)
        try decodeFields(bytes, "OperatorSetIdProto") { f, v in
            switch f {
            case 1: domain = try v.string()
            case 2: version = try v.int64()
            default: break
            }
        }
    }
}

extension StringStringEntryProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        w.string(1, key)
        w.string(2, value)
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(key: "", value: "")
        try decodeFields(bytes, "StringStringEntryProto") { f, v in
            switch f {
            case 1: key = try v.string()
            case 2: value = try v.string()
            default: break
            }
        }
    }
}

extension ModelProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        w.int64(1, irVersion)
        w.optionalString(2, producerName)
        w.optionalString(3, producerVersion)
        w.optionalString(4, domain)
        if modelVersion != 0 { w.int64(5, modelVersion) }
        w.optionalString(6, docString)
        w.message(7, graph)
        for o in opsetImport { w.message(8, o) }
        for m in metadataProps { w.message(14, m) }
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(graph: GraphProto(), irVersion: 0, opsetImport: [])
        try decodeFields(bytes, "ModelProto") { f, v in
            switch f {
            case 1: irVersion = try v.int64()
            case 2: producerName = try v.string()
            case 3: producerVersion = try v.string()
            case 4: domain = try v.string()
            case 5: modelVersion = try v.int64()
            case 6: docString = try v.string()
            case 7: graph = try GraphProto(decoding: v.bytes())
            case 8: opsetImport.append(try OperatorSetIdProto(decoding: v.bytes()))
            case 14: metadataProps.append(try StringStringEntryProto(decoding: v.bytes()))
            default: break
            }
        }
    }
}

extension GraphProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        for n in node { w.message(1, n) }
        w.optionalString(2, name)
        for t in initializer { w.message(5, t) }
        w.optionalString(10, docString)
        for i in input { w.message(11, i) }
        for o in output { w.message(12, o) }
        for v in valueInfo { w.message(13, v) }
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init()
        try decodeFields(bytes, "GraphProto") { f, v in
            switch f {
            case 1: node.append(try NodeProto(decoding: v.bytes()))
            case 2: name = try v.string()
            case 5: initializer.append(try TensorProto(decoding: v.bytes()))
            case 10: docString = try v.string()
            case 11: input.append(try ValueInfoProto(decoding: v.bytes()))
            case 12: output.append(try ValueInfoProto(decoding: v.bytes()))
            case 13: valueInfo.append(try ValueInfoProto(decoding: v.bytes()))
            default: break
            }
        }
    }
}
