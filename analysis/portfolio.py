"""Analysis 1: the corporations' portfolio strategy against the Woondeal targets.

Chapter 4A of the Regionale Prestatieafspraken Parkstad Limburg 2024-2028 (agreements 1, 2, 3,
6, 7 and 8) asks one question in several forms: will Parkstad build what the Woondeal Limburg
(9 March 2023) promised? At least 2.430 social rent dwellings 2022-2030 (1.350 of them in
2024-2028), 2.020 mid-rent or affordable purchase dwellings, 375 flex homes and 6.775 new
dwellings in all by 2030. The targets themselves live in ``data/raw/reference/targets.csv``.

What counts towards a target (``combine_plans`` + ``SEGMENT_GROUPS``)
---------------------------------------------------------------------
* Corporation plans come from the corporations' own deliveries (sheet ``projecten``).
* Market plans come from the municipalities' plan capacity, rows with ``developer == "markt"``.
* Plan capacity rows with ``developer == "corporatie"`` are the municipality's *view* of the
  corporations' plans. They are **never added** (that would count the same project twice);
  :func:`reconcile_corporation_plans` compares them with the corporations' own figures.
* Social rent targets count corporation plans only: the Woondeal says "door woningcorporaties
  te realiseren" (agreement 1). New build, transformation, demolition-and-rebuild and purchase
  (inponding) projects all count, as agreement 1 allows.
* Mid-rent/affordable purchase, flex and the total count corporation and market plans, except
  purchase projects (buying an existing dwelling adds nothing to the total stock).

Scopes
------
The targets are regional. Rows for a municipality or a corporation carry **no target** (NA):
no distribution key has been agreed and inventing one would suggest an obligation that does not
exist. Such rows show ``regional_target`` and ``share_of_regional_target`` instead.

Plan status and drop-out
------------------------
``opgeleverd`` is realised. ``in_aanbouw`` + ``hard`` are the hard plans, ``zacht`` + ``idee``
the soft plans. Each non-realised plan gets a realisation probability per plan status
(``data/raw/reference/plan_realisation_probability.csv``, an assumption). The simulation draws
one Bernoulli variable **per project** (a plan is realised as a whole or not at all), which is
more realistic than independent dwellings and gives a wider, more honest band.

Missing data is reported, never silently treated as zero (:func:`find_missing_data`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config, reference

# --------------------------------------------------------------------------------------
# Vocabulary (codes, not policy numbers)
# --------------------------------------------------------------------------------------

PLAN_STATUSES = ("opgeleverd", "in_aanbouw", "hard", "zacht", "idee")
REALISED_STATUSES = ("opgeleverd",)
HARD_STATUSES = ("in_aanbouw", "hard")
SOFT_STATUSES = ("zacht", "idee")

SEGMENT_TOTAL = "totaal"
#: Target segment -> plan segments that count towards it.
SEGMENT_GROUPS: dict[str, tuple[str, ...]] = {
    "sociale_huur": ("sociale_huur",),
    "middenhuur_betaalbare_koop": ("middenhuur", "betaalbare_koop"),
    "flex": ("flex",),
    SEGMENT_TOTAL: ("sociale_huur", "middenhuur", "betaalbare_koop", "vrije_sector", "flex"),
}
#: Spellings of the total segment in the targets table.
TOTAL_ALIASES = ("totaal", "total", "alle", "all")
#: Target segment -> developers whose plans count (agreement 1: social rent by corporations).
SEGMENT_DEVELOPERS: dict[str, tuple[str, ...]] = {
    "sociale_huur": ("corporatie",),
    "middenhuur_betaalbare_koop": ("corporatie", "markt"),
    "flex": ("corporatie", "markt"),
    SEGMENT_TOTAL: ("corporatie", "markt"),
}
#: Target segment -> project types that count (purchase only adds social rent stock).
SEGMENT_PROJECT_TYPES: dict[str, tuple[str, ...]] = {
    "sociale_huur": ("nieuwbouw", "transformatie", "sloop_nieuwbouw", "aankoop"),
    "middenhuur_betaalbare_koop": ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
    "flex": ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
    SEGMENT_TOTAL: ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
}
SEGMENT_LABELS = {
    "sociale_huur": "sociale huur",
    "middenhuur_betaalbare_koop": "middenhuur + betaalbare koop",
    "flex": "flex",
    SEGMENT_TOTAL: "totaal nieuwbouw",
}
STATUS_LABELS = {
    "opgeleverd": "opgeleverd", "in_aanbouw": "in aanbouw", "hard": "hard", "zacht": "zacht", "idee": "idee",
}
SCOPE_TYPES = ("regio", "gemeente", "corporatie")
PHASES = ("q1", "q2", "q3")

#: Mutation codes (schemas.CODE_LISTS["mutation_type"]).
SALES_THIRD_PARTY = ("VAH", "VAB", "VAO")  # agreement 7: "aan derden, niet zijnde andere woningcorporaties"
SALES_TO_CORPORATION = ("VAC",)
INPONDING = ("AAN",)
DEMOLITION = ("SLO",)
LIBERALISATION = ("LIB",)

GAP_COLUMNS = [
    "scope_type", "scope", "segment", "period_start", "period_end", "target", "realised",
    "planned_hard", "planned_soft", "expected", "expected_p10", "expected_p90", "p_target_met", "gap",
    "corporation_dwellings", "market_dwellings", "regional_target", "share_of_regional_target",
    "target_id", "remark",
]


# --------------------------------------------------------------------------------------
# Reference data (the only I/O in this module)
# --------------------------------------------------------------------------------------

def load_targets(directory: Path | None = None) -> pd.DataFrame:
    """The Woondeal targets (``data/raw/reference/targets.csv`` via :func:`analysis.reference.targets`),
    normalised for this analysis."""
    return normalise_targets(reference.targets(str(directory) if directory else None))


def load_realisation_probabilities(
    overrides: Mapping[str, float] | None = None, directory: Path | None = None
) -> pd.Series:
    """Realisation probability per plan status, with notebook overrides applied.

    Returns:
        Series indexed by plan status (``in_aanbouw``, ``hard``, ``zacht``, ``idee``) plus
        ``opgeleverd`` = 1 (realised by definition).
    """
    table = reference.load_table(
        "plan_realisation_probability", {"plan_status": "str", "probability": "float"}, directory=directory
    )
    probs = pd.Series(table["probability"].astype(float).to_numpy(), index=table["plan_status"].astype(str))
    return apply_probability_overrides(probs, overrides)


def apply_probability_overrides(probabilities: pd.Series, overrides: Mapping[str, float] | None) -> pd.Series:
    """Return the probabilities with ``overrides`` applied and ``opgeleverd`` fixed at 1.

    Raises:
        ValueError: unknown plan status, a probability outside [0, 1], or an attempt to change
            ``opgeleverd`` (a completed dwelling is realised).
    """
    out = probabilities.astype(float).copy()
    for status, value in dict(overrides or {}).items():
        if status not in PLAN_STATUSES:
            raise ValueError(f"onbekende planstatus '{status}' (kies uit {', '.join(PLAN_STATUSES)})")
        if status == "opgeleverd" and float(value) != 1.0:
            raise ValueError("opgeleverd is per definitie gerealiseerd: kans 1")
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(f"kans voor '{status}' moet tussen 0 en 1 liggen, niet {value}")
        out[status] = float(value)
    out["opgeleverd"] = 1.0
    missing = [s for s in PLAN_STATUSES if s not in out.index]
    if missing:
        raise ValueError(f"geen realisatiekans voor planstatus: {', '.join(missing)}")
    return out.reindex(list(PLAN_STATUSES))


# --------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------

def check_parameters(
    year: int,
    phase: str,
    scope_type: str,
    scope: str,
    n_simulations: int,
    seed: int,
    probability_overrides: Mapping[str, float] | None = None,
    *,
    municipalities: Iterable[str] | None = None,
    corporations: Iterable[str] | None = None,
    region: str = "Parkstad",
) -> None:
    """Validate the notebook parameters; raise ``ValueError`` listing every problem."""
    problems = []
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append(f"year moet een jaartal zijn, niet {year!r}")
    if phase not in PHASES:
        problems.append(f"phase moet een van {', '.join(PHASES)} zijn, niet {phase!r}")
    if scope_type not in SCOPE_TYPES:
        problems.append(f"scope_type moet een van {', '.join(SCOPE_TYPES)} zijn, niet {scope_type!r}")
    else:
        allowed = {
            "regio": [region],
            "gemeente": list(municipalities if municipalities is not None else reference.municipality_names()),
            "corporatie": list(corporations if corporations is not None else reference.corporation_names()),
        }[scope_type]
        if scope not in allowed:
            problems.append(f"scope {scope!r} past niet bij scope_type {scope_type!r}; kies uit {', '.join(allowed)}")
    if not isinstance(n_simulations, int) or n_simulations < 1:
        problems.append(f"n_simulations moet een positief geheel getal zijn, niet {n_simulations!r}")
    if not isinstance(seed, int):
        problems.append(f"seed moet een geheel getal zijn, niet {seed!r}")
    try:
        apply_probability_overrides(pd.Series(dict.fromkeys(PLAN_STATUSES, 1.0)), probability_overrides)
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        raise ValueError("Ongeldige parameters:\n- " + "\n- ".join(problems))


# --------------------------------------------------------------------------------------
# Targets and plans
# --------------------------------------------------------------------------------------

def normalise_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Give the targets table a ``target_id`` column and canonical segment codes.

    Accepts an id column named ``target_id`` or ``id``; the total segment may be spelt
    ``totaal``/``total``/``alle`` or left empty.
    """
    out = targets.copy()
    if "target_id" not in out.columns:
        if "id" in out.columns:
            out = out.rename(columns={"id": "target_id"})
        else:
            raise ValueError("targets: kolom 'target_id' ontbreekt")
    seg = out["segment"].astype("string").fillna("").str.strip().str.lower() if "segment" in out else ""
    out["segment"] = seg.where(~seg.isin(TOTAL_ALIASES), SEGMENT_TOTAL)
    for col in ("period_start", "period_end"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("Float64")
    out["target_id"] = out["target_id"].astype(str)
    return out


def select_portfolio_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The dwelling-count targets over a period (the rows of ``portfolio_gap``).

    A portfolio target is a regional number of dwellings (``scope == "regio"``, ``unit ==
    "woningen"`` where those columns exist) in a segment of :data:`SEGMENT_GROUPS`, with a value
    and both period years, not ``vervallen`` and not a mere ``indicatie`` (a research outcome).
    Per-year and rule targets (inponding, sales vs additions), shares in percent and national
    targets are excluded.
    """
    t = normalise_targets(targets)

    def col(name):
        return (t[name].astype("string").fillna("").str.strip().str.lower() if name in t
                else pd.Series("", index=t.index, dtype="string"))

    kind, unit, scope, status = col("kind"), col("unit"), col("scope"), col("status")
    keep = (
        t["segment"].isin(list(SEGMENT_GROUPS))
        & t["value"].notna()
        & t["period_start"].notna()
        & t["period_end"].notna()
        & ~kind.str.contains("rule|regel|per_year|per_jaar|indicatie", regex=True)
        & unit.isin(["woningen", ""])
        & scope.isin(["regio", ""])
        & (status != "vervallen")
    ).fillna(False).astype(bool)
    order = {s: i for i, s in enumerate(SEGMENT_GROUPS)}
    out = t[keep].copy()
    out["_o"] = out["segment"].map(order)
    out = out.sort_values(["_o", "period_start", "period_end", "target_id"]).drop(columns="_o")
    return out.reset_index(drop=True)


def find_target(targets: pd.DataFrame, target_id: str) -> pd.Series | None:
    """One target row by id (None when the table has no such row)."""
    t = normalise_targets(targets)
    rows = t[t["target_id"] == target_id]
    return None if rows.empty else rows.iloc[0]


def combine_plans(projects: pd.DataFrame, plan_capacity: pd.DataFrame) -> pd.DataFrame:
    """One frame of all plans that can count: corporation projects + market plan capacity.

    Plan capacity rows with developer ``corporatie`` are dropped (the corporations' own
    deliveries are the source for their plans; see the module docstring).

    Returns:
        Columns ``plan_key, developer, corporation, municipality, project, segment,
        project_type, n_dwellings, completion_year, plan_status``, sorted by ``plan_key``.
    """
    cols = ["plan_key", "developer", "corporation", "municipality", "project", "segment",
            "project_type", "n_dwellings", "completion_year", "plan_status"]
    parts = []
    if len(projects):
        p = pd.DataFrame({
            "plan_key": "C|" + projects["corporation"].astype(str) + "|" + projects["project_id"].astype(str),
            "developer": "corporatie",
            "corporation": projects["corporation"].astype("string"),
            "municipality": projects["municipality"].astype("string"),
            "project": projects.get("project_name", projects["project_id"]).astype("string"),
            "segment": projects["segment"].astype("string"),
            "project_type": projects["project_type"].astype("string"),
            "n_dwellings": pd.to_numeric(projects["n_dwellings"]).astype("int64"),
            "completion_year": pd.to_numeric(projects["completion_year"]).astype("int64"),
            "plan_status": projects["plan_status"].astype("string"),
        })
        parts.append(p)
    if len(plan_capacity):
        m = plan_capacity[plan_capacity["developer"].astype(str) == "markt"]
        if len(m):
            parts.append(pd.DataFrame({
                "plan_key": "M|" + m["sender_municipality"].astype(str) + "|" + m["project"].astype(str),
                "developer": "markt",
                "corporation": pd.array([pd.NA] * len(m), dtype="string"),
                "municipality": m["sender_municipality"].astype("string"),
                "project": m["project"].astype("string"),
                "segment": m["segment"].astype("string"),
                "project_type": "nieuwbouw",
                "n_dwellings": pd.to_numeric(m["n_dwellings"]).astype("int64"),
                "completion_year": pd.to_numeric(m["completion_year"]).astype("int64"),
                "plan_status": m["plan_status"].astype("string"),
            }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("n_dwellings", "completion_year") else "string")
                             for c in cols})
    out = pd.concat(parts, ignore_index=True)[cols]
    return out.sort_values("plan_key", kind="stable").reset_index(drop=True)


def plans_counting_for(plans: pd.DataFrame, segment: str, period_start: int, period_end: int) -> pd.Series:
    """Boolean mask: which plans count towards a target of ``segment`` over the period."""
    return (
        plans["segment"].isin(SEGMENT_GROUPS[segment])
        & plans["developer"].isin(SEGMENT_DEVELOPERS[segment])
        & plans["project_type"].isin(SEGMENT_PROJECT_TYPES[segment])
        & plans["completion_year"].between(int(period_start), int(period_end))
    )


def scope_mask(plans: pd.DataFrame, scope_type: str, scope: str) -> pd.Series:
    """Boolean mask of the plans in one scope (region = all plans)."""
    if scope_type == "regio":
        return pd.Series(True, index=plans.index)
    column = {"gemeente": "municipality", "corporatie": "corporation"}[scope_type]
    return (plans[column] == scope).fillna(False).astype(bool)


def compute_targets_vs_plans(plans: pd.DataFrame, targets: pd.DataFrame, scopes: pd.DataFrame) -> pd.DataFrame:
    """Realised and planned dwellings per scope and portfolio target (deterministic part).

    Args:
        plans: output of :func:`combine_plans`.
        targets: the targets table (any; portfolio targets are selected).
        scopes: frame with ``scope_type, scope`` (one row per scope to report).

    Returns:
        One row per scope x target: ``scope_type, scope, target_id, segment, period_start,
        period_end, target, realised, planned_hard, planned_soft, gap, corporation_dwellings,
        market_dwellings, regional_target, share_of_regional_target``. ``target`` and ``gap``
        are NA outside the region (targets are regional). ``market_dwellings`` is NA where
        market plans do not count (social rent) and for corporation scopes.
    """
    rows = []
    for _, t in select_portfolio_targets(targets).iterrows():
        seg, start, end = t["segment"], int(t["period_start"]), int(t["period_end"])
        counting = plans_counting_for(plans, seg, start, end)
        for _, s in scopes.iterrows():
            sel = plans[counting & scope_mask(plans, s["scope_type"], s["scope"])]
            st = sel["plan_status"]
            realised = int(sel.loc[st.isin(REALISED_STATUSES), "n_dwellings"].sum())
            hard = int(sel.loc[st.isin(HARD_STATUSES), "n_dwellings"].sum())
            soft = int(sel.loc[st.isin(SOFT_STATUSES), "n_dwellings"].sum())
            total = realised + hard + soft
            regional = float(t["value"])
            is_region = s["scope_type"] == "regio"
            market_counts = "markt" in SEGMENT_DEVELOPERS[seg] and s["scope_type"] != "corporatie"
            rows.append({
                "scope_type": s["scope_type"], "scope": s["scope"], "target_id": t["target_id"],
                "segment": seg, "period_start": start, "period_end": end,
                "target": regional if is_region else np.nan,
                "realised": realised, "planned_hard": hard, "planned_soft": soft,
                "gap": regional - total if is_region else np.nan,
                "corporation_dwellings": int(sel.loc[sel["developer"] == "corporatie", "n_dwellings"].sum()),
                "market_dwellings": (int(sel.loc[sel["developer"] == "markt", "n_dwellings"].sum())
                                     if market_counts else np.nan),
                "regional_target": regional,
                "share_of_regional_target": total / regional if regional else np.nan,
            })
    return pd.DataFrame(rows)


def summarise_by_status(plans: pd.DataFrame, targets: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """Dwellings per portfolio target, developer and plan status for one scope (for figures).

    Returns:
        ``target_id, segment, period_start, period_end, developer, plan_status, n_dwellings``
        with every status present (0 where no plan), statuses in pipeline order.
    """
    rows = []
    in_scope = scope_mask(plans, scope_type, scope)
    for _, t in select_portfolio_targets(targets).iterrows():
        seg, start, end = t["segment"], int(t["period_start"]), int(t["period_end"])
        sel = plans[in_scope & plans_counting_for(plans, seg, start, end)]
        for dev in SEGMENT_DEVELOPERS[seg]:
            if scope_type == "corporatie" and dev == "markt":
                continue
            for status in PLAN_STATUSES:
                n = sel.loc[(sel["developer"] == dev) & (sel["plan_status"] == status), "n_dwellings"].sum()
                rows.append({"target_id": t["target_id"], "segment": seg, "period_start": start,
                             "period_end": end, "developer": dev, "plan_status": status, "n_dwellings": int(n)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Simulation of plan drop-out
# --------------------------------------------------------------------------------------

def plan_probabilities(plans: pd.DataFrame, probabilities: Mapping[str, float] | pd.Series) -> np.ndarray:
    """Realisation probability of each plan (by its status); ``opgeleverd`` is always 1."""
    probs = pd.Series(dict(probabilities), dtype=float)
    probs["opgeleverd"] = 1.0
    p = plans["plan_status"].astype(str).map(probs)
    if p.isna().any():
        unknown = sorted(plans.loc[p.isna(), "plan_status"].astype(str).unique())
        raise ValueError(f"geen realisatiekans voor planstatus: {', '.join(unknown)}")
    return p.to_numpy(dtype=float)


def simulate_plan_dropout(
    plans: pd.DataFrame, probabilities: Mapping[str, float] | pd.Series, n_simulations: int, seed: int
) -> np.ndarray:
    """Simulate which plans are realised: one Bernoulli draw per plan per simulation.

    A plan is realised as a whole with the probability of its plan status (``opgeleverd``
    always). Draws use ``numpy.random.default_rng(seed)``, so a seed gives the same result.
    A probability of exactly 1 is always realised and 0 never (``U[0,1) < p``).

    Returns:
        Integer array ``(n_simulations, len(plans))``: dwellings realised per plan.
    """
    p = plan_probabilities(plans, probabilities)
    rng = np.random.default_rng(seed)
    realised = rng.random((int(n_simulations), len(plans))) < p[None, :]
    return realised * plans["n_dwellings"].to_numpy(dtype=np.int64)[None, :]


def summarise_draws(totals: np.ndarray, target: float | None) -> dict:
    """Expected value, 10-90 % band and P(total >= target) of simulated totals."""
    totals = np.asarray(totals, dtype=float)
    p10, p90 = np.quantile(totals, [0.1, 0.9]) if totals.size else (np.nan, np.nan)
    met = float(np.mean(totals >= target)) if target is not None and not pd.isna(target) else np.nan
    return {"mean": float(totals.mean()) if totals.size else np.nan, "p10": float(p10), "p90": float(p90),
            "p_target_met": met}


def default_scopes(municipalities: Iterable[str], corporations: Iterable[str], region: str = "Parkstad") -> pd.DataFrame:
    """All scopes: the region, every municipality and every corporation (sorted)."""
    rows = [("regio", region)] + [("gemeente", m) for m in sorted(municipalities)] + [
        ("corporatie", c) for c in sorted(corporations)]
    return pd.DataFrame(rows, columns=["scope_type", "scope"])


def build_portfolio_gap(
    plans: pd.DataFrame,
    targets: pd.DataFrame,
    probabilities: Mapping[str, float] | pd.Series,
    *,
    municipalities: Iterable[str],
    corporations: Iterable[str],
    n_simulations: int = 5000,
    seed: int = 20240101,
    delivered_corporations: Iterable[str] | None = None,
    delivered_municipalities: Iterable[str] | None = None,
    region: str = "Parkstad",
) -> pd.DataFrame:
    """The headline table ``portfolio_gap``: every scope x portfolio target.

    Columns: see :data:`GAP_COLUMNS`. ``expected`` is the exact expectation
    (realised + sum of probability x dwellings); ``expected_p10``/``expected_p90`` and
    ``p_target_met`` come from :func:`simulate_plan_dropout` (one set of draws shared by all
    rows, so region = sum of municipalities in every simulation). ``gap`` = target - realised
    - all planned (negative = surplus). A corporation without a delivery gets NA figures and a
    remark; a municipality without a delivery gets a remark (its market plans are missing).
    """
    municipalities, corporations = list(municipalities), list(corporations)
    scopes = default_scopes(municipalities, corporations, region)
    base = compute_targets_vs_plans(plans, targets, scopes)
    if base.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    probs = plan_probabilities(plans, probabilities)
    draws = simulate_plan_dropout(plans, probabilities, n_simulations, seed)
    expected, p10, p90, pmet = [], [], [], []
    targets_sel = select_portfolio_targets(targets).set_index("target_id")
    for _, r in base.iterrows():
        t = targets_sel.loc[r["target_id"]]
        mask = (plans_counting_for(plans, t["segment"], int(t["period_start"]), int(t["period_end"]))
                & scope_mask(plans, r["scope_type"], r["scope"])).to_numpy()
        expected.append(float((probs[mask] * plans["n_dwellings"].to_numpy()[mask]).sum()))
        s = summarise_draws(draws[:, mask].sum(axis=1), r["target"])
        p10.append(s["p10"])
        p90.append(s["p90"])
        pmet.append(s["p_target_met"])
    base["expected"], base["expected_p10"], base["expected_p90"], base["p_target_met"] = expected, p10, p90, pmet

    missing_corp = set(corporations) - set(delivered_corporations) if delivered_corporations is not None else set()
    missing_mun = set(municipalities) - set(delivered_municipalities) if delivered_municipalities is not None else set()
    remarks = []
    for i, r in base.iterrows():
        remark = ""
        if r["scope_type"] == "corporatie" and r["scope"] in missing_corp:
            remark = "geen levering van deze corporatie: cijfers onbekend"
            for c in ("realised", "planned_hard", "planned_soft", "expected", "expected_p10", "expected_p90",
                      "corporation_dwellings", "share_of_regional_target"):
                base.at[i, c] = np.nan
        elif r["scope_type"] == "gemeente":
            parts = []
            if missing_corp:
                parts.append(f"onvolledig: {len(missing_corp)} corporatie(s) zonder levering")
            if r["scope"] in missing_mun and SEGMENT_DEVELOPERS[r["segment"]] != ("corporatie",):
                parts.append("geen levering van deze gemeente: marktplannen ontbreken")
                base.at[i, "market_dwellings"] = np.nan
            remark = "; ".join(parts)
        elif r["scope_type"] == "regio" and (missing_corp or missing_mun):
            parts = []
            if missing_corp:
                parts.append(f"zonder levering van {', '.join(sorted(missing_corp))}")
            if missing_mun and SEGMENT_DEVELOPERS[r["segment"]] != ("corporatie",):
                parts.append(f"zonder marktplannen van {', '.join(sorted(missing_mun))}")
            remark = "onvolledig: " + "; ".join(parts) if parts else ""
        remarks.append(remark)
    base["remark"] = remarks
    for c in ("target", "realised", "planned_hard", "planned_soft", "gap", "corporation_dwellings",
              "market_dwellings", "expected", "expected_p10", "expected_p90", "p_target_met", "regional_target",
              "share_of_regional_target"):
        base[c] = base[c].astype(float)
    order = {s: i for i, s in enumerate(SCOPE_TYPES)}
    base["_o"] = base["scope_type"].map(order)
    tord = {tid: i for i, tid in enumerate(targets_sel.index)}
    base["_t"] = base["target_id"].map(tord)
    base = base.sort_values(["_o", "scope", "_t"], kind="stable").drop(columns=["_o", "_t"])
    return base[GAP_COLUMNS].reset_index(drop=True)


def filter_scope(table: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """Rows of a scoped table for one scope (``scope_type``/``scope`` columns)."""
    return table[(table["scope_type"] == scope_type) & (table["scope"] == scope)].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Tempo
# --------------------------------------------------------------------------------------

def compute_tempo(
    plans: pd.DataFrame,
    targets: pd.DataFrame,
    probabilities: Mapping[str, float] | pd.Series,
    scope_type: str = "regio",
    scope: str = "Parkstad",
) -> pd.DataFrame:
    """Cumulative realised, planned and expected dwellings per year against the straight path.

    Returns:
        One row per portfolio target and year of its period: ``target_id, segment,
        period_start, period_end, year, realised, planned, expected, cum_realised,
        cum_realised_planned, cum_expected, straight_path, target``. The straight path rises
        linearly from 0 before ``period_start`` to the target in ``period_end``; it and
        ``target`` are NA outside the region.
    """
    probs = plan_probabilities(plans, probabilities)
    in_scope = scope_mask(plans, scope_type, scope)
    rows = []
    for _, t in select_portfolio_targets(targets).iterrows():
        seg, start, end = t["segment"], int(t["period_start"]), int(t["period_end"])
        mask = in_scope & plans_counting_for(plans, seg, start, end)
        sel = plans[mask]
        p = probs[mask.to_numpy()]
        n_years = end - start + 1
        cum_r = cum_rp = cum_e = 0.0
        for y in range(start, end + 1):
            in_year = (sel["completion_year"] == y).to_numpy()
            done = in_year & sel["plan_status"].isin(REALISED_STATUSES).to_numpy()
            planned = in_year & ~done
            r = float(sel["n_dwellings"].to_numpy()[done].sum())
            pl = float(sel["n_dwellings"].to_numpy()[planned].sum())
            e = float((p[in_year] * sel["n_dwellings"].to_numpy()[in_year]).sum())
            cum_r += r
            cum_rp += r + pl
            cum_e += e
            target = float(t["value"]) if scope_type == "regio" else np.nan
            rows.append({"target_id": t["target_id"], "segment": seg, "period_start": start, "period_end": end,
                         "year": y, "realised": r, "planned": pl, "expected": e, "cum_realised": cum_r,
                         "cum_realised_planned": cum_rp, "cum_expected": cum_e,
                         "straight_path": target * (y - start + 1) / n_years, "target": target})
    return pd.DataFrame(rows)


def compute_pace(tempo: pd.DataFrame, year: int) -> pd.DataFrame:
    """Yearly pace still needed against the pace planned, per target.

    The remaining years run from ``max(year, period_start)`` to ``period_end``. Realised to
    date is every completed dwelling in the period; all not-yet-completed plans in the period
    (also overdue ones) count as planned for the remaining years.

    Returns:
        ``target_id, segment, period_start, period_end, target, realised_to_date, remaining,
        remaining_years, pace_needed, pace_planned, pace_expected, on_pace`` (NA when the
        period is over or there is no target).
    """
    rows = []
    for tid, g in tempo.groupby("target_id", sort=False):
        first = g.iloc[0]
        start, end = int(first["period_start"]), int(first["period_end"])
        remaining_years = max(0, end - max(int(year), start) + 1)
        realised = float(g["realised"].sum())
        planned = float(g["planned"].sum())
        expected_open = float(g["expected"].sum()) - realised
        target = first["target"]
        remaining = max(float(target) - realised, 0.0) if pd.notna(target) else np.nan
        if remaining_years:
            need = remaining / remaining_years if pd.notna(remaining) else np.nan
            pace_planned, pace_expected = planned / remaining_years, expected_open / remaining_years
        else:
            need = pace_planned = pace_expected = np.nan
        rows.append({"target_id": tid, "segment": first["segment"], "period_start": start, "period_end": end,
                     "target": target, "realised_to_date": realised, "remaining": remaining,
                     "remaining_years": remaining_years, "pace_needed": need, "pace_planned": pace_planned,
                     "pace_expected": pace_expected,
                     "on_pace": (pace_planned >= need) if pd.notna(need) and pd.notna(pace_planned) else pd.NA})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Social stock change (agreements 1, 6), sales vs additions (7), inponding (8)
# --------------------------------------------------------------------------------------

STOCK_FLOW_COLUMNS = ["new_build", "transformation", "inponding", "demolition", "sales", "liberalisation"]


def mutation_years_covered(mutations: pd.DataFrame, year: int, years: Iterable[int]) -> dict[int, bool]:
    """Per year: does the mutations table hold figures of the right status for it?

    Years before the reporting year need ``realisatie`` figures, later years ``prognose``.
    """
    out = {}
    for y in years:
        status = "realisatie" if y < year else "prognose"
        out[y] = bool(((mutations["year"] == y) & (mutations["figure_status"] == status)).any()) if len(
            mutations) else False
    return out


def compute_social_stock_change(
    projects: pd.DataFrame,
    mutations: pd.DataFrame,
    year: int,
    first_year: int,
    last_year: int,
    municipalities: Iterable[str],
) -> pd.DataFrame:
    """Net change of the social rent stock per municipality and year.

    ``net = new_build + transformation + inponding - demolition - sales - liberalisation``.

    * new build (incl. demolition-and-rebuild) and transformation: social rent projects;
      before the reporting year only completed ones (``opgeleverd``), from it on every plan.
    * inponding (AAN), demolition (SLO), sales to third parties (VAH + VAB + VAO),
      liberalisation (LIB): the mutations, ``realisatie`` before the reporting year,
      ``prognose`` from it on. Sales to other corporations (VAC) are shown in
      ``sales_to_corporations`` but not subtracted: the dwelling stays in the social stock.
    * Purchase projects (``aankoop``) are not counted here; inponding comes from the mutations.
    * A year without mutation figures of the right status has NA mutation flows and NA net
      (``complete`` False), never zero.

    Returns:
        ``municipality, year, figure_status, new_build, transformation, inponding, demolition,
        sales, sales_to_corporations, liberalisation, net, complete``.
    """
    years = list(range(int(first_year), int(last_year) + 1))
    covered = mutation_years_covered(mutations, year, years)
    social = projects[projects["segment"].astype(str) == "sociale_huur"] if len(projects) else projects
    rows = []
    for m in sorted(municipalities):
        pm = social[social["municipality"] == m] if len(social) else social
        mm = mutations[mutations["municipality"] == m] if len(mutations) else mutations
        for y in years:
            realised_year = y < year
            status = "realisatie" if realised_year else "prognose"
            if len(pm):
                py = pm[pm["completion_year"] == y]
                if realised_year:
                    py = py[py["plan_status"] == "opgeleverd"]
                nb = int(py.loc[py["project_type"].isin(["nieuwbouw", "sloop_nieuwbouw"]), "n_dwellings"].sum())
                tr = int(py.loc[py["project_type"] == "transformatie", "n_dwellings"].sum())
            else:
                nb = tr = 0
            row = {"municipality": m, "year": y, "figure_status": status, "new_build": nb, "transformation": tr}
            if covered[y]:
                my = mm[(mm["year"] == y) & (mm["figure_status"] == status)] if len(mm) else mm

                def flow(codes, my=my):
                    return int(my.loc[my["mutation_type"].isin(codes), "count"].sum()) if len(my) else 0

                row.update(inponding=flow(INPONDING), demolition=flow(DEMOLITION), sales=flow(SALES_THIRD_PARTY),
                           sales_to_corporations=flow(SALES_TO_CORPORATION), liberalisation=flow(LIBERALISATION))
                row["net"] = nb + tr + row["inponding"] - row["demolition"] - row["sales"] - row["liberalisation"]
            else:
                row.update(inponding=np.nan, demolition=np.nan, sales=np.nan, sales_to_corporations=np.nan,
                           liberalisation=np.nan, net=np.nan)
            row["complete"] = covered[y]
            rows.append(row)
    cols = ["municipality", "year", "figure_status", "new_build", "transformation", "inponding", "demolition",
            "sales", "sales_to_corporations", "liberalisation", "net", "complete"]
    out = pd.DataFrame(rows, columns=cols)
    for c in cols[3:-1]:
        out[c] = out[c].astype(float)
    return out


def summarise_stock_change_region(stock_change: pd.DataFrame, region: str = "Parkstad") -> pd.DataFrame:
    """Region totals per year of :func:`compute_social_stock_change` (NA stays NA)."""
    flows = ["new_build", "transformation", "inponding", "demolition", "sales", "sales_to_corporations",
             "liberalisation", "net"]
    g = stock_change.groupby(["year", "figure_status"], sort=True)
    out = g[flows].sum(min_count=1).reset_index()
    complete = g["complete"].all().reset_index(drop=True)
    for c in flows[2:]:
        out.loc[~complete.to_numpy(), c] = np.nan
    out.insert(0, "municipality", region)
    out["complete"] = complete.to_numpy()
    return out


def compute_sales_vs_additions(stock_change: pd.DataFrame, period_start: int, period_end: int) -> pd.DataFrame:
    """Agreement 7: per municipality, sales to third parties against additions to the social stock.

    Over the agreement period, realised and prognosis years together. Additions are new build
    (incl. demolition-and-rebuild) + transformation + inponding (gross, as the agreement says
    "additioneel toegevoegd"). A municipality is flagged when sales **exceed** additions;
    equal is within the agreement. Years without mutation figures are listed in
    ``missing_years`` and the row is ``complete`` False (the flag then uses known years only).

    Returns:
        ``municipality, period_start, period_end, sales, additions, sales_realised,
        additions_realised, sales_prognosis, additions_prognosis, flag, complete, missing_years``.
    """
    sc = stock_change[stock_change["year"].between(int(period_start), int(period_end))].copy()
    sc["additions"] = sc[["new_build", "transformation", "inponding"]].sum(axis=1, min_count=1)
    rows = []
    for m, g in sc.groupby("municipality", sort=True):
        real = g[g["figure_status"] == "realisatie"]
        prog = g[g["figure_status"] == "prognose"]
        sales = float(g["sales"].sum())
        additions = float(g["additions"].sum())
        missing = [int(y) for y in g.loc[~g["complete"].astype(bool), "year"]]
        rows.append({
            "municipality": m, "period_start": int(period_start), "period_end": int(period_end),
            "sales": sales, "additions": additions,
            "sales_realised": float(real["sales"].sum()), "additions_realised": float(real["additions"].sum()),
            "sales_prognosis": float(prog["sales"].sum()), "additions_prognosis": float(prog["additions"].sum()),
            "flag": bool(sales > additions), "complete": not missing,
            "missing_years": ", ".join(str(y) for y in missing),
        })
    return pd.DataFrame(rows, columns=["municipality", "period_start", "period_end", "sales", "additions",
                                       "sales_realised", "additions_realised", "sales_prognosis",
                                       "additions_prognosis", "flag", "complete", "missing_years"])


def compute_inponding(
    mutations: pd.DataFrame, year: int, target_per_year: float, first_year: int, last_year: int
) -> pd.DataFrame:
    """Agreement 8: inponding (AAN) per year against the yearly ambition.

    Realisation figures before the reporting year, prognosis from it on. A year without any
    mutation figures of that status is NA (not zero). ``meets_target`` is ``inponding >=
    target`` (the agreement says "minimaal zo'n 100"; the difference column lets the reader
    judge "zo'n").

    Returns:
        ``year, figure_status, inponding, target, difference, meets_target``.
    """
    years = list(range(int(first_year), int(last_year) + 1))
    covered = mutation_years_covered(mutations, year, years)
    rows = []
    for y in years:
        status = "realisatie" if y < year else "prognose"
        if covered[y]:
            sel = mutations[(mutations["year"] == y) & (mutations["figure_status"] == status)
                            & mutations["mutation_type"].isin(INPONDING)]
            n = float(sel["count"].sum())
            known = not pd.isna(target_per_year)
            rows.append({"year": y, "figure_status": status, "inponding": n, "target": float(target_per_year),
                         "difference": n - float(target_per_year),
                         "meets_target": bool(n >= target_per_year) if known else pd.NA})
        else:
            rows.append({"year": y, "figure_status": status, "inponding": np.nan, "target": float(target_per_year),
                         "difference": np.nan, "meets_target": pd.NA})
    return pd.DataFrame(rows)


def summarise_inponding(inponding: pd.DataFrame) -> dict:
    """Per-year means of :func:`compute_inponding` (the figures the report and the monitor state).

    Returns:
        ``realised_per_year`` (mean over the realisation years with figures), ``planned_per_year``
        (mean over the prognosis years with figures), ``period_mean`` (mean over every year of
        the period with figures), ``n_realised_years``, ``n_planned_years`` and ``target`` (the
        yearly ambition). A mean is NaN where no year has figures.
    """
    known = inponding[inponding["inponding"].notna()]
    real = known.loc[known["figure_status"] == "realisatie", "inponding"].astype(float)
    plan = known.loc[known["figure_status"] == "prognose", "inponding"].astype(float)
    targets = inponding["target"].dropna() if "target" in inponding else pd.Series(dtype=float)
    return {
        "realised_per_year": float(real.mean()) if len(real) else np.nan,
        "planned_per_year": float(plan.mean()) if len(plan) else np.nan,
        "period_mean": float(known["inponding"].astype(float).mean()) if len(known) else np.nan,
        "n_realised_years": int(len(real)),
        "n_planned_years": int(len(plan)),
        "target": float(targets.iloc[0]) if len(targets) else np.nan,
    }


SHARE_COLUMNS = ["scope_type", "scope", "target_id", "numerator_dwellings", "denominator_dwellings", "share_pct"]


def compute_programme_share(plans: pd.DataFrame, targets: pd.DataFrame,
                            share_target_id: str = "mid_affordable_share_new_build") -> pd.DataFrame:
    """Share (in %) of the share target's segment in the whole counted new-build programme (region).

    Numerator: realised + hard plans counting toward the share target's segment (middenhuur +
    betaalbare koop) in its period; denominator: realised + hard plans counting toward the total
    (the same counting rules as the 2.020 and 6.775 targets). NaN when nothing counts.
    """
    t = find_target(targets, share_target_id)
    if t is None or pd.isna(t["period_start"]) or pd.isna(t["period_end"]):
        return pd.DataFrame(columns=SHARE_COLUMNS)
    start, end = int(t["period_start"]), int(t["period_end"])

    def counted(segment):
        sel = plans[plans_counting_for(plans, segment, start, end)]
        return int(sel.loc[sel["plan_status"].isin(REALISED_STATUSES + HARD_STATUSES), "n_dwellings"].sum())

    num, den = counted(t["segment"]), counted(SEGMENT_TOTAL)
    return pd.DataFrame([{"scope_type": "regio", "scope": region_name(), "target_id": share_target_id,
                          "numerator_dwellings": num, "denominator_dwellings": den,
                          "share_pct": 100.0 * num / den if den else np.nan}], columns=SHARE_COLUMNS)


# --------------------------------------------------------------------------------------
# Completeness and reconciliation
# --------------------------------------------------------------------------------------

def reconcile_corporation_plans(projects: pd.DataFrame, plan_capacity: pd.DataFrame) -> pd.DataFrame:
    """Compare the municipalities' view of corporation plans with the corporations' own.

    Per municipality, corporation and segment: dwellings in plan capacity with developer
    ``corporatie`` (not counted anywhere) against the not-yet-completed corporation projects.

    Returns:
        ``municipality, corporation, segment, municipality_view, corporation_view, difference``.
    """
    cols = ["municipality", "corporation", "segment"]
    if len(plan_capacity):
        pc = plan_capacity[plan_capacity["developer"].astype(str) == "corporatie"].copy()
        pc["municipality"] = pc["sender_municipality"]
        pc["corporation"] = pc["corporation"].astype("string").fillna("(onbekend)")
        mv = pc.groupby(cols)["n_dwellings"].sum().rename("municipality_view")
    else:
        mv = pd.Series(dtype=float, name="municipality_view")
    if len(projects):
        pr = projects[projects["plan_status"] != "opgeleverd"]
        cv = pr.groupby(cols)["n_dwellings"].sum().rename("corporation_view")
    else:
        cv = pd.Series(dtype=float, name="corporation_view")
    out = pd.concat([mv, cv], axis=1).fillna(0).reset_index()
    if out.empty:
        return pd.DataFrame(columns=cols + ["municipality_view", "corporation_view", "difference"])
    out.columns = cols + ["municipality_view", "corporation_view"]
    out["difference"] = out["municipality_view"] - out["corporation_view"]
    return out.sort_values(cols).reset_index(drop=True)


def find_missing_data(
    *,
    year: int,
    corporations: Iterable[str],
    municipalities: Iterable[str],
    delivered_corporations: Iterable[str],
    delivered_municipalities: Iterable[str],
    projects: pd.DataFrame,
    mutations: pd.DataFrame,
    rejections: pd.DataFrame,
    first_year: int,
    last_year: int,
) -> pd.DataFrame:
    """Everything the report must say is missing or doubtful (Dutch text, one row each).

    Returns:
        ``topic, subject, detail`` rows: corporations and municipalities without a delivery,
        years without mutation figures, rejected rows (e.g. a project outside Parkstad) and
        projects whose status does not fit their year.
    """
    rows = []
    for c in sorted(set(corporations) - set(delivered_corporations)):
        rows.append(("levering", c, "geen levering van deze corporatie: projecten en mutaties ontbreken "
                                     "(niet als nul geteld)"))
    for m in sorted(set(municipalities) - set(delivered_municipalities)):
        rows.append(("levering", m, "geen levering van deze gemeente: marktplannen (plancapaciteit) ontbreken"))
    covered = mutation_years_covered(mutations, year, range(int(first_year), int(last_year) + 1))
    for y, ok in covered.items():
        if not ok:
            status = "realisatie" if y < year else "prognose"
            rows.append(("mutaties", str(y), f"geen {status}cijfers voor voorraadmutaties in {y}"))
    if len(rejections):
        r = rejections.copy()
        sheet = r["sheet"] if "sheet" in r else r.get("source_sheet", pd.Series("", index=r.index))
        file = r["file"] if "file" in r else r.get("source_file", pd.Series("", index=r.index))
        if "severity" in r:
            keep = r["severity"].astype(str) != "waarschuwing"
            r, sheet, file = r[keep], sheet[keep], file[keep]
        for (f, s), g in r.groupby([file.astype(str), sheet.astype(str)], sort=True):
            what = "; ".join(sorted({f"{row.get('column', '')}: {row.get('expected', '')}".strip(": ")
                                     for _, row in g.head(3).iterrows()}))
            rows.append(("afgewezen", f"{f} / {s}".strip(" /"),
                         f"{len(g)} rij(en) afgewezen bij validatie en niet meegeteld ({what})"))
    if len(projects):
        late = projects[(projects["plan_status"] != "opgeleverd") & (projects["completion_year"] < year)]
        for _, p in late.sort_values(["corporation", "project_id"]).iterrows():
            rows.append(("planstatus", f"{p['corporation']} {p['project_id']}",
                         f"oplevering {int(p['completion_year'])} verwacht maar status '{p['plan_status']}': "
                         "telt als gepland, niet als gerealiseerd"))
        early = projects[(projects["plan_status"] == "opgeleverd") & (projects["completion_year"] > year)]
        for _, p in early.sort_values(["corporation", "project_id"]).iterrows():
            rows.append(("planstatus", f"{p['corporation']} {p['project_id']}",
                         f"status opgeleverd maar opleverjaar {int(p['completion_year'])} ligt na {year}"))
    return pd.DataFrame(rows, columns=["topic", "subject", "detail"])


def delivered_parties(deliveries: pd.DataFrame, column: str, fallback: pd.DataFrame | None = None) -> list[str]:
    """Names of the parties that delivered (from a deliveries table, else from the data itself)."""
    if len(deliveries) and column in deliveries:
        return sorted(deliveries[column].dropna().astype(str).unique())
    if fallback is not None and len(fallback) and column in fallback:
        return sorted(fallback[column].dropna().astype(str).unique())
    return []


# --------------------------------------------------------------------------------------
# Report helpers: Dutch text, display tables, figures
# --------------------------------------------------------------------------------------

PHASE_TEXT = {
    "q1": ("Q1, prognose: de nadruk ligt op de plannen van {year} tot en met de doelperiode "
           "(prognose uit de leveringen van {year})."),
    "q2": ("Q2, realisatie: de nadruk ligt op wat in {prev} en eerder daadwerkelijk is opgeleverd, "
           "ingepond, gesloopt en verkocht."),
    "q3": ("Q3, bestuurlijke tussenrapportage: realisatie tot en met {prev} en prognose vanaf {year} "
           "samen."),
}


def phase_intro(phase: str, year: int) -> str:
    """One Dutch sentence on what the phase emphasises."""
    return PHASE_TEXT[phase].format(year=year, prev=year - 1)


def select_phase_years(table: pd.DataFrame, phase: str) -> pd.DataFrame:
    """Rows of a yearly table (with ``figure_status``) that the phase emphasises."""
    if phase == "q1":
        return table[table["figure_status"] == "prognose"].reset_index(drop=True)
    if phase == "q2":
        return table[table["figure_status"] == "realisatie"].reset_index(drop=True)
    return table.reset_index(drop=True)


def target_label(segment: str, period_start: int, period_end: int) -> str:
    """``'sociale huur 2024-2028'``."""
    return f"{SEGMENT_LABELS.get(segment, segment)} {int(period_start)}-{int(period_end)}"


def format_probability(p) -> str:
    """A chance in Dutch, never rounded to a false certainty: ``0.999 -> '> 99 %'``, ``1.0 -> '100 %'``."""
    from analysis.formatting import MISSING, format_percent

    if pd.isna(p):
        return MISSING
    if 0 < p < 0.01:
        return "< 1 %"
    if 0.99 < p < 1:
        return "> 99 %"
    return format_percent(p, 0)


def format_gap_table(gap: pd.DataFrame) -> pd.DataFrame:
    """The portfolio gap rows as a Dutch display table.

    Region rows show target, gap and chance; municipality/corporation rows (no target) show the
    share of the regional target instead. Remarks are left out (see :func:`remarks_text`).
    """
    from analysis.formatting import format_frame

    df = gap.copy()
    df["opgave"] = [target_label(s, a, b) for s, a, b in zip(df["segment"], df["period_start"], df["period_end"],
                                                             strict=True)]
    if df["target"].notna().any():
        cols = ["opgave", "target", "realised", "planned_hard", "planned_soft", "gap", "expected", "expected_p10",
                "expected_p90", "p_target_met"]
    else:
        cols = ["opgave", "regional_target", "realised", "planned_hard", "planned_soft", "expected", "expected_p10",
                "expected_p90", "share_of_regional_target"]
    if df["scope"].nunique() > 1:
        cols = ["scope", *cols]
    shown = df[cols]
    shown = format_frame(shown, {"target": "int", "regional_target": "int", "realised": "int", "planned_hard": "int", "planned_soft": "int",
                                 "gap": "int", "expected": "int", "expected_p10": "int", "expected_p90": "int",
                                 "p_target_met": format_probability, "share_of_regional_target": "pct"})
    return shown.rename(columns={
        "scope": "Gebied/partij", "opgave": "Opgave", "target": "Doel", "regional_target": "Regionaal doel",
        "realised": "Gerealiseerd",
        "planned_hard": "Gepland hard (incl. in aanbouw)", "planned_soft": "Gepland zacht + idee",
        "gap": "Restopgave (− = overschot)", "expected": "Verwacht", "expected_p10": "Verwacht 10 %",
        "expected_p90": "Verwacht 90 %", "p_target_met": "Kans doel gehaald",
        "share_of_regional_target": "Aandeel in regionaal doel"})


def remarks_text(gap: pd.DataFrame) -> str:
    """The distinct remarks of the gap rows as one Dutch note (empty when there are none)."""
    remarks = [r for r in dict.fromkeys(gap["remark"].fillna("")) if r]
    remarks = [r for r in remarks if not any(o != r and o.startswith(r) for o in remarks)]
    return ("**Let op:** " + " ".join(r[0].upper() + r[1:] + "." for r in remarks)) if remarks else ""


def format_developer_table(gap: pd.DataFrame) -> pd.DataFrame:
    """Corporation plans beside market plans per target (Dutch display table)."""
    from analysis.formatting import format_frame

    df = gap.copy()
    df["opgave"] = [target_label(s, a, b) for s, a, b in zip(df["segment"], df["period_start"], df["period_end"],
                                                             strict=True)]
    df["total"] = df["realised"] + df["planned_hard"] + df["planned_soft"]
    shown = format_frame(df[["scope", "opgave", "corporation_dwellings", "market_dwellings", "total"]],
                         {"corporation_dwellings": "int", "market_dwellings": "int", "total": "int"})
    return shown.rename(columns={"scope": "Gebied/partij", "opgave": "Opgave",
                                 "corporation_dwellings": "Corporaties (eigen levering)",
                                 "market_dwellings": "Markt (plancapaciteit gemeente)",
                                 "total": "Totaal gerealiseerd + gepland"})


def format_pace_table(pace: pd.DataFrame) -> pd.DataFrame:
    """The pace table in Dutch."""
    from analysis.formatting import format_frame

    df = pace.copy()
    df["opgave"] = [target_label(s, a, b) for s, a, b in zip(df["segment"], df["period_start"], df["period_end"],
                                                             strict=True)]
    df["op_tempo"] = df["on_pace"].map(lambda v: "–" if pd.isna(v) else ("ja" if v else "nee"))
    shown = format_frame(df[["opgave", "target", "realised_to_date", "remaining", "remaining_years", "pace_needed",
                             "pace_planned", "pace_expected", "op_tempo"]],
                         {"target": "int", "realised_to_date": "int", "remaining": "int", "remaining_years": "int",
                          "pace_needed": "int", "pace_planned": "int", "pace_expected": "int"})
    return shown.rename(columns={"opgave": "Opgave", "target": "Doel", "realised_to_date": "Gerealiseerd",
                                 "remaining": "Nog te realiseren", "remaining_years": "Resterende jaren",
                                 "pace_needed": "Nodig per jaar", "pace_planned": "Gepland per jaar",
                                 "pace_expected": "Verwacht per jaar (na uitval)", "op_tempo": "Plannen op tempo"})


def format_stock_change_table(stock_change: pd.DataFrame) -> pd.DataFrame:
    """The social stock change in Dutch."""
    from analysis.formatting import format_frame

    flows = ["new_build", "transformation", "inponding", "demolition", "sales", "sales_to_corporations",
             "liberalisation", "net"]
    shown = format_frame(stock_change[["municipality", "year", "figure_status", *flows]],
                         dict.fromkeys(flows, "int"))
    shown["year"] = shown["year"].astype(str)
    return shown.rename(columns={
        "municipality": "Gebied/partij", "year": "Jaar", "figure_status": "Cijfer", "new_build": "Nieuwbouw",
        "transformation": "Transformatie", "inponding": "Inponding", "demolition": "Sloop",
        "sales": "Verkoop aan derden", "sales_to_corporations": "Verkoop aan corporatie (niet afgetrokken)",
        "liberalisation": "Liberalisatie", "net": "Netto"})


def format_sales_table(sales: pd.DataFrame) -> pd.DataFrame:
    """Agreement 7 in Dutch."""
    from analysis.formatting import format_frame

    df = sales.copy()
    df["signaal"] = df["flag"].map({True: "verkoop > toevoeging", False: "binnen afspraak"})
    shown = format_frame(df[["municipality", "sales", "additions", "sales_realised", "additions_realised",
                             "sales_prognosis", "additions_prognosis", "signaal", "missing_years"]],
                         {c: "int" for c in ("sales", "additions", "sales_realised", "additions_realised",
                                             "sales_prognosis", "additions_prognosis")})
    return shown.rename(columns={
        "municipality": "Gemeente", "sales": "Verkoop aan derden", "additions": "Toevoeging sociale voorraad",
        "sales_realised": "Verkoop (realisatie)", "additions_realised": "Toevoeging (realisatie)",
        "sales_prognosis": "Verkoop (prognose)", "additions_prognosis": "Toevoeging (prognose)",
        "signaal": "Signaal afspraak 7", "missing_years": "Jaren zonder cijfers"})


def format_inponding_table(inponding: pd.DataFrame) -> pd.DataFrame:
    """Agreement 8 in Dutch."""
    from analysis.formatting import format_frame

    df = inponding.copy()
    df["gehaald"] = df["meets_target"].map(lambda v: "–" if pd.isna(v) else ("ja" if v else "nee"))
    shown = format_frame(df[["year", "figure_status", "inponding", "target", "difference", "gehaald"]],
                         {"inponding": "int", "target": "int", "difference": "int"})
    shown["year"] = shown["year"].astype(str)
    return shown.rename(columns={"year": "Jaar", "figure_status": "Cijfer", "inponding": "Ingepond",
                                 "target": "Ambitie", "difference": "Verschil", "gehaald": "Ambitie gehaald"})


def format_probability_table(probabilities: pd.Series, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Realisation probabilities (and their sources) in Dutch."""
    from analysis.formatting import format_percent

    rows = []
    src = dict(zip(sources["plan_status"].astype(str), sources["source"].astype(str), strict=True)) if (
        sources is not None) else {}
    for status, p in probabilities.items():
        rows.append({"Planstatus": STATUS_LABELS.get(status, status), "Realisatiekans": format_percent(p, 0),
                     "Bron": src.get(status, "per definitie gerealiseerd" if status == "opgeleverd" else "")})
    return pd.DataFrame(rows)


