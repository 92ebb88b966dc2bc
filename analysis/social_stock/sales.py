"""Afspraak 7: a complex sold to a third party rather than first to a corporation is flagged.

Afspraak 7 (agreement r. 418-422): "In het geval van complexgewijze verkoop dient in eerste
instantie de verkoop altijd plaats te vinden aan corporaties. Indien aantoonbaar middels een
zorgvuldig proces blijkt dat verkoop aan corporaties niet mogelijk is, kan bij uitzondering
overgegaan worden tot verkoop aan een derde partij."

What the deliveries can show: the ``mutaties`` sheet counts sales per corporation, municipality,
year and kind: to a tenant, an investor or other third party (:data:`analysis.rules.plans.SALES_THIRD_PARTY`,
"aan derden, niet zijnde andere woningcorporaties") and to another corporation
(:data:`~analysis.rules.plans.SALES_TO_CORPORATION`). What they cannot show: whether dwellings
were sold as a complex, and whether the complex was offered to corporations first. So a sale to
an investor or another third party in the agreement period is a *signal to check* ("na te gaan"),
never a breach. A sale to the sitting tenant (``VAH``) is a sale of one dwelling, never a complex
sale: it is shown, but raises no signal (:data:`COMPLEX_SALE_POSSIBLE`;
``docs/assumptions/social_stock.md`` S4).
"""

from __future__ import annotations

import pandas as pd

from analysis.rules import plans as plan_rules
from analysis.rules.scopes import REGION_NAME

TARGET_ID = "complex_sale_to_corporations_first"
TO_CHECK, NO_SIGNAL = "na te gaan", "geen signaal"
SALES_COLUMNS = ["scope_type", "scope", "corporation", "year", "figure_status", "n_sold_to_tenant",
                 "n_sold_to_investor", "n_sold_other", "n_sold_third_party", "n_sold_to_corporation", "status"]
#: Third-party sale code -> column (the codes come from the rules; only the column names are here).
#: Sales to third parties that can be a complex sale (all but the sale to the sitting tenant).
COMPLEX_SALE_POSSIBLE = plan_rules.COMPLEX_SALE_POSSIBLE
_CODE_COLUMNS = dict(zip(plan_rules.SALES_THIRD_PARTY, ("n_sold_to_tenant", "n_sold_to_investor", "n_sold_other"),
                         strict=True))


def compute_third_party_sales(mutations: pd.DataFrame, period_start: int, period_end: int) -> pd.DataFrame:
    """Sales to third parties and to corporations per municipality, corporation and year.

    Returns :data:`SALES_COLUMNS`: one row per municipality, corporation, year and figure
    status with any sale in ``period_start..period_end``, then the region's rows per year and
    status (corporation ``alle corporaties``; region = sum of municipalities). ``status`` is
    ``na te gaan`` where an investor or other third party bought dwellings
    (:data:`COMPLEX_SALE_POSSIBLE`), else ``geen signaal``. Empty without mutations.

    Example: Heerlen, A, 2024 realisatie: VAB 12, VAC 3 -> to investor 12, third party 12,
    to corporation 3, ``na te gaan``; Kerkrade, B, 2024: VAH 2, VAC 5 -> third party 2 (to the
    tenant), ``geen signaal``; region 2024: third party 14, to corporation 8, ``na te gaan``.
    """
    codes = (*plan_rules.SALES_THIRD_PARTY, *plan_rules.SALES_TO_CORPORATION)
    if not len(mutations):
        return pd.DataFrame({c: pd.Series(dtype="Float64" if c.startswith("n_") else "string") for c in SALES_COLUMNS})
    m = mutations[mutations["mutation_type"].isin(codes)
                  & pd.to_numeric(mutations["year"]).between(int(period_start), int(period_end))]
    keys = ["municipality", "corporation", "year", "figure_status"]
    wide = m.pivot_table(index=keys, columns="mutation_type", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(codes), fill_value=0).reset_index()
    out = pd.DataFrame({"scope_type": "gemeente", "scope": wide["municipality"], "corporation": wide["corporation"],
                        "year": wide["year"], "figure_status": wide["figure_status"]})
    for code, col in _CODE_COLUMNS.items():
        out[col] = wide[code].astype(float)
    out["n_sold_third_party"] = wide[list(plan_rules.SALES_THIRD_PARTY)].sum(axis=1).astype(float)
    out["_complex"] = wide[list(COMPLEX_SALE_POSSIBLE)].sum(axis=1).astype(float)
    out["n_sold_to_corporation"] = wide[list(plan_rules.SALES_TO_CORPORATION)].sum(axis=1).astype(float)
    out = out[(out["n_sold_third_party"] + out["n_sold_to_corporation"]) > 0]
    counts = [c for c in SALES_COLUMNS if c.startswith("n_")]
    region = (out.groupby(["year", "figure_status"], as_index=False)[[*counts, "_complex"]].sum()
              .assign(scope_type="regio", scope=REGION_NAME, corporation="alle corporaties"))
    out = pd.concat([out.sort_values(["scope", "corporation", "year", "figure_status"]),
                     region.sort_values(["year", "figure_status"])], ignore_index=True)
    out["status"] = [TO_CHECK if n > 0 else NO_SIGNAL for n in out["_complex"]]
    out = out[SALES_COLUMNS]
    return out.astype({c: "Float64" for c in counts} | {"year": "int64", "scope_type": "string", "scope": "string",
                                                         "corporation": "string", "figure_status": "string",
                                                         "status": "string"}).reset_index(drop=True)


def summarise_third_party_sales(sales: pd.DataFrame, delivered: bool) -> dict | None:
    """The region's sales over the period: realised and forecast, per kind; ``None`` when no
    mutations were ``delivered`` (unknown, not "no sales").

    Returns ``realised`` and ``forecast`` (dicts column -> count), ``corporations`` (names with a
    realised or forecast sale to a third party), ``to_check`` (those that sold or plan to sell to
    an investor or other third party) and ``status`` (``na te gaan`` when an investor or
    other third party bought or is to buy dwellings, else ``geen signaal``).
    """
    if not delivered:
        return None
    counts = [c for c in SALES_COLUMNS if c.startswith("n_")]
    region = sales[sales["scope_type"] == "regio"]

    def total(status):
        sel = region[region["figure_status"] == status]
        return {c: float(sel[c].sum()) for c in counts}
    munis = sales[sales["scope_type"] == "gemeente"]
    parties = munis[munis["n_sold_third_party"] > 0]
    to_check = munis[munis["status"] == TO_CHECK]
    realised, forecast = total("realisatie"), total("prognose")
    flagged = bool((region["status"] == TO_CHECK).any())
    return {"realised": realised, "forecast": forecast, "corporations": sorted(set(parties["corporation"])),
            "to_check": sorted(set(to_check["corporation"])), "status": TO_CHECK if flagged else NO_SIGNAL}
