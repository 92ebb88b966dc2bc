"""Analysis 4 (afspraak 16): the gap between the housing task and the corporations' financial room.

Afspraak 16 of the Regionale Prestatieafspraken Parkstad 2024-2028 asks that the difference
between the investment task (opgave) and the corporations' financial means be made visible,
so that no part of the task is quietly postponed. This module does that in five steps, each a
pure function on DataFrames:

1. **Task** (:func:`compute_task`): per corporation and year the new build by segment, the
   inponding (purchase of private homes), the improvement of dwellings with label E/F/G, other
   renovation and demolition, priced with the corporation's own figures where it delivered
   them (project budget, own cost per dwelling) and otherwise with the reference costs of
   ``finance_cost_parameters.csv`` indexed to the year.
2. **Projection** (:func:`project_corporation`): from the last realised year, year by year to
   the horizon (2030, optionally 2035), with the scenario's interest rate, cost growth and rent
   growth. Every step is a sum or a product, so the whole projection is *linear* in the
   investments; that is what makes the capacity below exact rather than searched for::

       R_t      = R_{t-1} x (1 + rent growth_t)              (0 in freeze years; R_B = 1)
       OCF_t    = (OCF_B + added OCF up to t) x R_t          operating cash flow before interest
       BW_t     = (BW_B + added beleidswaarde up to t) x R_t
       MW_t     = (MW_B + added marktwaarde up to t) x R_t
       s_t      = min(1, refinance share x (t - B))          share of old debt refinanced
       rente_t  = r_0 x (1 - s_t) x D_B + r_scen x (D_{t-1} - (1 - s_t) x D_B)
       D_t      = D_{t-1} + investment_t - sale proceeds_t + rente_t - OCF_t

   with r_0 = interest_B / D_B, the corporation's own average rate in the base year.
3. **Ratios and norms** (:func:`compute_ratios`, :func:`compute_slack`): ICR = OCF / rente,
   LTV = D / BW, solvabiliteit = (BW - D) / BW, dekkingsratio = D / MW, tested against the
   norms of ``financial_norms.csv`` tightened by a prudence buffer ``b`` (minimum norms x (1+b),
   maximum norms x (1-b)). Each norm in each year gives a *slack* in euro (e.g. for LTV:
   0.85 x BW - D); a negative slack is a breach.
4. **Capacity and gap** (:func:`assess_corporation`): the largest share of the task that keeps
   every slack non-negative in every year (exact, because slack is linear in that share); the
   financeable part is that share of the task, the **gap** the rest. What is left after the
   whole task is the **capacity**: the extra borrowing (spent without return) possible under
   the binding norm, and the same room expressed as *alternative* uses (so many new social
   dwellings **or** so many EFG improvements **or** ...), which are never added up.
5. **Scenarios** (:func:`compute_scenarios`, :func:`compute_tornado`): interest, building costs,
   rent growth and a (withdrawn, hence what-if) 2025-2026 rent freeze, and a tornado chart of
   the regional gap.

Every figure comes from reference data with a source or a documented assumption
(``docs/assumptions/finance.md``). The model is deliberately simple and monotone: a higher
interest rate or higher costs never lower the gap; a larger buffer never raises the capacity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import reference
from analysis.formatting import MISSING, format_eur_millions, format_number, format_percent

#: The financial norms this model knows how to test (ids of ``financial_norms.csv``).
NORM_IDS: tuple[str, ...] = ("icr", "ltv_beleidswaarde", "solvabiliteit", "dekkingsratio_marktwaarde")
NORM_LABELS: dict[str, str] = {
    "icr": "ICR",
    "ltv_beleidswaarde": "LTV (beleidswaarde)",
    "solvabiliteit": "solvabiliteit",
    "dekkingsratio_marktwaarde": "dekkingsratio (marktwaarde)",
}
#: Task items, in display order.
TASK_ITEMS: tuple[str, ...] = ("nieuwbouw", "inponding", "efg_verbetering", "renovatie", "sloop")
ITEM_LABELS: dict[str, str] = {
    "nieuwbouw": "nieuwbouw",
    "inponding": "inponding (aankoop)",
    "efg_verbetering": "verbetering EFG-woningen",
    "renovatie": "overige renovatie",
    "sloop": "sloop",
}
EFG_LABELS: tuple[str, ...] = ("E", "F", "G")
#: The scenario whose task prices define the investments committed outside the task.
BASE_SCENARIO = "basis"
REGION_NAME = "Parkstad"
#: Alternative uses of the remaining room (one unit each, in the first projection year).
ALTERNATIVES: tuple[str, ...] = ("extra_lening", "nieuwbouw_sociale_huur", "efg_verbetering", "inponding", "renovatie")
ALTERNATIVE_LABELS: dict[str, str] = {
    "extra_lening": "euro extra lenen (zonder opbrengst)",
    "nieuwbouw_sociale_huur": "nieuwe sociale huurwoningen",
    "efg_verbetering": "verbeteringen van EFG-woningen",
    "inponding": "aangekochte (ingeponde) woningen",
    "renovatie": "renovaties",
}
FLOW_COLUMNS: tuple[str, ...] = (
    "investment_eur", "proceeds_eur", "ocf_added_eur", "policy_value_added_eur", "market_value_added_eur",
)
TASK_COLUMNS: tuple[str, ...] = (
    "corporation", "year", "item", "segment", "n_units", "unit_cost_eur", "cost_eur", "cost_basis",
)
CAPACITY_COLUMNS: tuple[str, ...] = (
    "corporation", "scenario", "task_eur", "financeable_eur", "gap_eur", "binding_norm",
    "first_breach_year", "buffer_eur", "capacity_eur", "binding_year", "first_breach_norm", "buffer",
)
RATIO_COLUMNS: tuple[str, ...] = (
    "corporation", "scenario", "year", "figure", "investment_eur", "debt_eur", "interest_eur",
    "operating_cash_flow_eur", "policy_value_eur", "market_value_eur", "icr", "ltv_beleidswaarde",
    "solvabiliteit", "dekkingsratio_marktwaarde", "breach",
)
_TOL = 1e-3  # euro; slack changes smaller than this are rounding noise


# --------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------

def load_cost_parameters(directory: str | Path | None = None) -> pd.DataFrame:
    """``finance_cost_parameters.csv``: reference cost per unit of each task item, with price year."""
    return reference.load_table(
        "finance_cost_parameters",
        {"cost_id": "str", "item": "str", "segment": "str", "value_eur": "float", "price_year": "year",
         "unit": "str", "used_in_model": "bool", "description_nl": "str"},
        optional=("segment",),
        directory=Path(directory) if directory else None,
    )


def load_scenarios(directory: str | Path | None = None) -> pd.DataFrame:
    """``finance_scenarios.csv``: interest rate, cost growth and rent growth per scenario."""
    return reference.load_table(
        "finance_scenarios",
        {"scenario": "str", "label_nl": "str", "interest_rate": "float", "cost_growth_per_year": "float",
         "rent_growth_per_year": "float", "rent_freeze_first_year": "year", "rent_freeze_last_year": "year",
         "sensitivity_group": "str", "sensitivity_side": "str", "what_if": "bool", "description_nl": "str"},
        optional=("rent_freeze_first_year", "rent_freeze_last_year", "sensitivity_group", "sensitivity_side"),
        directory=Path(directory) if directory else None,
    )


def load_parameters(directory: str | Path | None = None) -> pd.DataFrame:
    """``finance_parameters.csv``: buffer, refinancing, indexation and value added per dwelling."""
    return reference.load_table(
        "finance_parameters",
        {"parameter": "str", "segment": "str", "value": "float", "unit": "str", "description_nl": "str"},
        optional=("segment",),
        directory=Path(directory) if directory else None,
    )


def load_norms(directory: str | Path | None = None) -> pd.DataFrame:
    """``financial_norms.csv`` via :func:`analysis.reference.financial_norms`: norm_id, operator, value."""
    return reference.financial_norms(str(directory) if directory else None)


@dataclass(frozen=True)
class FinanceReference:
    """All reference tables the model reads (so computations never do I/O)."""

    costs: pd.DataFrame
    scenarios: pd.DataFrame
    parameters: pd.DataFrame
    norms: pd.DataFrame


def load_reference(directory: str | Path | None = None) -> FinanceReference:
    """Load the four reference tables of this analysis."""
    return FinanceReference(
        costs=load_cost_parameters(directory),
        scenarios=load_scenarios(directory),
        parameters=load_parameters(directory),
        norms=load_norms(directory),
    )


def parameter_value(parameters: pd.DataFrame, name: str, segment: str | None = None) -> float:
    """One value of ``finance_parameters.csv``; raises KeyError (Dutch) when absent."""
    rows = parameters[parameters["parameter"] == name]
    if segment is not None:
        rows = rows[rows["segment"].fillna("") == segment]
    if rows.empty:
        what = f"{name} ({segment})" if segment else name
        raise KeyError(f"parameter '{what}' ontbreekt in finance_parameters.csv")
    return float(rows["value"].iloc[0])


@dataclass(frozen=True)
class Scenario:
    """One row of ``finance_scenarios.csv``."""

    name: str
    interest_rate: float
    cost_growth_per_year: float
    rent_growth_per_year: float
    rent_freeze_first_year: int | None = None
    rent_freeze_last_year: int | None = None
    label_nl: str = ""
    what_if: bool = False

    def rent_growth(self, year: int) -> float:
        """Rent growth in ``year``: zero in freeze years, else the scenario's growth."""
        first, last = self.rent_freeze_first_year, self.rent_freeze_last_year
        if first is not None and first <= year <= (last if last is not None else first):
            return 0.0
        return self.rent_growth_per_year