def format_missing_table(missing: pd.DataFrame) -> pd.DataFrame:
    """Missing-data rows in Dutch (one reassuring row when nothing is missing)."""
    if missing.empty:
        missing = pd.DataFrame([("–", "–", "geen ontbrekende leveringen, afgewezen rijen of onlogische "
                                 "planstatussen gevonden")], columns=["topic", "subject", "detail"])
    return missing.rename(columns={"topic": "Onderwerp", "subject": "Wie/wat", "detail": "Toelichting"})


def plot_status_bars(by_status: pd.DataFrame, gap_rows: pd.DataFrame, title: str):
    """Horizontal stacked bars per target by plan status, with the target as a black tick."""
    import matplotlib.pyplot as plt

    from analysis.style import colour_for, dutch_axis

    totals = by_status.groupby(["target_id", "plan_status"], sort=False)["n_dwellings"].sum().unstack(fill_value=0)
    totals = totals.reindex(columns=list(PLAN_STATUSES), fill_value=0)
    meta = by_status.drop_duplicates("target_id").set_index("target_id")
    labels = [target_label(meta.loc[t, "segment"], meta.loc[t, "period_start"], meta.loc[t, "period_end"])
              for t in totals.index]
    fig, ax = plt.subplots(figsize=(9, 0.7 * len(totals) + 1.6))
    left = np.zeros(len(totals))
    for status in PLAN_STATUSES:
        vals = totals[status].to_numpy(dtype=float)
        ax.barh(labels, vals, left=left, color=colour_for(status), label=STATUS_LABELS[status],
                edgecolor="white", linewidth=0.5)
        left += vals
    tg = gap_rows.set_index("target_id")["target"] if len(gap_rows) else pd.Series(dtype=float)
    for i, t in enumerate(totals.index):
        if t in tg.index and pd.notna(tg[t]):
            ax.plot([tg[t], tg[t]], [i - 0.42, i + 0.42], color="black", linewidth=2.5,
                    label="doel" if i == 0 or "doel" not in ax.get_legend_handles_labels()[1] else None)
    ax.invert_yaxis()
    ax.set_xlabel("aantal woningen")
    ax.set_title(title)
    dutch_axis(ax, "x")
    if not left.any() and tg.isna().all():
        ax.set_xticks([])
        ax.text(0.5, 0.5, "geen gegevens", transform=ax.transAxes, ha="center", va="center", color="#742a2a")
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=6)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


