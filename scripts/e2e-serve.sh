#!/usr/bin/env bash
# End-to-end check of est-serve (release binary) as a TF Serving REST client sees it: curl (and Python requests
# when installed) send TF Serving's documented JSON to a server on a free port of 127.0.0.1 and check the answers'
# shapes, the error codes, and a clean exit on SIGTERM.
#   scripts/e2e-serve.sh EXPORT_DIR   a real export (a folder of versions or one version folder), e.g. from est export
#   scripts/e2e-serve.sh              the built-in synthetic DNN classifier (checks the server without an export)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh curl
swift build -c release --product est-serve
bin=.build/release/est-serve
if (($# > 0)); then
    export_dir=$1
    model=$(python3 - "$export_dir" <<'PY'
import os, sys
d = os.path.abspath(sys.argv[1])
print(os.path.basename(os.path.dirname(d)) if os.path.exists(os.path.join(d, "signature.json")) else os.path.basename(d))
PY
)
    serve_args=("$export_dir")
else
    model=dnn
    serve_args=(--synthetic dnn)
fi
log=$(mktemp)
"$bin" "${serve_args[@]}" --host 127.0.0.1 --port 0 --max-body-bytes 100000 --max-rows 50 2> "$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$log")
[ -n "$url" ] || { echo "e2e-serve: the server did not start: $(cat "$log")" >&2; exit 1; }
grep -q "model '$model' version" "$log" || { echo "e2e-serve: no load line for '$model': $(cat "$log")" >&2; exit 1; }
echo "e2e-serve: $url serves '$model'"
base="$url/v1/models/$model"

status=$(curl -s "$base")
grep -q '"state":"AVAILABLE"' <<< "$status" || { echo "e2e-serve: status: $status" >&2; exit 1; }
curl -s "$base/metadata" > /tmp/est-e2e-serve-metadata.json
# Requests from the signature: one value of the right type per input, 3 rows.
python3 - /tmp/est-e2e-serve-metadata.json /tmp/est-e2e-serve <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
assert "serving_default" in meta["metadata"]["signature_def"]["signature_def"], meta
sig = meta["est_signature"]
value = {"float32": 0.5, "int64": 1, "string": "a"}
rows = [{i["name"]: value[i["dtype"]] for i in sig["inputs"]} for _ in range(3)]
out = sys.argv[2]
json.dump({"instances": rows}, open(out + "-rows.json", "w"))
json.dump({"inputs": {i["name"]: [value[i["dtype"]]] * 3 for i in sig["inputs"]}}, open(out + "-columns.json", "w"))
json.dump({"examples": rows}, open(out + "-examples.json", "w"))
verb = "classify" if any(o["name"] == "probabilities" for o in sig["outputs"]) else "regress"
open(out + "-verb", "w").write(verb)
print(f"e2e-serve: metadata ok ({sig['kind']}, {len(sig['inputs'])} inputs, {len(sig['outputs'])} outputs)")
PY
check() {  # NAME EXPECTED_CODE PYTHON_CHECK CURL_ARGS...: the answer's code and JSON
    local name=$1 code=$2 test=$3; shift 3
    local got; got=$(curl -s -o /tmp/est-e2e-serve-answer.json -w '%{http_code}' "$@")
    [ "$got" = "$code" ] || { echo "e2e-serve: $name: HTTP $got, not $code: $(head -c 300 /tmp/est-e2e-serve-answer.json)" >&2; exit 1; }
    python3 -c "import json, sys; a = json.load(open('/tmp/est-e2e-serve-answer.json')); assert $test, a" \
        || { echo "e2e-serve: $name: $(head -c 300 /tmp/est-e2e-serve-answer.json)" >&2; exit 1; }
}
verb=$(cat /tmp/est-e2e-serve-verb)
check "predict (rows)" 200 'len(a["predictions"]) == 3' -X POST "$base:predict" -d @/tmp/est-e2e-serve-rows.json
check "predict (columns)" 200 '"outputs" in a' -X POST "$base:predict" -d @/tmp/est-e2e-serve-columns.json
check "$verb" 200 'len(a["result"]) == 3' -X POST "$base:$verb" -d @/tmp/est-e2e-serve-examples.json
check "malformed JSON" 400 '"malformed JSON" in a["error"]' -X POST "$base:predict" -d '{"instances": [}'
check "unknown input" 400 '"unknown input" in a["error"]' -X POST "$base:predict" -d '{"instances": [{"no_such_input": 1}]}'
check "unknown model" 404 '"no model" in a["error"]' -X POST "$url/v1/models/no_such_model:predict" -d @/tmp/est-e2e-serve-rows.json
check "too many rows" 400 '"too many rows" in a["error"]' -X POST "$base:predict" \
    -d "$(python3 -c 'import json; r = json.load(open("/tmp/est-e2e-serve-rows.json"))["instances"][0]; print(json.dumps({"instances": [r] * 51}))')"
check "body over the limit" 413 '"over the limit" in a["error"]' -X POST "$base:predict" --data-binary @<(head -c 200000 /dev/zero | tr '\0' ' ')
check "still serving" 200 'len(a["predictions"]) == 3' -X POST "$base:predict" -d @/tmp/est-e2e-serve-rows.json
echo "e2e-serve: curl: predict (rows, columns), $verb, status, metadata and errors 400/404/413 as TF Serving answers them"
python=""
for p in .venv/bin/python python3; do
    if command -v "$p" > /dev/null && "$p" -c "import requests" 2> /dev/null; then python=$p; break; fi
done
if [ -n "$python" ]; then
    "$python" - "$base" /tmp/est-e2e-serve-rows.json <<'PY'
import json, sys, requests
base, rows = sys.argv[1], json.load(open(sys.argv[2]))
r = requests.post(base + ":predict", json=rows, timeout=10)
assert r.status_code == 200 and len(r.json()["predictions"]) == 3, r.text
assert requests.get(base, timeout=10).json()["model_version_status"][0]["state"] == "AVAILABLE"
print("e2e-serve: Python requests: predict and status ok")
PY
else
    echo "e2e-serve: Python requests not installed: its check skipped"
fi
kill -TERM $pid
wait $pid || { echo "e2e-serve: est-serve exited $? on SIGTERM: $(tail -3 "$log")" >&2; exit 1; }
trap - EXIT
grep -q "stopped" "$log" || { echo "e2e-serve: no clean stop: $(tail -3 "$log")" >&2; exit 1; }
echo "e2e-serve: clean shutdown on SIGTERM"
