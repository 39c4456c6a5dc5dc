#!/usr/bin/python3
"""Makes hypershap's embedded default run history: a random search over an SVM on sklearn's digits.

What: 400 configurations of sklearn.svm.SVC drawn uniformly at random (log-uniform for the log
hyperparameters) from the search space in svm_digits.configspace.json beside this script, each
scored by 5-fold stratified cross-validated accuracy on the digits dataset (1797 8x8 images, 10
classes; pixels scaled to [0, 1] by dividing by 16). The folds are the same for every
configuration. Accuracy is maximised.

The space (see the JSON): C (log float), gamma (log float), kernel (rbf / poly / sigmoid), degree
(int, used by the poly kernel only), coef0 (float, used by poly and sigmoid). The space has no
conditions: degree and coef0 are always set, and whether they matter depends on the kernel, an
interaction HyperSHAP should find. The default gamma, 0.1, is close to sklearn's gamma='scale' on
this data (1 / (64 Var X) = 0.11).

Output: svm_digits.csv, one row per evaluation in the order evaluated: the five hyperparameters,
then accuracy (floats as Python's repr, the shortest text that round-trips).

Run (Debian 12): apt-get install -y --no-install-recommends python3-sklearn
                 /usr/bin/python3 jobs/data/make_svm_digits.py
Made with scikit-learn 1.2.1 and numpy from Debian 12; seeded (numpy RandomState(20260121) for the
configurations, random_state=0 for the folds), so a rerun with the same versions gives the same
file. It takes a few minutes on one core.
"""

import csv
import json
import math
import pathlib
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.svm import SVC

HERE = pathlib.Path(__file__).resolve().parent
EVALUATIONS = 400
SEED = 20260121
MAX_ITER = 200_000  # libsvm iterations; bounds the rare slow poly configurations


def sample(space, rng):
    """One configuration drawn uniformly from a ConfigSpace JSON space without conditions."""
    config = {}
    for hp in space["hyperparameters"]:
        kind = hp["type"]
        if kind == "categorical":
            config[hp["name"]] = hp["choices"][rng.randint(len(hp["choices"]))]
        elif kind == "uniform_float":
            low, high = hp["lower"], hp["upper"]
            if hp["log"]:
                config[hp["name"]] = float(math.exp(rng.uniform(math.log(low), math.log(high))))
            else:
                config[hp["name"]] = float(rng.uniform(low, high))
        elif kind == "uniform_int":
            if hp["log"]:
                raise ValueError("log-scaled integers are not used in this space")
            config[hp["name"]] = int(rng.randint(hp["lower"], hp["upper"] + 1))
        else:
            raise ValueError(f"unsupported hyperparameter type {kind}")
    return config


def main():
    space = json.loads((HERE / "svm_digits.configspace.json").read_text())
    if space["conditions"] or space["forbiddens"]:
        raise ValueError("this script samples spaces without conditions or forbiddens only")
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    rng = np.random.RandomState(SEED)
    names = [hp["name"] for hp in space["hyperparameters"]]
    rows = []
    warnings.simplefilter("ignore", ConvergenceWarning)
    for i in range(EVALUATIONS):
        config = sample(space, rng)
        model = SVC(max_iter=MAX_ITER, **config)
        accuracy = float(np.mean(cross_val_score(model, x, y, cv=folds)))
        rows.append([config[name] for name in names] + [accuracy])
        if (i + 1) % 50 == 0:
            print(f"{i + 1}/{EVALUATIONS} evaluated, best accuracy {max(r[-1] for r in rows):.4f}")
    with open(HERE / "svm_digits.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names + ["accuracy"])
        for row in rows:
            writer.writerow([repr(v) if isinstance(v, float) else v for v in row])


if __name__ == "__main__":
    main()
