#!/usr/bin/env python3
"""Optuna's reference line for the sampler-quality table (see sampler_quality.sh).

Same functions, budgets and scoring as io.brainseg.benchmarks.tune.SamplerQuality, with Optuna's own
TPESampler (defaults) and RandomSampler, seeded 0..SEEDS-1. Prints CSV: function,sampler,seed,best.
Usage: /usr/bin/python3 sampler_quality_optuna.py SEEDS BUDGET_BRANIN BUDGET_HARTMANN BUDGET_NOISY
(Debian: apt-get install python3-optuna; 3.1.0 here).
"""
import math
import sys

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def branin(x1, x2):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def forrester(x):
    return (6 * x - 2) ** 2 * math.sin(12 * x - 4)


def run(function, sampler, budget, seed):
    noise = np.random.RandomState(1000 + seed)

    def objective(trial):
        if function == "branin":
            return branin(trial.suggest_float("x1", -5, 10), trial.suggest_float("x2", 0, 15))
        if function == "hartmann6":
            return hartmann6([trial.suggest_float(f"x{i}", 0, 1) for i in range(6)])
        return forrester(trial.suggest_float("x", 0, 1)) + noise.normal()

    study = optuna.create_study(direction="minimize", sampler=sampler)
    study.optimize(objective, n_trials=budget)
    best = study.best_trial
    return forrester(best.params["x"]) if function == "noisy_forrester" else best.value


def main():
    seeds = int(sys.argv[1])
    budgets = dict(zip(["branin", "hartmann6", "noisy_forrester"], map(int, sys.argv[2:5])))
    print("function,sampler,seed,best")
    for function, budget in budgets.items():
        for seed in range(seeds):
            for name, sampler in [("optuna_random", optuna.samplers.RandomSampler(seed=seed)),
                                  ("optuna_tpe", optuna.samplers.TPESampler(seed=seed))]:
                print(f"{function},{name},{seed},{run(function, sampler, budget, seed):.6f}", flush=True)


if __name__ == "__main__":
    main()
