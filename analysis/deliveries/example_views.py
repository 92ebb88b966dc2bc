"""Example deliveries as views of the world: what each sender reports in delivery year Y.

The register as at 1 January Y, realisations for years before Y, and prognoses for Y..2030
that are noisy (and somewhat optimistic) guesses of the truth, drawn from
``default_rng([seed, Y])``; one frame per sheet, English field names as columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import schemas
from analysis.deliveries.example_history import plan_view
from analysis.deliveries.example_params import FIRST_YEAR, LAST_YEAR, Parameters, rent_index
from analysis.deliveries.example_stock import ORIGIN_FROM_CORPORATION, stock_at
from analysis.deliveries.example_world import World, _cost_per_dwelling, balance_sheet

__all__ = ["corporation_sheets", "delivery_frames", "municipality_sheets", "mutation_truth",
           "project_view"]

def project_view(projects: pd.DataFrame, year: int, params: Parameters | None = None) -> pd.DataFrame:
    """Projects as reported in delivery ``year``: each plan's fate reported honestly
    (:func:`analysis.deliveries.example_history.plan_view`): listed from its first listing with the
    status and year then, a delayed plan with its new year once the planned year has passed,
    ``opgeleverd`` after its completion, a dropped plan gone from the delivery it vanishes in.
    With ``params`` the status firms up in later deliveries by the years left to the real
    completion (``plan_firm_up_years``; a dropped plan never beyond ``hard``)."""
    return plan_view(projects, year, firm_up=None if params is None else params.mapping("plan_firm_up_years"))


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
    p = project_view(world.projects[world.projects["corporation"] == corp], year, params)
    p = p.sort_values(["municipality", "project_id"], kind="stable")
    cost = np.array([
        None if (u < params.value("cost_missing_share") and st in ("idee", "zacht"))
        else round(float(n * _cost_per_dwelling(params, int(ty), pd.Series([seg]))[0] * noise), -3)
        for n, ty, seg, noise, u, st in zip(p["n_dwellings"], p["true_year"], p["segment"], p["cost_noise"],
                                            p["cost_u"], p["plan_status"], strict=True)
    ], dtype=object)
    projecten = pd.DataFrame({
        "project_id": p["project_id"].to_numpy(),
        "project_name": [name if isinstance(name, str) and name else f"Voorbeeldplan {m} {pid}" for m, pid, name in
                         zip(p["municipality"], p["project_id"], p.get("project_name", [None] * len(p)), strict=True)],
        "municipality": p["municipality"].to_numpy(), "district": None,
        "segment": _label("segment", p["segment"]), "housing_form": _label("woonvorm", p["housing_form"]),
        "project_type": _label("project_type", p["project_type"]), "n_dwellings": p["n_dwellings"].to_numpy(),
        "completion_year": p["completion_year"].to_numpy(), "plan_status": _label("plan_status", p["plan_status"]),
        "rent_class": _label("rent_class", p["rent_class"]), "total_cost_eur": cost,
        "remark": [r if isinstance(r, str) and r else None for r in p.get("remark", [None] * len(p))],
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
    # the balance sheet on beleidswaarde follows the reported policy value and debt (solvency, Aw/WSW)
    total, equity = balance_sheet(params, corp, fin["policy_value_eur"].to_numpy(), fin["debt_eur"].to_numpy())
    fin["total_assets_policy_value_eur"], fin["equity_policy_value_eur"] = np.round(total, -3), np.round(equity, -3)
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
    inp = units[units["origin"] == "inponding"]  # bought from a private owner
    ev.append(pd.DataFrame({"municipality": inp["municipality"], "year": inp["entry_year"], "mutation_type": "AAP"}))
    aac = units[units["origin"] == ORIGIN_FROM_CORPORATION]  # the buyer's side of a VAC
    ev.append(pd.DataFrame({"municipality": aac["municipality"], "year": aac["entry_year"], "mutation_type": "AAC"}))
    lib = units[units["lib_year"] < 9999]
    ev.append(pd.DataFrame({"municipality": lib["municipality"], "year": lib["lib_year"], "mutation_type": "LIB"}))
    events = pd.concat(ev, ignore_index=True)
    counts = events.groupby(["municipality", "year", "mutation_type"]).size()
    munis = sorted(units["municipality"].unique())
    idx = pd.MultiIndex.from_product([munis, range(FIRST_YEAR, LAST_YEAR + 1), list(schemas.current_codes("mutation_type"))],
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
    # a transfer between corporations (VAC at the seller, AAC at the buyer) is agreed by both: its
    # forecast is the truth on both sides, so the region's forecast nets to zero as well
    transfer = prog["mutation_type"].isin(["VAC", "AAC"]).to_numpy()
    true_count = prog["count"].to_numpy()
    prog["count"] = np.where(is_slo, from_register, np.where(transfer, true_count, noisy)).astype(int)
    prog["figure_status"] = "prognose"
    out = pd.concat([real, prog], ignore_index=True)
    out["mutation_type"] = _label("mutation_type", out["mutation_type"])
    out["figure_status"] = _label("figure_status", out["figure_status"])
    return out[["municipality", "year", "mutation_type", "count", "figure_status"]].reset_index(drop=True)


def municipality_sheets(world: World, muni: str, year: int, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """The sheets of ``muni``'s delivery for ``year``: plan capacity and voorzieningenwijzer."""
    levering = pd.DataFrame([{"municipality": muni, "delivery_year": year, "contact": "Voorbeeldcontact",
                              "delivery_date": f"{year}-02-01"}])
    corp = project_view(world.projects[world.projects["municipality"] == muni], year, world.params)
    corp = corp.assign(developer="corporatie",
                       project=[f"Voorbeeldplan {muni} {pid}" for pid in corp["project_id"]])
    market = project_view(world.market[world.market["municipality"] == muni], year, world.params)
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
