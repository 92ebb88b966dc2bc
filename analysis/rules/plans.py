"""Which plans and mutations count toward which target (afspraken 1, 2, 3, 6, 7, 8).

The agreement's counting rules, applied by every report that shows a realised or planned
figure against a target:

- Afspraak 1 (agreement text l. 228-233): "minimaal 2.430 sociale huurwoningen door
  woningcorporaties te realiseren ... Nieuwe woningen in de sociale huurvoorraad kunnen ook
  gerealiseerd worden door woningen in te ponden en structureel in de sociale huurexploitatie op
  te nemen of door herstructurering": only the corporations' plans count toward social rent
  (:data:`SEGMENT_DEVELOPERS`); new build, transformation, demolition-and-rebuild and inponding
  add social rent stock (:data:`SEGMENT_PROJECT_TYPES`). Inponding comes from the ``mutaties``
  sheet, the one place a purchase is reported (:func:`inponding_plans`): a realised purchase
  counts as realised, a forecast one as a hard plan (:data:`INPONDING_PROGNOSIS_STATUS`), in the
  period of its year. A purchase from another corporation (``AAC``) adds nothing to the region's
  social stock and counts nowhere.
- One purchase, one count: an old-contract ``aankoop`` project of a corporation, municipality
  and year for which that corporation also reports a purchase mutation is left out (the mutation
  counts) and listed by :func:`find_double_purchases`.
- Afspraak 2 and 3 (middenhuur/betaalbare koop, flex) and the total building ambition of 6.775:
  corporation and market plans both count; a purchase adds no dwelling to the stock.
- A plan counts in the period of its completion year; ``opgeleverd`` is realised, ``hard`` and
  ``in_aanbouw`` are hard plans, ``zacht`` and ``idee`` soft plans (:data:`REALISED_STATUSES`,
  :data:`HARD_STATUSES`, :data:`SOFT_STATUSES`).
- Market plans come from the municipalities' plan capacity (developer ``markt``); the
  municipalities' rows for corporation plans are left out, since the corporations' own
  deliveries are the source for those (no double counting, :func:`combine_plans`).
- Mutations (afspraak 7 and 8): inponding is ``AAP``, a purchase from a private owner (afspraak 8,
  l. 441 and 449-452: "het 'inponden' (aankopen) van particuliere woningen", "zo'n 100 woningen per
  jaar"); the old code ``AAN`` (origin unknown) is counted as inponding too
  (:data:`COUNTED_AS_INPONDING`; it may hold transfers between corporations, the report says so);
  ``AAC`` is a purchase from another corporation; sales to third parties are ``VAH``, ``VAB`` and
  ``VAO`` ("aan derden, niet zijnde andere woningcorporaties"); ``VAC`` is a sale to another
  corporation and leaves the dwelling in the social stock. ``AAC`` and ``VAC`` are one transfer
  seen from both sides: neither changes the region's social stock.
"""

from __future__ import annotations

import pandas as pd

from analysis.rules.scopes import scope_mask

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
    "sociale_huur": ("nieuwbouw", "transformatie", "sloop_nieuwbouw", "inponding", "aankoop"),
    "middenhuur_betaalbare_koop": ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
    "flex": ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
    SEGMENT_TOTAL: ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
}
#: Project types by what they add to the stock (the stock change of afspraak 1 and 6, the finance task).
NEW_BUILD_TYPES = ("nieuwbouw", "sloop_nieuwbouw")
TRANSFORMATION_TYPES = ("transformatie",)
#: The old contract's project type for a purchase (still read; the mutations are the source now).
PURCHASE_PROJECT_TYPE = "aankoop"
#: Project type of the plan rows made from inponding mutations (:func:`inponding_plans`).
INPONDING_PROJECT_TYPE = "inponding"
#: Plan rows that are purchases (for the ``inponding_*`` columns of the targets).
PURCHASE_PLAN_TYPES = (INPONDING_PROJECT_TYPE, PURCHASE_PROJECT_TYPE)
#: Stage of a forecast (prognose) purchase: hard. A purchase needs no planning procedure (the
#: planological risk that makes a plan soft does not apply); the corporation budgets it in its
#: own forecast, and what remains (a dwelling to buy, the money) is the risk of a hard plan. The
#: monitor checks forecasts against realisations (prognosis accuracy). docs/assumptions/portfolio.md C9.
INPONDING_PROGNOSIS_STATUS = "hard"
SOCIAL_SEGMENT = "sociale_huur"

