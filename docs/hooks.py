"""MkDocs hooks: draw the benchmark chart from ``docs/benchmarks.json`` at build time.

The JSON is what ``hatch run bench --json-out docs/benchmarks.json`` writes; the chart is
generated into the site (``img/benchmarks.svg``), never committed, so it always shows the
committed figures.
"""

from __future__ import annotations

import io
import json
import pathlib
from typing import Any

from mkdocs.structure.files import File, Files

CHART = "img/benchmarks.svg"


def _chart(data: dict[str, Any]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results: dict[str, dict[str, dict[str, Any]]] = data["results"]
    names = list(results)
    every = next(iter(results.values()))
    scenarios = [s for s in every if all(results[n].get(s, {}).get("status") == "ok" for n in names)]
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / len(names)
    for index, name in enumerate(names):
        ratios = [results[name][s]["ratio"] for s in scenarios]
        positions = [i + index * width for i in range(len(scenarios))]
        ax.bar(positions, ratios, width, label=name)
    ax.axhline(1.0, color="#888", linewidth=0.8)
    ax.set_xticks([i + width * (len(names) - 1) / 2 for i in range(len(scenarios))], scenarios)
    ax.set_ylabel("time per request, × Starlette")
    ax.set_title("In-process µs per request relative to Starlette (lower is faster)")
    ax.legend(frameon=False, ncols=len(names), loc="upper center", bbox_to_anchor=(0.5, -0.12))
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    return out.getvalue()


def on_files(files: Files, config: Any) -> Files:
    source = pathlib.Path(config["docs_dir"]) / "benchmarks.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    files.append(File.generated(config, CHART, content=_chart(data)))
    return files


def _table(data: dict[str, Any]) -> str:
    results: dict[str, dict[str, dict[str, Any]]] = data["results"]
    names = list(results)
    lines = ["| scenario | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for scenario in next(iter(results.values())):
        cells = []
        for name in names:
            row = results[name].get(scenario, {})
            ok = row.get("status") == "ok"
            cells.append(f"{row['median_us']:.1f} µs (×{row['ratio']:.2f})" if ok else "n/a")
        lines.append(f"| {scenario} | " + " | ".join(cells) + " |")
    imports = data.get("import_ms")
    if imports:
        lines.append("")
        lines.append(
            f"`import lilya.apps`: {imports['lilya.apps']:.1f} ms; "
            f"`import starlette.applications`: {imports['starlette.applications']:.1f} ms."
        )
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri != "benchmarks.md":
        return markdown
    source = pathlib.Path(config["docs_dir"]) / "benchmarks.json"
    return markdown.replace("{{ benchmark_table }}", _table(json.loads(source.read_text(encoding="utf-8"))))
