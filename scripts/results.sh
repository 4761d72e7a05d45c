#!/usr/bin/env bash
# Trains every canned estimator with its defaults on every bundled dataset of its task and
# prints one JSON line per run (the numbers of docs/results.md). Needs the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
run() {   # workspace kind [extra --set ...]
    local ws=$1 kind=$2; shift 2
    local dir="workspaces/$ws/runs/results-$kind"
    rm -rf "$dir"
    .build/release/est train "workspaces/$ws" --model-dir "$dir" --set estimator.kind=$kind "$@" --json > /dev/null
    .build/release/est evaluate "workspaces/$ws" --model-dir "$dir" --set estimator.kind=$kind "$@" --json |
        python3 -c "import json,sys; m=json.load(sys.stdin); m['workspace']='$ws'; m['kind']='$kind'; print(json.dumps(m))"
}
for ws in iris penguins titanic digits; do
    for kind in LinearClassifier DNNClassifier DNNLinearCombinedClassifier BoostedTreesClassifier BaselineClassifier; do run $ws $kind; done
done
for kind in LinearRegressor DNNRegressor DNNLinearCombinedRegressor BoostedTreesRegressor BaselineRegressor; do run auto_mpg $kind; done