SEGMENT_LABELS = {
    "sociale_huur": "sociale huur",
    "middenhuur_betaalbare_koop": "middenhuur + betaalbare koop",
    "flex": "flex",
    SEGMENT_TOTAL: "totaal nieuwbouw",
}

#: Mutation codes (schemas.CODE_LISTS["mutation_type"]).
SALES_THIRD_PARTY = ("VAH", "VAB", "VAO")  # agreement 7: "aan derden, niet zijnde andere woningcorporaties"
#: A sale to the sitting tenant is per dwelling; investor and other sales can be a whole complex (afspraak 7:
#: complexes are offered to the corporations first).
SALE_TO_TENANT = ("VAH",)
COMPLEX_SALE_POSSIBLE = tuple(c for c in SALES_THIRD_PARTY if c not in SALE_TO_TENANT)
SALES_TO_CORPORATION = ("VAC",)
#: Inponding: purchase from a private owner (afspraak 1 and 8).
INPONDING = ("AAP",)
#: The old code for any purchase (origin unknown): counted as inponding, with a warning.
PURCHASE_UNKNOWN_ORIGIN = ("AAN",)
#: What counts as inponding (targets of afspraak 1, the 100 a year of afspraak 8, additions of
#: afspraak 7, the stock change, the finance task): the one place that says so.
COUNTED_AS_INPONDING = INPONDING + PURCHASE_UNKNOWN_ORIGIN
#: Purchase from another corporation: no addition to the region's social stock, counts nowhere.
PURCHASE_FROM_CORPORATION = ("AAC",)
#: Every purchase code (the mutations are the one place a purchase is reported).
PURCHASES = COUNTED_AS_INPONDING + PURCHASE_FROM_CORPORATION
DEMOLITION = ("SLO",)
LIBERALISATION = ("LIB",)
MUTATION_LABELS = {
    "AAP": "inponding (aankoop van particulier)", "AAC": "aankoop van corporatie",
    "AAN": "aankoop (herkomst onbekend)", "SLO": "sloop", "VAH": "verkoop aan huurder",
    "VAB": "verkoop aan belegger", "VAC": "verkoop aan corporatie", "VAO": "verkoop overig",
    "LIB": "liberalisatie",
}

PLAN_COLUMNS = ["plan_key", "developer", "corporation", "municipality", "project", "segment",
                "project_type", "n_dwellings", "completion_year", "plan_status"]


def combine_plans(projects: pd.DataFrame, plan_capacity: pd.DataFrame, mutations: pd.DataFrame | None = None,
                  *, year: int | None = None) -> pd.DataFrame:
    """One frame of all plans that can count: corporation projects + market plan capacity + inponding.

    Plan capacity rows with developer ``corporatie`` are dropped (the corporations' own
    deliveries are the source for their plans). With ``mutations`` (and the reporting ``year``)
    the inponding mutations are added as plans (:func:`inponding_plans`) and an ``aankoop``
    project that the same corporation also reports as a purchase mutation is left out
    (:func:`find_double_purchases`: counted once, from the mutations). Without ``mutations``
    inponding is not counted.

    Returns:
        Columns :data:`PLAN_COLUMNS`, sorted by ``plan_key``.
    """
    parts = []
    if mutations is not None:
        if year is None:
            raise ValueError("combine_plans: met mutaties hoort ook het rapportagejaar (year)")
        doubles = find_double_purchases(projects, mutations, year)
        if len(doubles) and len(projects):
            dropped = set(zip(doubles["corporation"], doubles["project_id"], strict=True))
            keep = [(c, pid) not in dropped for c, pid in
                    zip(projects["corporation"].astype(str), projects["project_id"].astype(str), strict=True)]
            projects = projects[keep]
        inp = inponding_plans(mutations, year)
        if len(inp):
            parts.append(inp)
    if len(projects):
        parts.append(pd.DataFrame({
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
        }))
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
        return _empty_plans()
    out = pd.concat(parts, ignore_index=True)[PLAN_COLUMNS]
    return out.sort_values("plan_key", kind="stable").reset_index(drop=True)


