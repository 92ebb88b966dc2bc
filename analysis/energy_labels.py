"""Analysis 3: phase-out of energy labels E, F and G by 2028 and the road to gas-free (afspraak 11).

Domain
------
Under the Nationale Prestatieafspraken (summarised in the annex of the Parkstad agreement) every
corporation dwelling with label E, F or G must be improved by the end of 2028; monuments and
dwellings to be demolished within five years are exempt. The corporations deliver a dwelling
register (``voorraad``, one row per VHE as at 1 January of the reporting year) with, per
dwelling, at most one planned measure (``sloop``, ``renovatie``, ``verduurzaming`` or
``verkoop``), the year of that measure and, for an improvement, the label after it.

From that register this module derives, for every year from the reporting year to the horizon
(2030), how many of the EFG dwellings at the start are still EFG at the end of the year and not
exempt (``efg_remaining``), exempt, improved out of EFG, demolished or sold. The five always add
up to the EFG stock at the start. A measure that leaves the label in E, F or G keeps the dwelling
in ``efg_remaining``. The pace compares the improvements needed per year to reach zero by the end
of the deadline year with those planned, and gives a verdict (op koers / risico / achter) by the
rule in ``data/raw/reference/energy_rules.csv`` (documented in docs/assumptions/energy_labels.md).

Bad input (a measure in a year before the reporting year while the label is still EFG or the
dwelling is still in the register, a label after the measure worse than before, a measure
without year or label after) is listed per dwelling by :func:`find_data_problems`; the measure of
such a dwelling is ignored, so the dwelling is counted as it stands in the register (never
silently as improved, demolished or sold). The dwelling-level list is for the sender only:
stakeholder outputs show counts per corporation (:func:`summarise_data_problems`).

Gas-free: ``gas_free`` says whether the dwelling is gas-free now; the optional
``gas_free_after`` (``aardgasvrij na ingreep``) whether a planned renovatie or verduurzaming
makes it gas-free. A dwelling becomes gas-free at the end of its measure year when
``gas_free_after`` is true (and the measure is counted); it leaves the count when demolished or
sold. ``gas_free_after`` on a demolition or sale, or "nee" on a dwelling that is gas-free
already, is ignored (the validator warns the sender). A register without the column (older
deliveries) or with it empty counts as *unknown*: no planned switches, and the report says so
(:func:`summarise_gas_free_plans`).

Scale
-----
Everything is vectorised (numpy/pandas, no per-row Python). The register is first reduced to
*cells*: counts of dwellings per combination of the few attributes that matter
(:func:`summarise_cells`). Cells are additive, so a register too large for memory is processed
in chunks whose cells are summed (:func:`combine_cells`); every result is computed from cells.
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
EVENTS = (EVENT_NONE, EVENT_IMPROVED, EVENT_IMPROVED_STILL_EFG, EVENT_DEMOLISHED, EVENT_SOLD)

EXEMPT_NONE, EXEMPT_MONUMENT, EXEMPT_DEMOLITION = "", "monument", "sloop"
EXEMPT_REASONS = (EXEMPT_NONE, EXEMPT_MONUMENT, EXEMPT_DEMOLITION)

SCOPE_TYPES = ("regio", "corporatie", "gemeente")
VERDICTS = ("op koers", "risico", "achter")

#: Columns of the headline table ``efg_trajectory.csv`` (exactly these, in this order).
TRAJECTORY_COLUMNS = (
    "scope_type", "scope", "year", "efg_remaining", "exempt", "improved", "demolished", "sold",
    "needed_per_year", "planned_per_year", "verdict",
)

#: Register columns this analysis reads.
REGISTER_COLUMNS = (
    "vhe_id", "corporation", "municipality", "build_year", "energy_label", "gas_free", "monument",
    "planned_measure", "measure_year", "label_after",
)
#: Optional register columns: absent in older deliveries (read as unknown).
OPTIONAL_REGISTER_COLUMNS = ("gas_free_after",)

#: ``gas_free_plan`` of a dwelling (cell key): "" = no counted improvement; otherwise whether the
#: improvement makes it gas-free ("ja" / "nee") or that is not given ("onbekend").
GAS_FREE_PLANS = ("", "ja", "nee", "onbekend")

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


def load_clauses(directory: str | Path | None = None) -> pd.DataFrame:
    """The agreement's energy clauses with their current status (``energy_clauses.csv``)."""
    return reference.load_table(
        "energy_clauses",
        {"clause_id": "str", "agreement_text": "str", "agreement_source": "str", "status": "str",
         "status_date": "str"},
        directory=Path(directory) if directory else None,
    )


def check_parameters(year: int, phase: str, scope_type: str, scope: str) -> str:
    """Validate the notebook parameters; return the canonical scope name.

    Raises:
        ValueError: (Dutch) for an unknown phase, scope type or scope, or an implausible year.
    """
    from analysis.processed import check_scope

    if not isinstance(year, int) or not schemas.YEAR_MIN <= year <= schemas.YEAR_MAX:
        raise ValueError(f"Ongeldig rapportagejaar: {year!r}.")
    if phase not in ("q1", "q2", "q3"):
        raise ValueError(f"Onbekende fase '{phase}'; kies uit q1, q2, q3.")
    return check_scope(scope_type, scope)


# --------------------------------------------------------------------------------------------
# Register checks (vectorised) and data problems
# --------------------------------------------------------------------------------------------


