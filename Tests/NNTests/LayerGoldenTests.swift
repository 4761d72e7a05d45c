import Testing
import NN
import Tensors
import TestSupport

/// A dense relu network forward and backward against `Goldens/layers.json` (TF 2.15 GradientTape).
@Suite struct LayerGoldenTests {
    static let golden = try! Golden.load("Goldens/layers.json", besides: #filePath)

    func tensor(_ g: Golden, on b: any Backend) -> Tensor { Tensor(g.flat.map { Float($0) }, shape: Shape(g.shape), on: b) }

    @Test("layers.json softmax_2_classes and binary_sigmoid", arguments: TestBackends.all, ["softmax_2_classes", "binary_sigmoid"])
    func denseNetwork(_ b: BackendCase, _ name: String) {
        let inputs = Self.golden["inputs"], expected = Self.golden[name]
        let binary = name == "binary_sigmoid"
        let hidden = Dense(kernel: Variable(tensor(inputs["W1"], on: b.backend), name: "dnn/hiddenlayer_0/kernel"),
                           bias: Variable(tensor(inputs["b1"], on: b.backend), name: "dnn/hiddenlayer_0/bias"), activation: .relu)
        let logitsLayer = Dense(kernel: Variable(tensor(inputs[binary ? "W2_binary" : "W2"], on: b.backend), name: "dnn/logits/kernel"),
                                bias: Variable(tensor(inputs[binary ? "b2_binary" : "b2"], on: b.backend), name: "dnn/logits/bias"))
        let x = tensor(inputs["X"], on: b.backend)
        let labelValues = inputs["labels"].flat
        let tape = GradientTape()
        var pre = x, h = x, logits = x, perExample = x
        let loss = tape.record {
            pre = hidden.preActivation(x)
            h = hidden(x)
            logits = logitsLayer(h)
            if binary {
                perExample = Losses.sigmoidCrossEntropy(labels: Tensor(labelValues.map { Float($0) }, shape: [4, 1], on: b.backend), logits: logits)
            } else {
                perExample = Losses.sparseSoftmaxCrossEntropy(labels: Tensor(labelValues.map { Int64($0) }, on: b.backend), logits: logits)
            }
            return perExample.mean()
        }
        expectClose(pre, expected["hidden_pre_activation"].flat, "hidden_pre_activation")
        expectClose(h, expected["hidden"].flat, "hidden")
        expectClose(logits, expected["logits"].flat, "logits")
        expectClose(binary ? logits.sigmoid() : logits.softmax(), expected["probabilities"].flat, "probabilities")
        expectClose(perExample, expected["per_example_loss"].flat, "per_example_loss")
        expectClose(loss, [expected["loss"].double!], "loss")
        let vars = [hidden.kernel, hidden.bias!, logitsLayer.kernel, logitsLayer.bias!]
        let grads = tape.gradients(of: loss, wrt: vars.map { tape.watch($0) })
        for (key, g) in zip(["grad_W1", "grad_b1", "grad_W2", "grad_b2"], grads) {
            expectClose(g!.denseValue, expected[key].flat, key)
        }
        let tl = GradientTape()
        let lw = tl.watch(logits.detached())
        let l2 = binary
            ? Losses.sigmoidCrossEntropy(labels: Tensor(labelValues.map { Float($0) }, shape: [4, 1], on: b.backend), logits: lw).mean()
            : Losses.sparseSoftmaxCrossEntropy(labels: Tensor(labelValues.map { Int64($0) }, on: b.backend), logits: lw).mean()
        expectClose(tl.gradient(of: l2, wrt: lw), expected["grad_logits"].flat, "grad_logits")
    }
}
