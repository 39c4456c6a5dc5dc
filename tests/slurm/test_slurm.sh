#!/bin/bash
# The slurm/ scripts on a real one-node Slurm cluster (../shared/slurm/slurm-localhost.sh):
#   1. hypershap-run.sbatch on the Table 1 job, 2 tasks: the store equals a run without Slurm;
#   2. submit-array.sh over three lcbench instances and the dependent aggregation: every store
#      complete and finite, the aggregate the per-coalition mean, and explain/inspect read it;
#   3. a running job checkpointed twice, as Slurm would do it: SIGUSR1 to the tasks (what
#      --signal=USR1@120 sends before the time limit; the script requeues itself) and
#      `scontrol requeue`; it ends with the same values as an uninterrupted run.
# Skips (exit 77) when not root, or where the cluster or the lcbench data are missing.
#
#   test_slurm.sh HYPERSHAP SOURCE_DIR SHARED_DIR WORK_DIR

set -uo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: test_slurm.sh HYPERSHAP SOURCE_DIR SHARED_DIR WORK_DIR" >&2
  exit 2
fi
hypershap="$1"
source_dir="$2"
shared_dir="$3"
work="$4"
cluster="$shared_dir/slurm/slurm-localhost.sh"
python=/usr/bin/python3
check="$source_dir/tests/slurm/check_stores.py"
lcbench="$shared_dir/data/yahpo_lcbench"

