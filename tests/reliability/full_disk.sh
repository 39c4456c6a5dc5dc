#!/usr/bin/env bash
# A full disk never crashes hypershap nor loses the store (issue 12, item 2): `hypershap run` on a
# tmpfs of several small sizes fails at different places (the lock file, creating the store,
# writing explanations) with exit 4 or 5, never a crash; whatever is then at the store's path is a
# sound store (`hypershap check`), and once the file system is enlarged the same command resumes
# it to the values of a run that had room. Needs root and `mount -t tmpfs`; skips (77) without.
# The store of this job (3 games on 6 players) takes about 60 KiB with HDF5's metadata, its
# explanations at order 3 about 20 KiB more per game: the sizes below end the run while creating
# the store, while flushing it, and between explanations.
#
# usage: full_disk.sh HYPERSHAP WORKDIR
set -u
hypershap=$1
work=$2
rm -rf "$work"
mkdir -p "$work/mnt"
if ! mount -t tmpfs -o size=64k tmpfs "$work/mnt" 2>/dev/null; then
  echo "SKIP: cannot mount a tmpfs here (needs root and mount permission)"
  exit 77
fi
umount "$work/mnt"

cat >"$work/job.toml" <<'JOB'
[job]
seed = 3
[model]
kind = "analytic"
function = "smooth-interactions"
[games.tunability]
kind = "tunability"
samples = 200
[games.sensitivity]
kind = "sensitivity"
samples = 200
[games.ablation]
kind = "ablation"
target = { x0 = 1.0, x1 = 1.0, x2 = 1.0, x3 = 1.0, x4 = 1.0, x5 = 1.0 }
[explain]
indices = ["SV", "FSII", "k-SII", "STII"]
order = 3
JOB

explanations() {  # every game's explanations, as JSON, from the store $1
  for game in tunability sensitivity ablation; do
    "$hypershap" explain "$1" --game "$game" --index all --order 3 --format json || return 1
  done
}

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

"$hypershap" run "$work/job.toml" --set "job.output=\"$work/reference.h5\"" >"$work/reference.log" 2>&1 ||
  { cat "$work/reference.log"; echo "FAIL: the reference run failed"; exit 1; }
explanations "$work/reference.h5" >"$work/reference.json" || { echo "FAIL: explain"; exit 1; }

sizes=(4k 12k 20k 28k 36k 44k 52k 60k 80k 100k 120k 160k 240k 400k)
for size in "${sizes[@]}"; do
  mnt=$work/mnt
  mount -t tmpfs -o "size=$size" tmpfs "$mnt" || { fail "mount size=$size"; continue; }
  store=$mnt/store.h5
  "$hypershap" run "$work/job.toml" --set "job.output=\"$store\"" >"$work/run-$size.log" 2>&1
  code=$?
  echo "tmpfs size=$size: run exit $code; $(grep -m1 -o 'hypershap: error.*' "$work/run-$size.log" | cut -c1-150)"
  case $code in
    0 | 4 | 5) ;;
    *) fail "size=$size: exit $code (a full disk must give 4 or 5)"; cat "$work/run-$size.log" ;;
  esac
  if [ -e "$store" ]; then
    "$hypershap" check "$store" >"$work/check-$size.log" 2>&1 ||
      { fail "size=$size: the store left behind is not sound"; cat "$work/check-$size.log"; }
  fi
  [ -e "$store.creating" ] && fail "size=$size: a half-created store was left at $store.creating"
  # room again: the same command resumes (or starts) and ends with the reference's values
  mount -o remount,size=16m "$mnt"
  "$hypershap" run "$work/job.toml" --set "job.output=\"$store\"" >"$work/resume-$size.log" 2>&1 ||
    { fail "size=$size: the run after enlarging the disk failed"; cat "$work/resume-$size.log"; }
  explanations "$store" >"$work/resumed-$size.json" 2>&1 &&
    cmp -s "$work/reference.json" "$work/resumed-$size.json" ||
    fail "size=$size: the resumed store's explanations differ from the reference"
  "$hypershap" check "$store" >/dev/null 2>&1 || fail "size=$size: the completed store is not sound"
  umount "$mnt"
done
if [ "$failures" -ne 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "full disk: ${#sizes[@]} sizes, every run ended with 0, 4 or 5 and a sound, resumable store"