def _opt_int(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def scenario_from_table(scenarios: pd.DataFrame, name: str) -> Scenario:
    """The :class:`Scenario` called ``name``; ValueError (Dutch) listing the valid names."""
    rows = scenarios[scenarios["scenario"] == name]
    if rows.empty:
        raise ValueError(f"Onbekend scenario '{name}'; kies uit: {', '.join(scenarios['scenario'])}.")
    r = rows.iloc[0]
    return Scenario(
        name=str(r["scenario"]),
        interest_rate=float(r["interest_rate"]),
        cost_growth_per_year=float(r["cost_growth_per_year"]),
        rent_growth_per_year=float(r["rent_growth_per_year"]),
        rent_freeze_first_year=_opt_int(r["rent_freeze_first_year"]),
        rent_freeze_last_year=_opt_int(r["rent_freeze_last_year"]),
        label_nl=str(r["label_nl"]),
        what_if=bool(r["what_if"]),
    )


@dataclass(frozen=True)
class ModelParameters:
    """The non-scenario parameters of the model (from ``finance_parameters.csv``).

    The ``*_added`` dicts are keyed by segment code and ``"inponding"``.
    """

    refinance_share_per_year: float
    cost_index_historic_per_year: float
    efg_deadline_year: int
    committed_other_investment_share: float = 1.0
    ocf_added: Mapping[str, float] = field(default_factory=dict)
    policy_value_added: Mapping[str, float] = field(default_factory=dict)
    market_value_added: Mapping[str, float] = field(default_factory=dict)
    sale_proceeds: Mapping[str, float] = field(default_factory=dict)


def _by_segment(parameters: pd.DataFrame, name: str) -> dict[str, float]:
    rows = parameters[parameters["parameter"] == name]
    return {str(s): float(v) for s, v in zip(rows["segment"], rows["value"], strict=True) if not pd.isna(s)}


def model_parameters_from_table(parameters: pd.DataFrame) -> ModelParameters:
    """Build :class:`ModelParameters` from ``finance_parameters.csv``."""
    return ModelParameters(
        refinance_share_per_year=parameter_value(parameters, "refinance_share_per_year"),
        cost_index_historic_per_year=parameter_value(parameters, "cost_index_historic_per_year"),
        efg_deadline_year=int(parameter_value(parameters, "efg_deadline_year")),
        committed_other_investment_share=parameter_value(parameters, "committed_other_investment_share"),
        ocf_added=_by_segment(parameters, "ocf_added_per_dwelling_eur"),
        policy_value_added=_by_segment(parameters, "policy_value_added_per_dwelling_eur"),
        market_value_added=_by_segment(parameters, "market_value_added_per_dwelling_eur"),
        sale_proceeds=_by_segment(parameters, "sale_proceeds_per_dwelling_eur"),
    )


# --------------------------------------------------------------------------------------
# Parameters of the notebook
# --------------------------------------------------------------------------------------

def check_parameters(
    year: int, phase: str, scope_type: str, scope: str, scenario: str,
    buffer: float | None, horizon: int, ref: FinanceReference,
) -> tuple[str, float, int]:
    """Validate the notebook's parameters; return (canonical scope, buffer, horizon).

    ``buffer=None`` or a negative buffer takes ``buffer_default`` from ``finance_parameters.csv``. A municipality
    scope is refused: a balance sheet, and so the financial room, belongs to a corporation.

    Raises:
        ValueError: (Dutch) naming what is wrong and the valid choices.
    """
    from analysis.processed import check_scope

    if phase not in ("q1", "q2", "q3"):
        raise ValueError(f"Onbekende fase '{phase}'; kies uit: q1, q2, q3.")
    if scope_type == "gemeente":
        raise ValueError(
            "De financiële ruimte bestaat per corporatie (één balans, één set leningen), niet per "
            "gemeente. Kies scope_type 'regio' (alle corporaties) of 'corporatie'."
        )
    canonical = check_scope(scope_type, scope)
    scenario_from_table(ref.scenarios, scenario)
    if buffer is None or float(buffer) < 0:
        buffer = parameter_value(ref.parameters, "buffer_default")
    buffer = float(buffer)
    if not 0.0 <= buffer < 1.0:
        raise ValueError(f"buffer moet een fractie tussen 0 en 1 zijn (bijv. 0.1 = 10 % van elke norm af); niet {buffer}.")
    allowed = sorted({int(parameter_value(ref.parameters, "horizon_default")), int(horizon)} & {2030, 2035})
    if int(horizon) not in allowed:
        raise ValueError(f"horizon moet 2030 of 2035 zijn, niet {horizon}.")
    if int(horizon) <= int(year) - 1:
        raise ValueError(f"horizon {horizon} ligt niet na het startjaar {int(year) - 1}.")
    return canonical, buffer, int(horizon)


# --------------------------------------------------------------------------------------
# Step 0: the starting point per corporation
# --------------------------------------------------------------------------------------

BASE_COLUMNS: tuple[str, ...] = (
    "corporation", "base_year", "policy_value_eur", "market_value_eur", "debt_eur", "interest_eur",
    "operating_cash_flow_eur", "n_dwellings",
)


def select_base(finances: pd.DataFrame, stock: pd.DataFrame, delivery_year: int) -> pd.DataFrame:
    """The starting point of every corporation's projection.

    The base year is the last year before the delivery year that the corporation delivered
    (normally the realisation of delivery year - 1); without such a year, its first year.
    ``n_dwellings`` counts its rows in the stock register (used to value demolished dwellings).

    >>> f = pd.DataFrame({"corporation": ["A", "A"], "year": [2025, 2026], "policy_value_eur": [1.0, 2.0],
    ...     "market_value_eur": [1.0, 2.0], "debt_eur": [0.5, 0.5], "interest_eur": [0.1, 0.1],
    ...     "operating_cash_flow_eur": [0.2, 0.2]})
    >>> int(select_base(f, pd.DataFrame(), 2026)["base_year"].iloc[0])
    2025
    """
    rows = []
    counts = stock.groupby("corporation").size() if len(stock) and "corporation" in stock else pd.Series(dtype=int)
    for corp, g in finances.groupby("corporation", sort=True):
        g = g.sort_values("year")
        before = g[g["year"] < delivery_year]
        r = (before if len(before) else g).iloc[-1 if len(before) else 0]
        rows.append({
            "corporation": str(corp),
            "base_year": int(r["year"]),
            **{c: float(r[c]) for c in ("policy_value_eur", "market_value_eur", "debt_eur", "interest_eur",
                                         "operating_cash_flow_eur")},
            "n_dwellings": int(counts.get(corp, 0)),
        })
    return pd.DataFrame(rows, columns=list(BASE_COLUMNS))


# --------------------------------------------------------------------------------------
# Step 1: the task
# --------------------------------------------------------------------------------------

def reference_unit_cost(
    costs: pd.DataFrame, item: str, segment: str | None, year: int, base_year: int,
    scenario: Scenario, model: ModelParameters,
) -> float:
    """Reference cost of one unit of ``item`` in ``year``.

    ``value x (1 + historic index)^(base_year - price_year) x (1 + scenario cost growth)^(year - base_year)``:
    the historic index brings the figure from its price year to the start of the projection,
    the scenario's growth carries it on from there.
    """
    return _unit_cost(cost_lookup(costs), item, segment, year, base_year, scenario, model)


def cost_lookup(costs: pd.DataFrame) -> dict[tuple[str, str], tuple[float, int]]:
    """(item, segment or '') -> (value_eur, price_year) for the rows used in the model (first row wins)."""
    out: dict[tuple[str, str], tuple[float, int]] = {}
    for item, seg, value, year, used in zip(costs["item"], costs["segment"], costs["value_eur"], costs["price_year"],
                                            costs["used_in_model"], strict=True):
        key = (str(item), "" if pd.isna(seg) else str(seg))
        if bool(used) and key not in out:
            out[key] = (float(value), int(year))
    return out


def _unit_cost(lookup, item, segment, year, base_year, scenario, model) -> float:
    key = (item, segment if item == "nieuwbouw" and segment else "")
    if key not in lookup:
        raise KeyError(f"geen kostenkengetal voor {item} ({segment}) in finance_cost_parameters.csv")
    value, price_year = lookup[key]
    historic = (1 + model.cost_index_historic_per_year) ** (base_year - price_year)
    future = (1 + scenario.cost_growth_per_year) ** (year - base_year)
    return value * historic * future


def _own_unit_cost(finances: pd.DataFrame, corp: str, column: str, year: int, scenario: Scenario) -> float | None:
    """The corporation's own cost per dwelling for ``year``: the latest figure it gave for a year
    up to ``year``, carried forward with the scenario's cost growth; None when it gave none."""
    if column not in finances.columns:
        return None
    g = finances[(finances["corporation"] == corp) & (finances["year"] <= year)]
    g = g[g[column].notna()].sort_values("year")
    if g.empty:
        return None
    r = g.iloc[-1]
    return float(r[column]) * (1 + scenario.cost_growth_per_year) ** (year - int(r["year"]))


def compute_task(
    projects: pd.DataFrame, mutations: pd.DataFrame, stock: pd.DataFrame, finances: pd.DataFrame,
    costs: pd.DataFrame, base_years: Mapping[str, int], last_year: int,
    scenario: Scenario, model: ModelParameters,
) -> pd.DataFrame:
    """Price the task of every corporation in ``base_years``, per year from base year + 1 to ``last_year``.

    Sources of the task (one line per corporation, year, item, segment):

    - ``nieuwbouw``: projects not yet completed (plan status other than ``opgeleverd``), all
      project types except ``aankoop``; cost in the completion year. Cost basis, in order:
      the project's own ``total_cost_eur`` (``projectbegroting``), the corporation's own
      ``cost_new_dwelling_eur`` (``eigen kengetal``), else the reference (``referentie``).
    - ``inponding``: mutations ``AAN`` with status ``prognose`` (``aankoop`` projects are not
      counted again).
    - ``sloop``: mutations ``SLO`` with status ``prognose``.
    - ``efg_verbetering``: stock rows with label E, F or G, unless planned for demolition or
      sale; in the planned measure year, or in ``efg_deadline_year`` when no year is planned.
      Own ``cost_improvement_eur`` is used where delivered.
    - ``renovatie``: other stock rows with planned ``renovatie`` or ``verduurzaming``.

    Years before base year + 1 are moved to base year + 1 (overdue work is still to be done);
    years after ``last_year`` fall outside the projection and are left out.
    """
    lines: list[dict] = []
    lookup = cost_lookup(costs)

    def add(corp, year, item, segment, n, unit_cost, cost, basis):
        lines.append({"corporation": corp, "year": int(year), "item": item, "segment": segment or "",
                      "n_units": float(n), "unit_cost_eur": float(unit_cost), "cost_eur": float(cost),
                      "cost_basis": basis})

    for corp, base_year in sorted(base_years.items()):
        first = int(base_year) + 1

        def in_window(y, first=first):
            y = max(int(y), first)
            return y if y <= last_year else None

        def ref_cost(item, segment, y, base_year=base_year):
            return _unit_cost(lookup, item, segment, y, int(base_year), scenario, model)

        p = projects[projects["corporation"] == corp] if len(projects) else projects
        for _, r in p.iterrows():
            if r["plan_status"] == "opgeleverd" or r["project_type"] == "aankoop" or pd.isna(r["completion_year"]):
                continue
            y = in_window(r["completion_year"])
            if y is None:
                continue
            n = int(r["n_dwellings"])
            own_total = r.get("total_cost_eur")
            if own_total is not None and not pd.isna(own_total):
                add(corp, y, "nieuwbouw", r["segment"], n, float(own_total) / n, float(own_total), "projectbegroting")
                continue
            own = _own_unit_cost(finances, corp, "cost_new_dwelling_eur", y, scenario)
            if own is not None:
                add(corp, y, "nieuwbouw", r["segment"], n, own, own * n, "eigen kengetal")
            else:
                unit = ref_cost("nieuwbouw", r["segment"], y)
                add(corp, y, "nieuwbouw", r["segment"], n, unit, unit * n, "referentie")

        m = mutations[mutations["corporation"] == corp] if len(mutations) else mutations
        for code, item in (("AAN", "inponding"), ("SLO", "sloop")):
            mm = m[(m["mutation_type"] == code) & (m["figure_status"] == "prognose")] if len(m) else m
            for _, r in mm.iterrows():
                y = in_window(r["year"])
                if y is None or int(r["count"]) <= 0:
                    continue
                unit = ref_cost(item, None, y)
                add(corp, y, item, "", int(r["count"]), unit, unit * int(r["count"]), "referentie")

        s = stock[stock["corporation"] == corp] if len(stock) else stock
        if len(s):
            measure = s["planned_measure"].fillna("")
            efg = s["energy_label"].isin(EFG_LABELS) & ~measure.isin(["sloop", "verkoop"])
            other = ~s["energy_label"].isin(EFG_LABELS) & measure.isin(["renovatie", "verduurzaming"])
            years = s["measure_year"].astype("Float64").fillna(float(model.efg_deadline_year))
            for item, mask in (("efg_verbetering", efg), ("renovatie", other)):
                counts = years[mask].map(lambda v: in_window(int(v))).dropna().astype(int).value_counts().sort_index()
                for y, n in counts.items():
                    own = (_own_unit_cost(finances, corp, "cost_improvement_eur", int(y), scenario)
                           if item == "efg_verbetering" else None)
                    if own is not None:
                        add(corp, y, item, "", n, own, own * n, "eigen kengetal")
                    else:
                        unit = ref_cost(item, None, int(y))
                        add(corp, y, item, "", n, unit, unit * n, "referentie")

    out = pd.DataFrame(lines, columns=list(TASK_COLUMNS))
    if out.empty:
        return out.astype({"year": "int64", "n_units": "float64", "unit_cost_eur": "float64", "cost_eur": "float64"})
    out = out.groupby(["corporation", "year", "item", "segment", "cost_basis"], as_index=False).agg(
        n_units=("n_units", "sum"), cost_eur=("cost_eur", "sum"))
    out["unit_cost_eur"] = out["cost_eur"] / out["n_units"]
    order = {k: i for i, k in enumerate(TASK_ITEMS)}
    out["_o"] = out["item"].map(order)
    return out.sort_values(["corporation", "year", "_o", "segment", "cost_basis"])[list(TASK_COLUMNS)].reset_index(drop=True)


def summarise_task(task: pd.DataFrame) -> pd.DataFrame:
    """Task per corporation and item (units and euro), items in display order."""
    if task.empty:
        return pd.DataFrame(columns=["corporation", "item", "n_units", "cost_eur"])
    out = task.groupby(["corporation", "item"], as_index=False)[["n_units", "cost_eur"]].sum()
    out["_o"] = out["item"].map({k: i for i, k in enumerate(TASK_ITEMS)})
    return out.sort_values(["corporation", "_o"]).drop(columns="_o").reset_index(drop=True)


def compute_task_flows(task: pd.DataFrame, base: Mapping, model: ModelParameters) -> pd.DataFrame:
    """Turn one corporation's task lines into yearly cash and value flows (:data:`FLOW_COLUMNS`).

    New dwellings and purchased dwellings add operating cash flow, beleidswaarde and
    marktwaarde per dwelling (``finance_parameters.csv``); a sold new-build purchase home
    (``betaalbare_koop``) brings sale proceeds. Demolition removes the average value and cash
    flow of an existing dwelling (base-year totals / number of dwellings in the register).
    Improvements and renovations add nothing (a deliberately prudent choice).
    """
    n_exist = float(base.get("n_dwellings", 0) or 0)
    per_dwelling = {
        "ocf_added_eur": base["operating_cash_flow_eur"] / n_exist if n_exist else 0.0,
        "policy_value_added_eur": base["policy_value_eur"] / n_exist if n_exist else 0.0,
        "market_value_added_eur": base["market_value_eur"] / n_exist if n_exist else 0.0,
    }
    rows = []
    for _, r in task.iterrows():
        n = float(r["n_units"])
        flow = dict.fromkeys(FLOW_COLUMNS, 0.0)
        flow["investment_eur"] = float(r["cost_eur"])
        key = r["segment"] if r["item"] == "nieuwbouw" else ("inponding" if r["item"] == "inponding" else None)
        if key is not None:
            flow["ocf_added_eur"] = n * model.ocf_added.get(key, 0.0)
            flow["policy_value_added_eur"] = n * model.policy_value_added.get(key, 0.0)
            flow["market_value_added_eur"] = n * model.market_value_added.get(key, 0.0)
            flow["proceeds_eur"] = n * model.sale_proceeds.get(key, 0.0)
        if r["item"] == "sloop":
            for c, v in per_dwelling.items():
                flow[c] = -n * v
        rows.append({"year": int(r["year"]), **flow})
    if not rows:
        return pd.DataFrame(columns=list(FLOW_COLUMNS), dtype=float).rename_axis("year")
    return pd.DataFrame(rows).groupby("year")[list(FLOW_COLUMNS)].sum()


def make_flows(**by_year) -> pd.DataFrame:
    """Small helper: ``make_flows(investment_eur={2026: 1e6})`` -> a flows frame."""
    df = pd.DataFrame(by_year, columns=list(FLOW_COLUMNS)).fillna(0.0)
    df.index.name = "year"
    return df


def add_flows(*frames: pd.DataFrame, scale: tuple[float, ...] | None = None) -> pd.DataFrame:
    """Sum flows frames (optionally each times a factor), aligned on year."""
    scale = scale or (1.0,) * len(frames)
    parts = [f.reindex(columns=list(FLOW_COLUMNS)).fillna(0.0) * k for f, k in zip(frames, scale, strict=True)]
    out = pd.concat(parts).groupby(level=0).sum() if parts else make_flows()
    out.index.name = "year"
    return out


# --------------------------------------------------------------------------------------
# Step 2: projection
# --------------------------------------------------------------------------------------

def project_corporation(
    base: Mapping, flows: pd.DataFrame, scenario: Scenario, model: ModelParameters, last_year: int,
) -> pd.DataFrame:
    """Project one corporation from its base year to ``last_year`` (formulas in the module docstring).

    Args:
        base: one row of :func:`select_base` (dict-like).
        flows: yearly flows (:data:`FLOW_COLUMNS`) indexed by year; missing years are zero.

    Returns:
        One row per year from the base year (``figure='realisatie'``) to ``last_year``
        (``'projectie'``) with investment, debt, interest, operating cash flow and values.
    """
    b = int(base["base_year"])
    d_b = float(base["debt_eur"])
    r_m = float(scenario.interest_rate)
    r_0 = float(base["interest_eur"]) / d_b if d_b > 0 else r_m
    years = list(range(b + 1, last_year + 1))
    f = flows.reindex(years).reindex(columns=list(FLOW_COLUMNS)).fillna(0.0).to_numpy(dtype=float)
    inv, proceeds, d_ocf, d_pv, d_mv = (f[:, i] for i in range(len(FLOW_COLUMNS)))
    ocf_b, pv_b, mv_b = (float(base[c]) for c in ("operating_cash_flow_eur", "policy_value_eur", "market_value_eur"))
    cols = {k: [v] for k, v in {
        "year": b, "figure": "realisatie", "investment_eur": 0.0, "debt_eur": d_b,
        "interest_eur": float(base["interest_eur"]), "operating_cash_flow_eur": ocf_b,
        "policy_value_eur": pv_b, "market_value_eur": mv_b}.items()}
    rent_index, debt, c_ocf, c_pv, c_mv = 1.0, d_b, 0.0, 0.0, 0.0
    for i, t in enumerate(years):
        rent_index *= 1 + scenario.rent_growth(t)
        c_ocf, c_pv, c_mv = c_ocf + d_ocf[i], c_pv + d_pv[i], c_mv + d_mv[i]
        ocf = (ocf_b + c_ocf) * rent_index
        old_share = 1 - min(1.0, model.refinance_share_per_year * (t - b))
        interest = r_0 * old_share * d_b + r_m * (debt - old_share * d_b)
        debt = debt + inv[i] - proceeds[i] + interest - ocf
        for k, v in (("year", t), ("figure", "projectie"), ("investment_eur", inv[i]), ("debt_eur", debt),
                     ("interest_eur", interest), ("operating_cash_flow_eur", ocf),
                     ("policy_value_eur", (pv_b + c_pv) * rent_index), ("market_value_eur", (mv_b + c_mv) * rent_index)):
            cols[k].append(v)
    return pd.DataFrame(cols)


# --------------------------------------------------------------------------------------
# Step 3: ratios and norms
# --------------------------------------------------------------------------------------

def compute_ratios(projection: pd.DataFrame) -> pd.DataFrame:
    """Add ``icr``, ``ltv_beleidswaarde``, ``solvabiliteit`` and ``dekkingsratio_marktwaarde``.

    ICR = OCF / rente (infinite when no interest is paid); LTV = D / BW;
    solvabiliteit = (BW - D) / BW; dekkingsratio = D / MW.
    """
    out = projection.copy()
    ocf, interest = out["operating_cash_flow_eur"], out["interest_eur"]
    out["icr"] = np.where(interest > 0, ocf / interest.where(interest > 0, 1.0), np.inf)
    pv = out["policy_value_eur"].where(out["policy_value_eur"] > 0)
    mv = out["market_value_eur"].where(out["market_value_eur"] > 0)
    out["ltv_beleidswaarde"] = out["debt_eur"] / pv
    out["solvabiliteit"] = (out["policy_value_eur"] - out["debt_eur"]) / pv
    out["dekkingsratio_marktwaarde"] = out["debt_eur"] / mv
    return out


def norm_limits(norms: pd.DataFrame, buffer: float) -> dict[str, tuple[str, float]]:
    """norm_id -> (``"min"``/``"max"``, limit after the buffer) for the norms this model knows.

    A minimum norm (operator ``>``/``>=``) becomes ``value x (1 + buffer)``, a maximum norm
    (``<``/``<=``) ``value x (1 - buffer)``: "we stay ``buffer`` away from every limit".
    Norms with another id are ignored (the model has no formula for them).
    """
    out = {}
    for nid, op, value in zip(norms["norm_id"], norms["operator"], norms["value"], strict=True):
        if str(nid) not in NORM_IDS:
            continue
        kind = "min" if str(op).strip().startswith(">") else "max"
        v = float(value)
        out[str(nid)] = (kind, v * (1 + buffer) if kind == "min" else v * (1 - buffer))
    return out


def breach_flags(ratios: pd.DataFrame, norms: pd.DataFrame) -> pd.Series:
    """True in the rows (years, the realised base year included) where a ratio breaks an unbuffered norm."""
    out = pd.Series(False, index=ratios.index)
    for nid, (kind, lim) in norm_limits(norms, 0.0).items():
        v = ratios[nid].astype(float)
        out |= (v < lim) if kind == "min" else (v > lim)
    return out


def compute_slack(projection: pd.DataFrame, norms: pd.DataFrame, buffer: float) -> pd.DataFrame:
    """Euro slack of every norm in every projection year (base year excluded); < 0 is a breach.

    ICR: OCF - limit x rente. LTV: limit x BW - D. Solvabiliteit: (1 - limit) x BW - D.
    Dekkingsratio: limit x MW - D. Each is linear in the debt, so in the investments.
    """
    p = projection[projection["figure"] == "projectie"]
    ocf, interest, pv, mv, debt = (p[c].to_numpy(dtype=float) for c in (
        "operating_cash_flow_eur", "interest_eur", "policy_value_eur", "market_value_eur", "debt_eur"))
    formulas = {
        "icr": lambda lim: ocf - lim * interest,
        "ltv_beleidswaarde": lambda lim: lim * pv - debt,
        "solvabiliteit": lambda lim: (1 - lim) * pv - debt,
        "dekkingsratio_marktwaarde": lambda lim: lim * mv - debt,
    }
    data = {nid: formulas[nid](lim) for nid, (_kind, lim) in norm_limits(norms, buffer).items()}
    return pd.DataFrame(data, index=pd.Index(p["year"].to_numpy(), name="year"))


# --------------------------------------------------------------------------------------
# Step 4: capacity and gap for one corporation
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    """The outcome for one corporation in one scenario."""

    task_eur: float
    financeable_share: float
    financeable_eur: float
    gap_eur: float
    capacity_eur: float
    binding_norm: str
    binding_year: int | None
    first_breach_year: int | None
    first_breach_norm: str
    buffer_eur: float
    alternatives: dict[str, float]


def _max_share(s0: pd.DataFrame, a: pd.DataFrame) -> tuple[float, str, int | None]:
    """Largest x in [0, 1] with ``s0 + x a >= 0`` everywhere, and the (norm, year) that limits it.

    A constraint with ``a < 0`` (the task eats slack) gives an upper bound ``-s0/a``; one with
    ``a > 0`` (the task adds slack, e.g. rent from new dwellings) a lower bound. When the
    bounds cross, the norm is breached even without the task and the task cannot repair it:
    then nothing is financeable (x = 0) and that norm is reported.
    """
    sv, av = s0.to_numpy(dtype=float), a.to_numpy(dtype=float)

    def at(idx) -> tuple[str, int]:
        i, j = np.unravel_index(idx, sv.shape)
        return str(s0.columns[j]), int(s0.index[i])

    flat = np.abs(av) <= _TOL
    stuck = flat & (sv < -_TOL)  # breached with or without the task
    if stuck.any():
        return (0.0, *at(int(np.argmax(stuck.ravel()))))
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.where(flat, np.nan, -sv / np.where(flat, 1.0, av))
    up = np.where(av < -_TOL, bound, np.inf).ravel()
    down = np.where(av > _TOL, bound, -np.inf).ravel()
    hi_i, lo_i = int(np.argmin(up)), int(np.argmax(down))
    hi, lo = min(1.0, float(up[hi_i])), max(0.0, float(down[lo_i]))
    if hi < lo:  # report the earliest breach without the task, else the limiting bound
        breached = (sv < -_TOL).ravel()
        return (0.0, *at(int(np.argmax(breached)) if breached.any() else lo_i))
    if up[hi_i] > 1.0:
        return 1.0, "", None
    return (hi, *at(hi_i))


def _max_units(s: pd.DataFrame, slope: pd.DataFrame) -> tuple[float, str, int | None]:
    """Largest u >= 0 with ``s + u slope >= 0`` everywhere (inf when no norm limits it)."""
    sv, sl = s.to_numpy(dtype=float), slope.to_numpy(dtype=float)
    neg = sl < -1e-9
    if not neg.any():
        return np.inf, "", None
    u = np.where(neg, np.maximum(sv, 0.0) / np.where(neg, -sl, 1.0), np.inf)
    k = int(np.argmin(u))
    i, j = np.unravel_index(k, u.shape)
    return float(u.ravel()[k]), str(s.columns[j]), int(s.index[i])


def _first_breach(slack: pd.DataFrame) -> tuple[int | None, str]:
    for year in slack.index:
        bad = [n for n in slack.columns if float(slack.at[year, n]) < -_TOL]
        if bad:
            return int(year), bad[0]
    return None, ""


def alternative_packages(
    costs: pd.DataFrame, base: Mapping, scenario: Scenario, model: ModelParameters,
) -> dict[str, pd.DataFrame]:
    """Flows of one unit of each alternative use, spent in the first projection year.

    ``extra_lening``: one euro borrowed and spent without any return (the IBW notion).
    ``nieuwbouw_sociale_huur``: one new social dwelling at the reference cost, with the cash flow
    and values it adds. ``efg_verbetering`` / ``renovatie``: one improvement (adds nothing).
    ``inponding``: one purchased dwelling with its cash flow and values.
    """
    y = int(base["base_year"]) + 1
    b = int(base["base_year"])

    def cost(item, seg=None):
        return reference_unit_cost(costs, item, seg, y, b, scenario, model)

    def dwelling(key):
        return {"ocf_added_eur": {y: model.ocf_added.get(key, 0.0)},
                "policy_value_added_eur": {y: model.policy_value_added.get(key, 0.0)},
                "market_value_added_eur": {y: model.market_value_added.get(key, 0.0)}}

    return {
        "extra_lening": make_flows(investment_eur={y: 1.0}),
        "nieuwbouw_sociale_huur": make_flows(investment_eur={y: cost("nieuwbouw", "sociale_huur")}, **dwelling("sociale_huur")),
        "efg_verbetering": make_flows(investment_eur={y: cost("efg_verbetering")}),
        "inponding": make_flows(investment_eur={y: cost("inponding")}, **dwelling("inponding")),
        "renovatie": make_flows(investment_eur={y: cost("renovatie")}),
    }


def assess_corporation(
    base: Mapping, other_flows: pd.DataFrame, task_flows: pd.DataFrame, scenario: Scenario,
    model: ModelParameters, norms: pd.DataFrame, buffer: float, last_year: int,
    packages: Mapping[str, pd.DataFrame] | None = None,
) -> Assessment:
    """Financeable part, gap, capacity, binding norm and first breach for one corporation.

    Because the projection is linear in the flows, the slack of every norm in every year with
    a share ``x`` of the task is ``S(x) = S(0) + x (S(1) - S(0))``. The financeable share is the
    largest ``x`` in [0, 1] with ``S(x) >= 0`` everywhere (buffered norms); the gap is
    ``(1 - x) x task``. With ``x`` fixed, the same reasoning gives the capacity: the largest
    extra borrowing (spent in the first year, without return) that keeps ``S >= 0``; and the
    number of units of each alternative use. ``buffer_eur`` is how much room the buffer holds
    back: (financeable + capacity without buffer) - (financeable + capacity with buffer).
    The first breach year is the first year in which the full task breaks an unbuffered norm.
    """
    proj = {}

    def slack(flows, buf):
        key = id(flows)
        if key not in proj:
            proj[key] = project_corporation(base, flows, scenario, model, last_year)
        return compute_slack(proj[key], norms, buf)

    without = add_flows(other_flows)
    with_task = add_flows(other_flows, task_flows)
    extra = add_flows(other_flows, make_flows(investment_eur={int(base["base_year"]) + 1: 1e6}))
    task_eur = float(task_flows["investment_eur"].sum()) if len(task_flows) else 0.0

    def solve(buf):
        s0, s1 = slack(without, buf), slack(with_task, buf)
        share, norm, year = _max_share(s0, s1 - s0) if task_eur > 0 else (1.0, "", None)
        s_at = s0 + share * (s1 - s0)
        e = (slack(extra, buf) - s0) / 1e6
        cap, cnorm, cyear = _max_units(s_at, e)
        if share < 1.0:
            cap = 0.0
        else:
            norm, year = cnorm, cyear
        return share, norm, year, cap, s_at

    share, norm, year, cap, s_at = solve(buffer)
    share0, _, _, cap0, _ = solve(0.0)
    room_b = share * task_eur + (cap if np.isfinite(cap) else 0.0)
    room_0 = share0 * task_eur + (cap0 if np.isfinite(cap0) else 0.0)
    first_year, first_norm = _first_breach(slack(with_task, 0.0))

    alternatives = {}
    if packages is not None:
        s_base = slack(without, buffer)
        for name, pkg in packages.items():
            pk = add_flows(other_flows, pkg)
            slope = slack(pk, buffer) - s_base
            units, _, _ = _max_units(s_at, slope)
            alternatives[name] = 0.0 if share < 1.0 else units
    return Assessment(
        task_eur=task_eur,
        financeable_share=float(share),
        financeable_eur=float(share * task_eur),
        gap_eur=float((1 - share) * task_eur),
        capacity_eur=float(cap),
        binding_norm=norm or "",
        binding_year=year,
        first_breach_year=first_year,
        first_breach_norm=first_norm,
        buffer_eur=float(max(0.0, room_0 - room_b)),
        alternatives=alternatives,
    )


# --------------------------------------------------------------------------------------
# Putting it together: all corporations, one scenario
# --------------------------------------------------------------------------------------

@dataclass
class FinanceResult:
    """Everything the notebook shows for one scenario."""

    scenario: Scenario
    buffer: float
    horizon: int
    base: pd.DataFrame
    task: pd.DataFrame
    capacity: pd.DataFrame
    ratios: pd.DataFrame
    alternatives: pd.DataFrame
    planned: pd.DataFrame
    unassessed: list[str]


def _planned_investment(finances: pd.DataFrame, corp: str, first: int, last: int) -> pd.Series:
    g = finances[(finances["corporation"] == corp) & (finances["year"] >= first) & (finances["year"] <= last)]
    return g.groupby("year")["planned_investment_eur"].sum().astype(float)


def compute_other_flows(planned: pd.Series, task_basis: pd.DataFrame, share: float) -> pd.DataFrame:
    """Investments committed outside the Parkstad task: ``share x max(0, planned_t - task_t)``.

    ``planned`` is the corporation's own budgeted investment per year (``financien``), which
    covers its whole organisation; ``task_basis`` the task priced in the basis scenario (so
    that a costlier scenario does not shrink what is committed elsewhere).
    """
    t = task_basis.groupby("year")["cost_eur"].sum() if len(task_basis) else pd.Series(dtype=float)
    years = sorted(set(planned.index) | set(t.index))
    other = {int(y): share * max(0.0, float(planned.get(y, 0.0)) - float(t.get(y, 0.0))) for y in years}
    return make_flows(investment_eur=other)


def compute_financial_capacity(
    projects: pd.DataFrame, mutations: pd.DataFrame, stock: pd.DataFrame, finances: pd.DataFrame,
    year: int, ref: FinanceReference, scenario_name: str, buffer: float, horizon: int,
    corporations: list[str] | None = None, region_row: bool = True, task_cache: dict | None = None,
) -> FinanceResult:
    """Task, projection, ratios, capacity and gap of every corporation (optionally a subset).

    ``task_cache`` (optional) memoises :func:`compute_task` across calls on the *same* input
    frames, e.g. the scenarios of :func:`compute_scenarios`: the priced task depends only on the
    scenario, the base years and the horizon, so it need not be recomputed per scenario.

    The region row (``corporation = 'Parkstad'``) sums task, financeable part, gap, buffer and
    capacity over the corporations with financial data: the room of one corporation cannot pay
    for the gap of another (separate balance sheets), so the regional gap is the sum of the
    corporations' gaps, not the regional task minus the regional capacity. Its
    ``first_breach_year`` is the earliest of the corporations'; ``binding_norm`` is empty.
    """
    scenario = scenario_from_table(ref.scenarios, scenario_name)
    basis = scenario_from_table(ref.scenarios, BASE_SCENARIO) if (ref.scenarios["scenario"] == BASE_SCENARIO).any() else scenario
    model = model_parameters_from_table(ref.parameters)
    base = select_base(finances, stock, year)
    task_corps = set(projects.get("corporation", pd.Series(dtype=str)).dropna()) | set(
        mutations.get("corporation", pd.Series(dtype=str)).dropna()) | set(stock.get("corporation", pd.Series(dtype=str)).dropna())
    if corporations is not None:
        base = base[base["corporation"].isin(corporations)].reset_index(drop=True)
        task_corps &= set(corporations)
    base_years = dict(zip(base["corporation"], base["base_year"], strict=True))
    unassessed = sorted(task_corps - set(base_years))
    # Corporations without finances: price their task from the delivery year on.
    task_years = {**dict.fromkeys(unassessed, int(year) - 1), **base_years}
    def priced(sc: Scenario) -> pd.DataFrame:
        key = (repr(sc), tuple(sorted(task_years.items())), horizon, repr(model))
        if task_cache is not None and key in task_cache:
            return task_cache[key]
        out = compute_task(projects, mutations, stock, finances, ref.costs, task_years, horizon, sc, model)
        if task_cache is not None:
            task_cache[key] = out
        return out

    task = priced(scenario)
    task_basis = priced(basis)

    cap_rows, ratio_rows, alt_rows, planned_rows = [], [], [], []
    for _, b in base.iterrows():
        corp = b["corporation"]
        t_corp = task[task["corporation"] == corp]
        planned = _planned_investment(finances, corp, int(b["base_year"]) + 1, horizon)
        other = compute_other_flows(planned, task_basis[task_basis["corporation"] == corp],
                                    model.committed_other_investment_share)
        flows = compute_task_flows(t_corp, b, model)
        packages = alternative_packages(ref.costs, b, scenario, model)
        a = assess_corporation(b, other, flows, scenario, model, ref.norms, buffer, horizon, packages)
        cap_rows.append({"corporation": corp, "scenario": scenario.name, "task_eur": a.task_eur,
                         "financeable_eur": a.financeable_eur, "gap_eur": a.gap_eur, "binding_norm": a.binding_norm,
                         "first_breach_year": a.first_breach_year, "buffer_eur": a.buffer_eur,
                         "capacity_eur": a.capacity_eur, "binding_year": a.binding_year,
                         "first_breach_norm": a.first_breach_norm, "buffer": buffer})
        proj = compute_ratios(project_corporation(b, add_flows(other, flows), scenario, model, horizon))
        proj["breach"] = breach_flags(proj, ref.norms)
        proj.insert(0, "scenario", scenario.name)
        proj.insert(0, "corporation", corp)
        ratio_rows.append(proj[list(RATIO_COLUMNS)])
        for name in ALTERNATIVES:
            alt_rows.append({"corporation": corp, "scenario": scenario.name, "use": name,
                             "units": a.alternatives.get(name, 0.0)})
        for y in range(int(b["base_year"]) + 1, horizon + 1):
            planned_rows.append({"corporation": corp, "year": y, "planned_investment_eur": float(planned.get(y, np.nan)),
                                 "task_eur": float(t_corp.loc[t_corp["year"] == y, "cost_eur"].sum())})
    for corp in unassessed:
        t_eur = float(task.loc[task["corporation"] == corp, "cost_eur"].sum())
        cap_rows.append({"corporation": corp, "scenario": scenario.name, "task_eur": t_eur,
                         "financeable_eur": np.nan, "gap_eur": np.nan, "binding_norm": "geen_financien",
                         "first_breach_year": None, "buffer_eur": np.nan, "capacity_eur": np.nan,
                         "binding_year": None, "first_breach_norm": "", "buffer": buffer})
    capacity = pd.DataFrame(cap_rows, columns=list(CAPACITY_COLUMNS)).sort_values("corporation").reset_index(drop=True)
    if region_row and len(capacity):
        assessed = capacity[capacity["binding_norm"] != "geen_financien"]
        years = assessed["first_breach_year"].dropna()
        region = {"corporation": REGION_NAME, "scenario": scenario.name,
                  "task_eur": capacity["task_eur"].sum(),
                  **{c: assessed[c].sum() for c in ("financeable_eur", "gap_eur", "buffer_eur", "capacity_eur")},
                  "binding_norm": "", "first_breach_year": int(years.min()) if len(years) else None,
                  "binding_year": None, "first_breach_norm": "", "buffer": buffer}
        capacity = pd.concat([capacity, pd.DataFrame([region])], ignore_index=True)
    for c in ("first_breach_year", "binding_year"):
        capacity[c] = pd.array([None if v is None or pd.isna(v) else int(v) for v in capacity[c]], dtype="Int64")
    ratios = pd.concat(ratio_rows, ignore_index=True) if ratio_rows else pd.DataFrame(columns=list(RATIO_COLUMNS))
    return FinanceResult(
        scenario=scenario, buffer=buffer, horizon=horizon, base=base, task=task, capacity=capacity,
        ratios=ratios, alternatives=pd.DataFrame(alt_rows, columns=["corporation", "scenario", "use", "units"]),
        planned=pd.DataFrame(planned_rows, columns=["corporation", "year", "planned_investment_eur", "task_eur"]),
        unassessed=unassessed,
    )


# --------------------------------------------------------------------------------------
# Step 5: scenarios and sensitivity
# --------------------------------------------------------------------------------------

def compute_scenarios(
    projects, mutations, stock, finances, year: int, ref: FinanceReference, buffer: float, horizon: int,
    corporations: list[str] | None = None, region_row: bool = True,
) -> dict[str, FinanceResult]:
    """One :class:`FinanceResult` per scenario of ``finance_scenarios.csv`` (file order)."""
    cache: dict = {}
    return {s: compute_financial_capacity(projects, mutations, stock, finances, year, ref, s, buffer, horizon,
                                          corporations, region_row, task_cache=cache) for s in ref.scenarios["scenario"]}


def stack_capacity(results: Mapping[str, FinanceResult]) -> pd.DataFrame:
    """The headline tables of several scenarios, stacked (scenario order kept, region row last)."""
    parts = [r.capacity for r in results.values()]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(CAPACITY_COLUMNS))


