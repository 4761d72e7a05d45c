#!/usr/bin/env bash
# First page on a real terminal: the time from starting `est FILE.csv` (and, with a VisiData Python, `vd FILE.csv`)
# in a 120x40 tmux window until the first data row's first cell is on the screen, polled every 5 ms; median of 5.
# Usage: scripts/bench/tui-data-screen.sh FILE.csv [VISIDATA_BIN]     (run from the repository, after a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
file=$(realpath "$1"); vd=${2:-}
est="$PWD/.build/release/est"
cell=$(sed -n 2p "$file" | cut -d, -f1)
tmp=$(mktemp -d); n=0; sock="est-bench-$$-0"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
first_page() {   # COMMAND…: seconds until $cell shows
    tmux -L "$sock" kill-server 2>/dev/null || true
    n=$((n + 1)); sock="est-bench-$$-$n"   # a fresh server each time: a dying one refuses new sessions
    local start; start=$(date +%s.%N)
    tmux -L "$sock" new-session -d -s b -x 120 -y 40 -c "$tmp" "env TERM=xterm-256color XDG_DATA_HOME=$tmp/data $*; sleep 30"
    until tmux -L "$sock" capture-pane -p -t b 2>/dev/null | sed -n '3,8p' | grep -qF -- "$cell"; do sleep 0.005; done
    awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.3f\n", a - b }'
}
median() { sort -n | sed -n 3p; }
# A copy of the file in a writable folder of its own (est plans its workspace beside it; nothing is written).
ln -s "$file" "$tmp/data.csv"
e=$(for _ in 1 2 3 4 5; do first_page "$est" "$tmp/data.csv"; done | median)
echo "est first page on screen: ${e}s (median of 5; $(basename "$file"), cell '$cell')"
if [ -n "$vd" ]; then
    v=$(for _ in 1 2 3 4 5; do first_page "$vd" "$tmp/data.csv"; done | median)
    echo "vd  first page on screen: ${v}s (median of 5)"
fi
