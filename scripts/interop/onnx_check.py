"""Checks an ONNX model written by est with the real `onnx` and `onnxruntime`, or writes one with `onnx` for est to read.

Usage:
  onnx_check.py run MODEL FEEDS.json   onnx.checker.check_model(full_check=True), then onnxruntime inference on each feed.
                                       FEEDS.json is a list of {input name: {"dtype", "shape", "data" (flat)}}; prints
                                       {"versions": {...}, "runs": [{output name: {"shape", "data" (flat)}}]} as JSON.
  onnx_check.py write MODEL            saves a small model built with onnx.helper (see below) and prints the versions.
  onnx_check.py bytes                  prints, as JSON of hex strings, how the `onnx` package serializes a few small messages.
"""
import json, sys
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def versions():
    import onnxruntime
    return {"onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__}


def run(model_path, feeds_path):
    import onnxruntime
    onnx.checker.check_model(onnx.load(model_path), full_check=True)
    session = onnxruntime.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    runs = []
    for feed in json.load(open(feeds_path)):
        inputs = {k: np.array(v["data"], dtype=object if v["dtype"] == "string" else v["dtype"]).reshape(v["shape"]) for k, v in feed.items()}
        names = [o.name for o in session.get_outputs()]
        outs = session.run(names, inputs)
        runs.append({n: {"shape": list(o.shape), "data": o.reshape(-1).tolist()} for n, o in zip(names, outs)})
    print(json.dumps({"versions": versions(), "runs": runs}))


def write(model_path):
    # Gemm(x, w, b; alpha, transB) -> Transpose(perm) -> Add(Constant tensor); LabelEncoder (ai.onnx.ml) on a string input.
    w = numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), name="w")       # raw_data
    b = helper.make_tensor("b", TensorProto.FLOAT, [2], [0.5, -0.5])                          # float_data
    nodes = [
        helper.make_node("Gemm", ["x", "w", "b"], ["g"], name="gemm", alpha=2.0, transB=1),
        helper.make_node("Transpose", ["g"], ["t"], name="transpose", perm=[1, 0]),
        helper.make_node("Constant", [], ["c"], name="const",
                         value=helper.make_tensor("cv", TensorProto.INT64, [2], [7, -7])),
        helper.make_node("Cast", ["c"], ["cf"], name="cast", to=TensorProto.FLOAT),
        helper.make_node("Add", ["t", "cf"], ["y"], name="add"),
        helper.make_node("LabelEncoder", ["s"], ["ids"], name="vocab", domain="ai.onnx.ml",
                         keys_strings=["setosa", "versicolor"], values_int64s=[0, 1], default_int64=-1),
    ]
    graph = helper.make_graph(
        nodes, "python_graph",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3]),
         helper.make_tensor_value_info("s", TensorProto.STRING, ["N"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, "N"]),
         helper.make_tensor_value_info("ids", TensorProto.INT64, ["N"])],
        initializer=[w, b])
    model = helper.make_model(graph, producer_name="onnx-python",
                              opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)])
    model.ir_version = 8
    helper.set_model_props(model, {"source": "onnx_check.py"})
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, model_path)
    print(json.dumps({"versions": versions()}))


def serialized():
    # The same messages Tests/ONNXTests/ONNXRuntimeInteropTests.swift builds; est must write identical bytes.
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])
    relu = helper.make_node("Relu", ["x"], ["y"], name="relu")
    w = numpy_helper.from_array(np.array([[1, -2.5], [0.25, 4]], dtype=np.float32), name="w")
    ids = numpy_helper.from_array(np.array([3, -1], dtype=np.int64), name="ids")
    graph = helper.make_graph([relu], "g", [x], [y], initializer=[w, ids])
    model = helper.make_model(graph, producer_name="est", producer_version="0.1",
                              opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)])
    model.ir_version = 8
    attrs = [helper.make_attribute("alpha", 0.5), helper.make_attribute("axis", -1), helper.make_attribute("mode", "constant"),
             helper.make_attribute("scales", [1.0, 2.0]), helper.make_attribute("perm", [1, 0, 2]),
             helper.make_attribute("keys_strings", ["a", "b"]), helper.make_attribute("value", ids)]
    out = {"model": model.SerializeToString().hex(), "attributes": [a.SerializeToString().hex() for a in attrs]}
    print(json.dumps(out))


if __name__ == "__main__":
    {"run": run, "write": write, "bytes": serialized}[sys.argv[1]](*sys.argv[2:])
