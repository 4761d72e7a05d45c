import Foundation

extension ModelBuilder {
    /// The model, after checking what an exporter can get wrong without noticing.
    ///
    /// Throws `ONNXError` naming the node or value when a value is defined twice (input, initializer or node output),
    /// a node reads a value nothing defines before it, an output is never made, or a node's domain has no operator set.
    /// onnx's own checker (`full_check`, run by the interop tests) checks the operators' schemas and types on top.
    public func model() throws -> ModelProto {
        var defined = Set<String>()
        func define(_ name: String, _ by: String) throws {
            guard defined.insert(name).inserted else {
                throw ONNXError(reason: "value '\(name)' is defined twice (again by \(by))", hint: "give every graph value a distinct name")
            }
        }
        for i in graph.input { try define(i.name, "graph input") }
        for t in graph.initializer where !graph.input.contains(where: { $0.name == t.name }) { try define(t.name, "initializer") }
        let domains = Set(opsetImport.map(\.domain))
        for n in graph.node {
            for i in n.input where !i.isEmpty && !defined.contains(i) {
                throw ONNXError(reason: "node '\(n.name)' (\(n.opType)) reads '\(i)', which no input, initializer or earlier node defines",
                                hint: "add the node that makes '\(i)' first, or declare it with addInput/addInitializer")
            }
            guard domains.contains(n.domain) else {
                throw ONNXError(reason: "node '\(n.name)' (\(n.opType)) is in domain '\(n.domain)', which the model does not import",
                                hint: "call setOpset(domain: \"\(n.domain)\", version: …)")
            }
            for o in n.output where !o.isEmpty { try define(o, "node '\(n.name)'") }
        }
        for o in graph.output where !defined.contains(o.name) {
            throw ONNXError(reason: "graph output '\(o.name)' is never made", hint: "add the node that outputs it, or fix the name")
        }
        return ModelProto(graph: graph, irVersion: irVersion, opsetImport: opsetImport, producerName: producerName,
                          producerVersion: producerVersion, metadataProps: metadataProps)
    }

    /// Checks the model (see `model()`) and writes it to `url` atomically.
    public func write(to url: URL) throws {
        try model().write(to: url)
    }
}
