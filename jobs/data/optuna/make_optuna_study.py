#!/usr/bin/python3
"""Runs a real Optuna study and saves it the two ways Optuna users have it: the SQLite storage
(optuna_study.db) and study.trials_dataframe() as CSV (optuna_study.csv); the fixtures of
hypershap's Optuna importer (tests/unit/models/test_optuna_history.cpp) and jobs/optuna-study.toml.

The objective is a cheap closed form of four hyperparameters, so the study takes seconds and what a
model must find is known: loss = (log10(lr) + 2)^2 + 0.05 * layers + penalty(optimizer), with
penalty adam 0, rmsprop 0.5, sgd 1.5, and dropout only mattering through 0.1 * dropout. lr is
log-uniform [1e-5, 1], layers an integer [1, 8], optimizer categorical, dropout uniform [0, 0.5].
Minimised. Trials whose lr exceeds 0.1 are pruned (optuna.TrialPruned) and trials with dropout > 0.4
fail (a ValueError, caught by the study): the importer must use only the
COMPLETE trials and count the others.

Run (Debian 12): apt-get install -y --no-install-recommends python3-optuna
                 /usr/bin/python3 jobs/data/optuna/make_optuna_study.py
Made with Optuna 3.1.0 from Debian 12; TPE seeded (seed 7), 120 trials, so a rerun with the same
versions gives the same trials (timestamps differ).
"""

import math
import pathlib

import optuna

HERE = pathlib.Path(__file__).resolve().parent
TRIALS = 120
PENALTY = {"adam": 0.0, "rmsprop": 0.5, "sgd": 1.5}


def objective(trial):
    lr = trial.suggest_float("lr", 1e-5, 1.0, log=True)
    layers = trial.suggest_int("layers", 1, 8)
    optimizer = trial.suggest_categorical("optimizer", ["adam", "rmsprop", "sgd"])
    dropout = trial.suggest_float("dropout", 0.0, 0.5)
    if lr > 0.1:
        raise optuna.TrialPruned()
    if dropout > 0.4:
        raise ValueError("diverged")
    return (math.log10(lr) + 2.0) ** 2 + 0.05 * layers + PENALTY[optimizer] + 0.1 * dropout


def main():
    optuna.logging.set_verbosity(optuna.logging.ERROR)  # failed trials are expected
    database = HERE / "optuna_study.db"
    database.unlink(missing_ok=True)
    study = optuna.create_study(study_name="optuna-example", direction="minimize",
                                storage=f"sqlite:///{database}",
                                sampler=optuna.samplers.TPESampler(seed=7))
    study.optimize(objective, n_trials=TRIALS, catch=(ValueError,))
    study.trials_dataframe().to_csv(HERE / "optuna_study.csv", index=False)
    states = {}
    for t in study.trials:
        states[t.state.name] = states.get(t.state.name, 0) + 1
    print(f"{len(study.trials)} trials {states}, best value {study.best_value:.4f} at "
          f"{study.best_params}")


if __name__ == "__main__":
    main()
