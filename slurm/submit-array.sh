#!/bin/bash
# Submits the per-instance array (hypershap-array.sbatch) and the aggregation that waits for it
# (hypershap-aggregate.sbatch, --dependency=afterok), and prints both job ids.
#
#   slurm/submit-array.sh [options] LIST JOB.toml OUTDIR [-- hypershap run options...]
#
#   LIST     one value per line for KEY (default model.instance), e.g. OpenML task ids
#   OUTDIR   gets store-VALUE.h5 per line and aggregate-OP.h5
#   --op OP        the aggregation: mean (default), median, min, max, quantile:Q
#   --key KEY      the job key each line sets (default model.instance)
#   --game NAME    the game to aggregate when the job has several
#   --sbatch ARG   an extra sbatch option for both jobs, repeatable (--sbatch --partition=cpu
#                  --sbatch --account=proj --sbatch --ntasks=16 --sbatch --time=8:00:00)
#
# Example:  printf '3945\n7593\n34539\n' > instances.txt
#           HYPERSHAP=$PWD/build/release/hypershap slurm/submit-array.sh --op mean \
#               instances.txt jobs/lcbench-tunability.toml out/lcbench
# prints
#           array job: 1234 (3 tasks) -> /abs/out/lcbench/store-VALUE.h5
#           aggregate job: 1235 (after 1234 succeeds) -> /abs/out/lcbench/aggregate-mean.h5
# HYPERSHAP (the binary) and SBATCH_* variables of sbatch are passed on through the environment.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
op=mean
key=model.instance
game=""
sbatch_args=()

usage() {
  echo "usage: slurm/submit-array.sh [--op OP] [--key KEY] [--game NAME] [--sbatch ARG]... LIST JOB.toml OUTDIR [-- hypershap run options...]" >&2
  exit 2
}

positional=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --op) [[ $# -ge 2 ]] || usage; op="$2"; shift 2 ;;
    --key) [[ $# -ge 2 ]] || usage; key="$2"; shift 2 ;;
    --game) [[ $# -ge 2 ]] || usage; game="$2"; shift 2 ;;
    --sbatch) [[ $# -ge 2 ]] || usage; sbatch_args+=("$2"); shift 2 ;;
    --) shift; break ;;
    -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "submit-array: unknown option '$1'" >&2; usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ ${#positional[@]} -eq 3 ]] || usage
for file in "${positional[0]}" "${positional[1]}"; do
  if [[ ! -r "$file" ]]; then
    echo "submit-array: cannot read '$file'" >&2
    exit 3
  fi
done
# absolute paths: the jobs may run in another folder (--sbatch -D ...)
list="$(cd "$(dirname "${positional[0]}")" && pwd)/$(basename "${positional[0]}")"
job="$(cd "$(dirname "${positional[1]}")" && pwd)/$(basename "${positional[1]}")"
mkdir -p "${positional[2]}"
outdir="$(cd "${positional[2]}" && pwd)"

mapfile -t values < <(grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$list" | sed 's/^[[:space:]]*//;s/[[:space:]]*$//')
if [[ ${#values[@]} -eq 0 ]]; then
  echo "submit-array: $list has no values (one per line)" >&2
  exit 3
fi
stores=()
for value in "${values[@]}"; do stores+=("$outdir/store-${value//\//_}.h5"); done
output="$outdir/aggregate-${op//:/}.h5"

array_job="$(HYPERSHAP_ARRAY_KEY="$key" sbatch --parsable "${sbatch_args[@]}" \
  --array="0-$((${#values[@]} - 1))" "$here/hypershap-array.sbatch" "$list" "$job" "$outdir" "$@")"
array_job="${array_job%%;*}"
echo "array job: $array_job (${#values[@]} tasks) -> $outdir/store-VALUE.h5"

aggregate_args=(-o "$output" --op "$op")
if [[ -n "$game" ]]; then aggregate_args+=(--game "$game"); fi
aggregate_job="$(sbatch --parsable "${sbatch_args[@]}" --dependency="afterok:$array_job" \
  "$here/hypershap-aggregate.sbatch" "${aggregate_args[@]}" "${stores[@]}")"
aggregate_job="${aggregate_job%%;*}"
echo "aggregate job: $aggregate_job (after $array_job succeeds) -> $output"
