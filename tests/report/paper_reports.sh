#!/usr/bin/env bash
# The reports of the HyperSHAP paper's games (Wever et al., AAAI 2026), from the precomputed games
# in ../shared/data/hypershap_paper_games/games.jsonl:
#   lcbench-3945  Tunability (data_specific_tunability) and Optimizer Bias of lcbench 3945
#   pd1-lm1b      Ablation and Tunability of PD1 lm1b_transformer_2048
#   jahs-cifar10  Ablation and Tunability of JAHS-Bench-201 CIFAR10
# each pair side by side in one report, FSII of order 2 as in the paper. Tunability and Optimizer
# Bias differ by orders of magnitude, so those two panels get their own scales (--scales each).
#
# usage: tests/report/paper_reports.sh OUTDIR [HYPERSHAP]
#   OUTDIR     gets games/*.json (the games extracted) and one folder per report
#   HYPERSHAP  the binary (default: $HYPERSHAP, else build/release/hypershap)
# Exits 77 (CTest's skip code) when games.jsonl is missing; HYPERSHAP_PAPER_GAMES overrides it.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 OUTDIR [HYPERSHAP]" >&2
  exit 2
fi
out=$1
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
hypershap=${2:-${HYPERSHAP:-$repo/build/release/hypershap}}
games=${HYPERSHAP_PAPER_GAMES:-$repo/../shared/data/hypershap_paper_games/games.jsonl}

if [[ ! -f $games ]]; then
  echo "SKIPPED: $games is missing (the paper's games live outside the repository)"
  exit 77
fi
if [[ ! -x $hypershap ]]; then
  echo "$hypershap is not an executable; build hypershap or pass its path" >&2
  exit 2
fi

mkdir -p "$out/games"

# One JSON game per line of games.jsonl that is wanted, named by its short name.
/usr/bin/python3 - "$games" "$out/games" <<'PY'
import json, pathlib, sys

WANTED = {
    "yahpogym/data_specific_tunability_yahpogym_lcbench_3945_val_accuracy_n_configs=10000_random_state=42.npz":
        "lcbench-3945-tunability",
    "yahpogym/optbias_lcbench_metric=val_accuracy_instance=3945_n_configs=10000_random_state=42.npz":
        "lcbench-3945-optbias",
    "pd1/ablation_pd1_lm1b_transformer_2048_default_default_n_configs=10000_random_state=42.npz":
        "pd1-lm1b-ablation",
    "pd1/data_specific_tunability_pd1_lm1b_transformer_2048_default_default_n_configs=10000_random_state=42.npz":
        "pd1-lm1b-tunability",
    "jahs/ablation_jahs_jahs_CIFAR10_default_n_configs=10000_random_state=42.npz":
        "jahs-cifar10-ablation",
    "jahs/data_specific_tunability_jahs_jahs_CIFAR10_default_n_configs=10000_random_state=42.npz":
        "jahs-cifar10-tunability",
}
games, out = sys.argv[1], pathlib.Path(sys.argv[2])
found = set()
with open(games, encoding="utf-8") as lines:
    for line in lines:
        game = json.loads(line)
        name = WANTED.get(game.get("file"))
        if name is None:
            continue
        (out / f"{name}.json").write_text(json.dumps(game) + "\n", encoding="utf-8")
        found.add(name)
missing = sorted(set(WANTED.values()) - found)
if missing:
    sys.exit(f"{games} lacks the games {', '.join(missing)}")
PY

report() {
  local name=$1
  shift
  rm -rf "${out:?}/$name"
  "$hypershap" report "$@" --index FSII --order 2 -o "$out/$name" >/dev/null
  echo "$name: $out/$name/index.html"
}

report lcbench-3945 "$out/games/lcbench-3945-tunability.json" "$out/games/lcbench-3945-optbias.json" \
  --scales each
report pd1-lm1b "$out/games/pd1-lm1b-ablation.json" "$out/games/pd1-lm1b-tunability.json"
report jahs-cifar10 "$out/games/jahs-cifar10-ablation.json" "$out/games/jahs-cifar10-tunability.json"
