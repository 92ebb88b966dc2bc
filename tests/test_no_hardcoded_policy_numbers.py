"""Guard: the agreement's key figures appear in reference data, never as literals in code.

The figures below are the ones a board member would ask about ("where does 1.350 come from?").
If one of them shows up as a number literal in ``analysis/`` or in a notebook's code, it has been
typed into code instead of read from ``data/raw/reference/``.
"""

import ast
import json
from pathlib import Path

from analysis import config

KEY_FIGURES = {6775, 2430, 1350, 2020, 375, 1450, 454.47, 650.43, 697.07, 879.66, 1123.13, 390000, 187000}
# 2020 is also a year (e.g. "ABF 2020", base years); only flag it as a count-like literal is not
# decidable, so it is excluded from the scan of code but kept in the reference check.
SCANNED = KEY_FIGURES - {2020}


def _literals(source: str) -> set:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            found.add(node.value)
    return found


def test_no_key_figure_literal_in_package():
    offenders = []
    for path in sorted((config.ROOT / "analysis").rglob("*.py")):
        hits = _literals(path.read_text(encoding="utf-8")) & SCANNED
        if hits:
            offenders.append(f"{path.relative_to(config.ROOT)}: {sorted(hits)}")
    assert not offenders, "beleidsgetallen in code (horen in data/raw/reference):\n" + "\n".join(offenders)


def test_no_key_figure_literal_in_notebooks():
    offenders = []
    for path in sorted(config.NOTEBOOKS.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        try:
            hits = _literals(code) & SCANNED
        except SyntaxError:
            continue  # magics etc.; the notebook tests execute the code anyway
        if hits:
            offenders.append(f"{path.name}: {sorted(hits)}")
    assert not offenders, "beleidsgetallen in notebooks:\n" + "\n".join(offenders)


def test_key_figures_are_in_reference_data():
    text = "\n".join(p.read_text(encoding="utf-8") for p in Path(config.REFERENCE_DIR).glob("*.csv"))
    for figure in KEY_FIGURES:
        variants = {str(figure), f"{figure:.2f}" if isinstance(figure, float) else str(figure)}
        assert any(v in text for v in variants), f"{figure} staat niet in data/raw/reference/"


def test_no_target_value_in_notebook_markdown():
    """A notebook's markdown never states a target: sentences with figures come from the analysis' text module."""
    import re

    from analysis import reference
    from analysis.formatting import format_number

    values = {float(v) for v in reference.targets()["value"].dropna() if float(v) >= 100}
    values = {v for v in values if not (1900 <= v <= 2100 and float(v).is_integer())}  # years are not targets here
    words = {format_number(v) for v in values}
    offenders = []
    for path in sorted(config.NOTEBOOKS.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            found = set(re.findall(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*(?![\d,])", "".join(cell["source"]))) & words
            if found:
                offenders.append(f"{path.name}, cel {i}: {sorted(found)}")
    assert not offenders, "doelen in de tekst van notebooks (horen uit de referentiedata te komen):\n" + "\n".join(offenders)
