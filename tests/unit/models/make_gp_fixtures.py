#!/usr/bin/python3
"""Writes gp_sklearn.json: scikit-learn's GaussianProcessRegressor on small data sets, the
reference the C++ Gaussian process is tested against (tests/unit/models/test_gaussian_process.cpp).

The kernel is SMAC3's BlackBoxFacade kernel for continuous inputs,
    ConstantKernel * Matern(nu=2.5, ARD) + WhiteKernel,
with SMAC's bounds and alpha = 0 (SMAC's setting). Fixed-kernel cases use optimizer=None and
record the posterior mean and standard deviation (return_std=True); fitted cases use
n_restarts_optimizer=10 and record the log marginal likelihood reached.

Run with Debian's python3-sklearn:  /usr/bin/python3 tests/unit/models/make_gp_fixtures.py
"""
import json
import math
import pathlib

import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

LENGTHSCALE_BOUNDS = (math.exp(-6.754111155189306), math.exp(0.0858637988771976))


def kernel(amplitude, lengthscales, noise, fixed):
    bounds = "fixed" if fixed else None
    return ConstantKernel(amplitude, constant_value_bounds=bounds or (math.exp(-10), math.exp(2))) * Matern(
        length_scale=np.asarray(lengthscales, dtype=float),
        length_scale_bounds=bounds or LENGTHSCALE_BOUNDS,
        nu=2.5,
    ) + WhiteKernel(noise, noise_level_bounds=bounds or (math.exp(-25), math.exp(2)))


def branin(x):
    a, b = 15.0 * x[:, 0] - 5.0, 15.0 * x[:, 1]
    return (b - 5.1 / (4 * math.pi**2) * a**2 + 5 / math.pi * a - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * np.cos(a) + 10


def data(rng, n, d):
    x = rng.uniform(size=(n, d))
    if d == 2:
        y = branin(x)
    else:
        y = np.sin(3 * x[:, 0]) + x[:, 1] ** 2 + 0.5 * x[:, 2:].sum(axis=1) + 0.05 * rng.normal(size=n)
    return x, y


def main():
    rng = np.random.default_rng(20261130)
    cases = []
    fixed = [
        ("branin 2-D, normalize_y", 30, 2, 1.7, [0.3, 0.6], 1e-4, True),
        ("smooth 3-D, raw targets", 25, 3, 0.8, [0.5, 1.0, 0.2], 1e-6, False),
        ("smooth 4-D, normalize_y, large noise", 40, 4, 2.0, [1.0, 0.7, 0.4, 1.1], 0.3, True),
    ]
    for name, n, d, amplitude, lengthscales, noise, normalize in fixed:
        x, y = data(rng, n, d)
        xt = rng.uniform(size=(15, d))
        xt[0] = x[3]  # a training point: the std is the noise's
        gp = GaussianProcessRegressor(kernel(amplitude, lengthscales, noise, True), alpha=0.0,
                                      optimizer=None, normalize_y=normalize)
        gp.fit(x, y)
        mean, std = gp.predict(xt, return_std=True)
        cases.append({"name": name, "kind": "fixed", "normalize_y": normalize,
                      "amplitude": amplitude, "lengthscales": lengthscales, "noise": noise,
                      "x": x.tolist(), "y": y.tolist(), "x_test": xt.tolist(),
                      "mean": mean.tolist(), "std": std.tolist(),
                      "log_marginal_likelihood": float(gp.log_marginal_likelihood_value_)})
    for name, n, d in [("branin 2-D fitted", 40, 2), ("smooth 5-D fitted", 60, 5)]:
        x, y = data(rng, n, d)
        gp = GaussianProcessRegressor(kernel(2.0, np.ones(d), 1e-8, False), alpha=0.0,
                                      normalize_y=True, n_restarts_optimizer=10, random_state=0)
        gp.fit(x, y)
        cases.append({"name": name, "kind": "fitted", "normalize_y": True,
                      "x": x.tolist(), "y": y.tolist(),
                      "theta": gp.kernel_.theta.tolist(),
                      "log_marginal_likelihood": float(gp.log_marginal_likelihood_value_)})
    out = pathlib.Path(__file__).with_name("fixtures") / "gp_sklearn.json"
    out.write_text(json.dumps({"generator": "tests/unit/models/make_gp_fixtures.py",
                               "sklearn": __import__("sklearn").__version__, "cases": cases}, indent=1) + "\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
