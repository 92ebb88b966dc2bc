"""Illustrative example deliveries (``rpa example-data``): a seeded generator.

The analyses run on figures only the parties hold. To show what the suite does without real
deliveries, this module writes *illustrative* deliveries ("illustratieve voorbeelddata") for the
9 corporations and 7 municipalities, delivery years 2022-2026, through the same workbook writer
as the templates (:func:`analysis.deliveries.templates.write_workbook`). Every delivery folder
gets a marker file ``VOORBEELDDATA.md``; the validator reads it and flags the processed data as
example data, so every report says so.

How it works (details: ``docs/example_data.md``; every number: ``docs/assumptions/example_data.md``)
----------------------------------------------------------------------------------------------
1. One "true" world is drawn once from ``numpy.random.default_rng(seed)``:
   - the corporation stock on 1 January 2022, one row per dwelling (VHE) with a stable id,
     sized from CBS dwelling stock 2024 per municipality times an assumed corporation share,
     split over the corporations present in the municipality, with build period and dwelling
     type drawn from the PBL/ETM stock by type and period of that municipality (tilted towards
     what corporations own);
   - events per dwelling: demolition, sale, liberalisation, a planned energy measure with its
     year, label after and whether it makes the dwelling gas-free (own stream
     ``default_rng([seed, 1])``);
   - projects 2022-2030 (corporations) and market plans (municipalities) with their true
     completion year, sized so that the region ends near, but not on, the agreement's targets;
   - dwellings added by completed rental projects and by purchases (inponding);
   - finances per corporation, driven by that stock, the projects and the measures.
2. Each delivery year Y is a *view* of that world: the register as at 1 January Y, realisations
   for years before Y, and prognoses for Y..2030 that are noisy (and somewhat optimistic) guesses
   of the truth, drawn from ``default_rng([seed, Y])``. So a later delivery's realisation differs
   from an earlier delivery's prognosis, as in real life.

The same seed gives the same frames and (through the deterministic writer) the same bytes.
Parameters live in ``data/raw/example/generator/parameters.csv`` and ``presence.csv`` (each row
with its source or "Aanname: ..."); the public calibration inputs in ``data/raw/public``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config, reference, schemas

#: Where the generator's parameters live (with sources), next to the example deliveries.
GENERATOR_DIR = config.EXAMPLE_DIR / "generator"
KWB_FILE = "cbs_kwb2024_85984NED_parkstad_basis.csv"
ETLOCAL_FILE = "etlocal_2023_woningvoorraad_type_bouwperiode_parkstad.csv"

FIRST_YEAR = 2022  # first year of the programme window (Woondeal 2022-2030)
LAST_YEAR = 2030  # last prognosis year in a delivery
DEFAULT_SEED = 20240531
MARKER = "VOORBEELDDATA.md"

#: Build-period buckets of the ETM/PBL stock file: (first, last) build year of the bucket.
PERIODS = {
    "before_1945": (1900, 1944),
    "1945_1964": (1945, 1964),
    "1965_1984": (1965, 1984),
    "1985_2004": (1985, 2004),
    "2005_present": (2005, 2021),
}
TYPES = ("apartments", "terraced_houses", "semi_detached_houses", "detached_houses")
LABELS = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
EFG = ("E", "F", "G")

#: The tiny test set: corporations and municipalities kept.
TINY_CORPORATIONS = ("Weller", "HEEMwonen")
TINY_MUNICIPALITIES = ("Heerlen", "Kerkrade")
TINY_YEARS = (2025, 2026)

#: Prefix of a corporation's project ids (distinct, so plan names never collide in a municipality).
PROJECT_PREFIX = {"heemwonen": "HW", "krijtland": "KW", "vanhier": "VW", "vincio": "VI", "weller": "WE",
                  "wonenlimburg": "WL", "wonenzuid": "WZ", "woonpunt": "WP", "zowonen": "ZO"}


# ------------------------------------------------------------------------------------------
# Parameters
# ------------------------------------------------------------------------------------------
class Parameters:
    """Generator parameters: ``value(parameter, key)``; a missing key falls back to ``default``."""

    def __init__(self, table: pd.DataFrame, presence: pd.DataFrame):
        self.table = table
        self.presence = presence
        self._values: dict[str, dict[str, float]] = {}
        for p, k, v in zip(table["parameter"], table["key"], table["value"], strict=True):
            self._values.setdefault(str(p), {})[str(k)] = float(v)

    def value(self, parameter: str, key: str = "") -> float:
        if parameter not in self._values:
            raise KeyError(f"parameter '{parameter}' ontbreekt in {GENERATOR_DIR / 'parameters.csv'}")
        values = self._values[parameter]
        if key in values:
            return values[key]
        if "default" in values:
            return values["default"]
        raise KeyError(f"parameter '{parameter}' heeft geen waarde voor '{key}' en geen default")

    def mapping(self, parameter: str) -> dict[str, float]:
        return dict(self._values.get(parameter, {}))


def load_parameters(directory: Path | None = None) -> Parameters:
    """Load ``parameters.csv`` and ``presence.csv`` (both with a ``source`` per row)."""
    directory = Path(directory) if directory is not None else GENERATOR_DIR
    table = reference.load_table(
        "parameters", {"parameter": "str", "key": "str", "value": "float", "description": "str"},
        optional=("key",), directory=directory,
    )
    presence = reference.load_table(
        "presence", {"municipality": "str", "corporation": "str", "share": "float"}, directory=directory,
    )
    table = table.astype({"parameter": object, "key": object, "value": float})
    table["key"] = table["key"].where(table["key"].notna(), "")
    presence = presence.astype({"municipality": object, "corporation": object, "share": float})
    return Parameters(table=table, presence=presence)


def load_calibration(public_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """CBS KWB 2024 (inhabitants, dwelling stock) and PBL/ETM stock by type and period.

    Returns:
        ``kwb`` with columns municipality, inhabitants, dwelling_stock; and ``etm`` long with
        municipality, type, period, n_dwellings.
    """
    public_dir = Path(public_dir) if public_dir is not None else config.PUBLIC_DIR
    raw = pd.read_csv(public_dir / KWB_FILE, dtype={"WijkenEnBuurten": str})
    names = dict(zip(reference.municipalities()["code"], reference.municipalities()["name"], strict=True))
    kwb = pd.DataFrame({
        "municipality": raw["WijkenEnBuurten"].map(names).astype(object),
        "inhabitants": raw["AantalInwoners_5"].astype(int),
        "dwelling_stock": raw["Woningvoorraad_35"].astype(int),
    })
    etl = pd.read_csv(public_dir / ETLOCAL_FILE, dtype={"geo_id": str})
    rows = []
    for _, r in etl.iterrows():
        for t in TYPES:
            for p in PERIODS:
                rows.append((names[r["geo_id"]], t, p, int(float(r[f"present_number_of_{t}_{p}"]))))
    etm = pd.DataFrame(rows, columns=["municipality", "type", "period", "n_dwellings"])
    return kwb, etm


# ------------------------------------------------------------------------------------------
# The true world
# ------------------------------------------------------------------------------------------
@dataclass
class World:
    """Everything drawn once; deliveries are views of it."""

    units: pd.DataFrame  # one row per VHE ever held (base stock + additions)
    projects: pd.DataFrame  # corporation projects (truth)
    market: pd.DataFrame  # market plans (truth)
    finances: pd.DataFrame  # corporation finances per year (truth)
    vzw: pd.DataFrame  # voorzieningenwijzer per municipality per year (truth)
    corporations: pd.DataFrame  # corporation_id, name
    municipalities: list[str]
    params: Parameters


def _label_of(ep2: np.ndarray, params: Parameters) -> np.ndarray:
    uppers = params.mapping("label_upper_ep2")
    bounds = np.array([uppers[lab] for lab in LABELS])
    idx = np.searchsorted(bounds, ep2, side="left")
    return np.array(LABELS, dtype=object)[np.clip(idx, 0, len(LABELS) - 1)]


def _ep2_in_label(labels: np.ndarray, rng: np.random.Generator, params: Parameters) -> np.ndarray:
    """A plausible EP2 inside each label's band."""
    uppers = params.mapping("label_upper_ep2")
    lower = {lab: (uppers[LABELS[i - 1]] if i > 0 else -40.0) for i, lab in enumerate(LABELS)}
    lo = np.array([lower[lab] + 1 for lab in labels])
    hi = np.array([min(uppers[lab], lower[lab] + 80) for lab in labels])
    return np.round(lo + rng.random(len(labels)) * (hi - lo), 1)


