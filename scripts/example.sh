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
listing=$("$est" checkpoints --model-dir "$work/two-tower")
echo "$listing"
echo "$listing" | grep -q "step 2000 .*accuracy=" || { echo "example: est checkpoints does not list step 2000 with its accuracy" >&2; exit 1; }
echo "example: ok"
