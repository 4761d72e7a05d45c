#!/usr/bin/env bash
# End-to-end checks on the release binary: the main job trains the toy problem to accuracy
# and rejects bad arguments with a one-line error and exit code 2.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product est
out=$(.build/release/est --steps 2000)
echo "$out" | tail -3
first=$(echo "$out" | sed -n 's/^step *1: loss = \([0-9.]*\).*/\1/p')
final_loss=$(echo "$out" | sed -n 's/^done: loss = \([0-9.]*\), accuracy = \([0-9.]*\).*/\1/p')
final_acc=$(echo "$out" | sed -n 's/^done: loss = \([0-9.]*\), accuracy = \([0-9.]*\).*/\2/p')
python3 - "$first" "$final_loss" "$final_acc" <<'PY'
import sys
first, loss, acc = map(float, sys.argv[1:])
assert loss < first / 3, f"loss did not fall enough: {first} -> {loss}"
assert acc >= 0.95, f"toy accuracy {acc} < 0.95"
print(f"e2e: toy training ok (loss {first} -> {loss}, accuracy {acc})")
PY
# Same seed, same result, whatever the thread count.
a=$(.build/release/est --steps 300 --threads 1 | tail -1 | cut -d, -f1-2)
b=$(.build/release/est --steps 300 --threads 2 | tail -1 | cut -d, -f1-2)
[ "$a" = "$b" ] || { echo "e2e: results differ between 1 and 2 threads: '$a' vs '$b'" >&2; exit 1; }
echo "e2e: deterministic across thread counts ($a)"
if .build/release/est --steps nope 2>/tmp/est-e2e-err; then echo "e2e: bad argument accepted" >&2; exit 1; fi
grep -q "error: --steps needs an integer" /tmp/est-e2e-err || { echo "e2e: unexpected error text: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
echo "e2e: bad arguments rejected"
