"""Loads a safetensors file written by est with Python's safetensors and checks its contents.

Usage: safetensors_check.py FILE   (exit 0 when every tensor matches what est wrote)
"""
import sys
import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

path = sys.argv[1]
t = load_file(path)
expected = {
    "weights": np.array([[1.0, 2.5, -3.0], [0.25, 0.0, 7.0]], dtype=np.float32),
    "step": np.array(42, dtype=np.int64),
    "ids": np.array([5, 6, 7], dtype=np.int32),
    "sums": np.array([1e-300, 2.0], dtype=np.float64),
    "flags": np.array([True, False]),
}
assert set(t) == set(expected), f"names {sorted(t)} != {sorted(expected)}"
for k, v in expected.items():
    assert t[k].dtype == v.dtype, f"{k}: dtype {t[k].dtype} != {v.dtype}"
    assert t[k].shape == v.shape, f"{k}: shape {t[k].shape} != {v.shape}"
    assert np.array_equal(t[k], v), f"{k}: {t[k]} != {v}"
with safe_open(path, framework="numpy") as f:
    assert f.metadata() == {"writer": "est"}, f.metadata()
print("ok")
