"""Writes Tests/TensorsTests/Fixtures/python.safetensors with Python's safetensors (the committed fixture).

Run: .venv/bin/python scripts/interop/safetensors_fixture.py
"""
import sys
import numpy as np
from safetensors.numpy import save_file

out = sys.argv[1] if len(sys.argv) > 1 else "Tests/TensorsTests/Fixtures/python.safetensors"
save_file(
    {
        "dnn/hiddenlayer_0/kernel": np.arange(6, dtype=np.float32).reshape(2, 3) / 4,
        "dnn/logits/bias": np.array([-1.5], dtype=np.float32),
        "global_step": np.array(1234, dtype=np.int64),
        "ids": np.array([[1, -2], [3, 4]], dtype=np.int32),
        "acc": np.array([0.1, 1e-300], dtype=np.float64),
        "mask": np.array([True, False, True]),
        "empty": np.zeros((0, 3), dtype=np.float32),
    },
    out,
    metadata={"format": "pt", "writer": "python-safetensors"},
)
