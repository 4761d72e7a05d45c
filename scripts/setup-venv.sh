#!/usr/bin/env bash
# Creates .venv with the Python packages the interop tests use (real safetensors, ...).
# onnx and onnxruntime check est's ONNX writer (scripts/interop/onnx_check.py); requests is a TF Serving REST client
# for est serve (scripts/e2e-serve.sh).
# Python is only for interop tests against real tools, never for the product.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=(safetensors numpy tensorboard onnx onnxruntime requests)
if [ -x .venv/bin/python ] && .venv/bin/python -c "import safetensors, numpy, tensorboard, onnx, onnxruntime, requests" 2>/dev/null; then exit 0; fi
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
    scripts/setup-system.sh python3-venv
fi
python3 -m venv .venv
if ! .venv/bin/pip install -q --disable-pip-version-check "${requirements[@]}"; then
    echo "est: pip could not install ${requirements[*]} (is the package registry reachable?)" >&2
    exit 1
fi
