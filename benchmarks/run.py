"""``hatch run bench``: our Lilya against Starlette and Falcon (and PyPI Lilya 0.29 with ``--peers``).

Runs the in-process harness (``benchmarks/harness/asgi_bench.py compare``) on the app contract in
``benchmarks/harness/apps/`` (``lilya_app.py`` uses only Lilya 0.29 public names, so the same file
runs on ours and on PyPI Lilya), prints µs/request and the ratio to Starlette for every scenario,
then compares ``import lilya.apps`` with ``import starlette.applications`` (``python -X importtime``).
Targets checked: plaintext and json at most 0.6× Starlette's time, and ``import lilya.apps`` no
slower than ``import starlette.applications``. Nothing outside the repository is read.

    hatch run bench                                  # ours vs Starlette
    hatch run bench --peers ../peers/bin/python      # + PyPI Lilya 0.29
    hatch run bench --scenarios plaintext,json --reps 9
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
HARNESS = ROOT / "benchmarks" / "harness" / "asgi_bench.py"
TARGETS = {"plaintext": 0.6, "json": 0.6}
IMPORT_RUNS = 5
_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)")


def compare(args: argparse.Namespace) -> dict[str, object]:
    python = sys.executable
    apps = [f"starlette=starlette_app:app@{python}", f"ours=lilya_app:app@{python}"]
    if importlib.util.find_spec("falcon") is not None:
        apps.insert(1, f"falcon=falcon_app:app@{python}")
    if args.peers:
        apps.insert(1, f"lilya029=lilya_app:app@{args.peers}")
    command = [python, str(HARNESS), "compare", *apps, "--baseline", "starlette", "--reps", str(args.reps), "--json"]
    if args.scenarios:
        command += ["--scenarios", args.scenarios]
    if args.target_time:
        command += ["--target-time", str(args.target_time)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if not done.stdout.strip():
        sys.exit(f"benchmark harness failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout)
    return result


def import_time_us(python: str, module: str) -> int:
    """Best of a few runs of the cumulative import time of ``module`` (µs).

    Bytecode is cached (in a private folder, not the source tree) and a first, untimed run
    fills it: both sides are measured as installed packages run, from compiled modules, even
    though the dev environment sets PYTHONDONTWRITEBYTECODE.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pathlib.Path(tempfile.gettempdir()) / "lilya-bench-pycache")
    command = [python, "-X", "importtime", "-c", f"import {module}"]
    subprocess.run(command, capture_output=True, cwd=ROOT, env=env)
    best = None
    for _ in range(IMPORT_RUNS):
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
        for line in done.stderr.splitlines():
            match = _IMPORTTIME.search(line)
            if match and match.group(3) == module:
                value = int(match.group(2))
                best = value if best is None else min(best, value)
    if best is None:
        sys.exit(f"could not measure the import time of {module}")
    return best


def print_table(result: dict[str, object]) -> list[str]:
    table: dict[str, dict[str, dict[str, float | str]]] = result["results"]  # type: ignore[assignment]
    names = list(table)
    scenarios = list(next(iter(table.values())))
    print(f"# in-process µs/request, median of {result['reps']} interleaved reps; ratio = × starlette")
    print(f"{'scenario':<10}" + "".join(f" {name:>20}" for name in names) + "   target")
    failures: list[str] = []
    for scenario in scenarios:
        cells = []
        for name in names:
            row = table[name].get(scenario, {})
            if row.get("status") == "ok":
                ratio = f"×{row['ratio']:.2f}" if "ratio" in row else ""
                cells.append(f" {row['median_us']:>11.2f} {ratio:>8}")
            else:
                cells.append(f" {str(row.get('status', '?')):>20}")
        target = TARGETS.get(scenario)
        verdict = ""
        if target is not None:
            ours = table.get("ours", {}).get(scenario, {})
            ok = ours.get("status") == "ok" and float(ours.get("ratio", 99)) <= target
            verdict = f"≤×{target} {'ok' if ok else 'MISSED'}"
            if not ok:
                failures.append(f"{scenario}: ours ×{ours.get('ratio', '?')} > ×{target}")
        print(f"{scenario:<10}" + "".join(cells) + f"   {verdict}")
        for name in names:
            row = table[name].get(scenario, {})
            if row.get("status") == "FAIL":
                failures.append(f"{name} {scenario}: {row.get('error')}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", help="python of a virtualenv with PyPI lilya==0.29 (adds a column)")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--scenarios", help="comma-separated subset (default: all)")
    parser.add_argument("--target-time", type=float, help="seconds per repetition (harness default 0.25)")
    parser.add_argument("--no-import", action="store_true", help="skip the import-time comparison")
    parser.add_argument("--json-out", help="also write the results as JSON (docs/benchmarks.json feeds the docs chart)")
    args = parser.parse_args(argv)
    if not HARNESS.exists():
        sys.exit(f"benchmark harness not found at {HARNESS}")

    result = compare(args)
    failures = print_table(result)
    if not args.no_import:
        ours = import_time_us(sys.executable, "lilya.apps")
        theirs = import_time_us(sys.executable, "starlette.applications")
        result["import_ms"] = {"lilya.apps": ours / 1000, "starlette.applications": theirs / 1000}
        verdict = "ok" if ours <= theirs else "MISSED"
        print(f"\n# import (best of {IMPORT_RUNS}, -X importtime cumulative)")
        print(f"import lilya.apps              {ours / 1000:>8.1f} ms")
        print(f"import starlette.applications  {theirs / 1000:>8.1f} ms   ours ≤ starlette: {verdict}")
        if ours > theirs:
            failures.append(f"import lilya.apps {ours} µs > starlette.applications {theirs} µs")
    if args.json_out:
        pathlib.Path(args.json_out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for failure in failures:
        print(f"MISSED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
