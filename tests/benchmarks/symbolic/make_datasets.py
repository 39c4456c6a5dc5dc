#!/usr/bin/python3
"""Two-variable data sets for comparing `hypershap symbolic` with gplearn (issue 11's acceptance).

Each data set is a smooth loss landscape over two hyperparameters, in the spirit of the paper's
(Segel et al., AutoML 2023): a training set of 400 uniform random configurations (the paper's
sample count) and a test set on the 10 x 10 grid of cell centres (the paper's test grid).
    /usr/bin/python3 tests/benchmarks/symbolic/make_datasets.py OUTDIR
writes OUTDIR/<name>-train.csv and OUTDIR/<name>-test.csv with columns x0, x1, y.
"""
import os
import sys

import numpy as np

DATASETS = {
    # The paper's Figure 1-style formula: 0.104 * sqrt(|sin(a)|) + 0.07, with a weak second term.
    "sqrt-sin": (lambda a, b: 0.104 * np.sqrt(np.abs(np.sin(a))) + 0.07 + 0.01 * b,
                 (0.0, 3.0), (0.0, 1.0)),
    # A regularisation-style valley: cost rises on both sides of an optimum of a log-scale term.
    "log-valley": (lambda a, b: 0.3 * (np.log(a) + 2.0) ** 2 / (1.0 + b) + 0.05 * b,
                   (0.01, 1.0), (0.0, 2.0)),
    # An interaction: exp(-a) * b^2 plus a sine ripple.
    "exp-ripple": (lambda a, b: np.exp(-a) * b * b + 0.1 * np.sin(3.0 * a),
                   (0.0, 2.0), (-1.0, 1.0)),
    # A 2-D polynomial with an interaction term (last, so the sets above keep their samples).
    "poly": (lambda a, b: 1.5 * a * a - a * b + 0.5 * b + 0.2,
             (-1.0, 1.0), (0.0, 2.0)),
}


def write(path, x0, x1, y):
    with open(path, "w") as f:
        f.write("x0,x1,y\n")
        for a, b, c in zip(x0, x1, y):
            f.write(f"{a!r},{b!r},{c!r}\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(2023)
    for name, (f, (lo0, hi0), (lo1, hi1)) in DATASETS.items():
        x0 = rng.uniform(lo0, hi0, 400)
        x1 = rng.uniform(lo1, hi1, 400)
        write(os.path.join(out, f"{name}-train.csv"), x0, x1, f(x0, x1))
        c0 = lo0 + (np.arange(10) + 0.5) * (hi0 - lo0) / 10
        c1 = lo1 + (np.arange(10) + 0.5) * (hi1 - lo1) / 10
        g0, g1 = np.meshgrid(c0, c1, indexing="ij")
        write(os.path.join(out, f"{name}-test.csv"), g0.ravel(), g1.ravel(),
              f(g0.ravel(), g1.ravel()))


if __name__ == "__main__":
    main()