def _relevant_mutations(mutations: pd.DataFrame, year: int, codes: tuple[str, ...]) -> pd.DataFrame:
    """Mutation rows of ``codes`` with the figure status of their year (realisation before ``year``), count > 0."""
    if not len(mutations):
        return mutations.iloc[0:0]
    y = pd.to_numeric(mutations["year"])
    status = pd.Series(["realisatie" if v < int(year) else "prognose" for v in y], index=mutations.index)
    keep = (mutations["mutation_type"].astype(str).isin(codes) & (mutations["figure_status"].astype(str) == status)
            & (pd.to_numeric(mutations["count"]) > 0))
    return mutations[keep]


def inponding_plans(mutations: pd.DataFrame, year: int) -> pd.DataFrame:
    """Inponding mutations as plan rows (afspraak 1: they count toward the social rent targets).

    One row per corporation, municipality and year of :data:`COUNTED_AS_INPONDING` with the
    figure status of that year (realisation before the reporting year, prognosis from it):
    developer ``corporatie``, segment ``sociale_huur``, project type
    :data:`INPONDING_PROJECT_TYPE`, completion year = the mutation's year, plan status
    ``opgeleverd`` for a realisation and :data:`INPONDING_PROGNOSIS_STATUS` for a prognosis.

    Returns:
        Columns :data:`PLAN_COLUMNS` (empty when there is no inponding).
    """
    m = _relevant_mutations(mutations, year, COUNTED_AS_INPONDING)
    if not len(m):
        return _empty_plans()
    if "corporation" not in m:
        m = m.assign(corporation=pd.NA)
    g = (m.assign(year=pd.to_numeric(m["year"]).astype("int64"), count=pd.to_numeric(m["count"]).astype("int64"))
         .groupby(["corporation", "municipality", "year"], sort=True, observed=True, dropna=False)["count"].sum().reset_index())
    g = g[g["count"] > 0]
    realised = g["year"] < int(year)
    return pd.DataFrame({
        "plan_key": "I|" + g["corporation"].astype(str) + "|" + g["municipality"].astype(str) + "|" + g["year"].astype(str),
        "developer": "corporatie",
        "corporation": g["corporation"].astype("string"),
        "municipality": g["municipality"].astype("string"),
        "project": ("inponding " + g["municipality"].astype(str) + " " + g["year"].astype(str)).astype("string"),
        "segment": SOCIAL_SEGMENT,
        "project_type": INPONDING_PROJECT_TYPE,
        "n_dwellings": g["count"].astype("int64"),
        "completion_year": g["year"].astype("int64"),
        "plan_status": pd.Series(["opgeleverd" if r else INPONDING_PROGNOSIS_STATUS for r in realised],
                                 index=g.index, dtype="string"),
    })[PLAN_COLUMNS].reset_index(drop=True)


DOUBLE_PURCHASE_COLUMNS = ["corporation", "municipality", "year", "project_id", "project_dwellings",
                           "mutation_dwellings", "mutation_types", "source_file", "source_row"]