def rent_index(params: Parameters, year: int) -> float:
    """Rent level on 1 January ``year`` relative to 1 January 2022 (increases on 1 July)."""
    incs = params.mapping("rent_increase")
    idx = 1.0
    for t in range(FIRST_YEAR, year):
        idx *= 1 + incs.get(str(t), incs["future"])
    return idx


def _draw_choice(rng, options, weights, size):
    w = np.asarray(weights, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=w / w.sum())]


def _base_stock(rng, params, kwb, etm, presence, corp_ids, size) -> pd.DataFrame:
    tilt_t = params.mapping("tilt_type")
    tilt_p = params.mapping("tilt_period")
    parts = []
    for _, pr in presence.iterrows():
        muni, corp = pr["municipality"], pr["corporation"]
        if size == "tiny":
            n = int(params.value("tiny_vhe_per_corporation"))
        else:
            stock = int(kwb.loc[kwb["municipality"] == muni, "dwelling_stock"].iloc[0])
            n = int(round(stock * params.value("corporation_share", muni) * pr["share"]))
        cells = etm[etm["municipality"] == muni]
        w = cells["n_dwellings"].to_numpy(float) * cells["type"].map(tilt_t).to_numpy() \
            * cells["period"].map(tilt_p).to_numpy()
        pick = rng.choice(len(cells), size=n, p=w / w.sum())
        types = cells["type"].to_numpy()[pick]
        periods = cells["period"].to_numpy()[pick]
        lo = np.array([PERIODS[p][0] for p in periods])
        hi = np.array([PERIODS[p][1] for p in periods])
        build = lo + (rng.random(n) * (hi - lo + 1)).astype(int)
        parts.append(pd.DataFrame({
            "corporation": corp, "corporation_id": corp_ids[corp], "municipality": muni,
            "period": periods, "build_year": build,
            "dwelling_type": np.where(types == "apartments", "MGW", "EGW"),
        }))
    units = pd.concat(parts, ignore_index=True)
    n = len(units)
    mean = units["period"].map(params.mapping("ep2_mean")).to_numpy(float)
    ep2 = np.round(np.clip(rng.normal(mean, params.value("ep2_sd")), 60, 520), 1)
    units["ep2"] = ep2
    units["label"] = _label_of(ep2, params)
    units["ep2_missing"] = rng.random(n) < params.value("ep2_missing_share")
    rent_mean = units["dwelling_type"].map(params.mapping("rent_mean_2022")).to_numpy(float)
    units["rent_2022"] = np.round(np.clip(rng.normal(rent_mean, params.value("rent_sd")),
                                          params.value("rent_min"), params.value("rent_max_social")), 2)
    units["monument"] = (units["period"] == "before_1945").to_numpy() & (
        rng.random(n) < params.value("monument_share_pre1945"))
    mgw = units["dwelling_type"].to_numpy() == "MGW"
    newer = units["build_year"].to_numpy() >= 1985
    u = rng.random(n)
    acc = np.where(mgw & newer, np.where(u < 0.6, "NUL", np.where(u < 0.8, "ROA", "ZON")),
                   np.where(mgw, np.where(u < 0.7, "ZON", "GNV"), np.where(u < 0.9, "ZON", "GNV")))
    units["accessibility"] = acc
    u2 = rng.random(n)
    woonvorm = np.where(mgw & (units["build_year"].to_numpy() >= 1975) & (u2 < 0.05), "SEN", "REG")
    woonvorm = np.where(mgw & newer & (u2 >= 0.05) & (u2 < 0.08), "LEV", woonvorm)
    units["woonvorm"] = woonvorm
    units["gas_free"] = units["build_year"].to_numpy() >= 2018
    units["entry_year"] = FIRST_YEAR - 1
    units["origin"] = "bestaand"
    units["project_id"] = None
    return units


