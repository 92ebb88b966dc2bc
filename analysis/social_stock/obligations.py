"""Chapter 5: the funded projects' duty of long-term affordability, and whether those dwellings come.

Chapter 5 of the agreement (r. 755-776) ties a duty of *langjarige betaalbaarheid* to projects
funded by the Volkshuisvestingsfonds 2021, the 5th tranche of the Woningbouwimpuls and the
Startbouwimpuls (``affordability_obligations.csv``). For four Woningbouwimpuls projects the text
promises dwellings per segment (Schimmert Centrum 63 social, the former DSM site 72 social and
44 mid-rent, Industriestraat 20 social, Schilterstraat 50 social); those numbers are in
``portfolio_projects.csv`` (``wbi_social_rent_dwellings``, ``wbi_mid_rent_dwellings``).

Each funded portfolio project is linked to the corporations' delivered projects (``projecten``):

1. the delivered project's remark names the portfolio number ("projectenportefeuille nr. 5");
2. otherwise the same municipality and the same name, letters and digits only, one name
   contained in the other ("DSM" in "DSM-locatie").

Per project and segment the delivered dwellings are counted by stage (plan status of
:mod:`analysis.rules.plans`: realised, hard, soft) against the promised number. A project that
cannot be linked is reported as such, never as 0 dwellings.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.rules import plans as plan_rules
from analysis.rules.scopes import REGION_NAME

FUNDED_SCHEMES = ("woningbouwimpuls", "startbouwimpuls", "volkshuisvestingsfonds")
#: Promised-count column of portfolio_projects.csv -> the plan segment it promises.
PROMISED_COLUMNS = {"wbi_social_rent_dwellings": "sociale_huur", "wbi_mid_rent_dwellings": "middenhuur"}
_PORTFOLIO_NR = re.compile(r"portefeuille\s*(?:nr\.?|nummer)\s*(\d+)", re.IGNORECASE)

#: Row statuses, in the order a reader meets them.
REALISED, COMING, SOFT_ONLY, SHORT = "gerealiseerd", "komt (hard gepland)", "alleen met zachte plannen", "tekort"
NOT_LINKED, NO_NUMBER, OTHER_SEGMENT = "niet te koppelen", "geen toegezegd aantal", "ander segment dan toegezegd"
OBLIGATION_COLUMNS = ["scope_type", "scope", "nr", "project", "funding", "segment", "n_promised", "n_realised",
                      "n_planned_hard", "n_planned_soft", "n_missing", "last_completion_year", "linked_projects",
                      "status"]


def _name(text) -> str:
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def link_projects(portfolio: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Which delivered project rows belong to which portfolio project (``nr``).

    Returns the delivered rows that link, with ``nr`` and ``link`` (``portefeuillenummer`` or
    ``naam en gemeente``). A delivered row links to at most one portfolio project: a number in
    the remark wins over a name.
    """
    if not len(projects) or not len(portfolio):
        return pd.DataFrame(columns=[*projects.columns, "nr", "link"])
    p = projects.copy()
    remark = p["remark"] if "remark" in p.columns else pd.Series("", index=p.index)
    by_nr = remark.fillna("").astype(str).str.extract(_PORTFOLIO_NR)[0]
    p["nr"] = pd.to_numeric(by_nr, errors="coerce").astype("Int64")
    p["link"] = np.where(p["nr"].notna(), "portefeuillenummer", None)
    known = set(portfolio["nr"].astype(int))
    p.loc[p["nr"].notna() & ~p["nr"].isin(known), ["nr", "link"]] = [pd.NA, None]
    names = p.get("project_name", p["project_id"]).map(_name)
    for r in portfolio.itertuples():
        own = _name(r.project)
        if not own:
            continue
        hit = (p["nr"].isna() & (p["municipality"].astype(str) == str(r.municipality))
               & names.map(lambda n, own=own: bool(n) and (own in n or n in own)))
        p.loc[hit, "nr"] = int(r.nr)
        p.loc[hit, "link"] = "naam en gemeente"
    return p[p["nr"].notna()].reset_index(drop=True)


def _funding_text(row, labels: dict[str, str]) -> str:
    return ", ".join(labels[s] for s in FUNDED_SCHEMES if bool(row.get(s, False)))


def _row_status(promised, realised, hard, soft, linked: bool, has_promises: bool) -> str:
    if not linked:
        return NOT_LINKED
    if pd.isna(promised):
        return OTHER_SEGMENT if has_promises else NO_NUMBER
    if realised >= promised:
        return REALISED
    if realised + hard >= promised:
        return COMING
    if realised + hard + soft >= promised:
        return SOFT_ONLY
    return SHORT


