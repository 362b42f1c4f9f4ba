"""Print a `make bench` run (bench-results/results.json, or the file given) as the README's Markdown table.

    .venv/bin/python bench/readme_table.py [bench-results/demo/results.json]

One row per page type: queries, KB, uncached requests/s with p50 and p99, the share of the static ceiling measured in
the same run, cached requests/s and p99, and the Lighthouse 12 scores when the run had them.
"""

import json
import sys
from pathlib import Path

from run import share_of_static

DEFAULT = Path(__file__).resolve().parent.parent / "bench-results" / "results.json"


def figure(value):
    """Three significant figures, thousands with a comma: 2,186 / 90.3 / 9.10."""
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def lighthouse(scores):
    if scores is None:
        return "not scored"
    return " / ".join(str(scores[key]) for key in ("performance", "accessibility", "best-practices", "seo"))


def table(rows):
    static = next(row for row in rows if row.get("name", "").startswith("static file"))
    ceiling = static["uncached"]["rps"]
    scored = any("lighthouse" in row for row in rows)
    header = "| page type | queries | KB | uncached rps | p50 ms | p99 ms | % of static | cached rps | p99 ms |"
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    if scored:
        header += " Lighthouse perf / a11y / best / SEO |"
        rule += "---|"
    lines = [header, rule]
    for row in rows:
        if row is static:
            continue
        uncached, cached = row["uncached"], row["cached"]
        timed_out = uncached["rps"] == 0
        # Each round of the page against the ceiling of its own round (`make bench` measures both in rounds).
        line = (
            f"| {row['name']} | {row['queries']} | {row['bytes'] / 1024:.1f} | {figure(uncached['rps'])} | "
            f"{'—' if timed_out else figure(uncached['p50'])} | {'—' if timed_out else figure(uncached['p99'])} | "
            f"{100 * share_of_static(uncached, static['uncached']):.1f} % | {figure(cached['rps'])} | "
            f"{figure(cached['p99'])} |"
        )
        if scored:
            line += f" {lighthouse(row.get('lighthouse')) if 'lighthouse' in row else ''} |"
        lines.append(line)
    lines.append(
        f"| static file (whitenoise), the ceiling | 0 | | {figure(ceiling)} | {figure(static['uncached']['p50'])} | "
        f"{figure(static['uncached']['p99'])} | 100 % | {figure(static['cached']['rps'])} | "
        f"{figure(static['cached']['p99'])} |" + (" |" if scored else "")
    )
    return "\n".join(lines)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    print(table(json.loads(path.read_text())))
