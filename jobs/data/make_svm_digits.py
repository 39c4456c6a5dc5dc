#!/usr/bin/python3
"""Makes hypershap's embedded default run history: a random search over an SVM on sklearn's digits.

What: 200 configurations of sklearn.svm.SVC drawn uniformly at random (log-uniform for the log
hyperparameters) from the search space in svm_digits.configspace.json beside this script, each
scored by 5-fold stratified cross-validated accuracy on the digits dataset (1797 8x8 images, 10
classes; pixels scaled to [0, 1] by dividing by 16). The folds are the same for every
configuration. Accuracy is maximised.

The space (see the JSON): C (log float), gamma (log float), kernel (linear / rbf / poly / sigmoid),
degree (int), coef0 (float), with SVC's real conditions: gamma only for rbf, poly and sigmoid, degree
only for poly, coef0 only for poly and sigmoid (sklearn.svm.SVC ignores them otherwise). Every
hyperparameter is drawn, in the JSON's order, and a hyperparameter whose condition fails is then
left out (an empty cell; SVC gets its default, which it ignores). The default gamma, 0.1, is close to
sklearn's gamma='scale' on this data (1 / (64 Var X) = 0.11).

Output: svm_digits.csv, one row per evaluation in the order evaluated: the five hyperparameters
(empty where inactive), then accuracy (floats as Python's repr, the shortest text that round-trips).

Run (Debian 12): apt-get install -y --no-install-recommends python3-sklearn
                 /usr/bin/python3 jobs/data/make_svm_digits.py [--jobs N]
Made with scikit-learn 1.2.1 and numpy from Debian 12; seeded (numpy RandomState(20260121) for the
configurations, random_state=0 for the folds), so a rerun with the same versions gives the same
file. It takes a few minutes on one core.
"""

import argparse
import csv
import json
import math
import multiprocessing
import pathlib
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.svm import SVC

HERE = pathlib.Path(__file__).resolve().parent
EVALUATIONS = 200
SEED = 20260121
MAX_ITER = 200_000  # libsvm iterations; bounds the rare slow poly configurations


def sample(space, rng):
    """One configuration drawn uniformly from a ConfigSpace JSON space, every hyperparameter drawn."""
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


def active(condition, config):
    """Whether a ConfigSpace EQ or IN condition on a categorical parent holds."""
    parent = config[condition["parent"]]
    if condition["type"] == "EQ":
        return parent == condition["value"]
    if condition["type"] == "IN":
        return parent in condition["values"]
    raise ValueError(f"unsupported condition type {condition['type']}")


def drop_inactive(space, config):
    """The configuration without the hyperparameters whose conditions fail (parents are never
    conditional in this space, so one pass suffices)."""
    for condition in space["conditions"]:
        if not active(condition, config):
            config.pop(condition["child"], None)
    return config


def evaluate(config):
    """5-fold stratified CV accuracy of SVC(**config) on the digits (the same folds every time)."""
    warnings.simplefilter("ignore", ConvergenceWarning)
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    model = SVC(max_iter=MAX_ITER, **config)
    return float(np.mean(cross_val_score(model, x, y, cv=folds)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1,
                        help="processes evaluating configurations (the file does not depend on it)")
    options = parser.parse_args()
    space = json.loads((HERE / "svm_digits.configspace.json").read_text())
    if space["forbiddens"]:
        raise ValueError("this script samples spaces without forbidden clauses only")
    rng = np.random.RandomState(SEED)
    names = [hp["name"] for hp in space["hyperparameters"]]
    # every configuration is drawn first: the random numbers do not depend on the evaluations
    configs = [drop_inactive(space, sample(space, rng)) for _ in range(EVALUATIONS)]
    with multiprocessing.Pool(options.jobs) as pool:
        accuracies = []
        for i, accuracy in enumerate(pool.imap(evaluate, configs)):
            accuracies.append(accuracy)
            if (i + 1) % 50 == 0:
                print(f"{i + 1}/{EVALUATIONS} evaluated, best accuracy {max(accuracies):.4f}",
                      flush=True)
    with open(HERE / "svm_digits.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names + ["accuracy"])
        for config, accuracy in zip(configs, accuracies):
            row = [config.get(name, "") for name in names] + [accuracy]
            writer.writerow([repr(v) if isinstance(v, float) else v for v in row])


if __name__ == "__main__":
    main()