def stack_ratios(results: Mapping[str, FinanceResult]) -> pd.DataFrame:
    """The per-year ratio tables of several scenarios, stacked."""
    parts = [r.ratios for r in results.values() if len(r.ratios)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(RATIO_COLUMNS))


def compute_buffer_sensitivity(
    projects, mutations, stock, finances, year: int, ref: FinanceReference, horizon: int,
    corporations: list[str] | None = None, region_row: bool = True,
) -> dict[str, pd.DataFrame]:
    """Headline tables of the basis scenario with ``buffer_low`` and ``buffer_high`` (for the tornado)."""
    out = {}
    cache: dict = {}
    for side, name in (("laag", "buffer_low"), ("hoog", "buffer_high")):
        b = parameter_value(ref.parameters, name)
        out[side] = compute_financial_capacity(projects, mutations, stock, finances, year, ref, BASE_SCENARIO, b,
                                               horizon, corporations, region_row, task_cache=cache).capacity
    return out


def _region_gap(capacity: pd.DataFrame) -> float:
    """The regional gap (region row), or the sum over the corporations when there is no region row."""
    rows = capacity[capacity["corporation"] == REGION_NAME]
    return float(rows["gap_eur"].iloc[0]) if len(rows) else float(capacity["gap_eur"].sum())


