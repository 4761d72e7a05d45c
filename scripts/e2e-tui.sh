#!/usr/bin/env bash
# End-to-end journeys of the real workbench in tmux: open workspaces/iris, train until the chart
# shows an eval accuracy, evaluate a checkpoint, quit with the terminal restored; the same under
# NO_COLOR=1 without any colour codes; nothing written over the screen (a corrupt checkpoint's warning, stray
# stderr, Ctrl-L); too-small resize; SIGTERM; ASCII locale; no TTY.
# Polls the screen with a deadline (never sleeps then asserts).
set -euo pipefail
cd "$(dirname "$0")/.."
est="$PWD/.build/release/est"
command -v tmux >/dev/null || { echo "e2e-tui: tmux is missing (scripts/packages.txt installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
run=0
NAME=e2e-tui
# shellcheck source=scripts/tui-lib.sh
source scripts/tui-lib.sh
bg=""   # a background est train (1c), killed on any exit
cleanup() { [ -z "$bg" ] || kill -9 "$bg" 2>/dev/null || true; t kill-server 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
utf8=$(locale -a 2>/dev/null | grep -i -m1 -E '^c\.utf-?8$' || true)
utf8=${utf8:-C.UTF-8}

# intact [TEXT]: the header is the first line, the status bar the last, and TEXT (if given) only inside a box; polled
# for a few seconds (a repaint may be under way when the pane is captured), then a failure saying which.
intact_once() {
    local pane; pane=$(screen)
    head -1 "$pane" | grep -q "1 Data   2 Model" || { echo "the first line is not the header"; return 1; }
    grep -v '^$' "$pane" | tail -1 | grep -q "^ Train │" || { echo "the last line is not the status bar"; return 1; }
    if [ -n "${1:-}" ] && grep -F -- "$1" "$pane" | grep -qv '^│.*│$'; then echo "'$1' outside the log pane"; return 1; fi
    return 0
}
intact() {
    local deadline=$((SECONDS + 5)) why
    until why=$(intact_once "$@"); do ((SECONDS < deadline)) || fail "$why"; sleep 0.2; done
}
# start NAME ENV...: a fresh copy of workspaces/iris in a 120x40 tmux window running est open.
start() {
    rm -rf "$tmp/ws" "$tmp/exit" "$tmp/data"
    mkdir -p "$tmp/ws"
    cp -r workspaces/iris/workspace.toml workspaces/iris/data "$tmp/ws/"
    t kill-server 2>/dev/null || true
    run=$((run + 1))   # a fresh tmux server each time: a dying one refuses new sessions
    t new-session -d -s est -x 120 -y 40 "env XDG_DATA_HOME=$tmp/data $* $est open $tmp/ws 2>$tmp/stderr; echo EXIT=\$? > $tmp/exit; sleep 60"
}

# 1. The journey, with colours.
start LANG="$utf8" TERM=xterm-256color
wait_for "4 Train"
wait_for "s starts training"
t send-keys -t est 4 s
wait_for "Train from step 0 to 1 000 in "   # s asks first, with the target and the model_dir
t send-keys -t est y
wait_for "finished at 1000" 120
wait_for "best 1@"   # the accuracy chart marks its best eval point (iris reaches 1.0 on eval early)
grep -q "eval 0.9" "$(screen)" || fail "no eval accuracy on the chart"
has_colour "$(screen -e)" || fail "no colour codes with colours on"
t send-keys -t est 5
wait_for "model.ckpt-1000.safetensors"
t send-keys -t est g e
t send-keys -t est 4
wait_for "evaluated step " 60   # the top row: the oldest kept (the best-evaluated one is kept too)
# Too small, then back.
t resize-window -t est -x 70 -y 20
wait_for "est needs a terminal of at least 80×24; this one is 70×20"
t resize-window -t est -x 120 -y 40
wait_for "4 Train"
t send-keys -t est q
wait_exit
grep -q "EXIT=0" "$tmp/exit" || fail "exit code $(cat "$tmp/exit")"
[ "$(t display -p -t est '#{alternate_on}')" = 0 ] || fail "the terminal was left in the alternate screen"
wait_for "est: model_dir"
[ -s "$tmp/stderr" ] && fail "stderr: $(cat "$tmp/stderr")"
echo "e2e-tui: journey ok"

# 1b. A run started elsewhere (est train in another terminal) is watched the same way.
start LANG="$utf8" TERM=xterm-256color
wait_for "s starts training"
"$est" train "$tmp/ws" --steps 4000 > /dev/null
wait_for "training elsewhere (watching)"
wait_for "train 0.0"     # the loss chart's legend: the other run's loss, read from its event files
t send-keys -t est q
wait_exit
echo "e2e-tui: watching another run ok"

# 1c. Nothing over the screen. stderr is the terminal here, as for a user. A corrupt newest checkpoint: its
# warning is in the log pane, not on the screen; a write to est's stderr from outside becomes a log line; a write
# to the terminal itself is cleared by Ctrl-L; both warnings are in the workspace's log file.
rm -rf "$tmp/ws" "$tmp/exit" "$tmp/data"; mkdir -p "$tmp/ws"
cp -r workspaces/iris/workspace.toml workspaces/iris/data "$tmp/ws/"
"$est" train "$tmp/ws" --steps 200 > /dev/null
printf 'not a checkpoint' > "$tmp/ws/runs/main/model.ckpt-200.safetensors"
t kill-server 2>/dev/null || true; run=$((run + 1))
t new-session -d -s est -x 120 -y 40 \
    "env LANG=$utf8 TERM=xterm-256color $est open $tmp/ws --set run.steps=100000000; echo EXIT=\$? > $tmp/exit; sleep 60"
wait_for "s starts training"
t send-keys -t est s
wait_for "(y/n)"
t send-keys -t est y
wait_for "model.ckpt-200.safetensors is unreadable"
wait_for "training from step 100"
intact "is unreadable"
echo "stray line from outside" > "/proc/$(pgrep -f "^$est open $tmp/ws")/fd/2"
wait_for "stderr: stray line from outside"
intact "stray line"
printf '\033[1;1HWRITTEN-OVER-THE-SCREEN\r\n' > "$(t display -p -t est '#{pane_tty}')"
wait_for "WRITTEN-OVER-THE-SCREEN"
t send-keys -t est C-l
wait_gone "WRITTEN-OVER-THE-SCREEN"
intact
t send-keys -t est s
wait_for "s start  p pause"
t send-keys -t est q
wait_exit
wait_for "were written to stderr while the workbench ran; they are in $tmp/ws/runs/workbench.log"
grep -q "WARN  checkpoint .*model.ckpt-200.safetensors is unreadable" "$tmp/ws/runs/workbench.log" || fail "no warning in the log file"
grep -q "WARN  stderr: stray line from outside" "$tmp/ws/runs/workbench.log" || fail "no captured line in the log file"
echo "e2e-tui: nothing over the screen ok"

# 1d. Two trainers, one model_dir: est train runs in the background; in the workbench s, then r on the newest
# checkpoint, are refused by the model_dir's lock with that trainer's pid, and nothing is written there twice.
start LANG="$utf8" TERM=xterm-256color
wait_for "s starts training"
# One checkpoint (step 0) while it runs, so the newest checkpoint stays the same while r is pressed.
"$est" train "$tmp/ws" --steps 100000000 --no-eval --set run.save_checkpoints_steps=100000000 > /dev/null 2>&1 &
bg=$!
for _ in $(seq 100); do
    grep -qs "\"pid\":$bg," "$tmp/ws/runs/main/.est-train.lock" && [ -e "$tmp/ws/runs/main/model.ckpt-0.safetensors" ] && break
    sleep 0.1
done
# refusals: how many refusals naming the trainer the workbench logged (its log file has every line, shown or scrolled).
refusals() { local c; c=$(grep -c -F "being trained by pid $bg" "$tmp/ws/runs/workbench.log" 2>/dev/null) || true; echo "${c:-0}"; }
# until_refused KEYS…: presses KEYS and answers y if the workbench asks (it asks when it has not yet seen the other
# trainer's lock: the run is then refused by the lock itself), until one more refusal is logged.
until_refused() {
    local n; n=$(refusals)
    t send-keys -t est "$@"
    local deadline=$((SECONDS + 30))
    until (( $(refusals) > n )); do
        ((SECONDS < deadline)) || fail "'$*' was not refused with pid $bg"
        grep -qF "(y/n)" "$(screen)" && t send-keys -t est y
        sleep 0.2
    done
}
until_refused s
wait_for "being trained by pid $bg"
t send-keys -t est 5
wait_for "model.ckpt-0.safetensors"
until_refused G r
kill -INT "$bg"; wait "$bg" 2>/dev/null || true; bg=""
for f in "$tmp/ws/runs/main"/model.ckpt-*; do
    [ -e "${f%.*}.json" ] && [ -e "${f%.*}.safetensors" ] || fail "half checkpoint $f after the race"
done
ls -d "$tmp/ws/runs"/main-* 2>/dev/null && fail "r started a branch instead of being refused"
t send-keys -t est q
wait_exit
echo "e2e-tui: a second trainer in the workbench is refused with the first's pid"

# 2. NO_COLOR: the same screens without a single colour code.
start LANG="$utf8" TERM=xterm-256color NO_COLOR=1
wait_for "4 Train"
t send-keys -t est s
wait_for "(y/n)"
t send-keys -t est y
wait_for "finished at 1000" 120
wait_for "best 1@"
if has_colour "$(screen -e)"; then fail "colour codes under NO_COLOR"; fi
t send-keys -t est 5
wait_for "model.ckpt-1000.safetensors"
if has_colour "$(screen -e)"; then fail "colour codes under NO_COLOR (checkpoints)"; fi
t send-keys -t est q      # back to Train (the root)
wait_for "smoothing"
t send-keys -t est q      # quit
wait_exit
echo "e2e-tui: NO_COLOR ok"

# 3. SIGTERM while training: the terminal is restored, the last checkpoint is good.
start LANG="$utf8" TERM=xterm-256color
wait_for "4 Train"
t send-keys -t est s
wait_for "(y/n)"
t send-keys -t est y
wait_for "running" 30
pkill -TERM -f "^$est open $tmp/ws"   # the est process itself, not the shell around it
wait_exit
[ "$(t display -p -t est '#{alternate_on}')" = 0 ] || fail "SIGTERM left the alternate screen on"
grep -q '"step"' <<< "$("$est" checkpoints "$tmp/ws" --json)" || fail "no readable checkpoint after SIGTERM"
echo "e2e-tui: SIGTERM ok"

# 3a. SIGINT from outside with nothing running: quits, terminal restored.
start LANG="$utf8" TERM=xterm-256color
wait_for "s starts training"
pkill -INT -f "^$est open $tmp/ws"
wait_exit
[ "$(t display -p -t est '#{alternate_on}')" = 0 ] || fail "SIGINT left the alternate screen on"
echo "e2e-tui: SIGINT ok"

# 3b'. A crash (SIGSEGV): the handler ends curses and puts the real stderr back (the capture's pipe drained into it),
# then the process dies of the signal; nothing hangs. No core file (the tmux server started next inherits the limit).
ulimit -c 0
start LANG="$utf8" TERM=xterm-256color
wait_for "s starts training"
pkill -SEGV -f "^$est open $tmp/ws"
wait_exit
grep -q "EXIT=139" "$tmp/exit" || fail "a crash exited with $(cat "$tmp/exit")"
[ "$(t display -p -t est '#{alternate_on}')" = 0 ] || fail "a crash left the alternate screen on"
echo "e2e-tui: crash ok"

# 3b. Ctrl-Z in an interactive shell: the terminal comes back to the shell, fg redraws the workbench.
rm -rf "$tmp/exit"; t kill-server 2>/dev/null || true; run=$((run + 1))
t new-session -d -s est -x 120 -y 40 "env LANG=$utf8 TERM=xterm-256color PS1='shell$ ' bash --norc --noprofile -i"
wait_for 'shell$'
t send-keys -t est "$est open $tmp/ws" Enter
wait_for "4 Train"
t send-keys -t est C-z
wait_for "Stopped"
[ "$(t display -p -t est '#{alternate_on}')" = 0 ] || fail "Ctrl-Z left the alternate screen on"
t send-keys -t est "fg" Enter
wait_for "4 Train"
t send-keys -t est q
wait_for "est: model_dir"
echo "e2e-tui: Ctrl-Z ok"

# 4. A locale without UTF-8: ASCII only.
start LANG=C LC_ALL=C TERM=xterm-256color
wait_for "4 Train"
t send-keys -t est '?'
wait_for "keys - Train"
if LC_ALL=C grep -q -P '[^\x00-\x7F]' "$(screen)"; then fail "non-ASCII output in the C locale"; fi
t send-keys -t est Escape q
wait_exit
echo "e2e-tui: ASCII ok"

# 5. est with no argument outside a workspace: the bundled iris workspace, written from the binary.
scripts/embed-workspace.sh "$tmp/embedded.swift" > /dev/null
cmp -s "$tmp/embedded.swift" Sources/CLI/EmbeddedWorkspace.swift || { echo "e2e-tui: Sources/CLI/EmbeddedWorkspace.swift is stale: run scripts/embed-workspace.sh" >&2; exit 1; }
rm -rf "$tmp/exit" "$tmp/data"; mkdir -p "$tmp/empty"
t kill-server 2>/dev/null || true; run=$((run + 1))
t new-session -d -s est -x 120 -y 40 "cd $tmp/empty && env XDG_DATA_HOME=$tmp/data LANG=$utf8 TERM=xterm-256color $est; echo EXIT=\$? > $tmp/exit; sleep 60"
wait_for "iris · DNNClassifier"
wait_for "$tmp/data/est/workspaces/iris"
cmp -s "$tmp/data/est/workspaces/iris/data/train.csv" workspaces/iris/data/train.csv || fail "the embedded iris data differs from workspaces/iris"
t send-keys -t est q
wait_exit
echo "e2e-tui: default workspace ok"

# 6. Not a terminal: one line, exit code 2.
set +e
"$est" open workspaces/iris < /dev/null > "$tmp/out" 2> "$tmp/err"
code=$?
set -e
[ "$code" = 2 ] || { echo "e2e-tui: no-TTY exit code $code" >&2; exit 1; }
grep -q "needs an interactive terminal" "$tmp/err" && [ "$(wc -l < "$tmp/err")" = 1 ] || { echo "e2e-tui: no-TTY message: $(cat "$tmp/err")" >&2; exit 1; }
echo "e2e-tui: all journeys passed"
