import ONNX
import Tensors

/// Runs an ONNX graph over est tensors: planned once at load, then run per batch.
///
/// Planning turns every node into a kernel closure that reads and writes numbered slots, uploads
/// the initializers once, checks that each node's inputs are made before it (files est writes are
/// in topological order; others are refused with the node named) and refuses an unsupported op
/// with its name and node. A slot is released after its last reader, so a batch holds only the
/// values still needed.
final class Interpreter: Sendable {
    /// A node's computation: its input values (nil for a skipped optional input) to its outputs.
    typealias Kernel = @Sendable ([RuntimeValue?]) throws(ExportError) -> [RuntimeValue]

    struct Step: Sendable {
        let label: String
        let inputs: [Int?]
        let outputs: [Int]
        let kernel: Kernel
        /// Slots whose last reader this step is.
        let releases: [Int]
    }

    let backend: any Backend
    let inputs: [(name: String, slot: Int)]
    let outputs: [(name: String, slot: Int)]
    let constants: [(slot: Int, value: RuntimeValue)]
    let steps: [Step]
    /// Every value's slot by name (inputs, initializers, node outputs).
    let slots: [String: Int]
    let slotNames: [String]

    /// Plans `model`'s graph on `backend`.
    init(model: ModelProto, backend: any Backend) throws(ExportError) {
        self.backend = backend
        let graph = model.graph
        var slots = [String: Int]()
        func define(_ name: String, _ what: String) throws(ExportError) -> Int {
            guard slots[name] == nil else { throw ExportError("model.onnx: \(what) defines the value '\(name)' a second time") }
            slots[name] = slots.count
            return slots.count - 1
        }
        var constants = [(slot: Int, value: RuntimeValue)]()
        for t in graph.initializer {
            let slot = try define(t.name, "initializer '\(t.name)'")
            constants.append((slot, try Self.constant(t, backend: backend, what: "initializer '\(t.name)'")))
        }
        var inputs = [(name: String, slot: Int)]()
        for i in graph.input where slots[i.name] == nil { inputs.append((i.name, try define(i.name, "input '\(i.name)'"))) }
        var opsets = [String: Int64]()
        for o in model.opsetImport { opsets[o.domain == "ai.onnx" ? "" : o.domain] = o.version }
        var steps = [Step]()
        for (k, node) in graph.node.enumerated() {
            let label = "node '\(node.name.isEmpty ? "#\(k)" : node.name)' (\(node.opType))"
            let ins = try node.input.map { name throws(ExportError) -> Int? in
                if name.isEmpty { return nil }
                guard let s = slots[name] else {
                    throw ExportError("model.onnx: \(label) reads '\(name)', which no input, initializer or earlier node makes",
                                      hint: "the nodes must be in topological order")
                }
                return s
            }
            let domain = node.domain == "ai.onnx" ? "" : node.domain
            guard let version = opsets[domain] else {
                throw ExportError("model.onnx: \(label) uses the domain '\(domain)', which the model does not import")
            }
            let kernel: Kernel
            do throws(ExportError) {
                kernel = try Self.kernel(NodeAttributes(node, opset: version), backend: backend)
            } catch {
                throw ExportError("model.onnx: \(label): \(error.problem)", hint: error.hint)
            }
            let outs = try node.output.map { name throws(ExportError) -> Int in try define(name, label) }
            steps.append(Step(label: label, inputs: ins, outputs: outs, kernel: kernel, releases: []))
        }
        var outputs = [(name: String, slot: Int)]()
        for o in graph.output {
            guard let s = slots[o.name] else { throw ExportError("model.onnx: the output '\(o.name)' is made by no node") }
            outputs.append((o.name, s))
        }
        // Release each computed value after its last reader (outputs and constants are kept).
        let kept = Set(outputs.map(\.slot) + constants.map(\.slot))
        var lastReader = [Int: Int]()
        for (k, s) in steps.enumerated() { for case let i? in s.inputs { lastReader[i] = k } }
        var releases = [[Int]](repeating: [], count: steps.count)
        for (slot, k) in lastReader where !kept.contains(slot) { releases[k].append(slot) }
        self.steps = steps.enumerated().map { k, s in
            Step(label: s.label, inputs: s.inputs, outputs: s.outputs, kernel: s.kernel, releases: releases[k])
        }
        (self.inputs, self.outputs, self.constants, self.slots) = (inputs, outputs, constants, slots)
        var names = [String](repeating: "", count: slots.count)
        for (name, slot) in slots { names[slot] = name }
        slotNames = names
    }

    /// Runs the graph on `feeds` (values by name: the inputs, or any node's outputs, whose node is then skipped); the graph's
    /// outputs by name.
    func run(_ feeds: [String: RuntimeValue]) throws(ExportError) -> [String: RuntimeValue] {
        var values = [RuntimeValue?](repeating: nil, count: slotNames.count)
        for (slot, value) in constants { values[slot] = value }
        for (name, value) in feeds {
            guard let slot = slots[name] else { throw ExportError("the graph has no value named '\(name)'") }
            values[slot] = value
        }
        for step in steps {
            if step.outputs.allSatisfy({ values[$0] != nil }) { continue }
            var args = [RuntimeValue?]()
            args.reserveCapacity(step.inputs.count)
            for input in step.inputs {
                guard let slot = input else { args.append(nil); continue }
                guard let v = values[slot] else { throw ExportError("no value for '\(slotNames[slot])', which \(step.label) reads") }
                args.append(v)
            }
            let results: [RuntimeValue]
            do throws(ExportError) {
                results = try step.kernel(args)
            } catch {
                throw ExportError("model.onnx \(step.label): \(error.problem)", hint: error.hint)
            }
            for (slot, r) in zip(step.outputs, results) { values[slot] = r }
            for slot in step.releases { values[slot] = nil }
        }
        var out = [String: RuntimeValue]()
        for (name, slot) in outputs { out[name] = values[slot] }
        return out
    }

    /// A constant tensor as a runtime value on `backend`.
    static func constant(_ t: TensorProto, backend: any Backend, what: String) throws(ExportError) -> RuntimeValue {
        guard t.dims.allSatisfy({ $0 >= 0 }) else { throw ExportError("model.onnx: \(what) has negative dims \(t.dims)") }
        do {
            if t.dataType == .string { return .strings(StringTensor(try t.strings(), shape: Shape(t.dims.map { Int($0) }))) }
            return .tensor(try t.tensor(on: backend))
        } catch {
            throw ExportError("model.onnx: \(what): \(error)")
        }
    }
}
