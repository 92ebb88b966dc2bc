"""The EFG rule: which dwellings must leave labels E, F and G, which are exempt, what counts as phased out.

Afspraak 11 (p. 10) and the annex 'Landelijke prestatieafspraken corporaties', thema
Duurzaamheid: "Corpo's: in 2028 alle EFG-labels uitgefaseerd (muv monumenten en sloop <5jr)".
The labels, the deadline, the demolition window and whether monuments are exempt come from
``data/raw/reference/energy_rules.csv`` and ``targets.csv`` (:func:`load_rules`); this module
holds the mechanism, used by every report that counts EFG dwellings (energy labels, the monitor,
the finance task):

- an *EFG dwelling* has a label in ``efg_labels`` at 1 January of the reporting year;
- it is *exempt* when it is a monument (if the rule holds) or when its demolition is planned
  no later than ``deadline_year + demolition_window_years``;
- a planned measure counts only when its year is the reporting year or later and the register
  row has no data problem (:data:`PROBLEMS`); otherwise the dwelling counts as it stands;
- it is *phased out* in the year of a counted improvement to a label outside EFG or a demolition
  (:data:`EXIT_EVENTS`); an improvement that leaves it in EFG does not phase it out;
- a *sale* is not an improvement: a sold EFG dwelling is *verkocht zonder verbetering*
  (:data:`EVENT_SOLD_LABEL`). Afspraak 7 (agreement text l. 399-401): "Partijen willen voorkomen
  dat door verkoop van huurwoningen kwetsbare koopwoningen met hoge onderhoudslasten terecht komen
  bij doelgroepen die dit moeilijk kunnen opbrengen, en waar verduurzaming van de voorraad
  achterblijft." So a sale does not phase the dwelling out: it stays in the count of EFG dwellings
  left (the energy trajectory shows how many of those are sold), and the sale is shown on its own;
- it is *to be improved* (the task the finance analysis prices) when it is EFG, not exempt, and
  not demolished or sold in the horizon (:func:`to_improve_mask`): a sold dwelling leaves the
  corporation's stock, so no corporation pays for its improvement, but it was not improved either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import reference, schemas

#: Energy labels from best to worst (the VERA code list order).
LABEL_ORDER: tuple[str, ...] = tuple(schemas.CODE_LISTS["energy_label"])
#: Measure codes (data contract) that change the label; the others take the dwelling out.
IMPROVEMENT_MEASURES: tuple[str, ...] = ("renovatie", "verduurzaming")
DEMOLITION, SALE = "sloop", "verkoop"

#: Events of a dwelling in the horizon (column ``event`` of the classification).
EVENT_NONE = "geen"
EVENT_IMPROVED = "verbeterd"                 # improved to a label outside the phase-out set
EVENT_IMPROVED_STILL_EFG = "verbeterd_blijft_efg"  # improved, but the label after is still EFG
EVENT_DEMOLISHED = "gesloopt"
EVENT_SOLD = "verkocht"
#: What a sold EFG dwelling is called in the reports: neither improved nor still to improve.
EVENT_SOLD_LABEL = "verkocht zonder verbetering"
EVENTS = (EVENT_NONE, EVENT_IMPROVED, EVENT_IMPROVED_STILL_EFG, EVENT_DEMOLISHED, EVENT_SOLD)

EXEMPT_NONE, EXEMPT_MONUMENT, EXEMPT_DEMOLITION = "", "monument", "sloop"
EXEMPT_REASONS = (EXEMPT_NONE, EXEMPT_MONUMENT, EXEMPT_DEMOLITION)

#: ``gas_free_plan`` of a dwelling (cell key): "" = no counted improvement; otherwise whether the
#: improvement makes it gas-free ("ja" / "nee") or that is not given ("onbekend").
GAS_FREE_PLANS = ("", "ja", "nee", "onbekend")
#: Optional register columns: absent in older deliveries (read as unknown).
OPTIONAL_REGISTER_COLUMNS = ("gas_free_after",)

#: Events that phase a dwelling out of EFG (it leaves the EFG count from that year on). A sale is
#: not one of them (afspraak 7: a sale is not an improvement; see the module docstring).
EXIT_EVENTS = (EVENT_IMPROVED, EVENT_DEMOLISHED)
#: Events by which a dwelling leaves the corporation's stock (no improvement to pay for after it).
LEAVE_EVENTS = (EVENT_DEMOLISHED, EVENT_SOLD)

#: Data problems: code -> Dutch description (for the sender).
PROBLEMS = {
    "verbeterd_voor_rapportagejaar_nog_efg": (
        "verbetering gepland in een jaar vóór het rapportagejaar, maar de woning heeft nog label E, F of G"),
    "label_na_slechter": "label na de ingreep is slechter dan het huidige label",
    "ingreep_op_vertrokken_woning": (
        "sloop of verkoop in een jaar vóór het rapportagejaar, maar de woning staat nog in het register"),
    "jaar_ingreep_ontbreekt": "geplande ingreep zonder jaar",
    "label_na_ontbreekt": "verbetering (renovatie/verduurzaming) zonder label na de ingreep",
    "label_na_zonder_ingreep": "label na ingreep ingevuld, maar geen verbetering gepland",
}


# --------------------------------------------------------------------------------------------
# Rules (reference data)
# --------------------------------------------------------------------------------------------

#: Target ids in ``data/raw/reference/targets.csv`` (shared reference data).
TARGET_PHASE_OUT = "efg_phase_out_2028"
TARGET_EXEMPT_DEMOLITION = "npa_efg_exemption_demolition_years"
TARGET_EXEMPT_MONUMENTS = "npa_efg_exemption_monuments"


@dataclass(frozen=True)
class EnergyRules:
    """The EFG rule, exemptions and verdict thresholds (from ``energy_rules.csv``)."""

    efg_labels: tuple[str, ...]
    deadline_year: int
    exempt_monument: bool
    demolition_window_years: int
    horizon_last_year: int
    on_track_max_remaining_share: float
    risk_max_remaining_share: float
    toekomstklaar_labels: tuple[str, ...]


def load_rules(directory: str | Path | None = None) -> EnergyRules:
    """The EFG rule from the shared targets and ``energy_rules.csv``.

    From ``targets.csv`` (via :mod:`analysis.reference`): the deadline (``period_end`` of
    ``efg_phase_out_2028``), the demolition window (``npa_efg_exemption_demolition_years``) and
    whether the monument exemption holds (``npa_efg_exemption_monuments``, status ``geldig``).
    From ``energy_rules.csv``: the labels to phase out, the horizon, the verdict thresholds and
    the toekomstklaar labels.
    """
    d = str(directory) if directory else None
    t = reference.load_table(
        "energy_rules",
        {"rule_id": "str", "value": "float", "labels": "str", "unit": "str", "description": "str"},
        optional=("value", "labels"),
        directory=Path(directory) if directory else None,
    ).set_index("rule_id")

    def num(rule: str) -> float:
        return float(t.loc[rule, "value"])

    def labels(rule: str) -> tuple[str, ...]:
        out = tuple(x.strip() for x in str(t.loc[rule, "labels"]).split("|") if x.strip())
        unknown = [x for x in out if x not in LABEL_ORDER]
        if unknown:
            raise ValueError(f"energy_rules.csv, {rule}: onbekende labels {unknown}")
        return out

    phase_out = reference.target(TARGET_PHASE_OUT, d)
    monuments = reference.target(TARGET_EXEMPT_MONUMENTS, d)
    return EnergyRules(
        efg_labels=labels("efg_labels"),
        deadline_year=int(phase_out["period_end"]),
        exempt_monument=str(monuments["status"]) == "geldig",
        demolition_window_years=int(reference.target_value(TARGET_EXEMPT_DEMOLITION, d)),
        horizon_last_year=int(num("horizon_last_year")),
        on_track_max_remaining_share=num("verdict_on_track_max_remaining_share"),
        risk_max_remaining_share=num("verdict_risk_max_remaining_share"),
        toekomstklaar_labels=labels("toekomstklaar_labels"),
    )

def _codes(values: pd.Series, categories: tuple[str, ...]) -> np.ndarray:
    """Position of each value in ``categories``; -1 for missing or unknown (vectorised)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = [str(c) for c in values.cat.categories]
        lookup = np.array([categories.index(c) if c in categories else -1 for c in cats] + [-1], dtype=np.int16)
        return lookup[values.cat.codes.to_numpy()]  # code -1 (NA) picks the last entry (-1)
    return pd.Categorical(values, categories=list(categories)).codes.astype(np.int16)