def _events(rng, params, units: pd.DataFrame) -> pd.DataFrame:
    """Demolition, sale, liberalisation and planned measure per base dwelling (vectorised)."""
    n = len(units)
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    build = units["build_year"].to_numpy()
    monument = units["monument"].to_numpy()
    egw = units["dwelling_type"].to_numpy() == "EGW"
    exit_year = np.full(n, 9999)
    exit_kind = np.full(n, "", dtype=object)
    # demolition
    rate = units["municipality"].map(params.mapping("demolition_rate")).to_numpy(float)
    eligible = (build >= 1945) & (build <= 1984) & ~monument
    demolish = eligible & (rng.random(n) < rate)
    exit_year = np.where(demolish, rng.choice(years, size=n), exit_year)
    exit_kind = np.where(demolish, "SLO", exit_kind)
    units["demolition_optimism"] = demolish & (rng.random(n) < params.value("demolition_optimism_share"))
    # sale (eengezinswoningen)
    sale_p = 1 - (1 - params.value("sale_rate")) ** len(years)
    sell = egw & ~demolish & (rng.random(n) < sale_p)
    stypes = params.mapping("sale_type")
    kinds = _draw_choice(rng, list(stypes), list(stypes.values()), n)
    exit_year = np.where(sell, rng.choice(years, size=n), exit_year)
    exit_kind = np.where(sell, kinds, exit_kind)
    units["sale_visible"] = sell & (rng.random(n) < params.value("sale_visible_share"))
    units["exit_year"] = exit_year
    units["exit_kind"] = exit_kind
    # liberalisation
    lib_p = 1 - (1 - params.value("lib_rate")) ** len(years)
    lib = (build >= 1985) & (exit_kind == "") & (rng.random(n) < lib_p)
    units["lib_year"] = np.where(lib, rng.choice(years, size=n), 9999)
    units["lib_rent_2022"] = np.round(
        params.value("lib_rent_min") + rng.random(n) * (params.value("lib_rent_max") - params.value("lib_rent_min")), 2)
    # planned measures
    label = units["label"].to_numpy()
    is_efg = np.isin(label, EFG) & ~monument & (exit_kind != "SLO")
    on_time = units["corporation"].map(lambda c: params.value("efg_on_time", c)).to_numpy(float)
    u = rng.random(n)
    late_planned = params.value("efg_late_planned_share")
    m_year = np.full(n, 9999)
    m_year = np.where(is_efg & (u < on_time), rng.integers(FIRST_YEAR, 2029, size=n), m_year)
    late = is_efg & (u >= on_time) & (rng.random(n) < late_planned)
    m_year = np.where(late, rng.integers(2029, LAST_YEAR + 1, size=n), m_year)
    d_measure = (label == "D") & (exit_kind != "SLO") & (rng.random(n) < params.value("d_label_measure_share"))
    m_year = np.where(d_measure, rng.integers(2025, LAST_YEAR + 1, size=n), m_year)
    has = m_year < 9999
    la = params.mapping("label_after")
    after = _draw_choice(rng, list(la), list(la.values()), n)
    units["measure_year"] = m_year
    units["measure_kind"] = np.where(has, np.where(rng.random(n) < params.value("renovation_share"),
                                                   "renovatie", "verduurzaming"), "")
    units["label_after"] = np.where(has, after, None)
    units["ep2_after"] = np.where(has, _ep2_in_label(np.where(has, after, "B"), rng, params), np.nan)
    units["measure_optimism"] = has & (rng.random(n) < params.value("measure_optimism_share"))
    return units


def _project_rows(rng, params, corp: str, corp_id: str, muni: str, segment: str, volume: float,
                  woonvorm_p: dict[str, float], counter: list[int], max_size: int | None = None) -> list[dict]:
    """Draw projects of one corporation/municipality/segment until ``volume`` dwellings."""
    rows = []
    weights = params.mapping("year_weight")
    years = [int(k) for k in weights]
    if segment == "flex":
        lo, hi = int(params.value("flex_size_min")), int(params.value("flex_size_max"))
    else:
        lo, hi = int(params.value("project_size_min")), int(params.value("project_size_max"))
    if max_size is not None:
        hi = max(lo, min(hi, max_size))
    ptypes = params.mapping("project_type")
    opt = params.mapping("project_optimism")
    done = 0.0
    while done < volume - lo / 2:
        size = int(min(rng.integers(lo, hi + 1), max(lo, round(volume - done))))
        counter[0] += 1
        wf = _draw_choice(rng, list(woonvorm_p), list(woonvorm_p.values()), 1)[0] \
            if segment == "sociale_huur" else ("regulier" if segment != "flex" else "regulier")
        rows.append({
            "corporation": corp, "corporation_id": corp_id, "municipality": muni,
            "project_id": f"{PROJECT_PREFIX.get(corp_id, corp_id[:4].upper())}-{counter[0]:03d}", "segment": segment,
            "housing_form": wf,
            "project_type": _draw_choice(rng, list(ptypes), list(ptypes.values()), 1)[0],
            "n_dwellings": size,
            "true_year": int(_draw_choice(rng, years, [weights[str(y)] for y in years], 1)[0]),
            "optimism": int(_draw_choice(rng, [int(k) for k in opt], list(opt.values()), 1)[0]),
            "status_u": float(rng.random()), "cost_u": float(rng.random()),
            "cost_noise": float(rng.uniform(0.85, 1.15)), "class_u": float(rng.random()),
            "cancel_year": 9999,
        })
        done += size
    return rows


def _rent_class(segment: str, housing_form: str, u: float) -> str | None:
    if segment == "sociale_huur":
        if housing_form in ("geclusterd", "zorggeschikt"):
            return "betaalbaar_1"
        return "goedkoop" if u < 0.15 else "betaalbaar_1" if u < 0.7 else "betaalbaar_2" if u < 0.9 else "duur"
    if segment == "flex":
        return "goedkoop" if u < 0.4 else "betaalbaar_1"
    if segment == "middenhuur":
        return "middenhuur"
    if segment in ("betaalbare_koop",):
        return "koop"
    if segment == "vrije_sector":
        return "boven_middenhuur" if u < 0.3 else "koop"
    return None