def plot_tempo(tempo: pd.DataFrame, title: str):
    """Cumulative realised, realised + planned and expected against the straight path, per target."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    ids = list(dict.fromkeys(tempo["target_id"]))
    ncols = min(3, max(len(ids), 1))
    nrows = -(-max(len(ids), 1) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 3.6 * nrows + 0.8), squeeze=False)
    flat = axes.ravel()
    for ax in flat[len(ids):]:
        ax.set_visible(False)
    for ax, tid in zip(flat, ids, strict=False):
        g = tempo[tempo["target_id"] == tid]
        ax.plot(g["year"], g["cum_realised"], marker="o", color="#1a5e20", label="gerealiseerd")
        ax.plot(g["year"], g["cum_realised_planned"], marker="o", color="#a4c639", linestyle="--",
                label="gerealiseerd + gepland")
        ax.plot(g["year"], g["cum_expected"], color="#2b6cb0", linestyle=":", label="verwacht (na uitval)")
        if g["straight_path"].notna().any():
            ax.plot(g["year"], g["straight_path"], color="black", linewidth=1, label="rechte lijn naar doel")
        first = g.iloc[0]
        ax.set_title(target_label(first["segment"], first["period_start"], first["period_end"]), fontsize=10)
        ax.set_xticks(g["year"].tolist())
        ax.tick_params(axis="x", labelrotation=45)
        dutch_axis(ax, "y")
    for row in axes:
        row[0].set_ylabel("cumulatief aantal woningen")
    handles, labels = flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, bbox_to_anchor=(0.5, 0.0))
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def plot_stock_change(region_change: pd.DataFrame, title: str):
    """Bars of the social stock flows per year (additions up, losses down) and the net line."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    df = region_change.sort_values("year")
    years = df["year"].astype(int).to_numpy()
    fig, ax = plt.subplots(figsize=(9, 4.5))
    pos = np.zeros(len(df))
    neg = np.zeros(len(df))
    colours = {"new_build": "#2b6cb0", "transformation": "#63b3ed", "inponding": "#38a169",
               "demolition": "#c53030", "sales": "#dd6b20", "liberalisation": "#805ad5"}
    labels = {"new_build": "nieuwbouw", "transformation": "transformatie", "inponding": "inponding",
              "demolition": "sloop", "sales": "verkoop aan derden", "liberalisation": "liberalisatie"}
    for c in ("new_build", "transformation", "inponding"):
        v = df[c].fillna(0).to_numpy(dtype=float)
        ax.bar(years, v, bottom=pos, color=colours[c], label=labels[c])
        pos += v
    for c in ("demolition", "sales", "liberalisation"):
        v = -df[c].fillna(0).to_numpy(dtype=float)
        ax.bar(years, v, bottom=neg, color=colours[c], label=labels[c])
        neg += v
    ax.plot(years, df["net"].to_numpy(dtype=float), color="black", marker="o", label="netto")
    top = float(pos.max()) if len(pos) else 0.0
    for y, ok, p in zip(years, df["complete"], pos, strict=True):
        if not ok:
            ax.annotate("geen mutatiecijfers", (y, p + 0.03 * max(top, 1.0)), ha="center", va="bottom", fontsize=8,
                        color="#742a2a", rotation=90)
    ax.axhline(0, color="#4a5568", linewidth=0.8)
    ax.margins(y=0.3)
    ax.set_xticks(years)
    ax.set_ylabel("aantal woningen")
    ax.set_title(title)
    dutch_axis(ax, "y")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=4)
    fig.tight_layout()
    return fig


