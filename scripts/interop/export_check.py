"""Runs an est export's model.onnx in onnxruntime on a CSV's raw columns, as its README.txt says a user would.

usage: export_check.py EXPORT_DIR CSV [EXPECTED.json]
Checks model.onnx with onnx.checker (full_check) and signature.json's file hashes, feeds each graph input from its CSV
column (float32: a number or NaN for an empty cell; int64: an integer or -1; string: the text; `example`: zeros), and
prints the outputs as JSON. With EXPECTED.json ({output: [values…]}), exits 1 unless every float output is within 1e-5
and every other output equal.
"""
import csv
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime


def main(export, data, expected_path=None):
    signature = json.load(open(os.path.join(export, "signature.json")))
    for name, digest in signature["files"].items():
        actual = hashlib.sha256(open(os.path.join(export, name), "rb").read()).hexdigest()
        assert actual == digest, f"{name}: sha256 {actual}, signature.json says {digest}"
    model_path = os.path.join(export, "model.onnx")
    onnx.checker.check_model(onnx.load(model_path), full_check=True)
    rows = list(csv.DictReader(open(data, newline="")))
    feeds = {}
    for g in signature["graph_inputs"]:
        if g.get("ids") is not None:
            sys.exit(f"{g['name']} holds hashed ids: run this export with est predict --export")
        column = g.get("column")
        cells = [r[column] for r in rows] if column else ["0"] * len(rows)
        if g["dtype"] == "float32":
            values = np.array([float(c) if c != "" else np.nan for c in cells], dtype=np.float32)
        elif g["dtype"] == "int64":
            values = np.array([int(float(c)) if c != "" else -1 for c in cells], dtype=np.int64)
        else:
            values = np.array(cells, dtype=object)
        feeds[g["name"]] = values.reshape(-1, 1)
    session = onnxruntime.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    outputs = dict(zip(names, session.run(names, feeds)))
    print(json.dumps({n: o.reshape(-1).tolist() for n, o in outputs.items()}))
    if expected_path:
        expected = json.load(open(expected_path))
        for name, want in expected.items():
            got = outputs[name].reshape(-1)
            assert len(got) == len(want), f"{name}: {len(got)} values, expected {len(want)}"
            if got.dtype.kind == "f":
                worst = float(np.max(np.abs(got - np.array(want)) / np.maximum(1, np.abs(np.array(want)))))
                assert worst <= 1e-5, f"{name}: onnxruntime differs from est by {worst}"
            else:
                assert [float(x) for x in got] == [float(x) for x in want], f"{name}: onnxruntime differs from est"
        print(f"onnxruntime equals est on {len(rows)} rows: {', '.join(sorted(expected))}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])
