#!/usr/bin/env bash
# Bad inputs and limits (issue 12, items 4 and 5): each is refused with its documented exit code
# and a message saying what is wrong, never a crash, an abort or a silently wrong number. Prints
# how many were tried and refused.
#
# usage: bad_inputs.sh HYPERSHAP WORKDIR
set -u
hypershap=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
py=/usr/bin/python3
tried=0
refused=0
failures=0

# expect CODE TEXT NAME -- COMMAND...: COMMAND exits with CODE and its output contains TEXT.
expect() {
  local want=$1 text=$2 name=$3
  shift 4
  tried=$((tried + 1))
  "$@" >"$work/out.txt" 2>&1
  local code=$?
  if [ "$code" -eq "$want" ] && grep -qF -- "$text" "$work/out.txt"; then
    refused=$((refused + 1))
    echo "ok   $name: exit $code: $(grep -m1 -F -- "$text" "$work/out.txt" | cut -c1-160)"
  else
    failures=$((failures + 1))
    echo "FAIL $name: exit $code (expected $want with '$text'):"
    sed 's/^/     /' "$work/out.txt" | head -8
  fi
}

# --- a small job and its store
cat >"$work/toy.toml" <<'JOB'
[job]
seed = 1
output = "toy.h5"
[model]
kind = "analytic"
function = "linear-toy"
[games.tunability]
kind = "tunability"
samples = 100
JOB
"$hypershap" run "$work/toy.toml" --no-progress >"$work/toy.log" 2>&1 || { cat "$work/toy.log"; exit 1; }
store=$work/toy.h5

# --- limits: memory, disk, overflow
$py - "$work" <<'PY'
import json, random, sys
work = sys.argv[1]
n = 20
random.seed(1)
with open(f"{work}/n20.json", "w") as f:
    json.dump({"players": [f"p{i}" for i in range(n)], "coalition_masks": list(range(2**n)),
               "values": [random.random() for _ in range(2**n)]}, f)
huge = {"players": ["a", "b"], "coalition_masks": [0, 1, 2, 3],
        "values": [1e308, -1e308, 1.5e308, 1.7e308]}
with open(f"{work}/huge.json", "w") as f:
    json.dump(huge, f)
with open(f"{work}/e999.json", "w") as f:
    f.write('{"players": ["a"], "coalition_masks": [0, 1], "values": [0.5, 1e999]}')
# a 26-player job: a random forest on a CSV history over 26 numeric hyperparameters
hps = [{"type": "uniform_float", "name": f"h{i:02d}", "lower": 0.0, "upper": 1.0,
        "default_value": 0.5, "log": False, "meta": None} for i in range(26)]
with open(f"{work}/space26.json", "w") as f:
    json.dump({"name": "s26", "hyperparameters": hps, "conditions": [], "forbiddens": [],
               "python_module_version": "0.6.1", "format_version": 0.4}, f)
with open(f"{work}/history26.csv", "w") as f:
    f.write(",".join(h["name"] for h in hps) + ",score\n")
    for r in range(40):
        xs = [random.random() for _ in hps]
        f.write(",".join(f"{x:.6f}" for x in xs) + f",{sum(xs):.6f}\n")
PY
cat >"$work/n26.toml" <<'JOB'
[job]
output = "n26.h5"
[model]
kind = "random-forest"
history = "history26.csv"
metric = "score"
maximize = true
trees = 2
# random scores: the forest cannot predict them, and need not (the job is refused before)
allow_poor_model = true
[space]
file = "space26.json"
[games.ablation]
kind = "ablation"
target = { h00 = 1.0 }
JOB
for limit in 60000 100000 150000 200000; do
  expect 5 "memory" "explain a 2^20 game under ulimit -v $limit" -- \
    bash -c "ulimit -v $limit; exec '$hypershap' explain '$work/n20.json' --index all --order 3"
done
expect 5 "need" "run an n = 26 job under ulimit -v 4000000" -- \
  bash -c "ulimit -v 4000000; exec '$hypershap' run '$work/n26.toml' --no-progress"
tried=$((tried + 1))
if [ -e "$work/n26.h5" ] || [ -e "$work/n26.h5.creating" ]; then
  failures=$((failures + 1)); echo "FAIL the refused n = 26 job left a store behind"
