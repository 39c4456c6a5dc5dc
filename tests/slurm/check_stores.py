#!/usr/bin/python3
"""Checks of result stores for tests/slurm/test_slurm.sh (Debian's python3 with h5py and numpy).

  check_stores.py complete STORE...        every game complete, every value finite
  check_stores.py same A B                 A and B hold bit-identical values for every game
  check_stores.py aggregate OUT STORE...   OUT's game is the per-coalition mean of the stores'
  check_stores.py done STORE               prints how many coalitions are done (0 when missing)
"""
import os
import sys

import h5py
import numpy as np


def games(path):
    with h5py.File(path, "r") as f:
        return {name: (g["values"][()], g["done"][()].astype(bool), list(g.attrs["players"]),
                       g.attrs["kind"])
                for name, g in f["games"].items()}


def fail(message):
    print("check_stores: FAIL: " + message)
    sys.exit(1)


def complete(paths):
    for path in paths:
        for name, (values, done, _, _) in games(path).items():
            if not done.all():
                fail(f"{path} game {name}: {int(done.sum())} of {done.size} coalitions done")
            if not np.isfinite(values).all():
                fail(f"{path} game {name}: non-finite values")
            print(f"{path} game {name}: {done.size} coalitions done, finite")


def same(a, b):
    ga, gb = games(a), games(b)
    if sorted(ga) != sorted(gb):
        fail(f"{a} has games {sorted(ga)}, {b} has {sorted(gb)}")
    for name in ga:
        if not np.array_equal(ga[name][0], gb[name][0]):
            diff = np.flatnonzero(ga[name][0] != gb[name][0])
            fail(f"game {name}: {diff.size} coalitions differ between {a} and {b}, e.g. {diff[:5]}")
        print(f"game {name}: {ga[name][0].size} values identical in {a} and {b}")


def aggregate(out, paths):
    (name, (values, done, players, kind)), = games(out).items()
    inputs = [games(p) for p in paths]
    stacked = []
    for p, g in zip(paths, inputs):
        (iname, (ivalues, idone, iplayers, ikind)), = g.items()
        if iplayers != players or ikind != kind or name != iname + "-mean":
            fail(f"{out} game {name} ({kind}, {players}) does not match {p} game {iname}")
        stacked.append(ivalues)
    expected = np.mean(np.array(stacked), axis=0)
    if not done.all() or not np.allclose(values, expected, rtol=1e-14, atol=0):
        fail(f"{out}: not the mean of {paths}; largest difference "
             f"{np.max(np.abs(values - expected))}")
    spread = np.max(np.ptp(np.array(stacked), axis=0))
    if spread == 0:
        fail("the instances' games are identical: the aggregate test would prove nothing")
    with h5py.File(out, "r") as f:
        if not list(f["games"][name]["explanations"]):
            fail(f"{out}: no explanations")
    print(f"{out} game {name}: the mean of {len(paths)} stores over {values.size} coalitions")


def done(path):
    if not os.path.exists(path):
        print(0)
        return
    try:
        print(sum(int(d.sum()) for _, d, _, _ in games(path).values()))
    except (OSError, KeyError):
        print(0)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"complete": lambda: complete(args), "same": lambda: same(*args),
     "aggregate": lambda: aggregate(args[0], args[1:]), "done": lambda: done(args[0])}[command]()
