#!/usr/bin/env python3
"""Writes the Optuna reference numbers brainseg-tune's ParzenEstimatorTest compares with.

Run (Debian: apt-get install python3-optuna, Optuna 3.1.0):
    /usr/bin/python3 benchmarks/tune/optuna_parzen_reference.py \
        > brainseg-tune/src/test/resources/io/brainseg/tune/sampler/optuna-parzen.json

For each case it builds Optuna's own _ParzenEstimator with TPESampler's default parameters
(prior weight 1, magic clip on, endpoints off, default ramp weights) and records the mixture
weights, kernel centres and widths, and log densities at fixed points.

Optuna 3.1.0's _truncnorm.logpdf omits the -log(scale) term of a scaled truncated normal (Optuna
issue #5109, fixed upstream by pull request #5110 in Optuna 3.5). brainseg implements the fixed
density, so this script applies the same one-line fix to 3.1.0 before computing the reference
log densities (and records the unfixed ones as "log_pdf_optuna_3_1" for information). Data only: the Java test
re-computes everything with brainseg's implementation.
"""
import json

import numpy as np
import optuna
from optuna.samplers._tpe import _truncnorm
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights


def dist_json(d):
    if isinstance(d, FloatDistribution):
        o = {"type": "float", "low": d.low, "high": d.high, "log": d.log}
        if d.step is not None:
            o["step"] = d.step
        return o
    if isinstance(d, IntDistribution):
        return {"type": "int", "low": d.low, "high": d.high, "log": d.log, "step": d.step}
    return {"type": "categorical", "choices": list(d.choices)}


_unfixed_logpdf = _truncnorm.logpdf


def _fixed_logpdf(x, a, b, loc=0, scale=1):
    return _unfixed_logpdf(x, a, b, loc=loc, scale=scale) - np.log(scale)


def case(name, space, obs, points, multivariate=False):
    params = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, multivariate)
    pe = _ParzenEstimator({k: np.asarray(v, dtype=float) for k, v in obs.items()}, space, params)
    pts = {k: np.asarray(v, dtype=int if isinstance(space[k], CategoricalDistribution) else float)
           for k, v in points.items()}
    _truncnorm.logpdf = _unfixed_logpdf
    unfixed = pe.log_pdf(pts)
    _truncnorm.logpdf = _fixed_logpdf
    logpdf = pe.log_pdf({k: np.asarray(v, dtype=int if isinstance(space[k], CategoricalDistribution) else float)
                        for k, v in points.items()})
    out = {"name": name, "multivariate": multivariate,
           "space": {k: dist_json(d) for k, d in space.items()},
           "observations": obs, "points": points,
           "weights": pe._weights.tolist(), "log_pdf": logpdf.tolist(), "log_pdf_optuna_3_1": unfixed.tolist(), "mus": {}, "sigmas": {}}
    for k in space:
        if pe._mus[k] is not None:
            out["mus"][k] = pe._mus[k].tolist()
            out["sigmas"][k] = pe._sigmas[k].tolist()
    return out


rng = np.random.RandomState(0)
many = rng.uniform(-2, 2, size=30).round(6).tolist()
cases = [
    case("uniform float", {"x": FloatDistribution(0, 3)}, {"x": [0.1, 0.5, 0.55, 2.0]},
         {"x": [0.0, 0.3, 0.52, 1.5, 3.0]}),
    case("log float", {"lr": FloatDistribution(1e-6, 0.1, log=True)}, {"lr": [1e-3, 2e-4, 5e-2]},
         {"lr": [1e-6, 1e-4, 1e-3, 0.02, 0.1]}),
    case("stepped float", {"x": FloatDistribution(0, 1, step=0.1)}, {"x": [0.2, 0.3, 0.9]},
         {"x": [0.0, 0.2, 0.5, 1.0]}),
    case("int", {"k": IntDistribution(1, 10)}, {"k": [2, 3, 3, 8]}, {"k": [1, 3, 5, 10]}),
    case("log int", {"k": IntDistribution(1, 100, log=True)}, {"k": [1, 5, 60]}, {"k": [1, 4, 30, 100]}),
    case("categorical", {"c": CategoricalDistribution(["a", "b", "c"])}, {"c": [0, 2, 2]}, {"c": [0, 1, 2]}),
    case("no observation", {"x": FloatDistribution(-1, 1)}, {"x": []}, {"x": [-1.0, 0.0, 0.7]}),
    case("ramp weights (30 observations)", {"x": FloatDistribution(-2, 2)}, {"x": many},
         {"x": [-2.0, -0.5, 0.0, 1.3]}),
    case("multivariate float + categorical",
         {"x": FloatDistribution(0, 1), "c": CategoricalDistribution([16, 32])},
         {"x": [0.1, 0.4, 0.8], "c": [0, 1, 1]}, {"x": [0.0, 0.4, 0.9], "c": [1, 1, 0]}, True),
]
print(json.dumps({"optuna_version": optuna.__version__,
                  "made_by": "benchmarks/tune/optuna_parzen_reference.py", "cases": cases}, indent=1))
