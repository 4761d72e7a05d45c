# Shared by the tmux end-to-end scripts (sourced): a tmux server per run, polling the pane with a deadline.
# The sourcing script sets tmp (a scratch folder), run (a counter bumped for each fresh server) and NAME (its name
# in messages).
sock() { echo "est-e2e-$$-$run"; }
t() { tmux -L "$(sock)" "$@"; }
fail() { echo "$NAME: $1" >&2; echo "--- screen ---" >&2; t capture-pane -p -t est >&2 || true; exit 1; }
# screen [-e]: the pane's text (with escape codes under -e) in a file, so grep -q never breaks a pipe.
# has_colour FILE: any SGR colour parameter (30–38, 40–48, 90–97, 100–107; 39/49 are resets).
has_colour() {
    local params
    params=$(grep -oE $'\e\\[[0-9;]*m' "$1" | tr -d $'\e[m' | tr ';' '\n' || true)
    grep -qE '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' <<< "$params"
}
screen() { t capture-pane -p "$@" -t est > "$tmp/pane" 2>/dev/null || true; echo "$tmp/pane"; }
# wait_for TEXT [SECONDS]: polls the pane until it shows TEXT.
wait_for() {
    local deadline=$((SECONDS + ${2:-60}))
    while ((SECONDS < deadline)); do
        t capture-pane -p -t est > "$tmp/pane" 2>/dev/null || true; grep -qF -- "$1" "$tmp/pane" && return 0
        sleep 0.2
    done
    fail "timed out waiting for '$1'"
}
# wait_gone TEXT [SECONDS]: polls the pane until it no longer shows TEXT.
wait_gone() {
    local deadline=$((SECONDS + ${2:-20}))
    while ((SECONDS < deadline)); do
        t capture-pane -p -t est > "$tmp/pane" 2>/dev/null || true; grep -qF -- "$1" "$tmp/pane" || return 0
        sleep 0.2
    done
    fail "'$1' is still on the screen"
}
wait_exit() {
    local deadline=$((SECONDS + ${1:-30}))
    while ((SECONDS < deadline)); do [ -f "$tmp/exit" ] && return 0; sleep 0.2; done
    fail "est did not exit"
}