def compute_tornado(
    scenario_capacity: pd.DataFrame, ref: FinanceReference, buffer_capacity: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Regional gap per sensitivity: one row per group with the gap at its low and high side.

    Groups come from ``sensitivity_group``/``sensitivity_side`` in ``finance_scenarios.csv``; a
    group with one side only (the rent freeze) has the basis value at the other side.
    ``buffer_capacity`` optionally adds the buffer as a group: {"laag": table, "hoog": table}.
    Rows are sorted by the width of the bar, widest first.
    """
    base_gap = _region_gap(scenario_capacity[scenario_capacity["scenario"] == BASE_SCENARIO])
    labels_nl = dict(zip(ref.scenarios["scenario"], ref.scenarios["label_nl"], strict=True))
    rows = []
    sc = ref.scenarios[ref.scenarios["sensitivity_group"].notna()]
    for group, g in sc.groupby("sensitivity_group", sort=False):
        sides = {"laag": base_gap, "hoog": base_gap}
        labels = {"laag": "basis", "hoog": "basis"}
        for _, r in g.iterrows():
            cap = scenario_capacity[scenario_capacity["scenario"] == r["scenario"]]
            sides[str(r["sensitivity_side"])] = _region_gap(cap)
            labels[str(r["sensitivity_side"])] = labels_nl.get(str(r["scenario"]), str(r["scenario"]))
        rows.append({"group": str(group), "low_label": labels["laag"], "high_label": labels["hoog"],
                     "gap_low_eur": sides["laag"], "gap_high_eur": sides["hoog"], "gap_basis_eur": base_gap})
    if buffer_capacity:
        rows.append({"group": "buffer", "low_label": "buffer laag", "high_label": "buffer hoog",
                     "gap_low_eur": _region_gap(buffer_capacity["laag"]), "gap_high_eur": _region_gap(buffer_capacity["hoog"]),
                     "gap_basis_eur": base_gap})
    out = pd.DataFrame(rows, columns=["group", "low_label", "high_label", "gap_low_eur", "gap_high_eur", "gap_basis_eur"])
    out["width_eur"] = (out["gap_high_eur"] - out["gap_low_eur"]).abs()
    return out.sort_values(["width_eur", "group"], ascending=[False, True]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Presentation (Dutch)
# --------------------------------------------------------------------------------------

def norm_label(norm_id: str) -> str:
    """Dutch label of a norm id ('' -> en dash)."""
    if not norm_id:
        return MISSING
    if norm_id == "geen_financien":
        return "geen financiële gegevens"
    return NORM_LABELS.get(norm_id, norm_id)


def format_capacity_table(capacity: pd.DataFrame) -> pd.DataFrame:
    """The headline table with Dutch headers and Dutch euro formatting."""
    c = capacity
    return pd.DataFrame({
        "Corporatie": c["corporation"],
        "Opgave": c["task_eur"].map(format_eur_millions),
        "Financierbaar": c["financeable_eur"].map(format_eur_millions),
        "Tekort (gat)": c["gap_eur"].map(format_eur_millions),
        "Resterende leenruimte": c["capacity_eur"].map(lambda v: "onbeperkt" if v == np.inf else format_eur_millions(v)),
        "Buffer (achtergehouden)": c["buffer_eur"].map(format_eur_millions),
        "Bindende norm": c["binding_norm"].map(norm_label),
        "Eerste normoverschrijding": c["first_breach_year"].map(lambda v: "geen" if pd.isna(v) else str(int(v))),
    })


def format_alternatives_wide(alternatives: pd.DataFrame, capacity: pd.DataFrame) -> pd.DataFrame:
    """One row per corporation; the columns are mutually exclusive uses of the same room ('óf ...').

    Never add the columns up: each is the whole remaining room spent on one thing.
    """
    rows = []
    for corp in capacity.loc[(capacity["corporation"] != REGION_NAME) & capacity["capacity_eur"].notna(), "corporation"]:
        a = alternatives[alternatives["corporation"] == corp].set_index("use")["units"]
        row = {"Corporatie": corp}
        for i, name in enumerate(ALTERNATIVES):
            v = float(a.get(name, 0.0))
            head = ("" if i == 0 else "óf ") + ALTERNATIVE_LABELS[name]
            if name == "extra_lening":
                row["Extra lenen (€)"] = "onbeperkt" if v == np.inf else format_eur_millions(v)
            else:
                row[head] = "onbeperkt" if v == np.inf else format_number(np.floor(v + 1e-9))
        rows.append(row)
    return pd.DataFrame(rows)


def format_alternatives(alternatives: pd.DataFrame, corporation: str) -> pd.DataFrame:
    """The remaining room of one corporation as mutually exclusive uses, each row starting with 'óf'.

    The first row is the extra borrowing in euro; the others are numbers of units. The rows
    are alternatives: choosing one uses up the room for the others.
    """
    a = alternatives[alternatives["corporation"] == corporation].set_index("use")["units"]
    rows = []
    for i, name in enumerate(ALTERNATIVES):
        v = float(a.get(name, 0.0))
        if name == "extra_lening":
            amount = "onbeperkt" if v == np.inf else format_eur_millions(v)
        else:
            amount = "onbeperkt" if v == np.inf else format_number(np.floor(v + 1e-9))
        rows.append({"": "" if i == 0 else "óf", "Aantal of bedrag": amount, "Besteding": ALTERNATIVE_LABELS[name]})
    return pd.DataFrame(rows)


def format_ratio_table(ratios: pd.DataFrame, corporation: str) -> pd.DataFrame:
    """Per-year ratios of one corporation, Dutch formatted."""
    r = ratios[ratios["corporation"] == corporation]
    return pd.DataFrame({
        "Jaar": r["year"].astype(int).astype(str) + np.where(r["figure"] == "realisatie", " (realisatie)", ""),
        "Investeringen": r["investment_eur"].map(format_eur_millions),
        "Leningen": r["debt_eur"].map(format_eur_millions),
        "Rente": r["interest_eur"].map(format_eur_millions),
        "Operationele kasstroom": r["operating_cash_flow_eur"].map(format_eur_millions),
        "ICR": r["icr"].map(lambda v: "∞" if v == np.inf else format_number(v, 2)),
        "LTV": r["ltv_beleidswaarde"].map(format_percent),
        "Solvabiliteit": r["solvabiliteit"].map(format_percent),
        "Dekkingsratio": r["dekkingsratio_marktwaarde"].map(format_percent),
        "Norm geschonden": r["breach"].map({True: "ja", False: "nee"}),
    })


def format_task_table(task: pd.DataFrame) -> pd.DataFrame:
    """Task per item (units and euro), Dutch formatted, with a total row."""
    s = task.groupby("item", as_index=False)[["n_units", "cost_eur"]].sum() if len(task) else pd.DataFrame(
        {"item": [], "n_units": [], "cost_eur": []})
    s["_o"] = s["item"].map({k: i for i, k in enumerate(TASK_ITEMS)})
    s = s.sort_values("_o")
    out = pd.DataFrame({"Onderdeel": s["item"].map(ITEM_LABELS), "Aantal woningen": s["n_units"].map(format_number),
                        "Kosten": s["cost_eur"].map(format_eur_millions)})
    total = pd.DataFrame({"Onderdeel": ["totaal"], "Aantal woningen": [MISSING],
                          "Kosten": [format_eur_millions(task["cost_eur"].sum() if len(task) else 0.0)]})
    return pd.concat([out, total], ignore_index=True)


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------

def plot_task_by_year(task: pd.DataFrame, title: str):
    """Stacked bars: task cost per year by item (euro millions)."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    fig, ax = plt.subplots(figsize=(9, 4.5))
    if task.empty:
        ax.text(0.5, 0.5, "geen opgave in de leveringen", ha="center", va="center", transform=ax.transAxes)
        return fig
    pivot = task.pivot_table(index="year", columns="item", values="cost_eur", aggfunc="sum", fill_value=0.0) / 1e6
    pivot = pivot[[i for i in TASK_ITEMS if i in pivot.columns]]
    colours = {"nieuwbouw": "#2b6cb0", "inponding": "#805ad5", "efg_verbetering": "#ff9900",
               "renovatie": "#99cc33", "sloop": "#718096"}
    bottom = np.zeros(len(pivot))
    for item in pivot.columns:
        ax.bar(pivot.index.astype(str), pivot[item], bottom=bottom, label=ITEM_LABELS[item], color=colours[item])
        bottom += pivot[item].to_numpy()
    ax.set_ylabel("€ mln")
    ax.set_title(title)
    dutch_axis(ax, "y")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def plot_ratio_paths(ratios: pd.DataFrame, norms: pd.DataFrame, buffer: float, title: str):
    """Four small panels: each ratio per year per corporation, with the norm and the buffered norm."""
    import matplotlib.pyplot as plt

    from analysis.style import colour_for

    fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), sharex=True)
    raw, buf = norm_limits(norms, 0.0), norm_limits(norms, buffer)
    for ax, nid in zip(axes.ravel(), NORM_IDS, strict=True):
        for corp, g in ratios.groupby("corporation"):
            vals = g[nid].replace([np.inf, -np.inf], np.nan)
            ax.plot(g["year"], vals, marker="o", ms=3, color=colour_for(corp), label=corp)
        if nid in raw:
            ax.axhline(raw[nid][1], color="#c53030", lw=1.5, label="norm")
            ax.axhline(buf[nid][1], color="#c53030", lw=1, ls="--", label="norm met buffer")
        ax.set_title(NORM_LABELS[nid])
        if nid != "icr":
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: format_percent(v, 0)))
        else:
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: format_number(v, 1)))
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(6, len(labels)), fontsize=8)
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout(rect=(0, 0.08, 1, 0.96))
    return fig