def check_register(stock: pd.DataFrame) -> pd.DataFrame:
    """Vectorised contract checks of a dwelling register (any size).

    Checks: required columns present, ``vhe_id`` filled and unique (within this frame), codes
    of ``energy_label``, ``label_after``, ``planned_measure`` and ``accessibility_label`` (when
    present) in the code lists, ``build_year`` and ``measure_year`` within the contract range,
    ``corporation`` and ``municipality`` filled.

    Returns:
        One row per check: ``check``, ``column``, ``n_failed`` (0 = passed).
    """
    rows: list[tuple[str, str, int]] = []
    missing = [c for c in REGISTER_COLUMNS if c not in stock.columns]
    for c in missing:
        rows.append(("kolom_ontbreekt", c, len(stock)))
    fields = {f.name: f for f in schemas.VOORRAAD.fields}

    def present(c: str) -> bool:
        return c in stock.columns

    if present("vhe_id"):
        rows.append(("verplicht", "vhe_id", int(stock["vhe_id"].isna().sum())))
        rows.append(("uniek", "vhe_id", int(stock["vhe_id"].duplicated().sum())))
    for c in ("corporation", "municipality", "energy_label"):
        if present(c):
            rows.append(("verplicht", c, int(stock[c].isna().sum())))
    for c, codes in (("energy_label", "energy_label"), ("label_after", "energy_label"),
                     ("planned_measure", "planned_measure"), ("accessibility_label", "accessibility_label")):
        if present(c):
            s = stock[c]
            bad = s.notna() & ~s.isin(list(schemas.CODE_LISTS[codes]))
            rows.append(("code", c, int(bad.sum())))
    for c in ("build_year", "measure_year"):
        if present(c):
            f = fields[c]
            v = pd.to_numeric(stock[c], errors="coerce")
            bad = v.notna() & ((v < f.min) | (v > f.max))
            if not fields[c].required:
                bad |= stock[c].notna() & v.isna()
            else:
                bad |= v.isna()
            rows.append(("bereik", c, int(bad.sum())))
    return pd.DataFrame(rows, columns=["check", "column", "n_failed"])


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


def find_data_problems(stock: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """List every dwelling whose planned measure cannot be counted (one row per problem).

    The measure of a listed dwelling is ignored in the trajectory (the dwelling counts as it
    stands in the register). This table holds dwelling ids: it is for the sender, not for
    stakeholder reports.

    Returns:
        ``vhe_id, corporation, municipality, problem, description``, sorted.
    """
    a = _measure_arrays(stock, year, rules)
    parts = []
    for code, mask in a["problems"].items():
        if mask.any():
            sub = stock.loc[mask, ["vhe_id", "corporation", "municipality"]].copy()
            sub["problem"] = code
            sub["description"] = PROBLEMS[code]
            parts.append(sub)
    cols = ["vhe_id", "corporation", "municipality", "problem", "description"]
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in cols})
    out = pd.concat(parts, ignore_index=True)[cols]
    return out.sort_values(["corporation", "problem", "vhe_id"], kind="stable").reset_index(drop=True)


def summarise_data_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """Counts of data problems per corporation and problem (no dwelling ids; for reports)."""
    cols = ["corporation", "problem", "description", "n_dwellings"]
    if problems.empty:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c == "n_dwellings" else "str") for c in cols})
    out = (problems.groupby(["corporation", "problem", "description"], observed=True)
           .size().rename("n_dwellings").reset_index())
    return out.sort_values(["corporation", "problem"], kind="stable").reset_index(drop=True)[cols]


# --------------------------------------------------------------------------------------------
# Classification and cells
# --------------------------------------------------------------------------------------------


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

CELL_KEYS = ("corporation", "municipality", "energy_label", "efg_start", "exempt_reason", "event",
             "event_year", "toekomstklaar_start", "toekomstklaar_after", "gas_free", "gas_free_plan",
             "data_problem")


def summarise_cells(classified: pd.DataFrame) -> pd.DataFrame:
    """Count dwellings per combination of :data:`CELL_KEYS` (column ``n_dwellings``).

    Cells are additive: cells of two parts of a register summed with :func:`combine_cells` equal
    the cells of the whole register.
    """
    keys = list(CELL_KEYS)
    if classified.empty:
        return pd.DataFrame({**{k: classified[k] for k in keys}, WEIGHT: pd.Series([], dtype="int64")})
    # One int64 key per row from the factorised columns (mixed radix), then one bincount:
    # much faster than a groupby over 11 columns on millions of rows.
    codes, uniques, radix = [], [], 1
    key = np.zeros(len(classified), dtype=np.int64)
    for k in keys:
        c, u = pd.factorize(classified[k], use_na_sentinel=False)
        key += c.astype(np.int64) * radix
        radix *= max(len(u), 1)
        codes.append(c)
        uniques.append(u)
    kc, ku = pd.factorize(key)
    weights = classified[WEIGHT].to_numpy(dtype=np.int64) if WEIGHT in classified.columns else None
    counts = np.bincount(kc, weights=weights, minlength=len(ku)).astype(np.int64)
    out, rest = {}, ku.astype(np.int64)
    for k, u in zip(keys, uniques, strict=True):
        n = max(len(u), 1)
        out[k] = u.take(rest % n) if hasattr(u, "take") else np.asarray(u)[rest % n]
        rest = rest // n
    frame = pd.DataFrame(out)
    frame[WEIGHT] = counts
    return frame


