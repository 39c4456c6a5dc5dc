#!/usr/bin/python3
"""Makes the run histories of issue 16's game-step benchmark (bench_game_step).

What: for n = 8, 10, 12, 14 (and 20, for the acceptance figure of issue 16) an unconditional space of n hyperparameters (no conditions, no
forbidden clauses) and 1,000 runs drawn uniformly from it (log-uniform for log hyperparameters),
each scored by a synthetic cost: main effects of every hyperparameter, pairwise interactions of
neighbours and Gaussian noise. The benchmark fits a random forest (10 or 100 trees) on a history
and evaluates the Tunability game (10,000 samples) on every coalition, the Python reference's task.

Hyperparameter j of the space (j = 0..n-1), by j mod 4: a uniform float in [0, 1]; a log float in
[1e-4, 1]; an integer in [1, 64]; a categorical with choices a, b, c, d. Defaults: the middle of
the range (for log floats the geometric middle, 1e-2; integers 32; categoricals a).

Output (beside this script): forest-nN.configspace.json and forest-nN.csv (the n hyperparameters,
then cost, minimised; floats as Python's repr).

Run (Debian 12): /usr/bin/python3 tests/benchmarks/data/make_forest_runs.py
Seeded (numpy RandomState(16 + n)), so a rerun with the same numpy gives the same files.
"""

import csv
import json
import math
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
RUNS = 1000
CHOICES = ["a", "b", "c", "d"]


def hyperparameter(j):
    name = f"x{j:02d}"
    kind = j % 4
    if kind == 0:
        return {"type": "uniform_float", "name": name, "lower": 0.0, "upper": 1.0,
                "default_value": 0.5, "log": False, "meta": None}
    if kind == 1:
        return {"type": "uniform_float", "name": name, "lower": 1e-4, "upper": 1.0,
                "default_value": 1e-2, "log": True, "meta": None}
    if kind == 2:
        return {"type": "uniform_int", "name": name, "lower": 1, "upper": 64,
                "default_value": 32, "log": False, "meta": None}
    return {"type": "categorical", "name": name, "choices": CHOICES, "weights": None,
            "default_value": "a", "meta": None}


def make(n):
    rng = np.random.RandomState(16 + n)
    space = {"name": f"forest-n{n}", "hyperparameters": [hyperparameter(j) for j in range(n)],
             "conditions": [], "forbiddens": [], "python_module_version": "0.6.1",
             "format_version": 0.4}
    (HERE / f"forest-n{n}.configspace.json").write_text(json.dumps(space, indent=2) + "\n")
    weights = rng.uniform(0.2, 1.0, size=n) / np.arange(1, n + 1) ** 0.5
    pair = rng.uniform(-0.5, 0.5, size=n)
    effect = rng.uniform(-1.0, 1.0, size=(n, len(CHOICES)))
    with open(HERE / f"forest-n{n}.csv", "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([h["name"] for h in space["hyperparameters"]] + ["cost"])
        for _ in range(RUNS):
            row, unit = [], []
            for j in range(n):
                kind = j % 4
                if kind == 0:
                    v = rng.uniform(0.0, 1.0)
                    row.append(repr(float(v)))
                    unit.append(v)
                elif kind == 1:
                    v = math.exp(rng.uniform(math.log(1e-4), 0.0))
                    row.append(repr(float(v)))
                    unit.append(math.log(v / 1e-4) / math.log(1e4))
                elif kind == 2:
                    v = int(rng.randint(1, 65))
                    row.append(str(v))
                    unit.append((v - 1) / 63)
                else:
                    c = int(rng.randint(0, len(CHOICES)))
                    row.append(CHOICES[c])
                    unit.append(0.5 + 0.5 * effect[j, c])
            u = np.array(unit)
            cost = float(np.sum(weights * (u - 0.3) ** 2))
            cost += float(np.sum(pair[:-1] * u[:-1] * u[1:]))
            cost += float(rng.normal(0.0, 0.02))
            out.writerow(row + [repr(cost)])


for n in (8, 10, 12, 14, 20):
    make(n)