def plot_gap(capacity: pd.DataFrame, title: str):
    """Horizontal bars per corporation: financeable part and gap of the task (euro millions)."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    c = capacity[(capacity["corporation"] != REGION_NAME) & capacity["gap_eur"].notna()].iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.5 * max(len(c), 2) + 2.0))
    ax.barh(c["corporation"], c["financeable_eur"] / 1e6, color="#2f855a", label="financierbaar binnen de normen")
    ax.barh(c["corporation"], c["gap_eur"] / 1e6, left=c["financeable_eur"] / 1e6, color="#c53030", label="tekort (gat)")
    ax.set_xlabel("€ mln")
    ax.set_title(title)
    dutch_axis(ax, "x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
    fig.tight_layout()
    return fig


def plot_tornado(tornado: pd.DataFrame, title: str):
    """Tornado chart: regional gap at the low and high side of each sensitivity, around the basis."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    t = tornado.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.6 * max(len(t), 2) + 1.5))
    base = float(t["gap_basis_eur"].iloc[0]) / 1e6 if len(t) else 0.0
    labels = t["group"].map({"rente": "rente", "bouwkosten": "bouwkosten", "huurgroei": "huurgroei",
                             "huurbevriezing": "huurbevriezing 2025-2026 (wat als)", "buffer": "buffer"}).fillna(t["group"])
    for y, (_, r) in enumerate(t.iterrows()):
        for side, colour in (("low", "#2b6cb0"), ("high", "#dd6b20")):
            v = r[f"gap_{side}_eur"] / 1e6
            ax.barh(y, v - base, left=base, color=colour, label=None if y else {"low": "lage waarde", "high": "hoge waarde"}[side])
            if abs(v - base) > 1e-9:
                ax.text(v, y, f"  {r[f'{side}_label']}  ", ha="left" if v > base else "right", va="center", fontsize=8)
    ax.set_yticks(range(len(t)), labels)
    ax.axvline(base, color="#2d3748", lw=1)
    ax.set_xlabel("tekort in de regio (€ mln); verticale lijn = basisscenario")
    ax.set_title(title)
    dutch_axis(ax, "x")
    ax.margins(x=0.35)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------