else
  refused=$((refused + 1)); echo "ok   the refused n = 26 job wrote no store"
fi
expect 0 "rank 0 memory about" "validate shows the store's disk and memory" -- \
  "$hypershap" validate "$work/n26.toml"
expect 3 "overflows" "explain a game of values near ±1.8e308" -- \
  "$hypershap" explain "$work/huge.json" --index SV --order 1
expect 3 "out of range" "1e999 in a JSON game" -- "$hypershap" explain "$work/e999.json"

# --- names and options
sed 's/\[games.tunability\]/[games."a\/b c<script>"]/' "$work/toy.toml" >"$work/badname.toml"
expect 3 "may hold only" "validate: a game named a/b c<script>" -- "$hypershap" validate "$work/badname.toml"
expect 3 "may hold only" "run: a game named a/b c<script>" -- "$hypershap" run "$work/badname.toml"
for bad in -1 0 nan inf; do
  expect 2 "--batch-seconds" "run --batch-seconds $bad" -- \
    "$hypershap" run "$work/toy.toml" --batch-seconds "$bad"
done
expect 3 "--r2-order -3 is negative" "explain --r2-order -3" -- \
  "$hypershap" explain "$store" --index SV --order 1 --r2-order -3
expect 3 "is the same file" "aggregate the same store twice" -- \
  "$hypershap" aggregate "$store" "$store" --op mean -o "$work/agg.h5"
expect 3 "is the same file" "aggregate the same store under two spellings" -- \
  "$hypershap" aggregate "$store" "$work/./toy.h5" --op mean -o "$work/agg.h5"
mkdir -p "$work/folder.json" "$work/folder.toml"
expect 4 "is a folder" "explain a folder" -- "$hypershap" explain "$work/folder.json"
expect 4 "is a folder" "validate a folder" -- "$hypershap" validate "$work/folder.toml"

# --- damaged stores: check says what is wrong
cp "$store" "$work/flag.h5"
cp "$store" "$work/flip.h5"
$py - "$work" <<'PY'
import sys, h5py
work = sys.argv[1]
with h5py.File(f"{work}/flag.h5", "r+") as f:
    f["games/tunability/done"][1] = 2
with h5py.File(f"{work}/flip.h5", "r+") as f:
    v = f["games/tunability/values"]
    b = bytearray(v[2].tobytes())
    b[0] ^= 0x01
    import numpy as np
    v[2] = np.frombuffer(bytes(b), dtype="<f8")[0]
PY
expect 0 "sound" "check a sound store" -- "$hypershap" check "$store"
expect 4 "done flag other than 0 or 1" "check a store with a done flag of 2" -- "$hypershap" check "$work/flag.h5"
expect 4 "do not match their checksum" "check a store with a flipped byte" -- "$hypershap" check "$work/flip.h5"
expect 4 "do not match their checksum" "explain a store with a flipped byte" -- \
  "$hypershap" explain "$work/flip.h5" --index SV --order 1
expect 4 "done flag" "inspect a store with a done flag of 2" -- "$hypershap" inspect "$work/flag.h5"

# --- a read-only store (as an unprivileged user: root writes anyway)
if command -v setpriv >/dev/null; then
  mkdir -p "$work/ro"
  cp "$work/toy.toml" "$work/ro/toy.toml"
  cp "$store" "$work/ro/toy.h5"
  $py -c "import h5py; f = h5py.File('$work/ro/toy.h5', 'r+'); f['games/tunability/done'][1] = 0; f.close()"
  chmod 755 "$work" "$work/ro"
  chmod 444 "$work/ro/toy.h5"
  chmod 644 "$work/ro/toy.toml"
  chmod 777 "$work/ro"
  expect 4 "make it writable again" "resume a read-only store" -- \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$hypershap" run "$work/ro/toy.toml" --no-progress
  tried=$((tried + 1))
  if [ -e "$work/ro/toy.h5" ]; then refused=$((refused + 1)); echo "ok   the read-only store is kept"
  else failures=$((failures + 1)); echo "FAIL the read-only store is gone"; fi
fi

echo "bad inputs: $tried tried, $refused refused as expected, $failures failures"
[ "$failures" -eq 0 ]
