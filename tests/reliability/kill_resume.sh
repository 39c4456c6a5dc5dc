#!/usr/bin/env bash
# Kill and resume at random moments (issue 12, item 6), and the latency of a stop signal. Prints
# figures; not a CTest test in full (a short variant is: --quick).
#
#   kill_resume.sh HYPERSHAP WORKDIR [--kills N] [--quick] [--mpiexec MPIEXEC] [--lcbench JOB]
#
# 1. Reference: the job run once without interruption.
# 2. Kills: the same job, started again and again with SIGKILL after a random 0.1-1.5 s (for 2
#    ranks: a random one of the master, the worker or mpiexec, then the rest, as a scheduler
#    tears a job down), until a run ends by itself; each store is then compared with the
#    reference bit for bit (values, configurations, evaluations, explanations) and `hypershap
#    check`ed. 1 rank and 2 ranks (mpiexec -n 2), N kills in all (default 60).
# 3. Latency: a fresh run of the lcbench Tunability job (../shared) gets SIGTERM at moments from
#    its first second on; the time from the signal to the exit (75) is printed.
set -u
hypershap=$1
work=$2
shift 2
kills=60
quick=0
mpiexec=$(command -v mpiexec || true)
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
lcbench=$source_dir/jobs/lcbench-tunability.toml
while [ $# -gt 0 ]; do
  case $1 in
    --kills) kills=$2; shift ;;
    --quick) quick=1 ;;
    --mpiexec) mpiexec=$2; shift ;;
    --lcbench) lcbench=$2; shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
  shift
done
[ "$quick" -eq 1 ] && kills=6
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
rm -rf "$work"
mkdir -p "$work"
job=$source_dir/jobs/default.toml
failures=0

same_as_reference() {  # $1: store; compares it with $work/reference.h5 bit for bit
  /usr/bin/python3 - "$work/reference.h5" "$1" <<'PY'
import sys
import h5py
import numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
problems = []
for g in a["games"]:
    ga, gb = a["games"][g], b["games"][g]
    if not gb["done"][()].all():
        problems.append(f"{g}: not complete")
    for name in ["values", "best_configurations", "evaluations"]:
        if name in ga and ga[name][()].tobytes() != gb[name][()].tobytes():
            problems.append(f"{g}/{name} differs")
    for e in ga["explanations"]:
        if ga["explanations"][e]["values"][()].tobytes() != gb["explanations"][e]["values"][()].tobytes():
            problems.append(f"{g}/explanations/{e} differs")
print("; ".join(problems) if problems else "identical")
sys.exit(1 if problems else 0)
PY
}

"$hypershap" run "$job" --set "job.output=\"$work/reference.h5\"" --no-progress >"$work/reference.log" 2>&1 ||
  { cat "$work/reference.log"; echo "the reference run failed"; exit 1; }

# run_killed RANKS STORE: runs the job into STORE, killing it at random moments until it ends by
# itself; adds the kills to $killed.
killed=0
run_killed() {
  local ranks=$1 store=$2 round=0
  while :; do
    round=$((round + 1))
    if [ "$round" -gt 40 ]; then echo "FAIL: $store did not complete in 40 starts"; tail -3 "$store.log"; return 1; fi
    local command=("$hypershap" run "$job" --set "job.output=\"$store\"" --no-progress)
    [ "$ranks" -gt 1 ] && command=("$mpiexec" -n "$ranks" "${command[@]}")
    setsid "${command[@]}" >>"$store.log" 2>&1 &
    local pid=$!
    local delay
    # a random moment in the first 1.5 s, the window widened by 10% a start after the tenth: on a
    # loaded machine the ranks' start-up alone can take longer, and every start would be killed
    # before it stores anything
    delay=$(awk -v seed="$RANDOM" -v round="$round" \
      'BEGIN { srand(seed); w = round > 10 ? 1 + (round - 10) / 10 : 1; printf "%.2f", (0.1 + 1.4 * rand()) * w }')
    sleep "$delay"
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid"
      local code=$?
      if [ "$code" -ne 0 ]; then echo "FAIL: the run ended with $code"; tail -5 "$store.log"; return 1; fi
      return 0
    fi
    local target=$pid
    if [ "$ranks" -gt 1 ]; then  # the master, the worker or mpiexec itself
      local ranks_pids
      ranks_pids=($(pgrep -P "$pid" -f "hypershap run" || true))
      local pick=$((RANDOM % (${#ranks_pids[@]} + 1)))
      [ "$pick" -lt "${#ranks_pids[@]}" ] && target=${ranks_pids[$pick]}
    fi
    kill -KILL "$target" 2>/dev/null
    sleep 0.2
    kill -KILL -- "-$pid" 2>/dev/null  # the rest of the job, as a scheduler would
    { wait "$pid"; } 2>/dev/null
    killed=$((killed + 1))
  done
}

for ranks in 1 2; do
  [ "$ranks" -gt 1 ] && [ -z "$mpiexec" ] && { echo "no mpiexec: 2 ranks skipped"; continue; }
  target_kills=$(( ranks == 1 ? (kills + 1) / 2 : kills / 2 ))
  start_kills=$killed
  stores=0
  while [ $((killed - start_kills)) -lt "$target_kills" ]; do
    stores=$((stores + 1))
    store=$work/killed-$ranks-$stores.h5
    run_killed "$ranks" "$store" || { failures=$((failures + 1)); continue; }
    result=$(same_as_reference "$store") || failures=$((failures + 1))
    "$hypershap" check "$store" >/dev/null 2>&1 || { failures=$((failures + 1)); result="$result; check failed"; }
    echo "$ranks rank(s), store $stores: $(( killed - start_kills )) kills so far; $result"
  done
done
echo "kills survived: $killed SIGKILLs at random moments (1 and 2 ranks), $failures failures"

# --- stop-signal latency on a fresh lcbench run
if [ ! -d "$source_dir/../shared/data/yahpo_lcbench" ]; then
  echo "latency: skipped (../shared/data/yahpo_lcbench is missing)"
else
  moments=(1.0 1.5 2.5 4.0 6.0)
  [ "$quick" -eq 1 ] && moments=(1.5)
  worst=0
  for moment in "${moments[@]}"; do
    store=$work/latency-$moment.h5
    "$hypershap" run "$lcbench" --set "job.output=\"$store\"" --no-progress >"$store.log" 2>&1 &
    pid=$!
    sleep "$moment"
    sent=$(date +%s.%N)
    kill -TERM "$pid"
    wait "$pid"
    code=$?
    ended=$(date +%s.%N)
    latency=$(awk -v a="$sent" -v b="$ended" 'BEGIN { printf "%.2f", b - a }')
    done_count=$(/usr/bin/python3 -c "import h5py; print(int(h5py.File('$store','r')['games/tunability/done'][()].sum()))" 2>/dev/null || echo "?")
    echo "latency: SIGTERM at ${moment} s after the start: exit $code after ${latency} s ($done_count coalitions stored)"
    [ "$code" -eq 75 ] || [ "$code" -eq 0 ] || failures=$((failures + 1))
    worst=$(awk -v a="$worst" -v b="$latency" 'BEGIN { print (b > a ? b : a) }')
  done
  echo "latency: worst ${worst} s from SIGTERM to exit over ${#moments[@]} fresh lcbench runs"
fi
[ "$failures" -eq 0 ]
