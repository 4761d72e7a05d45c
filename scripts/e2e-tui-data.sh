#!/usr/bin/env bash
# End-to-end journeys of the workbench's data path in tmux (issue 13): `est data.csv` on a fresh CSV outside any
# workspace (nothing written until training, then the workspace beside the file), and a journey on
# workspaces/penguins: open, describe a column, filter, set the label, choose DNNClassifier, preview batches, train,
# quit. Polls the screen with a deadline (never sleeps then asserts).
set -euo pipefail
cd "$(dirname "$0")/.."
est="${EST_BINARY:-$PWD/.build/release/est}"
command -v tmux >/dev/null || { echo "e2e-tui-data: tmux is missing (scripts/packages.txt installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
run=0
NAME=e2e-tui-data
# shellcheck source=scripts/tui-lib.sh
source scripts/tui-lib.sh
cleanup() { t kill-server 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
utf8=$(locale -a 2>/dev/null | grep -i -m1 -E '^c\.utf-?8$' || true)
utf8=${utf8:-C.UTF-8}

# launch DIR ARGS…: est ARGS in a fresh 120x40 tmux window, run from DIR.
launch() {
    local dir=$1; shift
    rm -f "$tmp/exit"
    t kill-server 2>/dev/null || true
    run=$((run + 1))
    t new-session -d -s est -x 120 -y 40 -c "$dir" \
        "env LANG=$utf8 TERM=xterm-256color XDG_DATA_HOME=$tmp/data $est $* 2>$tmp/stderr; echo EXIT=\$? > $tmp/exit; sleep 60"
}

# 1. est data.csv on a fresh CSV: the Data screen first, nothing written; s writes the workspace beside the file, trains.
mkdir -p "$tmp/fresh"
cp workspaces/penguins/data/train.csv "$tmp/fresh/birds.csv"
launch "$tmp/fresh" birds.csv
wait_for "1 Data"
wait_for "bill_length_mm"
wait_for "a new workspace for"
[ -e "$tmp/fresh/birds.est" ] && fail "est open wrote the workspace before a save or a run"
t send-keys -t est 4 s
wait_for "(y/n)"
t send-keys -t est n   # a run declined writes nothing
wait_gone "(y/n)"
[ -e "$tmp/fresh/birds.est" ] && fail "a declined run wrote the workspace"
t send-keys -t est s
wait_for "(y/n)"
t send-keys -t est y
wait_for "training from step 0"
grep -q 'label = "species"' "$tmp/fresh/birds.est/workspace.toml" || fail "the label was not guessed as species"
wait_for "finished at 1000" 180
t send-keys -t est q
wait_exit
grep -q "EXIT=0" "$tmp/exit" || fail "exit code $(cat "$tmp/exit")"
ls "$tmp/fresh/birds.est/runs/main/"model.ckpt-1000.* > /dev/null || fail "no checkpoint beside the CSV"
[ -s "$tmp/stderr" ] && fail "stderr: $(cat "$tmp/stderr")"
echo "e2e-tui-data: est data.csv on a fresh CSV ok"

# 2. workspaces/penguins (a copy whose label and estimator the journey corrects): the table, describe, a filter, the
# label set on Input, DNNClassifier chosen on Model, the preview of what the model sees, a run, quit.
mkdir -p "$tmp/pws"
cp -r workspaces/penguins/workspace.toml workspaces/penguins/data "$tmp/pws/"
sed -i 's/^label = "species"/label = "island"/; s/^kind = "DNNClassifier"/kind = "LinearClassifier"/' "$tmp/pws/workspace.toml"
sed -i '/^hidden_units/d' "$tmp/pws/workspace.toml"
launch "$tmp" open "$tmp/pws"
wait_for "4 Train"
t send-keys -t est 1
wait_for "bill_length_mm"
wait_for "Torgersen"
t send-keys -t est I
wait_for "describe train.csv"
wait_for "flipper_length_mm"
t send-keys -t est Escape
wait_gone "describe train.csv"
t send-keys -t est / Gentoo Enter
wait_for "match /Gentoo/"
t send-keys -t est 3
wait_for "pre-flight"
t send-keys -t est G r r
wait_for "$(printf "%-19sstring label" species)"   # the column table: species is the label
t send-keys -t est 2 g Enter
wait_for "● DNNClassifier"
t send-keys -t est 3 p
wait_for "island_indicator"
t send-keys -t est s
wait_for "(y/n)"
t send-keys -t est y
wait_for "finished at 2000" 180
grep -q 'label = "species"' "$tmp/pws/workspace.toml" || fail "the run did not save the label"
grep -q 'kind = "DNNClassifier"' "$tmp/pws/workspace.toml" || fail "the run did not save the estimator"
grep -q '^# Palmer penguins' "$tmp/pws/workspace.toml" || fail "saving lost the workspace's comments"
t send-keys -t est q
wait_exit
grep -q "EXIT=0" "$tmp/exit" || fail "exit code $(cat "$tmp/exit")"
[ "$(t display -p -t est '#{alternate_on}')" = 0 ] || fail "the terminal was left in the alternate screen"
[ -s "$tmp/stderr" ] && fail "stderr: $(cat "$tmp/stderr")"
echo "e2e-tui-data: penguins journey ok"
