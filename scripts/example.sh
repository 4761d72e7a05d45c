#!/usr/bin/env bash
# Builds and runs examples/CustomEstimator (a package that depends on est by path, through its
# library products only), checks its quality, and browses its model_dir with `est checkpoints`.
set -euo pipefail
cd "$(dirname "$0")/.."
est=${EST:-.build/release/est}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd examples/CustomEstimator && swift build)
out=$(examples/CustomEstimator/.build/debug/TwoTower "$work/two-tower" 2000)
echo "$out"
json=$(echo "$out" | tail -1)
python3 - "$json" <<'PY'
import json, sys
m = json.loads(sys.argv[1])
assert m["global_step"] == 2000, m
assert m["accuracy"] >= 0.78, f"two-tower accuracy {m['accuracy']} < 0.78 on titanic"
for k in ("recall", "prediction/mean", "loss"):
    assert k in m, f"missing metric {k}"
PY
# The custom model function's export runs in onnxruntime with est's own predictions (scripts/interop/export_check.py).
export_dir=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["export"])' "$json")
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import onnxruntime' 2>/dev/null; then
  .venv/bin/python scripts/interop/export_check.py "$export_dir" workspaces/titanic/data/eval.csv "$work/two-tower/eval_predictions.json" >/dev/null
else
  echo "example: no venv with onnxruntime (scripts/setup-venv.sh): export not checked" >&2
fi
listing=$("$est" checkpoints --model-dir "$work/two-tower")
echo "$listing"
echo "$listing" | grep -q "step 2000 .*accuracy=" || { echo "example: est checkpoints does not list step 2000 with its accuracy" >&2; exit 1; }
echo "example: ok"
