"""The projects of the example world: corporation projects and market plans (the truth).

Projects 2022-2030 per corporation and municipality and market plans per municipality, sized
so that the region's plans end near, but not on, the agreement's targets; some appear late. Each
drawn plan gets its fate once, at its first listing (:func:`with_fates`): on time, delayed by 1,
2 or 3+ years or dropped, from the known parameters ``plan_outcome_parameters.csv`` with the
shared yearly shock (:func:`analysis.deliveries.example_history.draw_plan_fates`); ``true_year``
is then the year it is really completed and ``cancel_year`` the first delivery without it. Besides these drawn projects, the
projects of chapter 5 of the agreement funded by the Woningbouwimpuls (Schimmert Centrum, the
former DSM site, Industriestraat, Schilterstraat) are fixed rows of
``data/raw/example/generator/funded_projects.csv`` (:func:`funded_projects`): some on course,
some smaller, later or in another segment than promised.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import reference
from analysis.deliveries.example_params import FIRST_YEAR, GENERATOR_DIR, PROJECT_PREFIX
from analysis.deliveries.example_stock import _draw_choice

#: The columns of ``funded_projects.csv`` (one row per project and segment).
FUNDED_COLUMNS = {"project_id": "str", "project_name": "str", "corporation": "str", "municipality": "str",
                  "segment": "str", "n_dwellings": "int", "true_year": "int", "appear_year": "int",
                  "status_u": "float", "housing_form": "str", "rent_class": "str", "annex_nr": "int",
                  "promised": "str", "remark": "str"}


def funded_projects(corp_ids: dict[str, str], directory: Path | None = None) -> pd.DataFrame:
    """The chapter-5 projects of the agreement as projects of the example world (fixed, not drawn).

    Same columns as the drawn projects plus ``project_name`` and ``remark`` (what was promised),
    never cancelled, always on time (their fate is fixed, :func:`fixed_fates`), costs always given.
    """
    t = reference.load_table("funded_projects", FUNDED_COLUMNS, directory=directory or GENERATOR_DIR)
    return pd.DataFrame({
        "corporation": t["corporation"].astype(object), "corporation_id": t["corporation"].map(corp_ids).astype(object),
        "municipality": t["municipality"].astype(object), "project_id": t["project_id"].astype(object),
        "segment": t["segment"].astype(object), "housing_form": t["housing_form"].astype(object),
        "project_type": "nieuwbouw", "n_dwellings": t["n_dwellings"].astype(int),
        "true_year": t["true_year"].astype(int), "status_u": t["status_u"].astype(float),
        "cost_u": 1.0, "cost_noise": 1.0, "class_u": 0.5, "cancel_year": 9999,
        "appear_year": t["appear_year"].astype(int), "rent_class": t["rent_class"].astype(object),
        "project_name": t["project_name"].astype(object), "remark": t["remark"].astype(object),
    })


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
        # late appearance
        n = len(frame)
        late = rng.random(n) < params.value("project_late_appearance_share")
        appear = np.where(late & (frame["true_year"].to_numpy() > FIRST_YEAR + 2),
                          np.minimum(frame["true_year"].to_numpy() - 2, 2026), FIRST_YEAR)
        frame["appear_year"] = appear
        frame["rent_class"] = [_rent_class(s, h, u) for s, h, u in
                               zip(frame["segment"], frame["housing_form"], frame["class_u"], strict=True)]
    return projects.reset_index(drop=True), market.reset_index(drop=True)


#: horizon (years from the first listing to the planned completion) -> (threshold, status below, above)
_STATUS_BY_HORIZON = (
    (0, 1.01, "in_aanbouw", "in_aanbouw"),
    (1, 0.5, "in_aanbouw", "hard"),
    (2, 0.6, "hard", "zacht"),
    (3, 0.6, "zacht", "idee"),
)
#: Fate streams: ``seed + stream`` seeds :func:`draw_plan_fates` (corporation projects, market plans).
FATE_STREAMS = {"corporatie": 11, "markt": 12}


def _status(horizon: int, u: float) -> str:
    """The plan status at the first listing, by the years ahead then (farther: softer)."""
    if horizon >= 4:
        return "zacht" if u < 0.3 else "idee"
    _, thr, below, above = _STATUS_BY_HORIZON[max(0, horizon)]
    return below if u < thr else above


def first_listing(frame: pd.DataFrame) -> pd.DataFrame:
    """The plans as first listed: in delivery ``appear_year``, planned for ``true_year`` (the intended year)."""
    appear = frame["appear_year"].astype(int)
    planned = frame["true_year"].astype(int)
    return frame.assign(first_listed=appear.to_numpy(), completion_year=planned.to_numpy(),
                        plan_status=[_status(int(y - a), float(u)) for y, a, u in
                                     zip(planned, appear, frame["status_u"], strict=True)])


def with_fates(frame: pd.DataFrame, parameters: pd.DataFrame, seed: int, *, persistence: float) -> pd.DataFrame:
    """Each plan's fate, drawn once from ``parameters`` (with the shared yearly shock of ``persistence``).

    Adds the columns of :func:`draw_plan_fates` and sets ``true_year`` to the year the plan is
    really completed (the planned year for a dropped plan, whose costs are still estimated) and
    ``cancel_year`` to the first delivery without it (9999 when it is built).
    """
    from analysis.deliveries.example_history import draw_plan_fates

    if frame.empty:
        return fixed_fates(frame)
    fates = draw_plan_fates(first_listing(frame), parameters, seed, persistence=persistence)
    return fates.assign(true_year=fates["realised_year"].fillna(fates["planned_year"]).astype(int).to_numpy(),
                        cancel_year=fates["vanish_year"].fillna(9999).astype(int).to_numpy())


def fixed_fates(frame: pd.DataFrame) -> pd.DataFrame:
    """Plans whose fate is fixed (the chapter-5 projects): on time in ``true_year``, never dropped."""
    out = first_listing(frame) if len(frame) else frame.assign(first_listed=[], completion_year=[], plan_status=[])
    return out.assign(planned_year=out["true_year"], fate="op_tijd",
                      realised_year=pd.Series(out["true_year"], dtype="Int64"),
                      vanish_year=pd.Series(pd.NA, index=out.index, dtype="Int64"), cancel_year=9999)
