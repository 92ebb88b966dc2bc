"""The dwellings of the example world: base stock, events per dwelling, additions, VHE ids.

The corporation stock on 1 January 2022 (one row per VHE, sized from CBS and split by type and
period from PBL/ETM), the events per dwelling (demolition, sale, liberalisation, a planned
energy measure and whether it makes the dwelling gas-free), the dwellings added by completed
rental projects and purchases (inponding), and :func:`stock_at` to see the stock on a date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.deliveries.example_params import (
    EFG,
    FIRST_YEAR,
    LABELS,
    LAST_YEAR,
    PERIODS,
    Parameters,
)

__all__ = ["GAS_FREE_LABELS", "GAS_FREE_STREAM", "ORIGIN_FROM_CORPORATION", "TRANSFER_STREAM", "stock_at"]


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


#: Sub-stream of the transfers between corporations (see :data:`GAS_FREE_STREAM`).
TRANSFER_STREAM = 3
#: ``origin`` of a dwelling bought from another corporation (mutation AAC at the buyer).
ORIGIN_FROM_CORPORATION = "aankoop_corporatie"


def _transfers(rng, units: pd.DataFrame, presence: pd.DataFrame, corp_ids: dict[str, str]) -> pd.DataFrame:
    """The buyer's side of every sale to another corporation (VAC): the same dwelling, bought (AAC).

    The buyer is another corporation present in the municipality (by its share), else any other
    corporation of the world; it holds the dwelling from the year after the sale (the seller held
    it on 1 January of the sale year). One transfer, two mutations: the region's stock is unchanged.
    """
    sold = units[units["exit_kind"] == "VAC"]
    corps = sorted(corp_ids)
    rows = []
    for _, u in sold.iterrows():
        here = presence[(presence["municipality"] == u["municipality"]) & (presence["corporation"] != u["corporation"])]
        if len(here):
            w = here["share"].to_numpy(float)
            buyer = str(here["corporation"].to_numpy()[rng.choice(len(here), p=w / w.sum())])
        else:
            others = [c for c in corps if c != u["corporation"]]
            if not others:
                continue
            buyer = others[int(rng.integers(len(others)))]
        r = u.copy()
        r["corporation"], r["corporation_id"] = buyer, corp_ids[buyer]
        r["entry_year"], r["origin"], r["project_id"] = int(u["exit_year"]), ORIGIN_FROM_CORPORATION, None
        r["exit_year"], r["exit_kind"], r["sale_visible"], r["demolition_optimism"] = 9999, "", False, False
        rows.append(r)
    return pd.DataFrame(rows, columns=units.columns) if rows else units.iloc[0:0]


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
