"""Which plans and mutations count toward which target (afspraken 1, 2, 3, 6, 7, 8).

The agreement's counting rules, applied by every report that shows a realised or planned
figure against a target:

- Afspraak 1: "Om de doelstelling ... te halen zullen de corporaties ... 2.430 nieuwe sociale
  huurwoningen ... realiseren": only the corporations' plans count toward social rent
  (:data:`SEGMENT_DEVELOPERS`); new build, transformation, demolition-and-rebuild and purchase
  (``aankoop``) add social rent stock (:data:`SEGMENT_PROJECT_TYPES`).
- Afspraak 2 and 3 (middenhuur/betaalbare koop, flex) and the total building ambition of 6.775:
  corporation and market plans both count; a purchase adds no dwelling to the stock.
- A plan counts in the period of its completion year; ``opgeleverd`` is realised, ``hard`` and
  ``in_aanbouw`` are hard plans, ``zacht`` and ``idee`` soft plans (:data:`REALISED_STATUSES`,
  :data:`HARD_STATUSES`, :data:`SOFT_STATUSES`).
- Market plans come from the municipalities' plan capacity (developer ``markt``); the
  municipalities' rows for corporation plans are left out, since the corporations' own
  deliveries are the source for those (no double counting, :func:`combine_plans`).
- Mutations (afspraak 7 and 8): inponding is ``AAN``; sales to third parties are ``VAH``,
  ``VAB`` and ``VAO`` ("aan derden, niet zijnde andere woningcorporaties"); ``VAC`` is a sale
  to another corporation and leaves the dwelling in the social stock.
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
    "sociale_huur": ("nieuwbouw", "transformatie", "sloop_nieuwbouw", "aankoop"),
    "middenhuur_betaalbare_koop": ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
    "flex": ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
    SEGMENT_TOTAL: ("nieuwbouw", "transformatie", "sloop_nieuwbouw"),
}
#: Project types by what they add to the stock (the stock change of afspraak 1 and 6, the finance task).
NEW_BUILD_TYPES = ("nieuwbouw", "sloop_nieuwbouw")
TRANSFORMATION_TYPES = ("transformatie",)
PURCHASE_PROJECT_TYPE = "aankoop"
SOCIAL_SEGMENT = "sociale_huur"

SEGMENT_LABELS = {
    "sociale_huur": "sociale huur",
    "middenhuur_betaalbare_koop": "middenhuur + betaalbare koop",
    "flex": "flex",
    SEGMENT_TOTAL: "totaal nieuwbouw",
}

#: Mutation codes (schemas.CODE_LISTS["mutation_type"]).
SALES_THIRD_PARTY = ("VAH", "VAB", "VAO")  # agreement 7: "aan derden, niet zijnde andere woningcorporaties"
SALES_TO_CORPORATION = ("VAC",)
INPONDING = ("AAN",)
DEMOLITION = ("SLO",)
LIBERALISATION = ("LIB",)
MUTATION_LABELS = {
    "AAN": "inponding (aankoop)", "SLO": "sloop", "VAH": "verkoop aan huurder",
    "VAB": "verkoop aan belegger", "VAC": "verkoop aan corporatie", "VAO": "verkoop overig",
    "LIB": "liberalisatie",
}

PLAN_COLUMNS = ["plan_key", "developer", "corporation", "municipality", "project", "segment",
                "project_type", "n_dwellings", "completion_year", "plan_status"]


def combine_plans(projects: pd.DataFrame, plan_capacity: pd.DataFrame) -> pd.DataFrame:
    """One frame of all plans that can count: corporation projects + market plan capacity.

    Plan capacity rows with developer ``corporatie`` are dropped (the corporations' own
    deliveries are the source for their plans).

    Returns:
        Columns :data:`PLAN_COLUMNS`, sorted by ``plan_key``.
    """
    parts = []
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
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("n_dwellings", "completion_year") else "string")
                             for c in PLAN_COLUMNS})
    out = pd.concat(parts, ignore_index=True)[PLAN_COLUMNS]
    return out.sort_values("plan_key", kind="stable").reset_index(drop=True)


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

    Also ``corporation_dwellings`` and ``market_dwellings`` (all stages) for the same selection.
    """
    sel = plans[plans_counting_for(plans, segment, period_start, period_end)
                & scope_mask(plans, scope_type, scope)]
    st, n = sel["plan_status"], sel["n_dwellings"]
    return {
        "realised": int(n[st.isin(REALISED_STATUSES)].sum()),
        "planned_hard": int(n[st.isin(HARD_STATUSES)].sum()),
        "planned_soft": int(n[st.isin(SOFT_STATUSES)].sum()),
        "corporation_dwellings": int(n[sel["developer"] == "corporatie"].sum()),
        "market_dwellings": int(n[sel["developer"] == "markt"].sum()),
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
