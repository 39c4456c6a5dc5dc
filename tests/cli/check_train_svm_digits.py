#!/usr/bin/python3
"""jobs/data/train_svm_digits.py answers, for configurations of the default run history, exactly
the accuracies jobs/data/svm_digits.csv records (same data, folds and SVC settings as
make_svm_digits.py, which made that file): the example objective is the one the history came from.

Run: /usr/bin/python3 tests/cli/check_train_svm_digits.py REPOSITORY
"""

import csv
import pathlib
import subprocess
import sys


def main():
    jobs = pathlib.Path(sys.argv[1]) / "jobs" / "data"
    with open(jobs / "svm_digits.csv", newline="") as f:
        rows = list(csv.reader(f))
    header, runs = rows[0], rows[1:4]
    batch = "\n".join(",".join(r[:-1]) for r in [header] + runs) + "\n"
    answer = subprocess.run(["/usr/bin/python3", str(jobs / "train_svm_digits.py")], input=batch,
                            capture_output=True, text=True, check=True)
    got = answer.stdout.split()
    expected = [r[-1] for r in runs]
    if [float(x) for x in got] != [float(x) for x in expected]:
        print(f"train_svm_digits.py answered {got}, svm_digits.csv records {expected}")
        return 1
    print(f"{len(runs)} configurations: {got} as recorded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