def _projects(rng, params, presence, stock_counts, corp_ids, kwb, size) -> tuple[pd.DataFrame, pd.DataFrame]:
    scale = params.value("tiny_volume_scale") if size == "tiny" else 1.0
    tgt, ratio = params.mapping("target"), params.mapping("realisation_ratio")
    vol = {k: tgt[k] * ratio[k] * scale for k in tgt}
    share = params.mapping("corporation_share_of_segment")
    corp_mid = vol["midden_betaalbaar"] * share["midden_betaalbaar"]
    koop_share = params.value("corporation_koop_share")
    corp_vol = {"sociale_huur": vol["sociale_huur"], "middenhuur": corp_mid * (1 - koop_share),
                "betaalbare_koop": corp_mid * koop_share, "flex": vol["flex"] * share["flex"]}
    nultreden = params.value("woonvorm", "nultreden")
    gec = min(0.7, vol["geclusterd"] / max(vol["sociale_huur"], 1))
    woonvorm_p = {"geclusterd": gec * 0.75, "zorggeschikt": gec * 0.25, "nultreden": nultreden,
                  "regulier": max(0.0, 1 - gec - nultreden)}
    total_stock = stock_counts.sum()
    max_size = int(params.value("tiny_project_size_max")) if size == "tiny" else None
    rows: list[dict] = []
    counters: dict[str, list[int]] = {}
    for (corp, muni), n in stock_counts.items():
        counter = counters.setdefault(corp, [0])
        for seg, v in corp_vol.items():
            rows += _project_rows(rng, params, corp, corp_ids[corp], muni, seg, v * n / total_stock,
                                  woonvorm_p, counter, max_size)
    projects = pd.DataFrame(rows)
    # market plans per municipality, by share of the dwelling stock
    munis = sorted(stock_counts.index.get_level_values(1).unique())
    k = kwb.set_index("municipality").loc[munis, "dwelling_stock"].astype(float)
    mid_market = vol["midden_betaalbaar"] * (1 - share["midden_betaalbaar"])
    mh = params.value("market_middenhuur_share")
    free = max(0.0, vol["totaal"] - vol["sociale_huur"] - vol["midden_betaalbaar"] - vol["flex"])
    market_vol = {"middenhuur": mid_market * mh, "betaalbare_koop": mid_market * (1 - mh),
                  "flex": vol["flex"] * (1 - share["flex"]), "vrije_sector": free}
    mrows: list[dict] = []
    for muni in munis:
        counter = [0]
        for seg, v in market_vol.items():
            for r in _project_rows(rng, params, "", "markt", muni, seg, v * k[muni] / k.sum(), {}, counter,
                                   max_size):
                r["project_id"] = f"M-{muni[:3].upper()}-{r['project_id'].rsplit('-', 1)[-1]}"
                mrows.append(r)
    market = pd.DataFrame(mrows)
    for frame in (projects, market):
        # late appearance and cancelled extras
        n = len(frame)
        late = rng.random(n) < params.value("project_late_appearance_share")
        appear = np.where(late & (frame["true_year"].to_numpy() > FIRST_YEAR + 2),
                          np.minimum(frame["true_year"].to_numpy() - 2, 2026), FIRST_YEAR)
        frame["appear_year"] = appear
        frame["rent_class"] = [_rent_class(s, h, u) for s, h, u in
                               zip(frame["segment"], frame["housing_form"], frame["class_u"], strict=True)]
    projects = _add_cancelled(rng, params, projects)
    market = _add_cancelled(rng, params, market)
    return projects, market


def _add_cancelled(rng, params, frame: pd.DataFrame) -> pd.DataFrame:
    """Extra plans that are listed in early deliveries and dropped later (never built)."""
    n_extra = int(round(len(frame) * params.value("project_cancel_share")))
    if n_extra == 0 or frame.empty:
        return frame.reset_index(drop=True)
    pick = frame.iloc[np.sort(rng.choice(len(frame), size=n_extra, replace=False))].copy()
    pick["project_id"] = [f"{p}-V" for p in pick["project_id"]]
    pick["true_year"] = rng.integers(2026, LAST_YEAR + 1, size=n_extra)
    pick["appear_year"] = FIRST_YEAR
    pick["cancel_year"] = rng.integers(2023, 2027, size=n_extra)
    return pd.concat([frame, pick], ignore_index=True)


def _additions(rng, params, projects: pd.DataFrame, presence: pd.DataFrame, corp_ids, size) -> pd.DataFrame:
    """Dwellings that enter the stock: completed rental projects and purchases (inponding)."""
    rows = []
    rent_min, rent_max = params.mapping("newbuild_rent_min"), params.mapping("newbuild_rent_max")
    built = projects[(projects["cancel_year"] == 9999)
                     & projects["segment"].isin(["sociale_huur", "middenhuur", "flex"])]
    for _, p in built.iterrows():
        n = int(p["n_dwellings"])
        c = int(p["true_year"])
        rc = p["rent_class"]
        rent = rent_min[rc] + rng.random(n) * (rent_max[rc] - rent_min[rc])
        hf = p["housing_form"]
        mgw = np.full(n, True) if (p["segment"] == "flex" or hf in ("geclusterd", "zorggeschikt")) \
            else rng.random(n) < 0.6
        labels = _draw_choice(rng, ["A++++", "A+++", "A++"], [0.2, 0.5, 0.3], n)
        acc = {"geclusterd": "NUL", "zorggeschikt": "ROL", "nultreden": "NUL"}.get(hf)
        acc_arr = np.full(n, acc, dtype=object) if acc else np.where(mgw, "NUL", "ZON")
        rows.append(pd.DataFrame({
            "corporation": p["corporation"], "corporation_id": p["corporation_id"],
            "municipality": p["municipality"], "period": "2005_present", "build_year": c,
            "dwelling_type": np.where(mgw, "MGW", "EGW"), "ep2": _ep2_in_label(labels, rng, params),
            "label": labels, "ep2_missing": False, "rent_2022": np.round(rent, 2), "monument": False,
            "accessibility": acc_arr,
            "woonvorm": {"geclusterd": "GEC", "zorggeschikt": "ZWO", "nultreden": "LEV"}.get(hf, "REG"),
            "gas_free": True, "entry_year": c, "origin": "nieuwbouw", "project_id": p["project_id"],
        }))
    # inponding: corporations named at 'Inpondmakelaar Parkstad' (annex project 50) where present
    buyers = ["Wonen Limburg", "Wonen Zuid", "Weller", "Woonpunt", "HEEMwonen", "Vincio Wonen"]
    pres = presence[presence["corporation"].isin(buyers)]
    if not pres.empty:
        w = pres["share"].to_numpy(float)
        per_year = params.value("inponding_per_year") * (params.value("tiny_volume_scale") if size == "tiny" else 1)
        for t in range(FIRST_YEAR, LAST_YEAR + 1):
            n_t = int(rng.poisson(per_year))
            if n_t == 0:
                continue
            pick = rng.choice(len(pres), size=n_t, p=w / w.sum())
            labels = _draw_choice(rng, EFG, [0.4, 0.35, 0.25], n_t)
            rows.append(pd.DataFrame({
                "corporation": pres["corporation"].to_numpy()[pick],
                "corporation_id": [corp_ids[c] for c in pres["corporation"].to_numpy()[pick]],
                "municipality": pres["municipality"].to_numpy()[pick], "period": "1945_1964",
                "build_year": rng.integers(1920, 1976, size=n_t), "dwelling_type": "EGW",
                "ep2": _ep2_in_label(labels, rng, params), "label": labels, "ep2_missing": False,
                "rent_2022": np.round(rng.uniform(520, 640, size=n_t), 2), "monument": False,
                "accessibility": "ZON", "woonvorm": "REG", "gas_free": False, "entry_year": t,
                "origin": "inponding", "project_id": None,
            }))
    if not rows:
        return pd.DataFrame()
    add = pd.concat(rows, ignore_index=True)
    n = len(add)
    add["demolition_optimism"] = False
    add["sale_visible"] = False
    add["exit_year"] = 9999
    add["exit_kind"] = ""
    add["lib_year"] = 9999
    add["lib_rent_2022"] = np.nan
    inp = (add["origin"] == "inponding").to_numpy()
    add["measure_year"] = np.where(inp, add["entry_year"].to_numpy() + 1, 9999)
    add["measure_kind"] = np.where(inp, "verduurzaming", "")
    add["label_after"] = np.where(inp, "B", None)
    add["ep2_after"] = np.where(inp, _ep2_in_label(np.full(n, "B", dtype=object), rng, params), np.nan)
    add["measure_optimism"] = False
    return add