def combine_cells(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Sum the cells of several chunks of one register."""
    frame = pd.concat(parts, ignore_index=True)
    out = frame.groupby(list(CELL_KEYS), observed=True, sort=False, dropna=False)["n_dwellings"].sum()
    return out.reset_index()


def compute_cells(stock: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """Shortcut: :func:`classify_dwellings` then :func:`summarise_cells`."""
    return summarise_cells(classify_dwellings(stock, year, rules))


# --------------------------------------------------------------------------------------------
# Results from cells
# --------------------------------------------------------------------------------------------


def _scoped(frame: pd.DataFrame, value_cols: list[str], extra_keys: list[str],
            region_name: str) -> pd.DataFrame:
    """Sum ``value_cols`` per region, corporation and municipality (plus ``extra_keys``)."""
    parts = []
    for scope_type, col in (("regio", None), ("corporatie", "corporation"), ("gemeente", "municipality")):
        keys = ([col] if col else []) + extra_keys
        if keys:
            g = frame.groupby(keys, observed=True, sort=True)[value_cols].sum().reset_index()
        else:
            g = frame[value_cols].sum().to_frame().T
        g.insert(0, "scope", region_name if col is None else g.pop(col).astype(str))
        g.insert(0, "scope_type", scope_type)
        parts.append(g)
    out = pd.concat(parts, ignore_index=True)
    return out


def _region_name() -> str:
    from analysis.processed import REGION_NAME

    return REGION_NAME


def compute_label_distribution(cells: pd.DataFrame) -> pd.DataFrame:
    """Dwellings per corporation × municipality × label at the start of the reporting year.

    Returns ``corporation, municipality, energy_label, n_dwellings, share`` (share of the
    corporation's stock in that municipality), labels in :data:`LABEL_ORDER`.
    """
    g = cells.groupby(["corporation", "municipality", "energy_label"], observed=True)["n_dwellings"].sum()
    out = g.reset_index()
    out["share"] = out["n_dwellings"] / out.groupby(["corporation", "municipality"])["n_dwellings"].transform("sum")
    out["_rank"] = _ranks(out["energy_label"])
    out = out.sort_values(["corporation", "municipality", "_rank"], kind="stable").drop(columns="_rank")
    return out.reset_index(drop=True)


def compute_label_totals(cells: pd.DataFrame, region_name: str | None = None) -> pd.DataFrame:
    """Dwellings per scope and label (long): ``scope_type, scope, energy_label, n_dwellings, share``."""
    region_name = region_name or _region_name()
    wide = cells.pivot_table(index=["corporation", "municipality"], columns="energy_label",
                             values="n_dwellings", aggfunc="sum", fill_value=0, observed=True)
    labels = [x for x in LABEL_ORDER if x in wide.columns]
    wide = wide[labels].reset_index()
    scoped = _scoped(wide, labels, [], region_name)
    long = scoped.melt(id_vars=["scope_type", "scope"], var_name="energy_label", value_name="n_dwellings")
    long["n_dwellings"] = long["n_dwellings"].astype("int64")
    long["share"] = long["n_dwellings"] / long.groupby(["scope_type", "scope"])["n_dwellings"].transform("sum")
    long["_t"] = long["scope_type"].map({s: i for i, s in enumerate(SCOPE_TYPES)})
    long["_r"] = _ranks(long["energy_label"])
    long = long.sort_values(["_t", "scope", "_r"], kind="stable").drop(columns=["_t", "_r"])
    return long.reset_index(drop=True)


def compute_trajectory(cells: pd.DataFrame, year: int, rules: EnergyRules,
                       region_name: str | None = None) -> pd.DataFrame:
    """EFG dwellings per scope and year, state at the end of each year ``year .. horizon``.

    For the dwellings with label E, F or G at 1 January of ``year``:

    - ``improved``: improved to a label outside EFG in or before that year (cumulative),
    - ``demolished`` / ``sold``: demolished / sold in or before that year (cumulative),
    - ``exempt``: still in the stock, not improved, and exempt (monument, demolition planned
      within the window),
    - ``efg_remaining``: the rest (includes dwellings whose measure leaves them in EFG).

    ``efg_remaining + exempt + improved + demolished + sold`` equals the EFG stock at the start
    for every year. Also returns ``efg_start`` and ``efg_remaining_start`` (non-exempt at start).
    """
    region_name = region_name or _region_name()
    years = np.arange(year, max(year, rules.horizon_last_year) + 1)
    efg = cells[cells["efg_start"]]
    base = efg.groupby(["corporation", "municipality", "exempt_reason", "event", "event_year"],
                       observed=True)["n_dwellings"].sum().reset_index()
    n = base["n_dwellings"].to_numpy()[:, None]
    ey = base["event_year"].to_numpy()[:, None]
    ev = base["event"].to_numpy()[:, None]
    done = (ey <= years[None, :]) & (ey > 0)
    exited = done & np.isin(ev, (EVENT_IMPROVED, EVENT_DEMOLISHED, EVENT_SOLD))
    is_exempt = (base["exempt_reason"].to_numpy() != EXEMPT_NONE)[:, None]
    values = {
        "efg_remaining": n * (~exited & ~is_exempt),
        "exempt": n * (~exited & is_exempt),
        "improved": n * (done & (ev == EVENT_IMPROVED)),
        "demolished": n * (done & (ev == EVENT_DEMOLISHED)),
        "sold": n * (done & (ev == EVENT_SOLD)),
    }
    k = len(years)
    long = pd.DataFrame({
        "corporation": np.repeat(base["corporation"].to_numpy(), k),
        "municipality": np.repeat(base["municipality"].to_numpy(), k),
        "year": np.tile(years, len(base)),
        **{c: v.ravel() for c, v in values.items()},
        "efg_start": np.repeat(base["n_dwellings"].to_numpy(), k),
        "efg_remaining_start": np.repeat(base["n_dwellings"].to_numpy() * ~is_exempt[:, 0], k),
    })
    cols = list(values) + ["efg_start", "efg_remaining_start"]
    if long.empty:
        return pd.DataFrame(columns=["scope_type", "scope", "year", *cols])
    out = _scoped(long, cols, ["year"], region_name)
    for c in cols:
        out[c] = out[c].astype("int64")
    return _sort_scopes(out, ["year"])


def _sort_scopes(frame: pd.DataFrame, extra: list[str]) -> pd.DataFrame:
    order = {s: i for i, s in enumerate(SCOPE_TYPES)}
    frame = frame.assign(_t=frame["scope_type"].map(order))
    frame = frame.sort_values(["_t", "scope", *extra], kind="stable").drop(columns="_t")
    return frame.reset_index(drop=True)


def classify_verdict(remaining_at_deadline: pd.Series, remaining_start: pd.Series,
                     rules: EnergyRules) -> pd.Series:
    """Verdict per scope from the share of non-exempt EFG dwellings left at the deadline.

    share = remaining at the end of the deadline year (as planned) / remaining at the start.
    ``op koers`` when share <= on_track_max_remaining_share (or nothing to do), ``risico`` when
    share <= risk_max_remaining_share, else ``achter``.
    """
    start = remaining_start.astype("float64")
    share = np.where(start > 0, remaining_at_deadline.astype("float64") / start.where(start > 0, 1.0), 0.0)
    verdict = np.where(share <= rules.on_track_max_remaining_share, VERDICTS[0],
                       np.where(share <= rules.risk_max_remaining_share, VERDICTS[1], VERDICTS[2]))
    return pd.Series(verdict, index=remaining_start.index, dtype="str")


def compute_pace(trajectory: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """Add ``needed_per_year``, ``planned_per_year`` and ``verdict`` to a trajectory.

    - ``planned_per_year`` in year t: the decrease of ``efg_remaining`` from the end of t-1 (the
      start for the reporting year) to the end of t, i.e. non-exempt EFG dwellings improved out
      of EFG, demolished or sold in t.
    - ``needed_per_year`` in year t (t <= deadline): ``efg_remaining`` at the end of t-1 divided
      by the years left including t (``deadline - t + 1``): the even pace that reaches zero at the
      end of the deadline year from where the plan stands. After the deadline: NA.
    - ``verdict``: per scope (the same in every year), :func:`classify_verdict` on the planned
      ``efg_remaining`` at the end of the deadline year (the start if the deadline has passed).
    """
    t = trajectory.copy()
    keys = ["scope_type", "scope"]
    prev = t.groupby(keys, sort=False)["efg_remaining"].shift(1)
    prev = prev.fillna(t["efg_remaining_start"]).astype("int64")
    t["planned_per_year"] = (prev - t["efg_remaining"]).astype("int64")
    years_left = rules.deadline_year - t["year"] + 1
    needed = (prev / years_left.where(years_left > 0)).astype("Float64")
    t["needed_per_year"] = needed.round(1)
    if rules.deadline_year >= year:
        at_deadline = t[t["year"] == min(rules.deadline_year, t["year"].max())].set_index(keys)["efg_remaining"]
    else:
        at_deadline = t.groupby(keys, sort=False)["efg_remaining_start"].first()
    start = t.groupby(keys, sort=False)["efg_remaining_start"].first()
    verdict = classify_verdict(at_deadline.reindex(start.index), start, rules).rename("verdict")
    t = t.merge(verdict.reset_index(), on=keys, how="left")
    return t


def compute_efg_trajectory(cells: pd.DataFrame, year: int, rules: EnergyRules,
                           region_name: str | None = None) -> pd.DataFrame:
    """The headline table ``efg_trajectory``: exactly :data:`TRAJECTORY_COLUMNS`, sorted."""
    t = compute_pace(compute_trajectory(cells, year, rules, region_name), year, rules)
    return t[list(TRAJECTORY_COLUMNS)]


def summarise_pace(efg_trajectory: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """One row per scope: start, planned remaining at the deadline, needed vs planned per year.

    ``needed_per_year`` is the even pace from the start (first year's value); ``planned_per_year``
    the mean planned decrease per year from the reporting year to the deadline year.
    """
    keys = ["scope_type", "scope"]
    t = efg_trajectory
    first = t.groupby(keys, sort=False).first()
    upto = t[t["year"] <= rules.deadline_year]
    planned = upto.groupby(keys, sort=False)["planned_per_year"].mean()
    deadline_rows = t[t["year"] == rules.deadline_year].set_index(keys)["efg_remaining"]
    start = first["efg_remaining"] + first["planned_per_year"]
    out = pd.DataFrame({
        "efg_remaining_start": start,
        "efg_remaining_deadline": deadline_rows.reindex(first.index),
        "needed_per_year": first["needed_per_year"],
        "planned_per_year": planned.reindex(first.index).round(1),
        "verdict": first["verdict"],
    }).reset_index()
    return out


def compute_future_stock(cells: pd.DataFrame, year: int, rules: EnergyRules,
                         region_name: str | None = None) -> pd.DataFrame:
    """Stock, toekomstklaar and gas-free dwellings per scope at the start and end of each year.

    ``year`` = ``reporting year - 1`` is the start (1 January). ``n_toekomstklaar`` counts
    dwellings in the stock with a label in the toekomstklaar set, taking planned improvements
    into account; ``n_gas_free`` counts gas-free dwellings still in the stock: gas-free now, or
    made gas-free by a counted improvement (``gas_free_plan`` "ja") in or before that year.
    ``n_gas_free_switched`` is the part of ``n_gas_free`` that switched since the start. An
    improvement with ``gas_free_plan`` "onbekend" (column empty or absent) counts as no switch.
    """
    region_name = region_name or _region_name()
    years = np.arange(year - 1, max(year, rules.horizon_last_year) + 1)
    base = cells.groupby(["corporation", "municipality", "event", "event_year", "toekomstklaar_start",
                          "toekomstklaar_after", "gas_free", "gas_free_plan"],
                         observed=True)["n_dwellings"].sum().reset_index()
    n = base["n_dwellings"].to_numpy()[:, None]
    ey = base["event_year"].to_numpy()[:, None]
    ev = base["event"].to_numpy()[:, None]
    done = (ey > 0) & (ey <= years[None, :])
    gone = done & np.isin(ev, (EVENT_DEMOLISHED, EVENT_SOLD))
    improved = done & np.isin(ev, (EVENT_IMPROVED, EVENT_IMPROVED_STILL_EFG))
    tk = np.where(improved, base["toekomstklaar_after"].to_numpy()[:, None],
                  base["toekomstklaar_start"].to_numpy()[:, None])
    gas_free = base["gas_free"].to_numpy(dtype=bool)[:, None]
    switched = improved & ~gas_free & (base["gas_free_plan"].to_numpy() == "ja")[:, None]
    k = len(years)
    long = pd.DataFrame({
        "corporation": np.repeat(base["corporation"].to_numpy(), k),
        "municipality": np.repeat(base["municipality"].to_numpy(), k),
        "year": np.tile(years, len(base)),
        "n_stock": (n * ~gone).ravel(),
        "n_toekomstklaar": (n * (~gone & tk)).ravel(),
        "n_gas_free": (n * (~gone & (gas_free | switched))).ravel(),
        "n_gas_free_switched": (n * (~gone & switched)).ravel(),
    })
    cols = ["n_stock", "n_toekomstklaar", "n_gas_free", "n_gas_free_switched"]
    out = _scoped(long, cols, ["year"], region_name)
    for c in cols:
        out[c] = out[c].astype("int64")
    out["share_toekomstklaar"] = out["n_toekomstklaar"] / out["n_stock"].where(out["n_stock"] > 0)
    out["share_gas_free"] = out["n_gas_free"] / out["n_stock"].where(out["n_stock"] > 0)
    return _sort_scopes(out, ["year"])


def summarise_gas_free_plans(cells: pd.DataFrame, region_name: str | None = None) -> pd.DataFrame:
    """Counted improvements per scope by what they do to gas-free (from the reporting year on).

    Returns ``scope_type, scope, n_improvements`` (counted renovaties and verduurzamingen),
    ``n_to_gas_free`` (not gas-free now, ``gas_free_after`` ja), ``n_already_gas_free``,
    ``n_not_gas_free`` (``gas_free_after`` nee) and ``n_unknown`` (``gas_free_after`` empty or
    the column absent); the last four add up to ``n_improvements``.
    """
    region_name = region_name or _region_name()
    plan = cells["gas_free_plan"].astype(str).to_numpy()
    gf = cells["gas_free"].to_numpy(dtype=bool)
    n = cells["n_dwellings"].to_numpy(dtype=np.int64)
    frame = pd.DataFrame({
        "corporation": cells["corporation"].to_numpy(), "municipality": cells["municipality"].to_numpy(),
        "n_improvements": np.where(plan != "", n, 0),
        "n_to_gas_free": np.where((plan == "ja") & ~gf, n, 0),
        "n_already_gas_free": np.where((plan != "") & gf, n, 0),
        "n_not_gas_free": np.where((plan == "nee") & ~gf, n, 0),
        "n_unknown": np.where((plan == "onbekend") & ~gf, n, 0),
    })
    cols = ["n_improvements", "n_to_gas_free", "n_already_gas_free", "n_not_gas_free", "n_unknown"]
    out = _scoped(frame, cols, [], region_name)
    for c in cols:
        out[c] = out[c].astype("int64")
    return _sort_scopes(out, [])


def compute_efg_share_by_municipality(cells: pd.DataFrame) -> pd.Series:
    """Share of EFG dwellings in the corporation stock per municipality (index: name)."""
    frame = cells.assign(n_efg=cells["n_dwellings"].where(cells["efg_start"], 0))
    g = frame.groupby("municipality", observed=True)
    efg, total = g["n_efg"].sum(), g["n_dwellings"].sum()
    return (efg / total).rename("efg_share").sort_index()


def summarise_accessibility(stock: pd.DataFrame) -> pd.DataFrame:
    """Dwellings per municipality × accessibility label (``NA`` shown as "onbekend"); additive."""
    acc = stock["accessibility_label"].astype("category")
    acc = acc.cat.add_categories(["onbekend"]).fillna("onbekend") if "onbekend" not in acc.cat.categories \
        else acc.fillna("onbekend")
    out = (pd.DataFrame({"municipality": stock["municipality"].astype("category").to_numpy(),
                         "accessibility_label": acc.to_numpy()})
           .groupby(["municipality", "accessibility_label"], observed=True).size()
           .rename("n_dwellings").reset_index())
    out["municipality"] = out["municipality"].astype(str)
    out["accessibility_label"] = out["accessibility_label"].astype(str)
    return out


def filter_scope(frame: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """Rows of a scoped result for one scope."""
    return frame[(frame["scope_type"] == scope_type) & (frame["scope"] == scope)].reset_index(drop=True)


def select_stock(stock: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """The register rows within a scope (the whole register for ``regio``)."""
    if scope_type == "corporatie":
        return stock[stock["corporation"] == scope]
    if scope_type == "gemeente":
        return stock[stock["municipality"] == scope]
    return stock


# --------------------------------------------------------------------------------------------
# Report: one call for the notebook, Dutch text, display tables, figures
# --------------------------------------------------------------------------------------------


@dataclass
class EnergyResult:
    """Everything the notebook shows (all frames computed once from the register)."""

    year: int
    scope_type: str
    scope: str
    rules: EnergyRules
    n_stock: int
    efg_trajectory: pd.DataFrame       # headline: all scopes (regio) or the chosen scope
    trajectory_all: pd.DataFrame       # all scopes, with efg_start / efg_remaining_start
    pace: pd.DataFrame                 # one row per scope
    label_totals: pd.DataFrame         # scope x label
    label_distribution: pd.DataFrame   # corporation x municipality x label (within scope)
    future_stock: pd.DataFrame         # toekomstklaar / gas-free per scope and year
    gas_free_plans: pd.DataFrame       # counted improvements by gas-free plan, per scope
    efg_share: pd.Series               # per municipality (whole register; for the map)
    clauses: pd.DataFrame
    problems: pd.DataFrame             # dwelling ids: internal only, never in stakeholder output
    problems_summary: pd.DataFrame     # counts per corporation


def prepare(data, year: int, scope_type: str, scope: str, rules: EnergyRules | None = None) -> EnergyResult:
    """Compute every result of analysis 3 for one report (``data``: a ProcessedData)."""
    rules = rules or load_rules()
    stock = data.stock
    in_scope = select_stock(stock, scope_type, scope)
    problems = find_data_problems(in_scope, year, rules)
    cells = compute_cells(stock, year, rules)
    scope_cells = compute_cells(in_scope, year, rules)
    full = compute_pace(compute_trajectory(cells, year, rules), year, rules)
    headline = full[list(TRAJECTORY_COLUMNS)]
    if scope_type != "regio":
        headline = filter_scope(headline, scope_type, scope)
    return EnergyResult(
        year=year, scope_type=scope_type, scope=scope, rules=rules, n_stock=len(in_scope),
        efg_trajectory=headline, trajectory_all=full,
        pace=summarise_pace(full, year, rules),
        label_totals=compute_label_totals(cells) if len(cells) else pd.DataFrame(),
        label_distribution=compute_label_distribution(scope_cells) if len(scope_cells) else pd.DataFrame(),
        future_stock=compute_future_stock(cells, year, rules) if len(cells) else pd.DataFrame(),
        gas_free_plans=summarise_gas_free_plans(cells) if len(cells) else pd.DataFrame(),
        efg_share=compute_efg_share_by_municipality(cells) if len(cells) else pd.Series(dtype=float),
        clauses=load_clauses(),
        problems=problems,
        problems_summary=summarise_data_problems(problems),
    )


def write_internal_problems(problems: pd.DataFrame, internal_dir: str | Path | None) -> Path | None:
    """Write the dwelling-level problem list (with ``vhe_id``) for the senders, or nothing.

    Only when ``internal_dir`` is given: this file must never be published with the reports.
    """
    if internal_dir is None or str(internal_dir) == "":
        return None
    from analysis.outputs import neutralise_frame

    folder = Path(internal_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "efg_data_problems.csv"
    neutralise_frame(problems).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def _scope_row(frame: pd.DataFrame, r: EnergyResult) -> pd.DataFrame:
    return filter_scope(frame, r.scope_type, r.scope)


def _scope_text(r: EnergyResult) -> str:
    return {"regio": f"in de regio {r.scope}", "gemeente": f"in de gemeente {r.scope}",
            "corporatie": f"van {r.scope}"}[r.scope_type]


def text_intro(r: EnergyResult) -> str:
    """Dutch opening paragraph with the headline numbers of the scope."""
    from analysis.formatting import format_number as n
    from analysis.formatting import format_percent

    p = _scope_row(r.pace, r)
    t = _scope_row(r.trajectory_all, r)
    if p.empty or t.empty:
        return (f"In het woningregister van {r.year} staan {_scope_text(r)} geen woningen met label "
                f"{'/'.join(r.rules.efg_labels)}; er is geen opgave.")
    p, t0 = p.iloc[0], t.iloc[0]
    share = t0["efg_start"] / r.n_stock if r.n_stock else float("nan")
    verdict = p["verdict"]
    return (
        f"Op 1 januari {r.year} hadden {n(t0['efg_start'])} van de {n(r.n_stock)} corporatiewoningen "
        f"{_scope_text(r)} ({format_percent(share)}) een energielabel E, F of G. Daarvan zijn er "
        f"{n(t0['efg_start'] - t0['efg_remaining_start'])} vrijgesteld (monument of sloop gepland binnen de "
        f"termijn); de opgave is dus {n(p['efg_remaining_start'])} woningen. Volgens de plannen van de "
        f"corporaties resteren eind {r.rules.deadline_year} nog {n(p['efg_remaining_deadline'])} niet-vrijgestelde "
        f"EFG-woningen. Nodig is gemiddeld {n(p['needed_per_year'])} verbeteringen per jaar; gepland zijn er "
        f"gemiddeld {n(p['planned_per_year'])} per jaar tot en met {r.rules.deadline_year}. "
        f"Oordeel: **{verdict}**."
    )


def text_verdict_rule(rules: EnergyRules) -> str:
    """The verdict rule in plain Dutch (numbers from the reference data)."""
    from analysis.formatting import format_percent

    return (
        f"**Oordeel** (per corporatie en gemeente): *op koers* als volgens plan eind {rules.deadline_year} "
        f"hooguit {format_percent(rules.on_track_max_remaining_share, 0)} van de niet-vrijgestelde EFG-woningen "
        f"van de start over is; *risico* als dat hooguit {format_percent(rules.risk_max_remaining_share, 0)} is; "
        "anders *achter*. Deze grenzen zijn een aanname (zie docs/assumptions/energy_labels.md)."
    )


def text_problems(r: EnergyResult) -> str:
    """Dutch sentence on the data problems (counts only)."""
    from analysis.formatting import format_number as n

    total = int(r.problems["vhe_id"].nunique()) if len(r.problems) else 0
    if total == 0:
        return "In de levering zijn geen tegenstrijdige geplande ingrepen gevonden."
    return (
        f"Bij {n(total)} woningen past de geplande ingreep niet bij het register (zie de tabel). Deze ingrepen "
        "zijn **niet** meegeteld: de woning telt zoals ze in het register staat. De lijst met VHE-nummers gaat "
        "alleen naar de leverende corporatie, niet in dit rapport."
    )


def display_trajectory(r: EnergyResult) -> pd.DataFrame:
    """The scope's trajectory with Dutch headers and number formatting."""
    from analysis.formatting import format_frame

    t = _scope_row(r.efg_trajectory, r)
    f = format_frame(t, {c: "int" for c in ("efg_remaining", "exempt", "improved", "demolished", "sold",
                                               "planned_per_year")} | {"needed_per_year": "dec1"})
    return f.drop(columns=["scope_type", "scope"]).rename(columns=DUTCH_HEADERS)


DUTCH_HEADERS = {
    "year": "jaar (eind)", "efg_remaining": "EFG resterend", "exempt": "vrijgesteld", "improved": "verbeterd",
    "demolished": "gesloopt", "sold": "verkocht", "needed_per_year": "nodig per jaar",
    "planned_per_year": "gepland in jaar", "verdict": "oordeel", "scope": "", "corporation": "corporatie",
    "municipality": "gemeente", "efg_remaining_start": "opgave bij start",
    "efg_remaining_deadline": "resterend eind doeljaar", "problem": "probleem", "description": "omschrijving",
    "n_dwellings": "woningen", "n_stock": "woningen", "n_toekomstklaar": "toekomstklaar",
    "n_gas_free": "aardgasvrij", "share_toekomstklaar": "aandeel toekomstklaar", "share_gas_free": "aandeel aardgasvrij",
    "n_gas_free_switched": "waarvan aardgasvrij gemaakt",
}


def display_pace(r: EnergyResult, scope_type: str) -> pd.DataFrame:
    """Pace and verdict per corporation or municipality (Dutch headers)."""
    from analysis.formatting import format_frame

    p = r.pace[r.pace["scope_type"] == scope_type].drop(columns="scope_type")
    f = format_frame(p, {"efg_remaining_start": "int", "efg_remaining_deadline": "int",
                         "needed_per_year": "dec1", "planned_per_year": "dec1"})
    return f.rename(columns=DUTCH_HEADERS | {"scope": "corporatie" if scope_type == "corporatie" else "gemeente"})


def display_problems(r: EnergyResult) -> pd.DataFrame:
    """Data problems per corporation (counts; no dwelling ids)."""
    from analysis.formatting import format_frame

    s = format_frame(r.problems_summary.drop(columns="problem"), {"n_dwellings": "int"})
    return s.rename(columns=DUTCH_HEADERS)


def display_future(r: EnergyResult) -> pd.DataFrame:
    """Toekomstklaar and gas-free dwellings of the scope at the start and end of each year."""
    from analysis.formatting import format_frame

    f = _scope_row(r.future_stock, r).drop(columns=["scope_type", "scope"])
    f["year"] = [f"1-1-{y + 1}" if i == 0 else f"eind {y}" for i, y in enumerate(f["year"])]
    f = format_frame(f, {"n_stock": "int", "n_toekomstklaar": "int", "n_gas_free": "int",
                         "n_gas_free_switched": "int", "share_toekomstklaar": "pct", "share_gas_free": "pct"})
    return f.rename(columns=DUTCH_HEADERS | {"year": "moment"})


def text_gas_free(r: EnergyResult) -> str:
    """Dutch paragraph on gas-free dwellings now and their planned growth (scope of the report).

    Says explicitly when the register does not give ``aardgasvrij na ingreep`` for (some of) the
    planned improvements: those count as no switch.
    """
    from analysis.formatting import format_number as n
    from analysis.formatting import format_percent

    f = _scope_row(r.future_stock, r) if len(r.future_stock) else pd.DataFrame()
    g = _scope_row(r.gas_free_plans, r) if len(r.gas_free_plans) else pd.DataFrame()
    if f.empty:
        return f"Het register bevat {_scope_text(r)} geen woningen."
    start, end = f.iloc[0], f.iloc[-1]
    last = int(end["year"])
    text = (f"Op 1 januari {r.year} waren {n(start['n_gas_free'])} van de {n(start['n_stock'])} "
            f"corporatiewoningen {_scope_text(r)} aardgasvrij ({format_percent(start['share_gas_free'])}). ")
    p = g.iloc[0] if len(g) else None
    n_imp = int(p["n_improvements"]) if p is not None else 0
    n_unknown = int(p["n_unknown"]) if p is not None else 0
    n_to = int(p["n_to_gas_free"]) if p is not None else 0
    if n_imp == 0:
        return text + "Er zijn geen renovaties of verduurzamingen gepland; een groei van aardgasvrij is niet gepland."
    if n_unknown == n_imp - int(p["n_already_gas_free"]) and n_to == 0 and n_unknown > 0:
        return text + (
            f"Bij geen van de {n(n_imp)} geplande renovaties en verduurzamingen staat in het register of de woning "
            "daarna aardgasvrij is (kolom 'aardgasvrij na ingreep' leeg, of afwezig in een oudere levering). "
            "De geplande groei van aardgasvrij is daarom **onbekend**: de cijfers hieronder rekenen zonder "
            "omschakeling en dalen alleen door sloop en verkoop.")
    text += (f"Van de {n(n_imp)} geplande renovaties en verduurzamingen maken er {n(n_to)} de woning aardgasvrij. "
             f"Volgens de plannen zijn eind {last} {n(end['n_gas_free'])} woningen aardgasvrij "
             f"({format_percent(end['share_gas_free'])}), waarvan {n(end['n_gas_free_switched'])} door een "
             "geplande ingreep (sloop en verkoop zijn afgetrokken).")
    if n_unknown:
        text += (f" Bij {n(n_unknown)} geplande ingrepen is niet opgegeven of de woning daarna aardgasvrij is; "
                 "die zijn geteld als niet aardgasvrij, dus de groei is mogelijk groter.")
    return text


def text_clauses(r: EnergyResult) -> str:
    """The agreement's energy clauses with their current status, as Dutch markdown."""
    parts = []
    for _, c in r.clauses.iterrows():  # a handful of reference rows, not register rows
        parts.append(f"> {c['agreement_text']}\n\n*Vindplaats:* {c['agreement_source']}.\n\n"
                     f"**Stand van zaken ({c['status_date']}):** {c['status']} *Bron:* {c['source']}")
    return "\n\n---\n\n".join(parts)


def plot_label_bars(r: EnergyResult, ax=None):
    """Stacked bars: label shares per corporation (regio/gemeente) or per municipality (corporatie)."""
    import matplotlib.pyplot as plt

    from analysis import style

    d = r.label_distribution
    by = "municipality" if r.scope_type == "corporatie" else "corporation"
    wide = d.pivot_table(index=by, columns="energy_label", values="n_dwellings", aggfunc="sum",
                         fill_value=0, observed=True)
    wide = wide[[x for x in LABEL_ORDER if x in wide.columns]]
    share = wide.div(wide.sum(axis=1), axis=0) * 100
    if ax is None:
        _fig, ax = plt.subplots(figsize=(9, max(3.0, 0.45 * len(share) + 1.2)))
    left = np.zeros(len(share))
    for label in share.columns:
        ax.barh(share.index, share[label], left=left, color=style.colour_for(label), label=label,
                edgecolor="white", linewidth=0.5)
        left += share[label].to_numpy()
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("aandeel van de woningen (%)")
    ax.set_title(f"Energielabels op 1 januari {r.year} per {'gemeente' if by == 'municipality' else 'corporatie'}")
    ax.legend(ncol=1, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, title="label",
              title_fontsize=8, handlelength=1.2, labelspacing=0.3)
    style.dutch_axis(ax, "x")
    return ax


def plot_trajectory(r: EnergyResult, ax=None):
    """EFG remaining per year (plan) against the even path to zero at the end of the deadline year."""
    import matplotlib.pyplot as plt

    from analysis import style

    t = _scope_row(r.trajectory_all, r)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(9, 4.8))
    if t.empty:
        ax.text(0.5, 0.5, "geen EFG-woningen", ha="center", transform=ax.transAxes)
        return ax
    start = int(t["efg_remaining_start"].iloc[0])
    x = [r.year - 1, *t["year"].tolist()]
    ax.plot(x, [start, *t["efg_remaining"].tolist()], marker="o", color="#c53030", label="EFG resterend volgens plan")
    ax.plot(x, [int(t["efg_start"].iloc[0]) - start, *t["exempt"].tolist()], marker=".", color="#718096",
            linestyle=":", label="vrijgesteld (monument, sloop)")
    dl = r.rules.deadline_year
    ax.plot([r.year - 1, dl], [start, 0], color="#2f855a", linestyle="--",
            label=f"gelijkmatig pad naar nul eind {dl}")
    ax.axhline(0, color="#2d3748", linewidth=0.8)
    ax.axvline(dl, color="#2d3748", linewidth=0.8, linestyle=":")
    ax.set_xticks(x, [f"1-1-{r.year}"] + [f"eind {y}" for y in t["year"]], fontsize=9)
    ax.set_ylabel("woningen")
    ax.set_title(f"EFG-woningen {r.scope}: plan tegen doel (nul eind {dl})")
    ax.set_ylim(bottom=0)
    style.dutch_axis(ax, "y")
    ax.legend(fontsize=9)
    return ax


def plot_trajectory_by(r: EnergyResult, scope_type: str, ax=None):
    """EFG remaining per year for each corporation or municipality (small lines, one colour each)."""
    import matplotlib.pyplot as plt

    from analysis import style

    t = r.trajectory_all[r.trajectory_all["scope_type"] == scope_type]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(9, 4.8))
    for name, g in t.groupby("scope", sort=True):
        x = [r.year - 1, *g["year"].tolist()]
        y = [int(g["efg_remaining_start"].iloc[0]), *g["efg_remaining"].tolist()]
        ax.plot(x, y, marker=".", color=style.colour_for(name), label=name)
    ax.axvline(r.rules.deadline_year, color="#2d3748", linewidth=0.8, linestyle=":")
    ax.set_xticks(x, [f"1-1-{r.year}"] + [f"eind {y}" for y in g["year"]], fontsize=9)
    ax.set_ylabel("niet-vrijgestelde EFG-woningen")
    ax.set_title(f"EFG resterend volgens plan per {scope_type}")
    ax.set_ylim(bottom=0)
    style.dutch_axis(ax, "y")
    ax.legend(fontsize=8, ncol=2)
    return ax


def plot_efg_map(r: EnergyResult, ax=None):
    """Map of the municipalities with the EFG share of the corporation stock (whole register)."""
    from analysis.formatting import format_percent
    from analysis.maps import plot_municipality_map

    return plot_municipality_map(
        r.efg_share, f"Aandeel EFG-woningen in de corporatievoorraad, 1 januari {r.year}",
        value_format=lambda v: format_percent(v), legend_label="aandeel label E, F of G", ax=ax)


def plot_future(r: EnergyResult, ax=None):
    """Toekomstklaar (label B or better, planned) and gas-free dwellings of the scope per year."""
    import matplotlib.pyplot as plt

    from analysis import style

    f = _scope_row(r.future_stock, r)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(9, 4.2))
    labels = [f"1-1-{r.year}"] + [f"eind {y}" for y in f["year"].iloc[1:]]
    ax.plot(labels, f["n_toekomstklaar"], marker="o", color="#2f855a", label="toekomstklaar (label B of beter)")
    ax.plot(labels, f["n_gas_free"], marker="o", color="#2b6cb0", label="aardgasvrij (met geplande omschakeling)")
    ax.set_ylabel("woningen")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Toekomstklare en aardgasvrije woningen {r.scope} volgens plan")
    style.dutch_axis(ax, "y")
    ax.legend(fontsize=9)
    return ax
