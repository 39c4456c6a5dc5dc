#!/bin/bash
# `hypershap aggregate` as users call it: two runs of the Table 1 job (seeds 1 and 2) aggregated
# into a store that inspect and explain read; its usage and input errors with their exit codes.
#
#   aggregate_cli_test.sh HYPERSHAP SOURCE_DIR WORK_DIR

set -uo pipefail
hypershap="$1"
job="$2/jobs/table1-sensitivity.toml"
work="$3"
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "FAIL: $*"
  exit 1
}
expect() {  # CODE PATTERN COMMAND...: the command exits with CODE and its output matches PATTERN
  local code=$1 pattern=$2 out actual
  shift 2
  out="$("$@" 2>&1)"
  actual=$?
  [[ $actual -eq $code ]] || fail "'$*' exited with $actual, not $code: $out"
  grep -q -e "$pattern" <<<"$out" || fail "'$*' printed no '$pattern': $out"
}

for seed in 1 2; do
  "$hypershap" run "$job" --no-progress --set "job.seed=$seed" --set "job.output=$work/seed$seed.h5" \
    >"$work/run$seed.log" 2>&1 || fail "hypershap run (seed $seed) failed: $(tail -3 "$work/run$seed.log")"
done
expect 0 "game 'tunability-median' (tunability, 2 players" \
  "$hypershap" aggregate "$work/seed1.h5" "$work/seed2.h5" --game tunability --op median -o "$work/median.h5"
expect 0 '"name":"tunability-median"' "$hypershap" inspect "$work/median.h5" --format json
expect 0 '"index":"SV"' "$hypershap" explain "$work/median.h5" --index SV --format json
expect 0 'tunability-quantile0.75' \
  "$hypershap" aggregate "$work/seed1.h5" "$work/seed2.h5" --game tunability --op quantile:0.75 \
  --index SV --order 1 -o "$work/q.h5"
expect 3 "holds 2 games .* choose one with --game" \
  "$hypershap" aggregate "$work/seed1.h5" "$work/seed2.h5" -o "$work/x.h5"
expect 3 "use mean, median, min, max or quantile:Q" \
  "$hypershap" aggregate "$work/seed1.h5" --game tunability --op average -o "$work/x.h5"
expect 2 "output is required" "$hypershap" aggregate "$work/seed1.h5" --game tunability
expect 4 "no such store" "$hypershap" aggregate "$work/missing.h5" -o "$work/x.h5"
[[ ! -e "$work/x.h5" ]] || fail "a refused aggregate left $work/x.h5"
echo "hypershap aggregate: all CLI checks passed"