# Dutch text for the notebook
# --------------------------------------------------------------------------------------

def _who(scope_type: str, scope: str) -> str:
    return "de corporaties in Parkstad" if scope_type == "regio" else scope


def intro_text(res: FinanceResult, scope_type: str, scope: str, phase: str, year: int) -> str:
    """Opening paragraph: scenario, buffer, horizon and the headline figures."""
    cap = res.capacity
    row = cap[cap["corporation"] == (REGION_NAME if scope_type == "regio" else scope)]
    phase_nl = {"q1": "Q1 (prognose)", "q2": "Q2 (realisatie)", "q3": "Q3 (bestuurlijke tussenrapportage)"}[phase]
    what_if = " Dit scenario is een **wat-als**: het beschrijft geen geldend beleid." if res.scenario.what_if else ""
    if row.empty:
        return f"Geen financiële gegevens of opgave gevonden voor {_who(scope_type, scope)} in de levering {year}."
    r = row.iloc[0]
    lines = [
        f"Rapportage {phase_nl}, leveringsjaar {year}, scenario **{res.scenario.label_nl}**, "
        f"projectie tot en met {res.horizon}, veiligheidsmarge {format_percent(res.buffer, 0)} van elke norm.{what_if}",
        "",
        f"- De opgave van {_who(scope_type, scope)} tot en met {res.horizon} kost naar schatting "
        f"**{format_eur_millions(r['task_eur'])}**.",
    ]
    if pd.isna(r["gap_eur"]):
        lines.append("- Zonder financiële gegevens kan niet worden bepaald welk deel financierbaar is.")
    else:
        lines.append(f"- Binnen de normen (met buffer) is daarvan **{format_eur_millions(r['financeable_eur'])}** "
                     f"te financieren; **{format_eur_millions(r['gap_eur'])}** niet: dat is het tekort.")
        fb = r["first_breach_year"]
        lines.append("- Met de volledige opgave wordt geen norm overschreden tot en met "
                     f"{res.horizon}." if pd.isna(fb) else
                     f"- Met de volledige opgave wordt een norm voor het eerst overschreden in **{int(fb)}**.")
    if res.unassessed:
        lines.append(f"- Geen financiële gegevens geleverd door: {', '.join(res.unassessed)}; hun opgave telt wel mee "
                     "in de opgave, niet in het financierbare deel en het tekort.")
    return "\n".join(lines)


