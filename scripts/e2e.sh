#!/usr/bin/env bash
# End-to-end checks on the release binary: the main job trains the toy problem to accuracy
# and rejects bad arguments with a one-line error and exit code 2.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product est
out=$(.build/release/est toy --steps 2000)
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
a=$(.build/release/est toy --steps 300 --threads 1 | tail -1 | cut -d, -f1-2)
b=$(.build/release/est toy --steps 300 --threads 2 | tail -1 | cut -d, -f1-2)
[ "$a" = "$b" ] || { echo "e2e: results differ between 1 and 2 threads: '$a' vs '$b'" >&2; exit 1; }
echo "e2e: deterministic across thread counts ($a)"
if .build/release/est toy --steps nope 2>/tmp/est-e2e-err; then echo "e2e: bad argument accepted" >&2; exit 1; fi
grep -q "error: the value 'nope' is invalid for '--steps <n>'" /tmp/est-e2e-err || { echo "e2e: unexpected error text: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
echo "e2e: bad arguments rejected"
# The command line: help on standard output with exit 0, usage errors as one line with the closest name and exit 2,
# data errors with exit 1 (docs/cli.md).
grep -q "Example:" <<< "$(.build/release/est train --help)" || { echo "e2e: est train --help" >&2; exit 1; }
grep -q "USAGE: est inspect" <<< "$(.build/release/est help inspect)" || { echo "e2e: est help inspect" >&2; exit 1; }
grep -q "checkpoints" <<< "$(.build/release/est --generate-completion-script bash)" || { echo "e2e: bash completion" >&2; exit 1; }
expect_exit() {  # CODE TEXT ARGS...: est ARGS exits with CODE and its standard error (one line) contains TEXT
    local code=$1 text=$2; shift 2
    local rc=0; .build/release/est "$@" >/dev/null 2>/tmp/est-e2e-err || rc=$?
    [ "$rc" = "$code" ] || { echo "e2e: est $* exited $rc, not $code: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
    grep -qF -- "$text" /tmp/est-e2e-err || { echo "e2e: est $*: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
    [ "$code" != 2 ] || [ "$(wc -l < /tmp/est-e2e-err)" = 1 ] || { echo "e2e: est $*: more than one line" >&2; exit 1; }
}
expect_exit 2 "unknown command 'trian'; did you mean 'train'?" trian
expect_exit 2 "unknown option '--step'; did you mean '--steps'?" train --step 5
expect_exit 2 "option '--steps' is given twice" train --steps 5 --steps 6
expect_exit 2 "invalid for '--device <device>': must be cpu" train --device gpu
expect_exit 2 "invalid for '--threads <n>'" toy --threads 0
expect_exit 1 "error:" inspect /nonexistent.csv
echo "e2e: exit codes 0/1/2, help and did-you-mean on the command line"
# est inspect: the table and the JSON object the architecture document specifies.
grep -q "275 rows, 8 columns" <<< "$(.build/release/est inspect Tests/DatasetsTests/Fixtures/data/penguins.csv)" || { echo "e2e: inspect table" >&2; exit 1; }
.build/release/est inspect Tests/DatasetsTests/Fixtures/data/penguins.csv --json | python3 -c '
import json, sys
o = json.load(sys.stdin)
assert o["rows"] == 275, o["rows"]
cols = {c["name"]: c for c in o["columns"]}
for c in o["columns"]:
    for k in ("name", "type", "count", "missing", "distinct", "mean", "std", "min", "p50", "max", "top"):
        assert k in c, (c["name"], k)
b = cols["bill_length_mm"]
assert b["type"] == "float" and b["count"] == 273 and b["missing"] == 2 and b["min"] == 33.1 and b["max"] == 59.6, b
assert cols["island"]["top"][0] == ["Biscoe", 134], cols["island"]["top"]
print("e2e: inspect --json ok")
'
if .build/release/est inspect Tests/DatasetsTests/Fixtures/bad/ragged.csv 2>/tmp/est-e2e-err; then echo "e2e: ragged file accepted" >&2; exit 1; fi
grep -q "ragged.csv:3:3: error: row has 2 fields" /tmp/est-e2e-err || { echo "e2e: unexpected error text: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
echo "e2e: inspect reports file:line:column errors"

# The Estimator through the CLI on the bundled iris workspace (a copy, so runs/ stays clean).
ws=$(mktemp -d)/iris
cp -r workspaces/iris "$ws"
rm -rf "$ws/runs"
.build/release/est train "$ws" > /tmp/est-e2e-train.txt
tail -1 /tmp/est-e2e-train.txt | grep -q "done: model_dir $ws/runs/main, step 1000" || { echo "e2e: train output: $(tail -3 /tmp/est-e2e-train.txt)" >&2; exit 1; }
# est train evaluates as train_and_evaluate (the workspace has eval data): eval events and a line per evaluation;
# --no-eval writes none; --json prints one JSON object and nothing else.
ls "$ws/runs/main/eval"/events.out.tfevents.* > /dev/null || { echo "e2e: est train wrote no eval events" >&2; exit 1; }
grep -q "^eval at step 1000: accuracy" /tmp/est-e2e-train.txt || { echo "e2e: no evaluation line: $(grep eval /tmp/est-e2e-train.txt)" >&2; exit 1; }
.build/release/est train "$ws" --steps 200 --model-dir "$ws/runs/noeval" --no-eval > /tmp/est-e2e-noeval.txt
[ ! -e "$ws/runs/noeval/eval" ] || { echo "e2e: --no-eval wrote $ws/runs/noeval/eval" >&2; exit 1; }
if grep -q "^eval at" /tmp/est-e2e-noeval.txt; then echo "e2e: --no-eval printed evaluations" >&2; exit 1; fi
.build/release/est train "$ws" --steps 200 --model-dir "$ws/runs/json" --json | python3 -c 'import json, sys; json.load(sys.stdin)'
ls "$ws/runs/json/eval"/events.out.tfevents.* > /dev/null || { echo "e2e: est train --json wrote no eval events" >&2; exit 1; }
echo "e2e: est train evaluates at checkpoints (eval/ events); --no-eval does not; --json prints one object"
.build/release/est evaluate "$ws" --json | python3 -c '
import json, sys
m = json.load(sys.stdin)
assert m["global_step"] == 1000, m
assert m["accuracy"] >= 0.93, m
print("e2e: iris accuracy", m["accuracy"], "after", m["global_step"], "steps")
'
.build/release/est predict "$ws" --data "$ws/data/eval.csv" --keys classes --json | python3 -c '
import json, sys
p = json.load(sys.stdin)["predictions"]
assert len(p) == 30 and all(set(r) == {"classes"} for r in p), p[:2]
print("e2e: predict gave", len(p), "rows")
'
.build/release/est checkpoints "$ws" --json | python3 -c '
import json, sys
c = json.load(sys.stdin)["checkpoints"]
steps = [x["step"] for x in c]
# keep_checkpoint_max = 5 keeps the newest five, and the best-evaluated one when it is older (est keeps its best).
assert steps[-5:] == [600, 700, 800, 900, 1000] and len(steps) <= 6, c
if len(steps) == 6:
    acc = lambda x: x["evaluations"].get("eval", {}).get("accuracy", -1)
    assert acc(c[0]) >= max(acc(x) for x in c[1:]), c
assert "accuracy" in c[-1]["evaluations"]["eval"], c[-1]
print("e2e: checkpoints listed with their evaluation")
'
# Bad workspace: one error line naming the key and line, non-zero exit.
printf 'name = "x"\n[data]\ntrain = "data/train.csv"\nlabel = "species"\n[estimator]\nhiden_units = [3]\n' > "$ws/workspace.toml"
set +e; .build/release/est train "$ws" 2>/tmp/est-e2e-err; rc=$?; set -e
[ "$rc" = 2 ] || { echo "e2e: a bad workspace key exited $rc, not 2" >&2; exit 1; }
grep -q "workspace.toml:6: error: unknown key 'hiden_units' in \[estimator\]" /tmp/est-e2e-err || { echo "e2e: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
grep -q "did you mean 'hidden_units'" /tmp/est-e2e-err || { echo "e2e: no closest key in: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
echo "e2e: bad workspace key reported with its line, the closest key and exit code 2"

# kill -9 during training (checkpoints every 100 steps) leaves a readable checkpoint, and training resumes from it.
cp workspaces/iris/workspace.toml "$ws/workspace.toml"
rm -rf "$ws/runs"
.build/release/est train "$ws" --steps 1000000 > /dev/null &
pid=$!
sleep 2
kill -9 $pid
wait $pid 2>/dev/null || true
step=$(.build/release/est checkpoints "$ws" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["checkpoints"][-1]["step"])')
[ "$step" -gt 0 ] || { echo "e2e: no checkpoint after kill" >&2; exit 1; }
.build/release/est evaluate "$ws" --json > /dev/null
grep -q "from step $step to $((step + 50))" <<< "$(.build/release/est train "$ws" --steps $((step + 50)) | sed -n 1p)" || { echo "e2e: did not resume from $step" >&2; exit 1; }
echo "e2e: killed at about step $step; the checkpoint was readable and training resumed from it"

# Two est train on one model_dir: the second exits 1 with one line naming the first's pid, and writes nothing there.
.build/release/est train "$ws" --steps 100000000 --model-dir "$ws/runs/race" --no-eval > /dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do grep -qs "\"pid\":$pid," "$ws/runs/race/.est-train.lock" && break; sleep 0.1; done
expect_exit 1 "is being trained by pid $pid on host" train "$ws" --steps 5 --model-dir "$ws/runs/race"
[ "$(wc -l < /tmp/est-e2e-err)" = 1 ] || { echo "e2e: the refusal is not one line: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
grep -qF "stop it (kill $pid)" /tmp/est-e2e-err || { echo "e2e: the refusal gives no hint: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
kill -INT $pid; wait $pid 2>/dev/null || true
# No half checkpoint: every sidecar has its weights and every weights file its sidecar.
for f in "$ws/runs/race"/model.ckpt-*; do
    [ -e "${f%.*}.json" ] && [ -e "${f%.*}.safetensors" ] || { echo "e2e: half checkpoint $f in the raced model_dir" >&2; exit 1; }
done
# Once the first has stopped, training there works again (after kill -9 too: the resume check above).
grep -q "done: model_dir" <<< "$(.build/release/est train "$ws" --steps 5 --model-dir "$ws/runs/race")" || { echo "e2e: train after the race" >&2; exit 1; }
echo "e2e: a second est train on a model_dir is refused with the first's pid (exit 1, one line)"

# Ctrl-C (SIGINT) during train: stops after a step with a checkpoint and exits 130.
.build/release/est train "$ws" --steps 1000000 --model-dir "$ws/runs/interrupted" > /dev/null 2>/tmp/est-e2e-err &
pid=$!
sleep 2
kill -INT $pid
rc=0; wait $pid || rc=$?
[ "$rc" = 130 ] || { echo "e2e: SIGINT exit code $rc, not 130: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
grep -q "interrupted at step" /tmp/est-e2e-err || { echo "e2e: SIGINT: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
ls "$ws/runs/interrupted"/model.ckpt-* > /dev/null || { echo "e2e: no checkpoint after SIGINT" >&2; exit 1; }
echo "e2e: SIGINT stopped training with a checkpoint and exit code 130"

# A label outside the given vocabulary: the value and its line, before any training.
printf 'name = "x"\n[data]\ntrain = "data/train.csv"\nlabel = "species"\n[estimator]\nlabel_vocabulary = ["setosa", "versicolor"]\n' > "$ws/workspace.toml"
if .build/release/est train "$ws" --model-dir "$ws/runs/other" 2>/tmp/est-e2e-err; then echo "e2e: bad label accepted" >&2; exit 1; fi
grep -q "data/train.csv:82: error: label 'virginica' is not in label_vocabulary" /tmp/est-e2e-err || { echo "e2e: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
echo "e2e: a label outside the vocabulary is reported with its line"
# --model-dir alone finds its workspace through estimator.json.
cp workspaces/iris/workspace.toml "$ws/workspace.toml"
grep -q '"accuracy"' <<< "$(.build/release/est evaluate --model-dir "$ws/runs/main" --json)" || { echo "e2e: evaluate --model-dir" >&2; exit 1; }
echo "e2e: evaluate --model-dir works without the workspace argument"
# A run made with --set stays usable: est evaluate --model-dir rebuilds its own model from its estimator.json (saying how it
# differs from the workspace), est train continues it, and a --set asking for another model there names a free run.
.build/release/est train "$ws" --steps 50 --set 'estimator.hidden_units=[16,8]' --model-dir "$ws/runs/big" > /dev/null
.build/release/est evaluate --model-dir "$ws/runs/big" --json 2>/tmp/est-e2e-err | python3 -c '
import json, sys
m = json.load(sys.stdin)
assert m["global_step"] == 50 and "accuracy" in m, m
'
grep -q "hidden_units \[16,8\] there, \[10,10\] in the workspace" /tmp/est-e2e-err \
    || { echo "e2e: no difference note: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
grep -q "from step 50 to 60" <<< "$(.build/release/est train "$ws" --steps 60 --model-dir "$ws/runs/big" 2>/dev/null | sed -n 1p)" \
    || { echo "e2e: train --model-dir did not continue the run's own model" >&2; exit 1; }
if .build/release/est train "$ws" --steps 70 --set 'estimator.hidden_units=[4]' --model-dir "$ws/runs/big" > /dev/null 2>/tmp/est-e2e-err; then
    echo "e2e: trained another model over runs/big" >&2; exit 1
fi
grep -q "dnn/hiddenlayer_0/kernel: checkpoint \[4, 16\], model \[4, 4\]" /tmp/est-e2e-err \
    && grep -q -- "--model-dir $ws/runs/big-2" /tmp/est-e2e-err \
    || { echo "e2e: clash message: $(cat /tmp/est-e2e-err)" >&2; exit 1; }
echo "e2e: a run made with --set is evaluated and continued from its estimator.json; a clash names a free run"

# Every bundled workspace trains with its defaults to its reference quality (docs/results.md).
check() {   # workspace metric threshold [extra args]
    local name=$1 metric=$2 threshold=$3; shift 3
    local dir; dir=$(mktemp -d)/$name
    cp -r "workspaces/$name" "$dir"; rm -rf "$dir/runs"
    .build/release/est train "$dir" "$@" --json > /dev/null
    .build/release/est evaluate "$dir" "$@" --json | python3 -c "
import json, sys
m = json.load(sys.stdin)
v = m['$metric'] if '$metric' != 'rmse' else m['average_loss'] ** 0.5
ok = v >= $threshold if '$metric' != 'rmse' else v <= $threshold
assert ok, ('$name $*', '$metric', v)
print('e2e: $name $* $metric', round(v, 4))
"
}
check penguins accuracy 0.95
check titanic accuracy 0.80
check titanic accuracy 0.80 --set estimator.kind=BoostedTreesClassifier
check auto_mpg rmse 2.6
check digits accuracy 0.95