#: Sub-stream of ``default_rng([seed, GAS_FREE_STREAM])`` for the gas-free plans (delivery views
#: use ``[seed, year]`` with year >= 2022, so the streams never coincide).
GAS_FREE_STREAM = 1
#: Labels after a measure with which a dwelling can become gas-free in the example world.
GAS_FREE_LABELS = ("A++++", "A+++", "A++", "A+", "A")


def _gas_free_plans(rng, params, units: pd.DataFrame) -> pd.DataFrame:
    """Whether each planned energy measure makes the dwelling gas-free (``gas_free_after``).

    A dwelling that is gas-free already stays so. Otherwise only an improvement to label A or
    better can make it gas-free, with probability ``gas_free_after_share`` per measure kind
    (renovatie, verduurzaming). Dwellings without a measure get ``False`` (not reported).
    """
    n = len(units)
    has = units["measure_year"].to_numpy() < 9999
    good = np.isin(units["label_after"].to_numpy(), GAS_FREE_LABELS)
    share = units["measure_kind"].map(params.mapping("gas_free_after_share")).fillna(0.0).to_numpy(float)
    switch = has & good & (rng.random(n) < share)
    units["gas_free_after"] = has & (units["gas_free"].to_numpy(dtype=bool) | switch)
    return units


def _assign_ids(units: pd.DataFrame) -> pd.DataFrame:
    """Stable VHE ids per corporation: base stock first, then additions in order of entry."""
    units = units.sort_values(["corporation_id", "entry_year"], kind="stable").reset_index(drop=True)
    seq = units.groupby("corporation_id").cumcount() + 1
    units["vhe_id"] = [f"{c.upper()}-{i:06d}" for c, i in zip(units["corporation_id"], seq, strict=True)]
    return units


def stock_at(units: pd.DataFrame, year: int) -> pd.DataFrame:
    """The dwellings held on 1 January ``year``."""
    mask = (units["entry_year"] < year) & (units["exit_year"] >= year)
    return units[mask]


def _finances(rng, params, units, projects, corporations) -> pd.DataFrame:
    rows = []
    g = params.value("value_growth")
    for corp in corporations:
        u = units[units["corporation"] == corp]
        p = projects[(projects["corporation"] == corp) & (projects["cancel_year"] == 9999)]
        ltv = params.value("ltv_2021", corp)
        rate = params.value("interest_rate", corp)
        margin = params.value("ocf_margin", corp)
        bw0 = params.value("policy_value_per_vhe_2022")
        debt = None
        for t in range(FIRST_YEAR - 1, LAST_YEAR + 1):
            held_end = stock_at(u, t + 1)
            n_end = len(held_end)
            grow = (1 + g) ** (t - FIRST_YEAR)
            bw = n_end * bw0 * grow
            mw = n_end * params.value("market_value_per_vhe_2022") * grow
            rent_idx = (rent_index(params, t) + rent_index(params, t + 1)) / 2
            rents = np.where(held_end["lib_year"].to_numpy() < t, held_end["lib_rent_2022"].to_numpy(),
                             held_end["rent_2022"].to_numpy())
            rent_income = float(np.nansum(rents)) * 12 * rent_idx
            ocf = rent_income * margin
            cost = (p.loc[p["true_year"] == t, "n_dwellings"]
                    * _cost_per_dwelling(params, t, p.loc[p["true_year"] == t, "segment"])).sum()
            n_meas = int(((u["measure_year"] == t) & (u["exit_year"] > t)).sum())
            n_inp = int(((u["origin"] == "inponding") & (u["entry_year"] == t)).sum())
            n_sold = int((u["exit_kind"].isin(["VAH", "VAB", "VAC", "VAO"]) & (u["exit_year"] == t)).sum())
            invest = float(cost) + n_meas * params.value("cost_improvement_2022") * (1.03 ** (t - FIRST_YEAR)) \
                + n_inp * params.value("inponding_price_eur") \
                + n_end * params.value("other_investment_per_vhe") * (1.03 ** (t - FIRST_YEAR))
            if debt is None:
                debt = ltv * bw
                interest = debt * rate
            else:
                interest = debt * rate
                debt = max(0.0, debt + invest - (ocf - interest) - n_sold * params.value("sale_price_eur"))
            rows.append({"corporation": corp, "year": t, "policy_value_eur": bw, "market_value_eur": mw,
                         "debt_eur": debt, "interest_eur": interest, "operating_cash_flow_eur": ocf,
                         "planned_investment_eur": invest, "rent_income_eur": rent_income})
    fin = pd.DataFrame(rows)
    money = [c for c in fin.columns if c.endswith("_eur")]
    fin[money] = fin[money].round(-3)
    return fin


def _cost_per_dwelling(params, year: int, segments: pd.Series) -> np.ndarray:
    base = params.value("cost_per_dwelling_2020") * (1 + params.value("cost_growth")) ** (year - 2020)
    flex = params.value("cost_flex_2018") * (1 + params.value("cost_growth")) ** (year - 2018)
    return np.where(segments.to_numpy() == "flex", flex, base)