def find_double_purchases(projects: pd.DataFrame, mutations: pd.DataFrame, year: int) -> pd.DataFrame:
    """Purchases reported twice: an ``aankoop`` project and a purchase mutation of the same party.

    A project of type :data:`PURCHASE_PROJECT_TYPE` (old contract) whose corporation also reports
    a purchase mutation (:data:`PURCHASES`, any origin, with the figure status of that year and a
    count above 0) for the project's municipality and completion year. The mutations are the one
    place a purchase is reported, so such a project is not counted (:func:`combine_plans`).

    Returns:
        One row per such project: :data:`DOUBLE_PURCHASE_COLUMNS` (``source_file``/``source_row``
        of the project where the frame has them), sorted.
    """
    if not len(projects) or not len(mutations):
        return pd.DataFrame(columns=DOUBLE_PURCHASE_COLUMNS)
    p = projects[projects["project_type"].astype(str) == PURCHASE_PROJECT_TYPE]
    m = _relevant_mutations(mutations, year, PURCHASES)
    if not len(p) or not len(m):
        return pd.DataFrame(columns=DOUBLE_PURCHASE_COLUMNS)
    key = ["corporation", "municipality", "year"]
    mm = (m.assign(corporation=m["corporation"].astype(str), municipality=m["municipality"].astype(str),
                   year=pd.to_numeric(m["year"]).astype("int64"), count=pd.to_numeric(m["count"]).astype("int64"),
                   mutation_type=m["mutation_type"].astype(str))
          .groupby(key, sort=True).agg(mutation_dwellings=("count", "sum"),
                                       mutation_types=("mutation_type", lambda s: ", ".join(sorted(set(s)))))
          .reset_index())
    pp = pd.DataFrame({
        "corporation": p["corporation"].astype(str), "municipality": p["municipality"].astype(str),
        "year": pd.to_numeric(p["completion_year"]).astype("int64"), "project_id": p["project_id"].astype(str),
        "project_dwellings": pd.to_numeric(p["n_dwellings"]).astype("int64"),
        "source_file": p["source_file"].astype(str) if "source_file" in p else "",
        "source_row": pd.to_numeric(p["source_row"]) if "source_row" in p else pd.NA,
    })
    out = pp.merge(mm, on=key, how="inner")
    return out[DOUBLE_PURCHASE_COLUMNS].sort_values(key + ["project_id"]).reset_index(drop=True)


def _empty_plans() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("n_dwellings", "completion_year") else "string")
                         for c in PLAN_COLUMNS})


def plans_counting_for(plans: pd.DataFrame, segment: str, period_start: int, period_end: int) -> pd.Series:
    """Boolean mask: which plans count towards a target of ``segment`` over the period."""
    return (
        plans["segment"].isin(SEGMENT_GROUPS[segment])
        & plans["developer"].isin(SEGMENT_DEVELOPERS[segment])
        & plans["project_type"].isin(SEGMENT_PROJECT_TYPES[segment])
        & plans["completion_year"].between(int(period_start), int(period_end))
    )


def count_by_status(plans: pd.DataFrame, segment: str, period_start: int, period_end: int,
                    scope_type: str = "regio", scope: str = "") -> dict[str, int]:
    """Dwellings counting toward a target, by stage: ``realised``, ``planned_hard``, ``planned_soft``.

    Also ``corporation_dwellings`` and ``market_dwellings`` (all stages) for the same selection,
    and ``inponding_realised`` / ``inponding_planned``: the purchases among them
    (:data:`PURCHASE_PLAN_TYPES`; realised, and hard + soft).
    """
    sel = plans[plans_counting_for(plans, segment, period_start, period_end)
                & scope_mask(plans, scope_type, scope)]
    st, n = sel["plan_status"], sel["n_dwellings"]
    purchase = sel["project_type"].isin(PURCHASE_PLAN_TYPES)
    return {
        "realised": int(n[st.isin(REALISED_STATUSES)].sum()),
        "planned_hard": int(n[st.isin(HARD_STATUSES)].sum()),
        "planned_soft": int(n[st.isin(SOFT_STATUSES)].sum()),
        "corporation_dwellings": int(n[sel["developer"] == "corporatie"].sum()),
        "market_dwellings": int(n[sel["developer"] == "markt"].sum()),
        "inponding_realised": int(n[purchase & st.isin(REALISED_STATUSES)].sum()),
        "inponding_planned": int(n[purchase & ~st.isin(REALISED_STATUSES)].sum()),
    }


def market_counts_toward(segment: str) -> bool:
    """Whether market plans count toward a target of ``segment`` (not for social rent)."""
    return "markt" in SEGMENT_DEVELOPERS[segment]


def mutation_years_covered(mutations: pd.DataFrame, year: int, years) -> dict[int, bool]:
    """Per year: does the mutations table hold figures of the right status for it?

    Years before the reporting year need ``realisatie`` figures, later years ``prognose``.
    """
    out = {}
    for y in years:
        status = figure_status_of(y, year)
        out[y] = bool(((mutations["year"] == y) & (mutations["figure_status"] == status)).any()) if len(
            mutations) else False
    return out


def figure_status_of(year_of_figure: int, reporting_year: int) -> str:
    """``realisatie`` for a year before the reporting year, ``prognose`` from it on."""
    return "realisatie" if year_of_figure < reporting_year else "prognose"
