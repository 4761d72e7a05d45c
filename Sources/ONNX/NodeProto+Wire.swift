import ProtoWire

extension NodeProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        for i in input { w.string(1, i) }
        for o in output { w.string(2, o) }
        w.optionalString(3, name)
        w.string(4, opType)
        for a in attribute { w.message(5, a) }
        w.optionalString(6, docString)
        w.optionalString(7, domain)
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(opType: "", input: [], output: [])
        try decodeFields(bytes, "NodeProto") { f, v in
            switch f {
            case 1: input.append(try v.string())
            case 2: output.append(try v.string())
            case 3: name = try v.string()
            case 4: opType = try v.string()
            case 5: attribute.append(try AttributeProto(decoding: v.bytes()))
            case 6: docString = try v.string()
            case 7: domain = try v.string()
            default: break
            }
        }
    }
}

extension AttributeProto: ONNXMessage {
    public func encode(to w: inout ProtoWriter) {
        w.string(1, name)
        switch value {
        case .float(let x): w.float(2, x)
        case .int(let x): w.int64(3, x)
        case .string(let x): w.string(4, x)
        case .tensor(let x): w.message(5, x)
        case .graph(let x): w.message(6, x)
        // onnx.proto (proto2) declares these repeated fields unpacked: one field per element.
        case .floats(let x): for e in x { w.float(7, e) }
        case .ints(let x): for e in x { w.int64(8, e) }
        case .strings(let x): for e in x { w.string(9, e) }
        case .tensors(let x): for e in x { w.message(10, e) }
        case .graphs(let x): for e in x { w.message(11, e) }
        }
        w.optionalString(13, docString)
        w.int64(20, value.type)
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws {
        var name = "", doc = "", type: Int64?
        var f: Float?, i: Int64?, s: String?, t: TensorProto?, g: GraphProto?
        var floats: [Float] = [], ints: [Int64] = [], strings: [String] = [], tensors: [TensorProto] = [], graphs: [GraphProto] = []
        try decodeFields(bytes, "AttributeProto") { field, v in
            switch field {
            case 1: name = try v.string()
            case 2: f = try v.float()
            case 3: i = try v.int64()
            case 4: s = try v.string()
            case 5: t = try TensorProto(decoding: v.bytes())
            case 6: g = try GraphProto(decoding: v.bytes())
            case 7: floats += try v.floats()
            case 8: ints += try v.int64s()
            case 9: strings.append(try v.string())
            case 10: tensors.append(try TensorProto(decoding: v.bytes()))
            case 11: graphs.append(try GraphProto(decoding: v.bytes()))
            case 13: doc = try v.string()
            case 20: type = try v.int64()
            default: break
            }
        }
        // IR version 1 had no `type`; then the one field present says it (an empty list reads as INTS).
        let value: Value? = switch type ?? Self.inferredType(f, i, s, t, g, floats, strings, tensors, graphs) {
        case 1: f.map { .float($0) } ?? .float(0)
        case 2: i.map { .int($0) } ?? .int(0)
        case 3: s.map { .string($0) } ?? .string("")
        case 4: t.map { .tensor($0) }
        case 5: g.map { .graph($0) }
        case 6: .floats(floats)
        case 7: .ints(ints)
        case 8: .strings(strings)
        case 9: .tensors(tensors)
        case 10: .graphs(graphs)
        default: nil
        }
        guard let value else {
            throw ONNXError(reason: "attribute '\(name)' has type \(type.map(String.init) ?? "?") without its value, or a type est does not read",
                            hint: "est reads FLOAT, INT, STRING, TENSOR, GRAPH and their lists; sparse tensors and type protos are not supported")
        }
        self.init(name: name, value: value, docString: doc)
    }

    private static func inferredType(_ f: Float?, _ i: Int64?, _ s: String?, _ t: TensorProto?, _ g: GraphProto?,
                                     _ floats: [Float], _ strings: [String], _ tensors: [TensorProto], _ graphs: [GraphProto]) -> Int64 {
        if f != nil { return 1 }
        if i != nil { return 2 }
        if s != nil { return 3 }
        if t != nil { return 4 }
        if g != nil { return 5 }
        if !floats.isEmpty { return 6 }
        if !strings.isEmpty { return 8 }
        if !tensors.isEmpty { return 9 }
        if !graphs.isEmpty { return 10 }
        return 7
    }
}