def compute_affordability_obligations(portfolio: pd.DataFrame, projects: pd.DataFrame,
                                      labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Per funded portfolio project and segment: promised, delivered by stage, missing, status.

    Args:
        portfolio: ``portfolio_projects.csv`` (nr, project, municipality, funding flags, promised counts).
        projects: the corporations' delivered projects of this delivery.
        labels: scheme column -> Dutch name (default: the column names).

    Returns :data:`OBLIGATION_COLUMNS`, one row per funded project and segment (promised or
    delivered), sorted by ``nr``; scope = the project's municipality. ``n_missing`` = promised
    minus everything delivered in that segment (realised + hard + soft), at least 0; NA where no
    number was promised. A project without any linked delivery has one row per promised segment
    (or one row) with status ``niet te koppelen`` and NA counts: unknown, not missing.

    Example: DSM promises 72 sociale_huur and 44 middenhuur; delivered 60 sociale_huur (hard) and
    44 middenhuur (hard) -> sociale_huur: missing 72 - 60 = 12, ``tekort``; middenhuur: ``komt``.
    """
    labels = labels or {s: s for s in FUNDED_SCHEMES}
    funded = portfolio[portfolio[[s for s in FUNDED_SCHEMES if s in portfolio.columns]].fillna(False)
                       .astype(bool).any(axis=1)]
    links = link_projects(funded, projects)
    rows = []
    for r in funded.sort_values("nr").to_dict("records"):
        promised = {seg: float(r[c]) for c, seg in PROMISED_COLUMNS.items() if c in r and not pd.isna(r[c])}
        mine = links[links["nr"] == r["nr"]]
        segments = list(dict.fromkeys([*promised, *sorted(mine["segment"].astype(str).unique())]))
        scope_type = "regio" if r["municipality"] == REGION_NAME else "gemeente"
        base = {"scope_type": scope_type, "scope": r["municipality"], "nr": int(r["nr"]), "project": r["project"],
                "funding": _funding_text(r, labels)}
        if mine.empty:
            for seg in segments or [pd.NA]:
                rows.append({**base, "segment": seg, "n_promised": promised.get(seg, np.nan), "n_realised": np.nan,
                             "n_planned_hard": np.nan, "n_planned_soft": np.nan,
                             "n_missing": np.nan, "last_completion_year": np.nan,
                             "linked_projects": pd.NA, "status": NOT_LINKED})
            continue
        for seg in segments:
            sel = mine[mine["segment"].astype(str) == seg]
            st, n = sel["plan_status"].astype(str), pd.to_numeric(sel["n_dwellings"]).astype(float)
            real = float(n[st.isin(plan_rules.REALISED_STATUSES)].sum())
            hard = float(n[st.isin(plan_rules.HARD_STATUSES)].sum())
            soft = float(n[st.isin(plan_rules.SOFT_STATUSES)].sum())
            prom = promised.get(seg, np.nan)
            ids = ", ".join(sorted(set(sel["corporation"].astype(str) + " " + sel["project_id"].astype(str))))
            rows.append({**base, "segment": seg, "n_promised": prom, "n_realised": real, "n_planned_hard": hard,
                         "n_planned_soft": soft,
                         "n_missing": np.nan if pd.isna(prom) else max(prom - real - hard - soft, 0.0),
                         "last_completion_year": (float(pd.to_numeric(sel["completion_year"]).max())
                                                  if len(sel) else np.nan),
                         "linked_projects": ids or pd.NA,
                         "status": _row_status(prom, real, hard, soft, True, bool(promised))})
    out = pd.DataFrame(rows, columns=OBLIGATION_COLUMNS)
    counts = ["n_promised", "n_realised", "n_planned_hard", "n_planned_soft", "n_missing", "last_completion_year"]
    return out.astype({c: "Float64" for c in counts} | {"nr": "int64"}).reset_index(drop=True)


def summarise_obligations(obligations: pd.DataFrame, municipalities: list[str]) -> pd.DataFrame:
    """The promised dwellings per municipality and the region: how many come, by stage.

    Only rows with a promised number count, and only linked ones for the stages; what a project
    delivers beyond its promise in a segment does not make up for another project (``*_toward``
    are capped at the promise: realised first, then hard, then soft). Returns ``scope_type, scope,
    n_projects_promised, n_promised, n_promised_not_linked, n_realised_toward, n_hard_toward,
    n_soft_toward, n_missing, n_projects_not_linked`` (``n_missing`` of the linked promises only;
    ``n_projects_not_linked`` counts every funded project without a linked delivery); the region =
    the sum of the municipalities (and of region-wide projects).

    Example: promised 72 (60 hard delivered) and 44 (44 hard), and 20 not linked: n_promised 136,
    not linked 20, hard toward 60 + 44 = 104, missing 12.
    """
    o = obligations.copy()
    prom = o["n_promised"].astype(float)
    linked = o["status"] != NOT_LINKED
    real = np.minimum(o["n_realised"].astype(float).fillna(0), prom)
    hard = np.minimum(o["n_planned_hard"].astype(float).fillna(0), prom - real)
    soft = np.minimum(o["n_planned_soft"].astype(float).fillna(0), prom - real - hard)
    o = o.assign(p=prom, pu=prom.where(~linked), r=real, h=hard, s=soft,
                 m=(prom - real - hard - soft).where(linked), has=prom.notna(), unl=~linked)
    rows = []
    scopes = [("gemeente", m) for m in sorted(municipalities)] + [("regio", REGION_NAME)]
    for scope_type, scope in scopes:
        sel = o if scope_type == "regio" else o[(o["scope_type"] == "gemeente") & (o["scope"] == scope)]
        withp = sel[sel["has"]]
        lk = withp[~withp["unl"]]
        rows.append({"scope_type": scope_type, "scope": scope,
                     "n_projects_promised": float(withp["nr"].nunique()), "n_promised": float(withp["p"].sum()),
                     "n_promised_not_linked": float(withp["pu"].sum()),
                     "n_realised_toward": float(lk["r"].sum()), "n_hard_toward": float(lk["h"].sum()),
                     "n_soft_toward": float(lk["s"].sum()), "n_missing": float(lk["m"].sum()),
                     "n_projects_not_linked": float(sel.loc[sel["unl"], "nr"].nunique())})
    out = pd.DataFrame(rows)
    return out.astype({c: "Float64" for c in out.columns if c.startswith("n_")}).reset_index(drop=True)
