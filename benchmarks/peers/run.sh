#!/usr/bin/env bash
# Side-by-side benchmark: MONAI 1.4 on torch 1.13 and on torch 2.13 against brainseg, in ONE session,
# alternating the order every round, with per-round ratios. See README.md in this folder.
#
#   benchmarks/peers/run.sh [rounds=3] [reps=3]
#
# Environment (all optional):
#   MONAI_SRC   MONAI 1.4.0 source tree (default /tmp/monai-1.4.0); fetched by you, never committed:
#                 git clone --branch 1.4.0 --depth 1 https://github.com/Project-MONAI/MONAI "$MONAI_SRC"
#               (or: git --git-dir=<a MONAI mirror> archive 1.4.0 | tar -x -C "$MONAI_SRC")
#   PY_TORCH113 a Python with torch 1.13 (default /usr/bin/python3: Debian's `apt-get install python3-torch`)
#   PY_TORCH213 a Python with torch 2.13 (default /tmp/engine-torch213/bin/python), e.g.
#                 python3.11 -m venv --system-site-packages /tmp/engine-torch213
#                 /tmp/engine-torch213/bin/pip install --no-deps --no-index /opt/wheels/torch-2.13.0+cpu-*.whl
#   THREADS     threads per side (default 2, the machine's cores): torch.set_num_threads and
#               -Dai.djl.pytorch.num_threads. Use 1 on a machine shared with other work and compare the CPU-time ratios.
#   JAR         the shaded benchmarks jar or a class path (default benchmarks/target/benchmarks.jar;
#               build: mvn -B -DskipTests package -pl benchmarks -am)
# A peer whose Python, torch or MONAI is missing is skipped with one line saying why; brainseg still runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
reps="${2:-3}"
threads="${THREADS:-2}"
monai="${MONAI_SRC:-/tmp/monai-1.4.0}"
jar="${JAR:-$root/benchmarks/target/benchmarks.jar}"
out="$(mktemp -d /tmp/brainseg-peers.XXXXXX)"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4294967296}" MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"

sides=()
check_peer() { # name python expected-version-prefix
  local name="$1" py="$2" want="$3" v
  if [ ! -d "$monai/monai" ]; then echo "skip $name: no MONAI 1.4.0 source at $monai (see the header of $0)"; return; fi
  if ! v="$(PYTHONPATH="$monai" "$py" -c 'import torch, monai; print(torch.__version__)' 2>/dev/null)"; then
    echo "skip $name: $py cannot import torch and monai"; return; fi
  case "$v" in "$want"*) sides+=("$name=$py"); echo "$name: $py, torch $v" ;; *) echo "skip $name: $py has torch $v, not $want" ;; esac
}
check_peer monai-torch1.13 "${PY_TORCH113:-/usr/bin/python3}" 1.13
check_peer monai-torch2.13 "${PY_TORCH213:-/tmp/engine-torch213/bin/python}" 2.13
if [ ! -e "${jar%%:*}" ]; then echo "no $jar: build it with mvn -B -DskipTests package -pl benchmarks -am" >&2; exit 1; fi
sides+=("brainseg=java")
echo "date $(date -u +%FT%TZ), commit $(git -C "$root" rev-parse --short HEAD), rounds $rounds, reps $reps, threads $threads, results in $out"

run_side() { # name=python round
  local name="${1%%=*}" py="${1#*=}"
  if [ "$name" = brainseg ]; then
    java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -cp "$jar" \
      io.brainseg.benchmarks.peers.BrainsegRound "$reps" 2>/dev/null | tail -n 1
  else
    PYTHONPATH="$monai" "$py" "$here/monai_round.py" --reps "$reps" --threads "$threads" --side "$name" 2>/dev/null | tail -n 1
  fi
}

for ((r = 1; r <= rounds; r++)); do
  order=("${sides[@]}")
  if ((r % 2 == 0)); then # reverse the order every other round
    order=(); for ((i = ${#sides[@]} - 1; i >= 0; i--)); do order+=("${sides[$i]}"); done
  fi
  for s in "${order[@]}"; do
    line="$(run_side "$s")"
    echo "round $r: $line"
    echo "{\"round\": $r, \"result\": $line}" >> "$out/results.jsonl"
  done
done
python3 "$here/summarise.py" "$out/results.jsonl"