def build_world(seed: int = DEFAULT_SEED, size: str = "full", params: Parameters | None = None,
                public_dir: Path | None = None) -> World:
    """Draw the one true world from ``seed`` (see the module docstring)."""
    if size not in ("full", "tiny"):
        raise ValueError(f"size moet 'full' of 'tiny' zijn, niet '{size}'")
    params = params or load_parameters()
    kwb, etm = load_calibration(public_dir)
    corps = reference.corporations()[["corporation_id", "name"]].astype(object)
    corp_ids = dict(zip(corps["name"], corps["corporation_id"], strict=True))
    presence = params.presence
    munis = reference.municipality_names()
    if size == "tiny":
        presence = pd.DataFrame({"municipality": list(TINY_MUNICIPALITIES),
                                 "corporation": list(TINY_CORPORATIONS), "share": [1.0, 1.0]})
        corps = corps[corps["name"].isin(TINY_CORPORATIONS)]
        munis = list(TINY_MUNICIPALITIES)
    rng = np.random.default_rng(seed)
    units = _events(rng, params, _base_stock(rng, params, kwb, etm, presence, corp_ids, size))
    stock_counts = units.groupby(["corporation", "municipality"]).size()
    projects, market = _projects(rng, params, presence, stock_counts, corp_ids, kwb, size)
    add = _additions(rng, params, projects, presence, corp_ids, size)
    units = _assign_ids(pd.concat([units, add], ignore_index=True))
    # own stream, so adding this attribute left every other drawn value unchanged
    units = _gas_free_plans(np.random.default_rng([seed, GAS_FREE_STREAM]), params, units)
    finances = _finances(rng, params, units, projects, corps["name"].tolist())
    pop = kwb.set_index("municipality")["inhabitants"]
    vzw_rows = []
    for muni in munis:
        for t in range(2023, LAST_YEAR + 1):
            approached = int(rng.poisson(pop[muni] / 10_000 * params.value("vzw_per_10000_inhabitants")))
            advised = int(rng.binomial(approached, params.value("vzw_advised_share")))
            vzw_rows.append({"municipality": muni, "year": t, "households_approached": approached,
                             "households_advised": advised})
    return World(units=units, projects=projects, market=market, finances=finances,
                 vzw=pd.DataFrame(vzw_rows), corporations=corps.reset_index(drop=True),
                 municipalities=munis, params=params)


# ------------------------------------------------------------------------------------------
# Deliveries: views of the world
# ------------------------------------------------------------------------------------------
_STATUS_BY_HORIZON = (
    # horizon (years until reported completion) -> (threshold, status below, status above)
    (0, 1.01, "in_aanbouw", "in_aanbouw"),
    (1, 0.5, "in_aanbouw", "hard"),
    (2, 0.6, "hard", "zacht"),
    (3, 0.6, "zacht", "idee"),
)


def _status(horizon: int, u: float, cancelled_later: bool) -> str:
    if horizon >= 4:
        status = "zacht" if u < 0.3 else "idee"
    else:
        _, thr, below, above = _STATUS_BY_HORIZON[horizon]
        status = below if u < thr else above
    if cancelled_later and status in ("hard", "in_aanbouw"):
        status = "zacht"
    return status


def project_view(projects: pd.DataFrame, year: int) -> pd.DataFrame:
    """Projects as reported in delivery ``year``: opgeleverd (< year) and the pipeline."""
    p = projects[(projects["appear_year"] <= year) & (projects["cancel_year"] > year)].copy()
    true_year = p["true_year"].to_numpy()
    reported = np.where(true_year < year, true_year,
                        np.maximum(year, true_year - p["optimism"].to_numpy()))
    p["completion_year"] = reported
    p["plan_status"] = [
        "opgeleverd" if ty < year else _status(int(r - year), u, cy < 9999)
        for ty, r, u, cy in zip(true_year, reported, p["status_u"], p["cancel_year"], strict=True)
    ]
    return p


def _label(code_list: str, codes) -> list:
    return [None if c is None or (isinstance(c, float) and np.isnan(c)) else schemas.code_label(code_list, c)
            for c in codes]


