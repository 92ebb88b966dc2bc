"""One set, one truth: every figure that appears in more than one report of a set is the same.

Reads the published CSV tables of a reporting set (``outputs/<year>/<phase>/<notebook>/<slug>/tables``)
and turns them into *figures*: ``(figure, scope_type, scope, key) -> value``. A figure is named
for what it means, not for the table it sits in, so the monitor's row for the EFG target and the
energy report's trajectory both give ``efg_remaining_deadline`` for the region. Two reports that
publish the same figure with different values are a contradiction (:func:`find_contradictions`).

The figures compared:

- ``realised`` / ``planned_hard`` per portfolio target (the monitor's table and ``portfolio_gap``);
- ``efg_now`` (EFG, not exempt, at 1 January), ``efg_remaining_deadline`` and
  ``exempt_deadline`` (end of the deadline year) from the monitor, ``efg_trajectory`` and
  ``efg_kerncijfers``; ``efg_to_improve`` from ``efg_kerncijfers`` and the finance task;
- ``inponding_realised_per_year`` / ``inponding_planned_per_year`` (the monitor's table row and
  every ``inponding`` table);
- every numeric column of a scoped table (``scope_type``, ``scope``) published under the same
  name in several reports, per key (same table, same row, same column).

This module only reads; the deadline year comes from the EFG rule (:mod:`analysis.rules.efg`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from analysis.rules.scopes import REGION_NAME

#: Columns that identify a row of a scoped table (besides ``scope_type`` and ``scope``).
KEY_COLUMNS = ("target_id", "segment", "year", "figure_status", "municipality", "corporation", "item",
               "energy_label", "scenario", "measure", "period_start", "period_end", "label", "age_group")
#: Text columns that hold a value (a verdict, a remark), not a row key.
TEXT_VALUE_COLUMNS = ("verdict", "status", "remark", "binding_norm", "first_breach_norm", "missing_years",
                      "measure_nl", "description", "description_nl", "flag", "complete", "meets_target", "in_band",
                      "plan_met")
#: Relative tolerance for two published floats to be "the same figure" (CSV has 6 decimals).
TOLERANCE = 1e-6

Figure = tuple[str, str, str, str]  # (figure, scope_type, scope, key)
#: The columns of :func:`collect_figures`' frame.
FIGURE_COLUMNS = ("figure", "scope_type", "scope", "key", "value", "report", "table")


def _num(v) -> float | None:
    """A published cell as a float; None when it is empty or no number (as ``pd.to_numeric(errors="coerce")``).

    Per cell in plain Python: the set has some 40.000 cells, a pandas call per cell took seconds.
    """
    if isinstance(v, str):
        v = v.strip()
        if not v or "_" in v:  # float() reads "1_000"; pandas does not
            return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _monitor_figures(t: pd.DataFrame, deadline: int) -> Iterator[tuple[Figure, float | None]]:
    for r in t.itertuples():
        region = ("regio", REGION_NAME) if "scope" not in t.columns else (r.scope_type, r.scope)
        if r.target_id == "efg_phase_out_2028":
            yield ("efg_now", *region, ""), _num(r.realised)
            yield ("efg_remaining_deadline", *region, ""), _num(r.planned)
        elif r.target_id == "inponding_per_year":
            yield ("inponding_realised_per_year", *region, ""), _num(r.realised)
            yield ("inponding_planned_per_year", *region, ""), _num(r.planned)
        elif str(r.unit) == "woningen" and not pd.isna(r.realised):
            yield ("realised", *region, r.target_id), _num(r.realised)
            yield ("planned_hard", *region, r.target_id), _num(r.planned)


def _gap_figures(t: pd.DataFrame, deadline: int) -> Iterator[tuple[Figure, float | None]]:
    for r in t.itertuples():
        yield ("realised", r.scope_type, r.scope, r.target_id), _num(r.realised)
        yield ("planned_hard", r.scope_type, r.scope, r.target_id), _num(r.planned_hard)


def _inponding_figures(t: pd.DataFrame, deadline: int) -> Iterator[tuple[Figure, float | None]]:
    if not {"scope_type", "scope"} <= set(t.columns):  # the monitor's table is the region's
        t = t.assign(scope_type="regio", scope=REGION_NAME)
    for (scope_type, scope), g in t.groupby(["scope_type", "scope"], sort=True):
        for status, name in (("realisatie", "inponding_realised_per_year"),
                             ("prognose", "inponding_planned_per_year")):
            values = pd.to_numeric(g.loc[g["figure_status"] == status, "inponding"], errors="coerce").dropna()
            yield (name, scope_type, scope, ""), (float(values.mean()) if len(values) else None)


def _trajectory_figures(t: pd.DataFrame, deadline: int) -> Iterator[tuple[Figure, float | None]]:
    for (scope_type, scope), g in t.groupby(["scope_type", "scope"], sort=True):
        g = g.sort_values("year")
        first = g.iloc[0]
        yield ("efg_now", scope_type, scope, ""), float(first["efg_remaining"] + first["planned_per_year"])
        at = g[g["year"] == deadline]
        if len(at):
            yield ("efg_remaining_deadline", scope_type, scope, ""), float(at["efg_remaining"].iloc[0])
            yield ("exempt_deadline", scope_type, scope, ""), float(at["exempt"].iloc[0])


def _efg_headline_figures(t: pd.DataFrame, deadline: int) -> Iterator[tuple[Figure, float | None]]:
    names = {"efg_now": "efg_now", "efg_remaining_deadline": "efg_remaining_deadline",
             "exempt_deadline": "exempt_deadline", "to_improve": "efg_to_improve"}
    for r in t.to_dict("records"):
        for col, name in names.items():
            if col in r:
                yield (name, r["scope_type"], r["scope"], ""), _num(r[col])


def _task_figures(t: pd.DataFrame, deadline: int) -> Iterator[tuple[Figure, float | None]]:
    sel = t[t["item"] == "efg_verbetering"]
    for r in sel.to_dict("records"):
        yield ("efg_to_improve", r["scope_type"], r["scope"], ""), _num(r["n_units"])


#: Table name -> extractor of the named figures it publishes.
EXTRACTORS: dict[str, Callable[[pd.DataFrame, int], Iterator[tuple[Figure, float | None]]]] = {
    "afspraken_monitor": _monitor_figures,
    "portfolio_gap": _gap_figures,
    "inponding": _inponding_figures,
    "efg_trajectory": _trajectory_figures,
    "efg_kerncijfers": _efg_headline_figures,
    "financial_task": _task_figures,
}


def _generic_figures(name: str, t: pd.DataFrame) -> Iterator[tuple[Figure, float | None]]:
    """Every numeric cell of a scoped table, keyed by table, row key and column."""
    if not {"scope_type", "scope"} <= set(t.columns):
        return
    def numeric(c):
        return pd.api.types.is_numeric_dtype(t[c]) and not pd.api.types.is_bool_dtype(t[c])

    rest = [c for c in t.columns if c not in ("scope_type", "scope")]
    keys = [c for c in rest if c in KEY_COLUMNS or (not numeric(c) and c not in TEXT_VALUE_COLUMNS)]
    values = [c for c in rest if c not in keys and numeric(c)]
    if not values:
        return
    # column lists, not a dict per row: the same Python values as ``to_dict("records")``, a fraction of the time
    columns = {c: t[c].tolist() for c in ("scope_type", "scope", *keys, *values)}
    for i, (scope_type, scope) in enumerate(zip(columns["scope_type"], columns["scope"], strict=True)):
        key = "|".join(f"{k}={columns[k][i]}" for k in keys)
        for c in values:
            yield (f"{name}.{c}", scope_type, scope, key), _num(columns[c][i])


def report_dirs(set_dir: str | Path) -> list[Path]:
    """Every report folder of a published set (the folders holding ``tables/``)."""
    return sorted(p.parent for p in Path(set_dir).rglob("tables") if p.is_dir())


def report_figures(report: Path, root: Path, deadline_year: int) -> list[tuple]:
    """The figures one report publishes: rows ``(figure, scope_type, scope, key, value, report, table)``."""
    rows = []
    where = str(report.relative_to(root))
    for csv in sorted((report / "tables").glob("*.csv")):
        table = pd.read_csv(csv)
        name = csv.stem
        found = list(EXTRACTORS[name](table, deadline_year)) if name in EXTRACTORS else []
        found += list(_generic_figures(name, table))
        rows += [(figure, scope_type, scope, str(key), value, where, name)
                 for (figure, scope_type, scope, key), value in found]
    return rows


def collect_figures(set_dir: str | Path, deadline_year: int, known: dict[str, list[tuple]] | None = None
                    ) -> pd.DataFrame:
    """All figures of a set: ``figure, scope_type, scope, key, value, report, table``.

    ``known``: report folder (relative to ``set_dir``) -> its :func:`report_figures`, already read
    (``rpa report`` reads them in each report's own process, right after its tables are written);
    the other reports' tables are read here.
    """
    root = Path(set_dir)
    known = known or {}
    rows = []
    for report in report_dirs(root):
        where = str(report.relative_to(root))
        rows += known[where] if where in known else report_figures(report, root, deadline_year)
    return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))


def find_contradictions(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures published with different values (or published in one place and missing in another).

    Returns one row per contradicting figure: ``figure, scope_type, scope, key, values`` where
    ``values`` lists ``report/table = value`` for every place it appears.
    """
    groups: dict[tuple, list] = defaultdict(list)
    columns = [figures[c].tolist() for c in FIGURE_COLUMNS]
    for figure, scope_type, scope, key, value, report, table in zip(*columns, strict=True):
        groups[(figure, scope_type, scope, key)].append((f"{report}/{table}", value))
    out = []
    for key, places in groups.items():
        if len(places) < 2:
            continue
        vals = [v for _, v in places]
        known = [v for v in vals if not _missing(v)]
        same = len(known) == len(vals) and all(
            abs(v - known[0]) <= TOLERANCE * max(1.0, abs(known[0])) for v in known)
        if not same and known:
            out.append({"figure": key[0], "scope_type": key[1], "scope": key[2], "key": key[3],
                        "values": "; ".join(f"{p} = {v}" for p, v in sorted(places))})
    out.sort(key=lambda r: (r["figure"], r["scope_type"], r["scope"], r["key"]))  # only the contradictions
    return pd.DataFrame(out, columns=["figure", "scope_type", "scope", "key", "values"])


def _missing(v) -> bool:
    """An empty published figure (None or NaN), as ``pd.isna`` says of one value, without a pandas call per value."""
    return v is None or (isinstance(v, float) and math.isnan(v))
