"""Reads a store written by test_store_h5py.cpp with h5py and checks the documented layout
(README.md, "The result store"): attribute names and types, dataset shapes, dtypes, filters
and values. The expected values are recomputed here from the test's formulas.

usage: check_layout.py STORE   (exit 0 and "layout OK" when everything matches)
"""
import hashlib
import json
import math
import struct
import sys
import zlib

import h5py
import numpy as np


def expect(condition, message):
    if not condition:
        print("MISMATCH: " + message)
        sys.exit(1)


def expected_configuration(s, dimension):
    return [math.nan if (s + j) % 3 == 0 else s + 0.5 * j for j in range(dimension)]


def check_filters(name, obj):
    if isinstance(obj, h5py.Dataset):
        filters = set(obj._filters.keys())
        expect(filters <= {"gzip", "shuffle"}, f"{name} uses filters {filters}")


def check_game(game, kind, players, dimension, done_set):
    n = len(players)
    expect(game.attrs["kind"] == kind, f"kind {game.attrs['kind']!r}")
    expect(list(game.attrs["players"]) == players, f"players {list(game.attrs['players'])}")
    expect(int(game.attrs["n_players"]) == n, "n_players")
    expect(int(game.attrs["configuration_dimension"]) == dimension, "configuration_dimension")
    shapes = {"values": ((2**n,), np.float64), "done": ((2**n,), np.uint8),
              "evaluations": ((2**n,), np.uint64), "seconds": ((2**n,), np.float64),
              "checksums": ((2**n,), np.uint32)}
    if dimension > 0:
        shapes["best_configurations"] = ((2**n, dimension), np.float64)
    else:
        expect("best_configurations" not in game, "best_configurations without a dimension")
    for name, (shape, dtype) in shapes.items():
        expect(game[name].shape == shape, f"{name} has shape {game[name].shape}, not {shape}")
        expect(game[name].dtype == dtype, f"{name} has dtype {game[name].dtype}, not {dtype}")
    values, done = game["values"][()], game["done"][()]
    evaluations, seconds = game["evaluations"][()], game["seconds"][()]
    checksums = game["checksums"][()]
    configurations = game["best_configurations"][()] if dimension > 0 else np.zeros((2**n, 0))
    for s in range(2**n):
        is_done = s in done_set
        expect(done[s] == (1 if is_done else 0), f"done[{s}]")
        # README "Integrity": zlib's CRC-32 of the little-endian coalition, value, evaluations,
        # seconds and configuration; 0 until done
        record = struct.pack("<QdQd", s, values[s], int(evaluations[s]), seconds[s])
        record += struct.pack("<%dd" % dimension, *configurations[s])
        want = zlib.crc32(record) if is_done else 0
        expect(int(checksums[s]) == want, f"checksums[{s}] = {checksums[s]}, not {want}")
        if is_done:
            expect(values[s] == math.sin(s + 0.25) * 3.0, f"values[{s}] = {values[s]}")
            expect(evaluations[s] == s % 7 + 1, f"evaluations[{s}]")
            expect(seconds[s] == 0.125 * s, f"seconds[{s}]")
        else:
            expect(math.isnan(values[s]) and evaluations[s] == 0 and seconds[s] == 0.0,
                   f"coalition {s} is not done but has results")
        if dimension > 0:
            row = game["best_configurations"][s]
            want = expected_configuration(s, dimension) if is_done else [math.nan] * dimension
            expect(all((math.isnan(a) and math.isnan(b)) or a == b for a, b in zip(row, want)),
                   f"best_configurations[{s}] = {row}, not {want}")


def main(path):
    with h5py.File(path, "r") as f:
        root = f.attrs
        for name in ["schema", "software_version", "git_sha", "created_utc", "host", "job",
                     "job_hash", "configuration_space"]:
            expect(isinstance(root[name], str), f"root attribute {name} is not a str")
        expect(root["schema"] == "hypershap-store", "schema")
        expect(int(root["schema_version"]) == 3, "schema_version")
        expect(root["job_hash"] == "sha256:" + hashlib.sha256(root["job"].encode()).hexdigest(),
               "job_hash is not the SHA-256 of job")
        json.loads(root["configuration_space"])
        expect(len(root["created_utc"]) == 20 and root["created_utc"].endswith("Z"), "created_utc")
        expect(set(f["games"].keys()) == {"ablation", "tunability"}, "games")
        f.visititems(check_filters)

        check_game(f["games/tunability"], "tunability", ["lr", "momentum", "depth", "width"], 3,
                   {0, 3, 5, 15})
        check_game(f["games/ablation"], "ablation", ["a", "b", "c"], 0, set(range(8)))

        e = f["games/tunability/explanations/FSII_order2_baseline"]
        expect(e.attrs["index"] == "FSII" and int(e.attrs["order"]) == 2, "index/order")
        expect(e.attrs["empty_set"] == "baseline", "empty_set")
        expect(e.attrs["empty_value"] == -0.5 and e.attrs["grand_value"] == 2.25, "empty/grand")
        masks, members = e["coalitions"][()], e["members"][()]
        expect(masks.dtype == np.uint64 and masks.shape == (11,), f"coalitions {masks.shape}")
        expect(members.dtype == np.int32 and members.shape == (11, 2), f"members {members.shape}")
        for mask, row in zip(masks, members):
            players = [p for p in row if p >= 0]
            expect(sum(1 << int(p) for p in players) == int(mask), f"members of {mask}: {row}")
        expect(list(masks[:5]) == [0, 1, 2, 4, 8] and masks[5] == 3, "coalition order")
        expect(np.allclose(e["values"][()], [0.1 * i - 0.3 for i in range(11)]), "values")
        expect(list(e["r2"][()]) == [0.75, 1.0], "r2")
    print("layout OK")


if __name__ == "__main__":
    main(sys.argv[1])