def task_text(task: pd.DataFrame) -> str:
    """How the task was priced: share of the cost from own figures versus reference figures."""
    if task.empty:
        return "De leveringen bevatten geen opgave binnen de projectieperiode."
    by = task.groupby("cost_basis")["cost_eur"].sum()
    total = float(by.sum())
    parts = [f"{format_percent(by.get(k, 0.0) / total, 0)} {label}" for k, label in (
        ("projectbegroting", "uit projectbegrotingen van de corporaties"),
        ("eigen kengetal", "uit eigen kostenkengetallen van de corporaties"),
        ("referentie", "uit referentiekengetallen (Aedes of aanname, geïndexeerd)"))]
    return ("Van de geraamde kosten komt " + ", ".join(parts[:-1]) + " en " + parts[-1] + ". "
            "Kosten vallen in het jaar van oplevering of van de ingreep; EFG-woningen zonder gepland jaar "
            "tellen mee in het uiterste jaar voor het uitfaseren van EFG-labels.")


def gap_text(capacity: pd.DataFrame) -> str:
    """Which corporations have a gap and which norm binds."""
    c = capacity[(capacity["corporation"] != REGION_NAME) & capacity["gap_eur"].notna()]
    if c.empty:
        return "Er zijn geen corporaties met financiële gegevens."
    short = c[c["gap_eur"] > 0.5]
    if short.empty:
        return ("Alle corporaties kunnen hun opgave binnen de normen (met buffer) financieren. "
                "De resterende ruimte staat hieronder als alternatieven.")
    items = [f"{r.corporation} ({format_eur_millions(r.gap_eur)}; bindend: {norm_label(r.binding_norm)}"
             + (f" in {int(r.binding_year)}" if not pd.isna(r.binding_year) else "") + ")" for r in short.itertuples()]
    return ("Een tekort hebben: " + "; ".join(items) + ". De leenruimte van de ene corporatie kan het tekort "
            "van een andere niet dekken (elke corporatie heeft een eigen balans); het regionale tekort is daarom "
            "de som van de tekorten, niet de regionale opgave min de regionale ruimte.")


