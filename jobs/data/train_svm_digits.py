#!/usr/bin/python3
"""The example objective of a `[model] kind = "command"` job: scikit-learn's SVC on the digits.

hypershap writes a batch of configurations as CSV to standard input (a header row naming the
hyperparameters of svm_digits.configspace.json: C, gamma, kernel, degree, coef0; one configuration
per row) and reads one number per line from standard output, in the order of the rows. Each number
is the configuration's 5-fold stratified cross-validated accuracy on sklearn's digits (pixels
scaled to [0, 1]), with the folds of make_svm_digits.py, so an answer here equals the accuracy the
default run history (svm_digits.csv) records for the same configuration. Accuracy is maximised.

A configuration that cannot be trained prints nan (a crashed trial) rather than failing the batch;
anything else that goes wrong ends the script with a non-zero exit code and a message on standard
error, which hypershap shows.

Run by hand: printf 'C,gamma,kernel,degree,coef0\n1.0,0.1,rbf,3,0.0\n' | \
             /usr/bin/python3 jobs/data/train_svm_digits.py
Needs Debian 12's python3-sklearn (apt-get install -y --no-install-recommends python3-sklearn).
"""

import argparse
import csv
import math
import sys
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.svm import SVC

MAX_ITER = 200_000  # as make_svm_digits.py: bounds the rare slow poly configurations


def parse(row):
    """The SVC arguments of one CSV row (empty cells: the hyperparameter is inactive)."""
    args = {}
    for name, text in row.items():
        if text == "":
            continue
        if name == "kernel":
            args[name] = text
        elif name == "degree":
            args[name] = int(text)
        else:
            args[name] = float(text)
    return args


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    options = parser.parse_args()
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    folds = StratifiedKFold(n_splits=options.folds, shuffle=True, random_state=0)
    warnings.simplefilter("ignore", ConvergenceWarning)
    for row in csv.DictReader(sys.stdin):
        try:
            model = SVC(max_iter=MAX_ITER, **parse(row))
            accuracy = float(np.mean(cross_val_score(model, x, y, cv=folds)))
        except (ValueError, ArithmeticError) as error:
            print(f"configuration {row} failed: {error}", file=sys.stderr)
            accuracy = math.nan
        print(repr(accuracy), flush=True)


if __name__ == "__main__":
    main()
