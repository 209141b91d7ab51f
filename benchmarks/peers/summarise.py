"""Per-round ratios (brainseg / MONAI) and their spread from run.sh's results.jsonl, as Markdown."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1])]
rounds = sorted({r["round"] for r in rows})
by = {(r["round"], r["result"]["side"]): r["result"] for r in rows}
sides = sorted({r["result"]["side"] for r in rows})
metrics = ["augment_ms", "forward_ms", "step_ms", "augment_cpu_ms", "forward_cpu_ms", "step_cpu_ms"]
print("\n| round | " + " | ".join(f"{s} {m[:-3].replace('_cpu', ' CPU')} ms" for s in sides for m in metrics) + " |")
print("|---" * (1 + len(sides) * len(metrics)) + "|")
for r in rounds:
    print(f"| {r} | " + " | ".join(f"{by[(r, s)][m]:.0f}" if (r, s) in by else "-" for s in sides for m in metrics) + " |")
print("\n| brainseg / peer | " + " | ".join(m[:-3].replace("_cpu", " CPU") for m in metrics) + " |")
print("|---|" + "---|" * len(metrics))
for peer in [s for s in sides if s != "brainseg"]:
    cells = []
    for m in metrics:
        ratios = [by[(r, "brainseg")][m] / by[(r, peer)][m] for r in rounds if (r, "brainseg") in by and (r, peer) in by]
        if ratios:
            cells.append(f"{statistics.median(ratios):.2f} (rounds: {', '.join(f'{x:.2f}' for x in ratios)})")
        else:
            cells.append("-")
    print(f"| {peer} | " + " | ".join(cells) + " |")