def _ranks(values: pd.Series) -> np.ndarray:
    """Label rank 0 (A++++) .. 10 (G); -1 for missing or unknown."""
    return _codes(values, LABEL_ORDER)


MEASURE_CODES: tuple[str, ...] = tuple(schemas.CODE_LISTS["planned_measure"])


def _measure_arrays(stock: pd.DataFrame, year: int, rules: EnergyRules) -> dict[str, np.ndarray]:
    """The per-dwelling arrays shared by problem detection and classification."""
    label = _ranks(stock["energy_label"])
    after = _ranks(stock["label_after"])
    mcode = _codes(stock["planned_measure"], MEASURE_CODES)
    has_measure = stock["planned_measure"].notna().to_numpy()
    improve = np.isin(mcode, [MEASURE_CODES.index(m) for m in IMPROVEMENT_MEASURES])
    leave = np.isin(mcode, [MEASURE_CODES.index(m) for m in (DEMOLITION, SALE)])
    my = pd.to_numeric(stock["measure_year"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    has_year = ~np.isnan(my)
    efg_codes = [LABEL_ORDER.index(x) for x in rules.efg_labels]
    efg = np.isin(label, efg_codes)
    past = has_year & (my < year)
    problems = {
        "verbeterd_voor_rapportagejaar_nog_efg": improve & past & efg,
        "label_na_slechter": (after >= 0) & (label >= 0) & (after > label),
        "ingreep_op_vertrokken_woning": leave & past,
        "jaar_ingreep_ontbreekt": has_measure & ~has_year,
        "label_na_ontbreekt": improve & (after < 0),
        "label_na_zonder_ingreep": (after >= 0) & ~improve,
    }
    return {"label": label, "after": after, "improve": improve, "mcode": mcode,
            "my": my, "efg": efg, "efg_codes": np.array(efg_codes), "problems": problems}

def classify_dwellings(stock: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """Per dwelling: EFG at the start, exemption, event in the horizon, toekomstklaar.

    Columns returned (same row order as ``stock``): ``corporation``, ``municipality``,
    ``energy_label``, ``efg_start`` (bool), ``exempt_reason`` ("" / "monument" / "sloop"; only
    for EFG dwellings), ``event`` (see :data:`EVENTS`), ``event_year`` (0 = none),
    ``toekomstklaar_start``, ``toekomstklaar_after`` (label after an improvement is in the
    toekomstklaar set), ``gas_free`` (bool), ``gas_free_plan`` (see :data:`GAS_FREE_PLANS`:
    for a counted improvement whether ``gas_free_after`` is ja, nee or missing; "" otherwise),
    ``data_problem`` (bool: measure ignored).

    Rules: a measure counts only when the dwelling has no data problem and its year is the
    reporting year or later. An EFG dwelling is exempt when it is a monument (if the rule says
    so) or when its demolition is planned no later than ``deadline_year +
    demolition_window_years``; it stays exempt until it leaves or is improved.
    """
    a = _measure_arrays(stock, year, rules)
    problem = np.zeros(len(stock), dtype=bool)
    for mask in a["problems"].values():
        problem |= mask
    my = a["my"]
    valid = ~problem & ~np.isnan(my) & (my >= year)
    mcode = a["mcode"]
    after_efg = np.isin(a["after"], a["efg_codes"])
    # event codes index EVENTS: 0 geen, 1 verbeterd, 2 verbeterd_blijft_efg, 3 gesloopt, 4 verkocht
    event = np.zeros(len(stock), dtype=np.int8)
    event[valid & a["improve"] & ~after_efg] = 1
    event[valid & a["improve"] & after_efg] = 2
    event[valid & (mcode == MEASURE_CODES.index(DEMOLITION))] = 3
    event[valid & (mcode == MEASURE_CODES.index(SALE))] = 4
    event_year = np.where(event > 0, np.nan_to_num(my), 0).astype(np.int32)

    efg = a["efg"]
    monument = _bools(stock["monument"])
    # exempt codes index EXEMPT_REASONS: 0 none, 1 monument, 2 sloop
    exempt = np.zeros(len(stock), dtype=np.int8)
    demolition_exempt = (event == 3) & (event_year <= rules.deadline_year + rules.demolition_window_years)
    exempt[efg & demolition_exempt] = 2
    if rules.exempt_monument:
        exempt[efg & monument] = 1

    # gas-free plan codes index GAS_FREE_PLANS: 0 "", 1 ja, 2 nee, 3 onbekend
    counted_improvement = (event == 1) | (event == 2)
    gas_plan = np.zeros(len(stock), dtype=np.int8)
    if "gas_free_after" in stock.columns:
        gfa = stock["gas_free_after"].astype("boolean")
        known, yes = gfa.notna().to_numpy(), gfa.fillna(False).to_numpy(dtype=bool)
        gas_plan[counted_improvement] = np.where(known, np.where(yes, 1, 2), 3)[counted_improvement]
    else:
        gas_plan[counted_improvement] = 3

    tk_codes = [LABEL_ORDER.index(x) for x in rules.toekomstklaar_labels]
    weight = {WEIGHT: stock[WEIGHT].to_numpy()} if WEIGHT in stock.columns else {}
    label = a["label"]
    return pd.DataFrame({
        "corporation": _as_category(stock["corporation"]),
        "municipality": _as_category(stock["municipality"]),
        "energy_label": pd.Categorical.from_codes(label, categories=list(LABEL_ORDER)),
        "efg_start": efg,
        "exempt_reason": pd.Categorical.from_codes(exempt, categories=list(EXEMPT_REASONS)),
        "event": pd.Categorical.from_codes(event, categories=list(EVENTS)),
        "event_year": event_year,
        "toekomstklaar_start": np.isin(label, tk_codes),
        "toekomstklaar_after": np.isin(a["after"], tk_codes),
        "gas_free": _bools(stock["gas_free"]),
        "gas_free_plan": pd.Categorical.from_codes(gas_plan, categories=list(GAS_FREE_PLANS)),
        "data_problem": problem,
        **weight,
    })


def _bools(values: pd.Series) -> np.ndarray:
    if values.dtype == bool:
        return values.to_numpy()
    return values.fillna(False).to_numpy(dtype=bool)


def _as_category(values: pd.Series) -> pd.Categorical:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.remove_unused_categories().array
    return pd.Categorical(values)


#: Optional weight column: a register pre-aggregated to counts (e.g. by DuckDB, see
#: :data:`RAW_CELL_COLUMNS`) carries the number of dwellings per row in this column.
WEIGHT = "n_dwellings"
#: The register columns the classification depends on (besides ``vhe_id``): grouping a register
#: by these and counting gives a frame that :func:`classify_dwellings` accepts with ``WEIGHT``.
#: ``gas_free_after`` is optional (:data:`OPTIONAL_REGISTER_COLUMNS`): leave it out when the
#: register has no such column.
RAW_CELL_COLUMNS = ("corporation", "municipality", "energy_label", "monument", "gas_free",
                    "planned_measure", "measure_year", "label_after", "gas_free_after")

def to_improve_mask(classified: pd.DataFrame, rules: EnergyRules) -> pd.Series:
    """EFG dwellings that must still be improved: EFG at the start, not exempt, not gone by the deadline.

    ``classified`` is :func:`classify_dwellings` output or cells of it (:data:`CELL_KEYS` columns
    in the energy analysis). A dwelling demolished or sold (a counted event) no later than the
    end of ``rules.deadline_year`` leaves the stock and needs no improvement; every other
    non-exempt EFG dwelling does. This is the number the finance task prices. A sold dwelling is
    not to improve, but not phased out either (:data:`EXIT_EVENTS`): it counts as
    :data:`EVENT_SOLD_LABEL`.
    """
    leaves = (classified["event"].astype(str).isin(LEAVE_EVENTS)
              & (classified["event_year"] <= rules.deadline_year))
    return (classified["efg_start"].astype(bool)
            & (classified["exempt_reason"].astype(str) == EXEMPT_NONE)
            & ~leaves)


def measure_problems(stock: pd.DataFrame, year: int, rules: EnergyRules) -> dict[str, np.ndarray]:
    """Per problem code of :data:`PROBLEMS`: a boolean mask of the register rows that have it.

    A row with any problem has its planned measure ignored by :func:`classify_dwellings`; the
    delivery validation reports the same masks to the sender.
    """
    return _measure_arrays(stock, year, rules)["problems"]
