import Datasets
import Estimators
import Tensors
import Testing
import TestSupport

/// Heads: loss, every metric and every prediction against `heads.json` (TF 2.15).
@Suite struct HeadGoldenTests {
    static let golden = try! Golden.load("Fixtures/heads.json", besides: #filePath)
    static let cases = golden["cases"].array.map { $0["case"].string! }

    static func head(_ c: Golden) -> any Head {
        let k = c["head_kwargs"]
        let vocab = k["label_vocabulary"].exists ? k["label_vocabulary"].array.map { $0.string! } : nil
        let weight = k["weight_column"].string
        switch c["head"].string! {
        case "BinaryClassHead": return BinaryClassHead(weightColumn: weight, labelVocabulary: vocab, thresholds: k["thresholds"].flat)
        case "MultiClassHead": return MultiClassHead(nClasses: k["n_classes"].int!, weightColumn: weight, labelVocabulary: vocab)
        default: return RegressionHead(labelDimension: k["label_dimension"].int ?? 1, weightColumn: weight)
        }
    }

    static func labelColumn(_ c: Golden) -> Column {
        let cells = c["labels"].array.flatMap { $0.array }
        if let _ = cells.first?.string { return Column(strings: cells.map { $0.string }) }
        if c["head"].string == "RegressionHead" { return Column(.float(cells.map { Float($0.double!) })) }
        return Column(.int(cells.map { Int64($0.int!) }))
    }

    @Test("heads.json cases", arguments: cases)
    func matchesTensorFlow(_ name: String) throws {
        let c = Self.golden["cases"].array.first { $0["case"].string == name }!
        let head = Self.head(c)
        let n = c["logits"].array.count
        let logits = Tensor(c["logits"].flat.map { Float($0) }, shape: [n, head.logitsDimension])
        let labels = try head.labels(Self.labelColumn(c), firstRow: 0)
        let weights = c["weights"].exists ? Tensor(c["weights"].flat.map { Float($0) }) : nil
        expectClose(head.loss(logits: logits, labels: labels, weights: weights), [c["loss"].double!], "\(name) loss")
        var sumHead = head
        if var b = sumHead as? BinaryClassHead { b.lossReduction = .sum; sumHead = b }
        if var m = sumHead as? MultiClassHead { m.lossReduction = .sum; sumHead = m }
        if var r = sumHead as? RegressionHead { r.lossReduction = .sum; sumHead = r }
        expectClose(sumHead.loss(logits: logits, labels: labels, weights: weights), [c["loss_with_reduction_SUM"].double!], "\(name) SUM")

        let metrics = head.makeMetrics()
        let per = head.unreducedLoss(logits: logits, labels: labels)
        let perExample = per.scalars(as: Float.self)
        metrics.update(logits: logits.scalars(as: Float.self), labels: labels, weights: weights?.scalars(as: Float.self),
                       batchLoss: head.loss(logits: logits, labels: labels, weights: weights).scalarValue, perExampleLoss: perExample)
        let result = metrics.result()
        let expected = c["metrics"]
        for key in expected.keys {
            #expect(result[key] != nil, "\(name): missing metric \(key)")
            if let v = result[key] { expectClose([v], [expected[key].double!], "\(name) \(key)") }
        }
        let extra = Set(result.keys).subtracting(expected.keys).subtracting(["loss", "auc_exact"])
        #expect(extra.isEmpty, "\(name): metrics TF does not report: \(extra)")
        if c["exact_roc_auc_all_thresholds"].exists {
            expectClose([result["auc_exact"]!], [c["exact_roc_auc_all_thresholds"].double!], "\(name) auc_exact")
        }

        let predictions = head.predictions(logits: logits.scalars(as: Float.self), count: n)
        let ep = c["predictions"]
        #expect(Set(predictions[0].keys) == Set(ep.keys), "\(name): prediction keys")
        for key in ep.keys {
            let rows = ep[key].array
            for (i, p) in predictions.enumerated() {
                switch p[key]! {
                case let .floats(v): expectClose(v.map(Double.init), rows[i].flat, "\(name) \(key)[\(i)]")
                case let .ints(v): #expect(v.map(Double.init) == rows[i].flat, "\(name) \(key)[\(i)]")
                case let .strings(v): #expect(v == rows[i].array.map { $0.string! }, "\(name) \(key)[\(i)]")
                }
            }
        }
    }

    @Test func badLabelsNameTheValueAndRow() {
        #expect { _ = try MultiClassHead(nClasses: 3).labels(Column(.int([0, 2, 3])), firstRow: 10) } throws: { e in
            (e as? EstimatorError)?.problem == "label '3' at row 13 is not a class id in 0..<3"
        }
        #expect { _ = try BinaryClassHead(labelVocabulary: ["no", "yes"]).labels(Column(strings: ["yes", "maybe"]), firstRow: 0) } throws: { e in
            (e as? EstimatorError)?.problem.contains("label 'maybe' at row 2 is not in the label vocabulary") ?? false
        }
    }
}