def corporation_sheets(world: World, corp: str, year: int, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """The five sheets of ``corp``'s delivery for ``year`` (English field names as columns)."""
    params = world.params
    sigma = params.value("prognosis_noise")
    levering = pd.DataFrame([{"corporation": corp, "delivery_year": year, "contact": "Voorbeeldcontact",
                              "delivery_date": f"{year}-02-01"}])
    # projecten
    p = project_view(world.projects[world.projects["corporation"] == corp], year)
    p = p.sort_values(["municipality", "project_id"], kind="stable")
    cost = np.array([
        None if (u < params.value("cost_missing_share") and st in ("idee", "zacht"))
        else round(float(n * _cost_per_dwelling(params, int(ty), pd.Series([seg]))[0] * noise), -3)
        for n, ty, seg, noise, u, st in zip(p["n_dwellings"], p["true_year"], p["segment"], p["cost_noise"],
                                            p["cost_u"], p["plan_status"], strict=True)
    ], dtype=object)
    projecten = pd.DataFrame({
        "project_id": p["project_id"].to_numpy(),
        "project_name": [f"Voorbeeldplan {m} {pid}" for m, pid in zip(p["municipality"], p["project_id"], strict=True)],
        "municipality": p["municipality"].to_numpy(), "district": None,
        "segment": _label("segment", p["segment"]), "housing_form": _label("woonvorm", p["housing_form"]),
        "project_type": _label("project_type", p["project_type"]), "n_dwellings": p["n_dwellings"].to_numpy(),
        "completion_year": p["completion_year"].to_numpy(), "plan_status": _label("plan_status", p["plan_status"]),
        "rent_class": _label("rent_class", p["rent_class"]), "total_cost_eur": cost, "remark": None,
    })
    # voorraad
    units = world.units[world.units["corporation"] == corp]
    held = stock_at(units, year)
    voorraad = _register(held, year, params)
    # mutaties
    mutaties = _mutations(units, corp, year, rng, sigma)
    # financien
    fin = world.finances[(world.finances["corporation"] == corp)
                         & (world.finances["year"] >= year - 1)].sort_values("year").copy()
    for col in ("policy_value_eur", "market_value_eur", "debt_eur", "interest_eur",
                "operating_cash_flow_eur", "planned_investment_eur", "rent_income_eur"):
        h = (fin["year"] - year + 1).clip(lower=0).to_numpy()
        noise = np.exp(rng.normal(0, sigma, size=len(fin)) * np.sqrt(h))
        if col == "planned_investment_eur":
            noise = noise * np.where(h > 0, 1 + params.value("investment_optimism"), 1.0)
        fin[col] = np.round(np.where(h > 0, fin[col].to_numpy() * noise, fin[col].to_numpy()), -3)
    own = params.mapping("own_cost_parameters").get(corp, 0) > 0
    fin["cost_new_dwelling_eur"] = [round(float(_cost_per_dwelling(params, int(t), pd.Series(["sociale_huur"]))[0]), -3)
                                    if own else None for t in fin["year"]]
    fin["cost_improvement_eur"] = [round(params.value("cost_improvement_2022") * 1.03 ** (int(t) - FIRST_YEAR), -2)
                                   if own else None for t in fin["year"]]
    financien = fin.drop(columns=["corporation"]).reset_index(drop=True)
    return {"levering": levering, "projecten": projecten.reset_index(drop=True), "mutaties": mutaties,
            "voorraad": voorraad, "financien": financien}


def _register(held: pd.DataFrame, year: int, params: Parameters) -> pd.DataFrame:
    done = held["measure_year"].to_numpy() < year
    label = np.where(done, held["label_after"].to_numpy(), held["label"].to_numpy())
    ep2 = np.where(done, held["ep2_after"].to_numpy(), held["ep2"].to_numpy()).astype(float)
    ep2 = np.where(held["ep2_missing"].to_numpy(), np.nan, ep2)
    libd = held["lib_year"].to_numpy() < year
    rent = np.where(libd, held["lib_rent_2022"].to_numpy(), held["rent_2022"].to_numpy()).astype(float)
    rent = np.round(rent * rent_index(params, year), 2)
    gas_free = held["gas_free"].to_numpy(dtype=bool) | (done & held["gas_free_after"].to_numpy(dtype=bool))
    # planned measure as reported this year: demolition > visible sale > energy measure
    exit_kind = held["exit_kind"].to_numpy()
    exit_year = held["exit_year"].to_numpy()
    m_year = held["measure_year"].to_numpy()
    measure = np.full(len(held), None, dtype=object)
    m_rep = np.full(len(held), np.nan)
    after = np.full(len(held), None, dtype=object)
    energy = (m_year >= year) & (m_year < 9999)
    m_rep_energy = np.maximum(year, m_year - held["measure_optimism"].to_numpy().astype(int))
    measure = np.where(energy, held["measure_kind"].to_numpy(), measure)
    m_rep = np.where(energy, m_rep_energy, m_rep)
    after = np.where(energy, held["label_after"].to_numpy(), after)
    gf_after = np.where(energy, np.where(held["gas_free_after"].to_numpy(dtype=bool), "ja", "nee"), None)
    sale = np.isin(exit_kind, ["VAH", "VAB", "VAC", "VAO"]) & held["sale_visible"].to_numpy()
    sale = sale & ~(energy & (m_year <= exit_year))  # the nearer energy measure is shown first
    measure = np.where(sale, "verkoop", measure)
    m_rep = np.where(sale, exit_year, m_rep)
    after = np.where(sale, None, after)
    gf_after = np.where(sale, None, gf_after)
    slo = exit_kind == "SLO"
    measure = np.where(slo, "sloop", measure)
    m_rep = np.where(slo, np.maximum(year, exit_year - held["demolition_optimism"].to_numpy().astype(int)), m_rep)
    after = np.where(slo, None, after)
    gf_after = np.where(slo, None, gf_after)
    acc = held["accessibility"].to_numpy()
    stars = pd.Series(acc).map({"ZON": 0, "GNV": 1, "ROA": 2, "NUL": 2, "ROL": 3}).to_numpy()
    out = pd.DataFrame({
        "vhe_id": held["vhe_id"].to_numpy(), "municipality": held["municipality"].to_numpy(), "district": None,
        "build_year": held["build_year"].to_numpy().astype(int),
        "dwelling_type": _label("dwelling_type", held["dwelling_type"]), "net_rent_eur": rent,
        "energy_label": label, "ep2_kwh_m2": [None if np.isnan(x) else float(x) for x in ep2],
        "gas_free": np.where(gas_free, "ja", "nee"), "accessibility_label": acc, "bat_stars": stars,
        "housing_form": _label("stock_woonvorm", held["woonvorm"]),
        "monument": np.where(held["monument"].to_numpy(), "ja", "nee"),
        "planned_measure": _label("planned_measure", measure),
        "measure_year": [None if np.isnan(x) else int(x) for x in m_rep],
        "label_after": after,
        "gas_free_after": gf_after,
    })
    return out.sort_values("vhe_id", kind="stable").reset_index(drop=True)


def mutation_truth(units: pd.DataFrame) -> pd.DataFrame:
    """True counts per municipality, year and mutation type (all types, zeros included)."""
    ev = []
    gone = units[units["exit_kind"] != ""]
    ev.append(pd.DataFrame({"municipality": gone["municipality"], "year": gone["exit_year"],
                            "mutation_type": gone["exit_kind"]}))
    inp = units[units["origin"] == "inponding"]
    ev.append(pd.DataFrame({"municipality": inp["municipality"], "year": inp["entry_year"], "mutation_type": "AAN"}))
    lib = units[units["lib_year"] < 9999]
    ev.append(pd.DataFrame({"municipality": lib["municipality"], "year": lib["lib_year"], "mutation_type": "LIB"}))
    events = pd.concat(ev, ignore_index=True)
    counts = events.groupby(["municipality", "year", "mutation_type"]).size()
    munis = sorted(units["municipality"].unique())
    idx = pd.MultiIndex.from_product([munis, range(FIRST_YEAR, LAST_YEAR + 1), list(schemas.CODE_LISTS["mutation_type"])],
                                     names=["municipality", "year", "mutation_type"])
    return counts.reindex(idx, fill_value=0).rename("count").reset_index()


def _mutations(units: pd.DataFrame, corp: str, year: int, rng, sigma: float) -> pd.DataFrame:
    truth = mutation_truth(units)
    # demolition prognosis follows the register as reported this year (including optimism)
    slo = units[(units["exit_kind"] == "SLO") & (units["exit_year"] >= year)]
    rep = np.maximum(year, slo["exit_year"] - slo["demolition_optimism"].astype(int))
    slo_prog = pd.DataFrame({"municipality": slo["municipality"], "year": rep}).groupby(
        ["municipality", "year"]).size()
    real = truth[truth["year"] < year].copy()
    real["figure_status"] = "realisatie"
    prog = truth[truth["year"] >= year].copy()
    h = (prog["year"] - year + 1).to_numpy()
    noisy = np.round(prog["count"].to_numpy() * np.exp(rng.normal(0, sigma * 3, size=len(prog)) * np.sqrt(h)))
    is_slo = (prog["mutation_type"] == "SLO").to_numpy()
    from_register = [int(slo_prog.get((m, y), 0)) for m, y in zip(prog["municipality"], prog["year"], strict=True)]
    prog["count"] = np.where(is_slo, from_register, noisy).astype(int)
    prog["figure_status"] = "prognose"
    out = pd.concat([real, prog], ignore_index=True)
    out["mutation_type"] = _label("mutation_type", out["mutation_type"])
    out["figure_status"] = _label("figure_status", out["figure_status"])
    return out[["municipality", "year", "mutation_type", "count", "figure_status"]].reset_index(drop=True)


def municipality_sheets(world: World, muni: str, year: int, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """The sheets of ``muni``'s delivery for ``year``: plan capacity and voorzieningenwijzer."""
    levering = pd.DataFrame([{"municipality": muni, "delivery_year": year, "contact": "Voorbeeldcontact",
                              "delivery_date": f"{year}-02-01"}])
    corp = project_view(world.projects[world.projects["municipality"] == muni], year)
    corp = corp.assign(developer="corporatie",
                       project=[f"Voorbeeldplan {muni} {pid}" for pid in corp["project_id"]])
    market = project_view(world.market[world.market["municipality"] == muni], year)
    market = market.assign(developer="markt", corporation=None,
                           project=[f"Voorbeeldplan {muni} {pid}" for pid in market["project_id"]])
    plans = pd.concat([corp, market], ignore_index=True).sort_values(["developer", "project"], kind="stable")
    plancap = pd.DataFrame({
        "project": plans["project"].to_numpy(), "segment": _label("segment", plans["segment"]),
        "n_dwellings": plans["n_dwellings"].to_numpy(), "completion_year": plans["completion_year"].to_numpy(),
        "plan_status": _label("plan_status", plans["plan_status"]),
        "developer": _label("developer", plans["developer"]),
        "corporation": [c if isinstance(c, str) and c else None for c in plans["corporation"]],
    })
    v = world.vzw[(world.vzw["municipality"] == muni) & (world.vzw["year"] < year)]
    vzw = v[["year", "households_approached", "households_advised"]].reset_index(drop=True)
    return {"levering": levering, "plancapaciteit": plancap.reset_index(drop=True), "voorzieningenwijzer": vzw}


def delivery_frames(world: World, year: int, seed: int) -> dict[str, tuple[str, dict[str, pd.DataFrame]]]:
    """All workbooks of delivery ``year``: file stem -> (workbook kind, sheets)."""
    rng = np.random.default_rng([seed, year])
    out: dict[str, tuple[str, dict[str, pd.DataFrame]]] = {}
    for _, c in world.corporations.iterrows():
        out[f"{c['corporation_id']}_{year}"] = ("corporatie", corporation_sheets(world, c["name"], year, rng))
    for muni in world.municipalities:
        out[f"{muni.lower()}_{year}"] = ("gemeente", municipality_sheets(world, muni, year, rng))
    return out


MARKER_TEXT = """# Voorbeelddata — geen echte cijfers

De bestanden in deze map zijn **illustratieve voorbeeldleveringen** voor leveringsjaar {year}
(Regionale Prestatieafspraken Parkstad Limburg 2024-2028). Ze zijn gegenereerd door
`rpa example-data` (module `analysis/deliveries/example_data.py`) met startwaarde (seed) {seed}
en zijn met dezelfde startwaarde exact opnieuw te maken.

- Het zijn **geen** gegevens van corporaties of gemeenten. Namen van partijen zijn echt, de cijfers niet.
- Waar openbare cijfers bestaan is de generator daarop afgestemd: de woningvoorraad per gemeente
  (CBS Kerncijfers wijken en buurten 2024) en de voorraad naar woningtype en bouwperiode
  (PBL/ETM 2023), zie `data/raw/public/SOURCES.md`.
- Alle andere getallen zijn aannames, met hun onderbouwing in `docs/assumptions/example_data.md`;
  de werking van de generator staat in `docs/example_data.md`.
- Rapporten op deze data vermelden zichtbaar dat ze illustratieve voorbeelddata tonen.

Dit bestand is ook het kenmerk waaraan `rpa validate` voorbeelddata herkent; verwijder het niet.
"""


def generate_deliveries(out: Path | str, seed: int = DEFAULT_SEED, size: str = "full",
                        years=range(2022, 2027)) -> list[Path]:
    """Write the example deliveries: ``out/<year>/<sender>_<year>.xlsx`` plus ``VOORBEELDDATA.md``.

    Args:
        out: root folder (one subfolder per delivery year is written).
        seed: seed of the generator; the same seed gives identical workbooks.
        size: ``"full"`` (9 corporations, 7 municipalities) or ``"tiny"`` (2 + 2, ~30 VHE each).
        years: delivery years to write.

    Returns:
        The paths written, sorted.
    """
    from analysis.deliveries.templates import write_workbook

    out = Path(out)
    world = build_world(seed, size)
    written: list[Path] = []
    for year in years:
        ydir = out / str(year)
        ydir.mkdir(parents=True, exist_ok=True)
        for stem, (kind, sheets) in delivery_frames(world, int(year), seed).items():
            written.append(write_workbook(ydir / f"{stem}.xlsx", kind, sheets))
        marker = ydir / MARKER
        marker.write_text(MARKER_TEXT.format(year=year, seed=seed), encoding="utf-8")
        written.append(marker)
    return sorted(written)


def example_data_command(args) -> int:
    """``rpa example-data [--out DIR] [--seed N]``."""
    out = Path(args.out) if getattr(args, "out", None) else config.EXAMPLE_DIR
    seed = int(getattr(args, "seed", DEFAULT_SEED))
    paths = generate_deliveries(out, seed=seed)
    n_xlsx = sum(1 for p in paths if p.suffix == ".xlsx")
    years = sorted({p.parent.name for p in paths})
    print(f"Illustratieve voorbeeldleveringen geschreven naar {out}: {n_xlsx} werkboeken voor de "
          f"leveringsjaren {', '.join(years)} (startwaarde {seed}).")
    print("Let op: dit zijn gegenereerde cijfers, geen echte leveringen.")
    return 0
