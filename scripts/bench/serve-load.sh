#!/usr/bin/env bash
# Load test of est-serve (release) on 127.0.0.1 with wrk, a bounded closed-loop generator: p50 latency of a single-row
# :predict (1 connection) and rows/s of batched requests (ROWS rows each, 4 connections). Serves the synthetic DNN
# (28 float inputs, hidden [128, 64], binary classifier) unless an export folder and its model name are given.
#   scripts/bench/serve-load.sh [SECONDS] [ROWS] [EXPORT_DIR MODEL]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
rows=${2:-1000}
scripts/setup-system.sh wrk curl
swift build -c release --product est-serve >&2
work=$(mktemp -d)
if (($# >= 4)); then serve_args=("$3"); model=$4; else serve_args=(--synthetic dnn); model=dnn; fi
.build/release/est-serve "${serve_args[@]}" --port 0 2> "$work/log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$work/log" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$work/log")/v1/models/$model:predict
base=${url%:predict}
curl -s "${base}/metadata" | python3 -c '
import json, random, sys
sig = json.load(sys.stdin)["est_signature"]
random.seed(1)
def row():
    return {i["name"]: round(random.gauss(0, 1), 6) if i["dtype"] == "float32" else (random.randint(0, 9) if i["dtype"] == "int64" else "a")
            for i in sig["inputs"]}
json.dump({"instances": [row()]}, open(sys.argv[1], "w"))
json.dump({"instances": [row() for _ in range(int(sys.argv[3]))]}, open(sys.argv[2], "w"))
' "$work/one.json" "$work/batch.json" "$rows"
for name in one batch; do
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = io.open("%s/%s.json"):read("*a")\n' \
        "$work" "$name" > "$work/$name.lua"
done
echo "est-serve load test: $url, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
wrk -t1 -c1 -d"${seconds}s" --latency -s "$work/one.lua" "$url" > "$work/one.txt"
p50=$(awk '$1 == "50%" { print $2 }' "$work/one.txt")
rps1=$(awk '/Requests\/sec/ { print $2 }' "$work/one.txt")
echo "single row, 1 connection: p50 $p50, p99 $(awk '$1 == "99%" { print $2 }' "$work/one.txt"), $rps1 requests/s"
wrk -t2 -c4 -d"${seconds}s" --latency -s "$work/batch.lua" "$url" > "$work/batch.txt"
rps=$(awk '/Requests\/sec/ { print $2 }' "$work/batch.txt")
errors=$(grep -c "Non-2xx" "$work/batch.txt" || true)
echo "batches of $rows rows ($(wc -c < "$work/batch.json") bytes), 4 connections: $rps requests/s = $(python3 -c "print(round($rps * $rows))") rows/s, p50 $(awk '$1 == "50%" { print $2 }' "$work/batch.txt") (non-2xx lines: $errors)"
kill -TERM $pid
wait $pid
trap 'rm -rf "$work"' EXIT