def scenario_table(capacity_all: pd.DataFrame, ref: FinanceReference, corporation: str) -> pd.DataFrame:
    """Gap and financeable part of one row (region or corporation) for every scenario, Dutch formatted."""
    labels = dict(zip(ref.scenarios["scenario"], ref.scenarios["label_nl"], strict=True))
    c = capacity_all[capacity_all["corporation"] == corporation]
    return pd.DataFrame({
        "Scenario": c["scenario"].map(labels),
        "Opgave": c["task_eur"].map(format_eur_millions),
        "Financierbaar": c["financeable_eur"].map(format_eur_millions),
        "Tekort (gat)": c["gap_eur"].map(format_eur_millions),
        "Eerste normoverschrijding": c["first_breach_year"].map(lambda v: "geen" if pd.isna(v) else str(int(v))),
    })


def freeze_text(capacity_all: pd.DataFrame, corporation: str) -> str:
    """The rent-freeze what-if compared with the basis, in one sentence."""
    c = capacity_all[capacity_all["corporation"] == corporation].set_index("scenario")
    if "huurbevriezing" not in c.index or BASE_SCENARIO not in c.index:
        return ""
    d = float(c.loc["huurbevriezing", "gap_eur"]) - float(c.loc[BASE_SCENARIO, "gap_eur"])
    return ("De huurbevriezing 2025-2026 is op 3 juni 2025 ingetrokken; de huren mochten per 1 juli 2025 stijgen. "
            "Het scenario laat zien wat een bevriezing zou hebben gedaan: het tekort zou "
            f"{format_eur_millions(abs(d))} {'groter' if d >= 0 else 'kleiner'} zijn dan in het basisscenario.")
