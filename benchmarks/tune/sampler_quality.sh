#!/usr/bin/env bash
# Sampler-quality table of docs/tuning.md: brainseg's random and TPE samplers against Optuna's
# (python3-optuna) on Branin, Hartmann-6 and noisy Forrester, median best-after-N over SEEDS seeds.
# Usage: benchmarks/tune/sampler_quality.sh [SEEDS=20] [N_BRANIN=60] [N_HARTMANN=100] [N_NOISY=40]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seeds=${1:-20}; nb=${2:-60}; nh=${3:-100}; nn=${4:-40}
out="$root/benchmarks/target/sampler-quality"
mkdir -p "$out"
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}"
# Every module of the reactor writes its class path to the same file; benchmarks comes last.
mvn -B -q -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt"
java -Dai.djl.offline=true -cp "benchmarks/target/classes:$(cat "$out/classpath.txt")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.brainseg.benchmarks.tune.SamplerQuality "$seeds" "$nb" "$nh" "$nn" > "$out/brainseg.csv"
/usr/bin/python3 benchmarks/tune/sampler_quality_optuna.py "$seeds" "$nb" "$nh" "$nn" > "$out/optuna.csv"
/usr/bin/python3 - "$out/brainseg.csv" "$out/optuna.csv" "$seeds" "$nb" "$nh" "$nn" <<'PY'
import csv, statistics, sys
rows = [r for f in sys.argv[1:3] for r in csv.DictReader(open(f))]
seeds, budgets = sys.argv[3], dict(zip(["branin", "hartmann6", "noisy_forrester"], sys.argv[4:7]))
optimum = {"branin": 0.397887, "hartmann6": -3.32237, "noisy_forrester": -6.02074}
samplers = ["brainseg_random", "optuna_random", "brainseg_tpe", "optuna_tpe"]
print(f"| function (optimum) | N | " + " | ".join(samplers) + " |")
print("|---|---|" + "---|" * len(samplers))
for fn in budgets:
    cells = []
    for s in samplers:
        v = sorted(float(r["best"]) for r in rows if r["function"] == fn and r["sampler"] == s)
        q1, med, q3 = statistics.quantiles(v, n=4, method="inclusive")[0], statistics.median(v), statistics.quantiles(v, n=4, method="inclusive")[2]
        cells.append(f"{med:.4f} [{q1:.4f}, {q3:.4f}]")
    print(f"| {fn} ({optimum[fn]}) | {budgets[fn]} | " + " | ".join(cells) + " |")
print(f"\nmedian [quartiles] of the best value after N trials over {seeds} seeds (minimised; noisy_forrester scored "
      "by its noise-free value at the best observed trial)")
PY
