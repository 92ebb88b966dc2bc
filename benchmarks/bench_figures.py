"""Figures: PNG against SVG, and the PNG resolution, by size, time and print sharpness on A4.

The figures of a sample of reports (their code cells exec'd as in the kernel-free bound of
:mod:`benchmarks.bench_report`, house theme on) are rendered in each candidate format the way the
inline backend of a report kernel renders them (``bbox_inches="tight"``). Per format: the time to
render, the bytes (as base64 inside the HTML, which is how a report embeds them), the time
Chromium needs to print one A4 page set holding all of them and the PDF's size, and the
effective resolution on paper (pixels per inch at the printed width; SVG is vector: sharp at any
size). ``python -m benchmarks.bench_figures --help``.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import sys
import tempfile
import time
from pathlib import Path

#: Printed width of a figure on A4 portrait with the report's margins (about 16 cm).
PRINT_WIDTH_IN = 16 / 2.54
FORMATS = {"png-100dpi": ("png", 100), "png-150dpi": ("png", 150), "png-200dpi": ("png", 200),
           "svg": ("svg", None)}


def collect_figures(jobs, year: int, processed: Path, work: Path) -> list:
    """Run the sample's code cells and keep every figure they draw (matplotlib Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat

    figures = []
    for i, job in enumerate(jobs):
        out_dir = work / f"{i:03d}"
        out_dir.mkdir(parents=True, exist_ok=True)
        params = job.all_parameters(year, str(processed), str(out_dir))
        nb = nbformat.read(job.notebook_path, as_version=4)
        ns = {"__name__": "__main__"}
        plt.show = lambda *a, **k: None  # keep the figures open: we render them ourselves
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            src = cell.source
            if "parameters" in cell.metadata.get("tags", []):
                src += "\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
            exec(compile(src, job.notebook, "exec"), ns)
            for num in plt.get_fignums():
                figures.append(plt.figure(num))
            plt.close("all")
    return figures


def render(figures, fmt: str, dpi: int | None) -> tuple[float, list[bytes], list[int]]:
    t0 = time.perf_counter()
    blobs, widths = [], []
    for fig in figures:
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=dpi or fig.dpi, bbox_inches="tight")
        blobs.append(buf.getvalue())
        if fmt == "png":
            widths.append(int.from_bytes(buf.getvalue()[16:20], "big"))
    return time.perf_counter() - t0, blobs, widths


def print_page(blobs: list[bytes], fmt: str, work: Path, name: str) -> tuple[float, int]:
    """All figures on A4 pages at the printed width; Chromium prints them; (seconds, PDF bytes)."""
    from analysis.report.pdf import find_chromium, print_pdf

    mime = "image/png" if fmt == "png" else "image/svg+xml"
    imgs = "".join(f'<p><img alt="figuur" style="width:16cm" src="data:{mime};base64,'
                   f'{base64.b64encode(b).decode()}"></p>' for b in blobs)
    page = work / f"{name}.html"
    page.write_text(f"<!DOCTYPE html><html><head><style>@page {{ size: A4; margin: 2.5cm 2.5cm; }}</style>"
                    f"</head><body>{imgs}</body></html>", encoding="utf-8")
    chromium = find_chromium()
    if chromium is None:
        return float("nan"), 0
    t0 = time.perf_counter()
    pdf = print_pdf(page, work / f"{name}.pdf", chromium)
    return time.perf_counter() - t0, pdf.stat().st_size


def run(data_dir: Path, sample: int, work: Path | None = None) -> dict:
    from analysis import style
    from benchmarks.bench_report import load_jobs, prepare

    work = Path(work or tempfile.mkdtemp(prefix="rpa-figures-"))
    processed = work / "processed"
    year = 2026
    prepare(data_dir, processed, year)
    style.set_theme()
    figures = collect_figures(load_jobs(year, None, sample), year, processed, work / "run")
    out = {"n_figures": len(figures), "sample": sample, "formats": {}}
    for fmt, dpi in FORMATS.values():  # a first round warms font caches and the backends: not counted
        render(figures, fmt, dpi)
    for name, (fmt, dpi) in FORMATS.items():
        secs, blobs, widths = render(figures, fmt, dpi)
        print_s, pdf_bytes = print_page(blobs, fmt, work, name)
        html_bytes = sum(len(base64.b64encode(b)) for b in blobs)
        out["formats"][name] = {
            "render_s": round(secs, 2), "html_kb": round(html_bytes / 1024),
            "per_figure_kb": round(html_bytes / 1024 / max(1, len(blobs)), 1),
            "print_s": round(print_s, 2), "pdf_kb": round(pdf_bytes / 1024),
            "ppi_on_a4": round(sum(widths) / len(widths) / PRINT_WIDTH_IN) if widths else "vector",
        }
    out["work"] = str(work)
    return out


def _cell(row: dict, key: str, unit: str = "") -> str:
    v = row.get(key)
    if v is None or v != v or (key == "pdf_kb" and v == 0):  # missing, NaN (no Chromium), nothing printed
        return "–"
    return f"{v} {unit}".rstrip() if isinstance(v, (int, float)) else str(v)


def render_markdown(res: dict) -> str:
    """Section 3 of RESULTS.md from :func:`run`'s figures: one row per format."""
    sample = res.get("sample", "N")
    lines = [
        f"`python -m benchmarks.bench_figures --sample {sample}`: the {res.get('n_figures', '–')} figures of {sample} "
        "reports of the example set, rendered as the report kernel renders them (`bbox_inches='tight'`), embedded "
        "as in the HTML (base64), printed by Chromium on A4 at the printed width (16 cm):",
        "",
        "| Format | render s | HTML kB (all) | kB per figure | print s | PDF kB | resolution on A4 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in res.get("formats", {}).items():
        lines.append(f"| {name} | {_cell(row, 'render_s')} | {_cell(row, 'html_kb')} | {_cell(row, 'per_figure_kb')} | "
                     f"{_cell(row, 'print_s')} | {_cell(row, 'pdf_kb')} | {_cell(row, 'ppi_on_a4', 'ppi')} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    from analysis import config

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=config.EXAMPLE_DIR)
    p.add_argument("--sample", type=int, default=10, help="reports to take the figures from")
    a = p.parse_args(argv)
    print(json.dumps(run(a.data, a.sample), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
