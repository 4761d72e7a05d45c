#!/usr/bin/env bash
# End-to-end checks of exports on the release binaries, as a user runs them:
#   est train exports the best model after its evaluations; est export writes an export of any kind;
#   est predict --export gives est predict's output on the checkpoint (class ids and classes exactly, floats within 1e-6);
#   the export runs in onnxruntime from its raw columns (README.txt's way) with the same outputs (within 1e-5);
#   est serve answers TF Serving's requests on it with the same predictions, then scripts/e2e-serve.sh checks the protocol.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product est
swift build -c release --product est-serve
est=.build/release/est
work=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for ws in iris titanic auto_mpg; do
    mkdir -p "$work/$ws" && cp -r "workspaces/$ws/workspace.toml" "workspaces/$ws/data" "$work/$ws/"
done
python=python3
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import onnxruntime' 2>/dev/null; then python=.venv/bin/python; fi

"$est" train "$work/iris" --steps 400 --eval-throttle-secs 0 > "$work/iris.log"
grep -q "exported .*/export/best/[0-9]* (best, step" "$work/iris.log" \
    || { echo "e2e-export: est train exported nothing: $(tail -3 "$work/iris.log")" >&2; exit 1; }
echo "e2e-export: est train exported the best model ($(grep -c '^exported' "$work/iris.log") exports)"

compare() {  # NAME A.json B.json FLOAT_TOLERANCE [IGNORED_KEY...]: two {"predictions": [...]} files agree
    python3 - "$@" <<'PY'
import json, sys
name, a, b, tol = sys.argv[1], json.load(open(sys.argv[2]))["predictions"], json.load(open(sys.argv[3]))["predictions"], float(sys.argv[4])
ignored = set(sys.argv[5:])
b = [{k: v for k, v in r.items() if k not in ignored} for r in b]
assert len(a) == len(b) and a, f"{name}: {len(a)} rows against {len(b)}"
for i, (ra, rb) in enumerate(zip(a, b)):
    assert set(ra) == set(rb), f"{name}: row {i} keys {sorted(ra)} against {sorted(rb)}"
    for k in ra:
        va, vb = ra[k], rb[k]
        va, vb = (va if isinstance(va, list) else [va]), (vb if isinstance(vb, list) else [vb])
        for x, y in zip(va, vb):
            if isinstance(x, float) or isinstance(y, float):
                assert abs(x - y) <= tol * max(1, abs(y)), f"{name}: row {i} {k}: {x} against {y}"
            else:
                assert x == y, f"{name}: row {i} {k}: {x!r} against {y!r}"
print(f"e2e-export: {name}: {len(a)} rows agree")
PY
}

check() {  # NAME WORKSPACE [--set ...]: export, then est predict --export against est predict, and onnxruntime
    local name=$1 ws=$2; shift 2
    local dir="$work/runs-$name"
    "$est" train "$ws" --model-dir "$dir" --steps 200 --no-eval "$@" > /dev/null
    local export; export=$("$est" export "$ws" --model-dir "$dir" --out "$work/export-$name")
    [ -f "$export/model.onnx" ] && [ -f "$export/signature.json" ] || { echo "e2e-export: $name: no export in $export" >&2; exit 1; }
    "$est" predict "$ws" --model-dir "$dir" --data "$ws/data/eval.csv" --json > "$work/$name-checkpoint.json"
    "$est" predict --export "$export" --data "$ws/data/eval.csv" --json > "$work/$name-export.json"
    compare "$name: est predict --export = est predict" "$work/$name-export.json" "$work/$name-checkpoint.json" 1e-6
    if [ "$python" = .venv/bin/python ] && ! grep -q '"ids"' "$export/signature.json"; then
        .venv/bin/python scripts/interop/export_check.py "$export" "$ws/data/eval.csv" > "$work/$name-ort.json"
        python3 - "$work/$name-ort.json" "$work/$name-export.json" "$name" <<'PY'
import json, sys
ort, est, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))["predictions"], sys.argv[3]
for key, values in ort.items():
    want = [v for row in est for v in (row[key] if isinstance(row[key], list) else [row[key]])]
    assert len(values) == len(want), f"{name}: onnxruntime {key}: {len(values)} values against {len(want)}"
    for x, y in zip(values, want):
        ok = abs(x - y) <= 1e-5 * max(1, abs(y)) if isinstance(y, float) else x == y
        assert ok, f"{name}: onnxruntime {key}: {x!r} against est {y!r}"
print(f"e2e-export: {name}: onnxruntime agrees ({', '.join(sorted(ort))})")
PY
    fi
    echo "$export" > "$work/$name-path"
}
check dnn "$work/iris"
check linear "$work/titanic"
check trees "$work/titanic" --set estimator.kind=BoostedTreesClassifier
check wide "$work/auto_mpg" --set estimator.kind=DNNLinearCombinedRegressor
check baseline "$work/auto_mpg" --set estimator.kind=BaselineRegressor

# est serve on the iris export: real rows of eval.csv in TF Serving's row format give est predict --export's answers.
export=$(cat "$work/dnn-path")
"$est" serve "$(dirname "$export")" --port 0 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$work/serve.log")
[ -n "$url" ] || { echo "e2e-export: est serve did not start: $(cat "$work/serve.log")" >&2; exit 1; }
python3 - "$work/iris/data/eval.csv" "$work/request.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
json.dump({"instances": [{k: float(v) for k, v in r.items() if k != "species"} for r in rows]}, open(sys.argv[2], "w"))
PY
curl -s -X POST "$url/v1/models/$(basename "$(dirname "$export")"):predict" -d @"$work/request.json" > "$work/served.json"
# est serve answers with the export's outputs; all_class_ids and all_classes (the same for every row) are in its metadata.
compare "dnn: est serve = est predict --export" "$work/served.json" "$work/dnn-export.json" 1e-6 all_class_ids all_classes
kill -TERM $server && wait $server || true
server=""
scripts/e2e-serve.sh "$(dirname "$export")"
echo "e2e-export: ok"