def plot_inponding(inponding: pd.DataFrame, title: str):
    """Bars of inponding per year (realisation dark, prognosis light) with the ambition line."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    fig, ax = plt.subplots(figsize=(8, 3.8))
    colours = inponding["figure_status"].map({"realisatie": "#38a169", "prognose": "#9ae6b4"})
    ax.bar(inponding["year"].astype(int), inponding["inponding"].fillna(0), color=colours)
    ax.plot(inponding["year"].astype(int), inponding["target"], color="black", linestyle="--",
            label="ambitie (zo'n 100 per jaar)")
    for y, v in zip(inponding["year"].astype(int), inponding["inponding"], strict=True):
        if pd.isna(v):
            ax.annotate("geen\ncijfers", (y, 0), ha="center", va="bottom", fontsize=8, color="#742a2a")
    from matplotlib.patches import Patch

    handles = [Patch(color="#38a169", label="realisatie"), Patch(color="#9ae6b4", label="prognose"),
               *ax.get_legend_handles_labels()[0]]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
    ax.set_xticks(inponding["year"].astype(int).tolist())
    ax.set_ylabel("ingeponde woningen")
    ax.set_title(title)
    dutch_axis(ax, "y")
    fig.tight_layout()
    return fig


def plot_expected_band(gap_rows: pd.DataFrame, title: str):
    """Expected realisation with its 10-90 % band per target, and the target."""
    import matplotlib.pyplot as plt

    from analysis.style import colour_for, dutch_axis

    df = gap_rows.reset_index(drop=True)
    labels = [target_label(s, a, b) for s, a, b in zip(df["segment"], df["period_start"], df["period_end"],
                                                       strict=True)]
    fig, ax = plt.subplots(figsize=(9, 0.7 * len(df) + 1.6))
    y = np.arange(len(df))
    lo = (df["expected"] - df["expected_p10"]).clip(lower=0)
    hi = (df["expected_p90"] - df["expected"]).clip(lower=0)
    ax.errorbar(df["expected"], y, xerr=[lo, hi], fmt="o", color=colour_for("sociale_huur"), capsize=5,
                label="verwacht (10-90 %)")
    ax.scatter(df["realised"] + df["planned_hard"] + df["planned_soft"], y, marker="s", color="#a4c639",
               label="alle plannen zonder uitval", zorder=3)
    if df["target"].notna().any():
        ax.scatter(df["target"], y, marker="|", s=400, color="black", label="doel", zorder=4)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("aantal woningen")
    ax.set_title(title)
    dutch_axis(ax, "x")
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=3)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


def region_name() -> str:
    """Name of the region from the municipalities reference table."""
    names = reference.municipalities()["region_name"].dropna().unique()
    return str(names[0]) if len(names) else "Parkstad"


def agreement_years() -> tuple[int, int]:
    """First and last year of the agreement period."""
    return config.AGREEMENT_FIRST_YEAR, config.AGREEMENT_LAST_YEAR


# --------------------------------------------------------------------------------------
# Everything for one report
# --------------------------------------------------------------------------------------

INPONDING_TARGET_ID = "inponding_per_year"
SALES_RULE_TARGET_ID = "sales_vs_additions"


@dataclass
class PortfolioResults:
    """All frames of analysis 1 for one report (see :func:`run_analysis`)."""

    plans: pd.DataFrame
    gap: pd.DataFrame
    gap_scope: pd.DataFrame
    by_status: pd.DataFrame
    tempo: pd.DataFrame
    pace: pd.DataFrame
    stock_change: pd.DataFrame
    stock_change_scope: pd.DataFrame
    sales_vs_additions: pd.DataFrame
    inponding: pd.DataFrame
    reconciliation: pd.DataFrame
    missing: pd.DataFrame
    probabilities: pd.Series
    first_year: int
    last_year: int
    sales_period: tuple[int, int]
    inponding_target: float | None


def run_analysis(
    data,
    targets: pd.DataFrame,
    probabilities: pd.Series,
    *,
    scope_type: str,
    scope: str,
    n_simulations: int,
    seed: int,
    municipalities: Iterable[str] | None = None,
    corporations: Iterable[str] | None = None,
    region: str | None = None,
) -> PortfolioResults:
    """Run every computation of analysis 1 on processed data (no I/O).

    Args:
        data: an :class:`analysis.processed.ProcessedData` (or any object with the same
            frames as attributes: projects, mutations, plan_capacity, deliveries_corporation,
            deliveries_municipality, rejections, year).
        targets: the targets table; probabilities: from :func:`load_realisation_probabilities`.
        scope_type, scope: the report's scope.
    """
    municipalities = list(municipalities if municipalities is not None else reference.municipality_names())
    corporations = list(corporations if corporations is not None else reference.corporation_names())
    region = region or region_name()
    year = int(data.year)
    projects, mutations, plan_capacity = data.projects, data.mutations, data.plan_capacity
    delivered_corp = delivered_parties(data.deliveries_corporation, "corporation", projects)
    delivered_mun = delivered_parties(data.deliveries_municipality, "municipality",
                                      plan_capacity.rename(columns={"sender_municipality": "municipality"}))
    plans = combine_plans(projects, plan_capacity)
    ptargets = select_portfolio_targets(targets)
    first_year = int(ptargets["period_start"].min()) if len(ptargets) else config.AGREEMENT_FIRST_YEAR
    last_year = int(ptargets["period_end"].max()) if len(ptargets) else config.AGREEMENT_LAST_YEAR

    gap = build_portfolio_gap(plans, targets, probabilities, municipalities=municipalities,
                              corporations=corporations, n_simulations=n_simulations, seed=seed,
                              delivered_corporations=delivered_corp, delivered_municipalities=delivered_mun,
                              region=region)
    scope_projects, scope_mutations = projects, mutations
    if scope_type == "corporatie":
        scope_projects = projects[projects["corporation"] == scope] if len(projects) else projects
        scope_mutations = mutations[mutations["corporation"] == scope] if len(mutations) else mutations
    stock_all = compute_social_stock_change(projects, mutations, year, first_year, last_year, municipalities)
    if scope_type == "regio":
        stock = stock_all
        stock_scope = summarise_stock_change_region(stock_all, region)
    elif scope_type == "gemeente":
        stock = stock_all[stock_all["municipality"] == scope].reset_index(drop=True)
        stock_scope = stock
    else:
        stock = compute_social_stock_change(scope_projects, scope_mutations, year, first_year, last_year,
                                            municipalities)
        stock_scope = summarise_stock_change_region(stock, scope)
    sales_rule = find_target(targets, SALES_RULE_TARGET_ID)
    if sales_rule is not None and pd.notna(sales_rule["period_start"]) and pd.notna(sales_rule["period_end"]):
        sales_period = (int(sales_rule["period_start"]), int(sales_rule["period_end"]))
    else:
        sales_period = agreement_years()
    # Agreement 7 is a municipality rule over all corporations together, also in a corporation report.
    sales = compute_sales_vs_additions(stock_all, *sales_period)
    if scope_type == "gemeente":
        sales = sales[sales["municipality"] == scope].reset_index(drop=True)
    inp_target = find_target(targets, INPONDING_TARGET_ID)
    inp_value = float(inp_target["value"]) if inp_target is not None and pd.notna(inp_target["value"]) else None
    inp_first, inp_last = agreement_years()
    if inp_target is not None and pd.notna(inp_target["period_start"]):
        inp_first = int(inp_target["period_start"])
    if inp_target is not None and pd.notna(inp_target["period_end"]):
        inp_last = int(inp_target["period_end"])
    inp_mut = scope_mutations
    if scope_type == "gemeente" and len(mutations):
        inp_mut = mutations[mutations["municipality"] == scope]
    inponding = compute_inponding(inp_mut, year, inp_value if inp_value is not None else np.nan, inp_first,
                                  inp_last)
    missing = find_missing_data(year=year, corporations=corporations, municipalities=municipalities,
                                delivered_corporations=delivered_corp, delivered_municipalities=delivered_mun,
                                projects=projects, mutations=mutations, rejections=data.rejections,
                                first_year=first_year, last_year=last_year)
    return PortfolioResults(
        plans=plans, gap=gap, gap_scope=filter_scope(gap, scope_type, scope),
        by_status=summarise_by_status(plans, targets, scope_type, scope),
        tempo=(tempo := compute_tempo(plans, targets, probabilities, scope_type, scope)),
        pace=compute_pace(tempo, year), stock_change=stock, stock_change_scope=stock_scope,
        sales_vs_additions=sales, inponding=inponding,
        reconciliation=reconcile_corporation_plans(projects, plan_capacity), missing=missing,
        probabilities=probabilities, first_year=first_year, last_year=last_year, sales_period=sales_period,
        inponding_target=inp_value)


# --------------------------------------------------------------------------------------
# Dutch sentences for the notebook (dynamic text lives here, not in the notebook)
# --------------------------------------------------------------------------------------

SCOPE_WORDS = {"regio": "de regio", "gemeente": "gemeente", "corporatie": "corporatie"}


def intro_text(phase: str, year: int, scope_type: str, scope: str) -> str:
    """Opening paragraph: scope, phase emphasis and how targets are shown outside the region."""
    who = f"{SCOPE_WORDS[scope_type]} {scope}"
    text = (f"Deze rapportage gaat over **{who}**, leveringsjaar {year}. " + phase_intro(phase, year) + " ")
    if scope_type != "regio":
        text += ("De Woondeal-doelen zijn regionaal afgesproken; er is geen verdeling over gemeenten of "
                 "corporaties. Daarom staat bij deze rapportage geen eigen doel, maar het aandeel in het "
                 "regionale doel.")
    return text


def gap_sentences(gap_scope: pd.DataFrame) -> str:
    """One bullet per target: realised + planned, gap or share, chance of meeting it."""
    from analysis.formatting import format_number, format_percent

    lines = []
    for _, r in gap_scope.iterrows():
        label = target_label(r["segment"], r["period_start"], r["period_end"])
        if pd.isna(r["realised"]):
            lines.append(f"- **{label}**: geen cijfers (geen levering).")
            continue
        total = r["realised"] + r["planned_hard"] + r["planned_soft"]
        base = (f"- **{label}**: {format_number(r['realised'])} opgeleverd en {format_number(total - r['realised'])}"
                f" gepland, waarvan {format_number(r['planned_hard'])} hard of in aanbouw")
        if pd.notna(r["target"]):
            rest = ("een restopgave van " + format_number(r["gap"]) if r["gap"] > 0
                    else "een overschot van " + format_number(-r["gap"]))
            base += (f"; doel {format_number(r['target'])}, dus {rest} als álle plannen doorgaan. Na verwachte "
                     f"planuitval {format_number(r['expected'])} woningen, kans dat het doel gehaald wordt "
                     f"{format_probability(r['p_target_met'])}.")
        else:
            base += (f"; samen {format_percent(r['share_of_regional_target'], 1)} van het regionale doel van "
                     f"{format_number(r['regional_target'])}.")
        lines.append(base)
    return "\n".join(lines) if lines else "Geen doelen gevonden in de referentiedata."


def sales_sentence(sales: pd.DataFrame) -> str:
    """Which municipalities sell more than they add (agreement 7)."""
    if sales.empty:
        return "Geen gegevens voor afspraak 7."
    flagged = sales.loc[sales["flag"], "municipality"].tolist()
    incomplete = sales.loc[~sales["complete"], "municipality"].tolist()
    text = ("Geen gemeente verkoopt meer sociale huurwoningen aan derden dan er worden toegevoegd."
            if not flagged else
            "Meer verkoop aan derden dan toevoeging (signaal afspraak 7): **" + ", ".join(flagged) + "**.")
    if incomplete:
        text += (" Let op: voor " + ", ".join(incomplete) + " ontbreken mutatiecijfers voor een of meer jaren; "
                 "het signaal is dan gebaseerd op de jaren met cijfers.")
    return text


def inponding_sentence(inponding: pd.DataFrame) -> str:
    """Years below the yearly inponding ambition (agreement 8)."""
    known = inponding[inponding["inponding"].notna()]
    if known.empty:
        return "Er zijn geen inpondingscijfers geleverd."
    below = known.loc[~known["meets_target"].astype(bool), "year"].astype(int).tolist()
    missing = inponding.loc[inponding["inponding"].isna(), "year"].astype(int).tolist()
    text = ("In alle jaren met cijfers is de ambitie gehaald." if not below
            else "Onder de ambitie in: " + ", ".join(str(y) for y in below) + ".")
    if missing:
        text += " Geen cijfers voor: " + ", ".join(str(y) for y in missing) + " (niet als nul geteld)."
    return text


def gap_for_output(gap: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """Rows written as ``portfolio_gap.csv``: everything for the region report, else the scope plus
    the region rows for context."""
    if scope_type == "regio":
        return gap.reset_index(drop=True)
    keep = (gap["scope_type"] == "regio") | ((gap["scope_type"] == scope_type) & (gap["scope"] == scope))
    return gap[keep].reset_index(drop=True)


def probability_sources(directory: Path | None = None) -> pd.DataFrame:
    """The realisation probability table with its sources (for the report)."""
    return reference.load_table("plan_realisation_probability", {"plan_status": "str", "probability": "float"},
                                directory=directory)


def format_reconciliation_table(reconciliation: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """The municipal view of corporation plans against the corporations' own, summed per
    municipality (region, corporation) or per corporation (municipality)."""
    from analysis.formatting import format_frame

    rec = reconciliation
    values = ["municipality_view", "corporation_view", "difference"]
    if scope_type == "regio":  # one row per municipality keeps the region report short
        rec = rec.groupby("municipality", as_index=False)[values].sum()
    elif scope_type == "gemeente":
        rec = rec[rec["municipality"] == scope].groupby("corporation", as_index=False)[values].sum()
    else:
        rec = rec[rec["corporation"] == scope].groupby("municipality", as_index=False)[values].sum()
    shown = format_frame(rec, dict.fromkeys(values, "int"))
    return shown.rename(columns={"municipality": "Gemeente", "corporation": "Corporatie", "segment": "Segment",
                                 "municipality_view": "Volgens gemeente", "corporation_view": "Volgens corporatie",
                                 "difference": "Verschil"})