skip() {
  echo "SKIP: $*"
  exit 77
}
fail() {
  echo "FAIL: $*"
  for log in "$work"/*/*.out; do
    [[ -f "$log" ]] && { echo "---- $log"; tail -n 30 "$log"; }
  done
  # the controller's view of the last job this script submitted (why Slurm killed or held it)
  local controller_log="${SLURM_LOCALHOST_STATE:-/var/tmp/slurm-localhost}/slurmctld.log"
  if [[ -n "${job:-}" && -f "$controller_log" ]]; then
    echo "---- $controller_log, job $job"
    grep -E "JobId=$job( |$)" "$controller_log" | tail -n 20
  fi
  exit 1
}
step() { echo "== $(date -u +%H:%M:%S) $*"; }

[[ $(id -u) -eq 0 ]] || skip "the one-node Slurm cluster needs root"
[[ -x "$cluster" ]] || skip "$cluster is missing"
[[ -f "$lcbench/model.onnx" ]] || skip "the lcbench data ($lcbench) is missing"
"$python" -c 'import h5py, numpy' 2>/dev/null || skip "$python has no h5py/numpy (apt-get install python3-h5py)"

# A cluster that already runs (someone else's) is used and left running; one we start we stop.
started=0
if ! bash "$cluster" status 2>/dev/null | grep -q '^slurmd: running'; then
  started=1
fi
if ! bash "$cluster" start; then
  [[ $started -eq 1 ]] && bash "$shared_dir/slurm/slurm-localhost-stop.sh"
  skip "the one-node Slurm cluster cannot start here (see the messages above)"
fi
stop_cluster() { if [[ $started -eq 1 ]]; then bash "$shared_dir/slurm/slurm-localhost-stop.sh"; fi; }
trap stop_cluster EXIT

rm -rf "$work"
mkdir -p "$work"
export HYPERSHAP="$hypershap"
export HDF5_USE_FILE_LOCKING=FALSE
# 2 tasks on the 2 CPUs of a CI machine, with room for a second job (--overcommit)
sbatch_common=(--parsable --overcommit --ntasks=2 --time=10)

wait_job() {  # JOBID TIMEOUT: the job's exit code
  bash "$cluster" wait "$1" "$2"
}
done_count() {  # STORE: coalitions done so far (0 before the store exists)
  if [[ -f "$1" ]]; then
    "$hypershap" inspect "$1" --format json 2>/dev/null |
      "$python" -c 'import json, sys; print(sum(g["done"] for g in json.load(sys.stdin)["games"]))' 2>/dev/null || echo 0
  else
    echo 0
  fi
}
job_field() {  # JOBID FIELD
  scontrol show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}
wait_progress() {  # JOBID STORE MORE_THAN TIMEOUT: until the running job has stored > MORE_THAN
  local t0=$SECONDS last=""
  while ((SECONDS - t0 < $4)); do
    local state stored
    state="$(job_field "$1" JobState)"
    stored="$(done_count "$2")"
    if [[ "$state" == RUNNING && "$stored" -gt "$3" ]]; then
      echo "$stored"
      return 0
    fi
    if [[ "$state" != "$last" ]]; then
      echo "  $(date -u +%H:%M:%S.%N | cut -c1-12) job $1: $state ($stored stored)" >&2
      last="$state"
    fi
    [[ "$state" == COMPLETED || "$state" == FAILED || "$state" == CANCELLED ]] && return 1
    sleep 0.2
  done
  return 1
}
wait_state() {  # JOBID TIMEOUT STATE...: until the job is in one of the states
  local job=$1 t0=$SECONDS limit=$2
  shift 2
  while ((SECONDS - t0 < limit)); do
    local state
    state="$(job_field "$job" JobState)"
    for wanted in "$@"; do [[ "$state" == "$wanted" ]] && return 0; done
    sleep 0.2
  done
  echo "job $job is $(job_field "$job" JobState), not $* after ${limit}s"
  return 1
}

# ---- 1. one job, one store
step "1. hypershap-run.sbatch on table1-sensitivity"
mkdir -p "$work/single"
"$hypershap" run "$source_dir/jobs/table1-sensitivity.toml" --no-progress \
  --set "job.output=$work/single/reference.h5" >"$work/single/reference.log" 2>&1 ||
  fail "the reference run without Slurm failed: $(tail -5 "$work/single/reference.log")"
job="$(sbatch "${sbatch_common[@]}" -D "$work/single" "$source_dir/slurm/hypershap-run.sbatch" \
  "$source_dir/jobs/table1-sensitivity.toml" --no-progress --set "job.output=$work/single/table1.h5")" ||
  fail "sbatch hypershap-run.sbatch failed"
wait_job "$job" 300 || fail "the single job $job failed"
log="$work/single/hypershap-$job.out"
grep -q "restart 0, 2 task(s)" "$log" || fail "$log has no provenance line with 2 tasks"
grep -q "job file .*table1-sensitivity.toml sha256:[0-9a-f]\{64\}" "$log" || fail "$log has no job hash"
grep -q "hypershap .*(git " "$log" || fail "$log has no hypershap --version"
grep -q ", 2 ranks" "$log" || fail "$log: hypershap did not run on 2 ranks"
"$python" "$check" complete "$work/single/table1.h5" || fail "the single job's store"
"$python" "$check" same "$work/single/reference.h5" "$work/single/table1.h5" || fail "Slurm and direct runs differ"

# ---- 2. the array over three instances and the aggregation that depends on it
step "2. submit-array.sh over three lcbench instances, then the mean"
mkdir -p "$work/array"
printf '# OpenML task ids\n3945\n7593\n\n34539\n' >"$work/array/instances.txt"
submitted="$(cd "$work/array" && "$source_dir/slurm/submit-array.sh" --op mean \
  --sbatch --overcommit --sbatch --ntasks=2 --sbatch --time=10 --sbatch "-D$work/array" \
  instances.txt "$source_dir/jobs/lcbench-tunability.toml" stores \
  -- --no-progress --set games.tunability.samples=200)" || fail "submit-array.sh failed"
echo "$submitted"
array_job="$(sed -n 's/^array job: \([0-9]*\).*/\1/p' <<<"$submitted")"
aggregate_job="$(sed -n 's/^aggregate job: \([0-9]*\).*/\1/p' <<<"$submitted")"
[[ -n "$array_job" && -n "$aggregate_job" ]] || fail "submit-array.sh printed no job ids"
[[ "$(job_field "$aggregate_job" Dependency)" == *"afterok:${array_job}_"* ]] ||
  fail "the aggregate job $aggregate_job does not depend on the array: $(job_field "$aggregate_job" Dependency)"
for task in 0 1 2; do
  wait_job "${array_job}_$task" 300 || fail "array task $task failed"
done
wait_job "$aggregate_job" 300 || fail "the aggregate job $aggregate_job failed"
stores=("$work/array/stores/store-3945.h5" "$work/array/stores/store-7593.h5" "$work/array/stores/store-34539.h5")
"$python" "$check" complete "${stores[@]}" || fail "the array's stores"
"$python" "$check" aggregate "$work/array/stores/aggregate-mean.h5" "${stores[@]}" || fail "the aggregate"
"$hypershap" inspect "$work/array/stores/aggregate-mean.h5" || fail "inspect of the aggregate"
"$hypershap" explain "$work/array/stores/aggregate-mean.h5" --index SV >/dev/null ||
  fail "explain of the aggregate"
grep -q "model.instance = 7593 (line 1 of" "$work/array/hypershap-array-${array_job}_1.out" ||
  fail "array task 1 did not take the second line of the list"

# ---- 3. a running job checkpointed and requeued twice resumes to the same values
step "3. requeue of a running job (SIGUSR1 as before the time limit, then scontrol requeue)"
mkdir -p "$work/requeue"
requeue_args=(--no-progress --batch-seconds 0.2 --set games.tunability.samples=3000
  --set model.instance=7593)
"$hypershap" run "$source_dir/jobs/lcbench-tunability.toml" "${requeue_args[@]}" \
  --set "job.output=$work/requeue/reference.h5" >"$work/requeue/reference.log" 2>&1 ||
  fail "the uninterrupted reference run failed: $(tail -5 "$work/requeue/reference.log")"
store="$work/requeue/store.h5"
job="$(sbatch "${sbatch_common[@]}" -D "$work/requeue" "$source_dir/slurm/hypershap-run.sbatch" \
  "$source_dir/jobs/lcbench-tunability.toml" "${requeue_args[@]}" --set "job.output=$store")" ||
  fail "sbatch hypershap-run.sbatch failed"
log="$work/requeue/hypershap-$job.out"

# (a few batches in: since the first batches hold 2 coalitions, a store with 1 is seconds old)
before="$(wait_progress "$job" "$store" 10 120)" || fail "job $job never ran with coalitions stored"
echo "job $job: $before coalitions stored; SIGUSR1 to its tasks"
scancel --signal=USR1 "$job" || fail "scancel --signal=USR1 failed"
wait_state "$job" 60 PENDING || fail "the job did not requeue itself after its checkpoint"
grep -q "checkpointed (exit 75): requeueing job $job" "$log" || fail "$log: no self-requeue"
# Slurm holds a requeued job back for cred_expire (120 s) because the node revoked its credential;
# a credential issued within the same second as the revocation counts as revoked ("Killing
# non-startable batch job: Job credential revoked"), so StartTime=now waits for the next second.
sleep 2
scontrol update JobId="$job" StartTime=now || fail "scontrol update StartTime failed"
stored="$(done_count "$store")"
before="$(wait_progress "$job" "$store" "$stored" 120)" || fail "job $job did not resume"
[[ "$(job_field "$job" Restarts)" == 1 ]] || fail "job $job: Restarts=$(job_field "$job" Restarts), not 1"
echo "job $job resumed at $stored, $before stored; scontrol requeue"
scontrol requeue "$job" || fail "scontrol requeue failed"
wait_state "$job" 60 PENDING || fail "the job did not go back to pending after scontrol requeue"
sleep 2  # the next second, as above
scontrol update JobId="$job" StartTime=now || fail "scontrol update StartTime failed"
wait_job "$job" 300 || fail "the requeued job $job failed"

grep -q "restart 2, 2 task(s)" "$log" || fail "$log: no third start (restart 2)"
[[ "$(grep -c 'checkpointed (exit 75): requeueing' "$log")" -eq 1 ]] ||
  fail "$log: the script requeued the job itself after Slurm's scontrol requeue"
[[ "$(grep -c '(resumed: ' "$log")" -eq 2 ]] || fail "$log: not resumed twice"
"$python" "$check" complete "$store" || fail "the requeued job's store"
"$python" "$check" same "$work/requeue/reference.h5" "$store" ||
  fail "the requeued job differs from the uninterrupted run"

step "all Slurm checks passed"
