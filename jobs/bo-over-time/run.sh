#!/usr/bin/env bash
# HyperSHAP Section 6.4, "Explaining Bayesian Optimization": hypershap's BO on the lcbench
# surrogate, then the Tunability game on its Gaussian process at each snapshot of the budget, and
# one report with the games side by side (how the explanation changes as the budget grows).
#   jobs/bo-over-time/run.sh [HYPERSHAP] [OUTDIR]     (defaults: build/release/hypershap, out/bo-over-time)
# Needs ../shared/data/yahpo_lcbench beside the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
hypershap=${1:-$here/../../build/release/hypershap}
out=${2:-$here/../../out/bo-over-time}
mkdir -p "$out"
"$hypershap" optimize "$here/optimize-lcbench.toml" --set "job.output=$out/optimize.h5"
stores=()
for trials in 25 50 100 200; do
  "$hypershap" run "$here/explain-snapshot.toml" --set "model.history=$out/optimize.h5" \
    --set "model.trials=$trials" --set "job.output=$out/snapshot-$trials.h5" --no-progress
  stores+=("$out/snapshot-$trials.h5")
done
"$hypershap" report "${stores[@]}" --game tunability -o "$out/report"
echo "report: $out/report/index.html"
