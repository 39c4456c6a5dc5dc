#!/usr/bin/env bash
# Benchmark (not a test): wall time of `hypershap run` on one process for the lcbench Tunability
# job (7 players, 128 coalitions, 10,000 samples) and random-forest Tunability jobs with 10 and 14
# players, and of the lcbench job on 1 and 2 ranks (speed-up, master's share).
#   tests/benchmarks/bench_run.sh [build/release]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
hypershap=$build/hypershap
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1

time_run() {  # label, then the command; prints label and seconds
  local label=$1
  shift
  local start end
  start=$(date +%s%N)
  "$@" --no-progress >"$out/$label.log" 2>&1
  end=$(date +%s%N)
  printf '%-34s %8d ms   %s\n' "$label" $(((end - start) / 1000000)) \
    "$(grep -h "^schedule:" "$out/$label.log" || true)"
}

echo "hypershap run, one process unless noted ($(nproc) cores, $(date -u +%FT%TZ))"
time_run "lcbench tunability n=7" "$hypershap" run "$root/jobs/lcbench-tunability.toml" \
  --set "job.output=$out/lcbench.h5"
time_run "random forest tunability n=10" "$hypershap" run "$here/jobs/forest-n10.toml" \
  --set "job.output=$out/n10.h5"
time_run "random forest tunability n=14" "$hypershap" run "$here/jobs/forest-n14.toml" \
  --set "job.output=$out/n14.h5"
time_run "lcbench tunability n=7, 2 ranks" mpiexec -n 2 "$hypershap" run \
  "$root/jobs/lcbench-tunability.toml" --set "job.output=$out/lcbench2.h5"
