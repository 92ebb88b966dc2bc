"""The names of the finance model: norms, task items, alternative uses and the columns of its frames."""

from __future__ import annotations

#: The financial norms this model knows how to test (ids of ``financial_norms.csv``).
NORM_IDS: tuple[str, ...] = ("icr", "ltv_beleidswaarde", "solvabiliteit", "dekkingsratio_marktwaarde")
NORM_LABELS: dict[str, str] = {
    "icr": "ICR",
    "ltv_beleidswaarde": "LTV (beleidswaarde)",
    "solvabiliteit": "solvabiliteit",
    "dekkingsratio_marktwaarde": "dekkingsratio (marktwaarde)",
}
#: ``binding_norm`` of a corporation that delivered no financial figures.
NO_FINANCES = "geen_financien"

#: Task items, in display order.
TASK_ITEMS: tuple[str, ...] = ("nieuwbouw", "inponding", "efg_verbetering", "renovatie", "sloop")
ITEM_LABELS: dict[str, str] = {
    "nieuwbouw": "nieuwbouw",
    "inponding": "inponding (aankoop)",
    "efg_verbetering": "verbetering EFG-woningen",
    "renovatie": "overige renovatie",
    "sloop": "sloop",
}
#: The three parts of the task (afspraak 16), in financing order: what the corporations plan, the
#: improvement of the EFG stock, and what the agreement still asks beyond the plans (the restopgave).
#: A later part gets room only when the earlier parts fit entirely (:func:`analysis.finance.capacity.assess_corporation`).
PART_PLANS, PART_EFG, PART_REMAINDER = "plannen", "efg", "restopgave"
TASK_PARTS: tuple[str, ...] = (PART_PLANS, PART_EFG, PART_REMAINDER)
PART_LABELS: dict[str, str] = {
    PART_PLANS: "wat de corporaties plannen",
    PART_EFG: "verbetering van de EFG-woningen",
    PART_REMAINDER: "restopgave: wat de afspraken nog vragen",
}
#: The items each part can hold (display order); the task item -> part of the corporations' own task.
PART_ITEMS: dict[str, tuple[str, ...]] = {
    PART_PLANS: ("nieuwbouw", "inponding", "renovatie", "sloop"),
    PART_EFG: ("efg_verbetering",),
    PART_REMAINDER: ("nieuwbouw", "inponding"),
}
ITEM_PART: dict[str, str] = {"efg_verbetering": PART_EFG}

#: Cost bases of a task line, from the corporation's own figures to the reference figures.
BASIS_BUDGET, BASIS_OWN, BASIS_REFERENCE = "projectbegroting", "eigen kengetal", "referentie"

#: The scenario whose task prices define the investments committed outside the task.
BASE_SCENARIO = "basis"

#: Alternative uses of the remaining room (one unit each, in the first projection year).
ALTERNATIVES: tuple[str, ...] = ("extra_lening", "nieuwbouw_sociale_huur", "efg_verbetering", "inponding", "renovatie")
ALTERNATIVE_LABELS: dict[str, str] = {
    "extra_lening": "euro extra lenen (zonder opbrengst)",
    "nieuwbouw_sociale_huur": "nieuwe sociale huurwoningen",
    "efg_verbetering": "verbeteringen van EFG-woningen",
    "inponding": "aangekochte (ingeponde) woningen",
    "renovatie": "renovaties",
}

FLOW_COLUMNS: tuple[str, ...] = (
    "investment_eur", "proceeds_eur", "ocf_added_eur", "policy_value_added_eur", "market_value_added_eur",
)
TASK_COLUMNS: tuple[str, ...] = (
    "corporation", "year", "task_part", "item", "segment", "n_units", "unit_cost_eur", "cost_eur", "cost_basis",
)
#: Columns of the published ``financial_task`` table (scope convention), plus the scenario.
SCOPED_TASK_COLUMNS: tuple[str, ...] = ("scope_type", "scope", "task_part", "item", "n_units", "task_eur", "scenario")
#: Columns of the published ``financial_task_parts`` table: each part's cost, financeable part and gap.
PART_COLUMNS: tuple[str, ...] = ("scope_type", "scope", "task_part", "task_eur", "financeable_eur", "gap_eur",
                                 "scenario")
CAPACITY_COLUMNS: tuple[str, ...] = (
    "corporation", "scenario", "task_eur", "financeable_eur", "gap_eur", "binding_norm",
    "first_breach_year", "buffer_eur", "capacity_eur", "binding_year", "first_breach_norm", "buffer",
)
#: Columns of the published ``financial_gap_by_corporation`` table (every corporation and the region).
GAP_COLUMNS: tuple[str, ...] = (
    "scope_type", "scope", "scenario", "task_eur", "financeable_eur", "gap_eur", "buffer_eur", "capacity_eur",
    "binding_norm", "binding_year", "first_breach_year",
)
RATIO_COLUMNS: tuple[str, ...] = (
    "corporation", "scenario", "year", "figure", "investment_eur", "debt_eur", "interest_eur",
    "operating_cash_flow_eur", "policy_value_eur", "market_value_eur", "equity_policy_value_eur",
    "total_assets_policy_value_eur", "icr", "ltv_beleidswaarde",
    "solvabiliteit", "dekkingsratio_marktwaarde", "breach",
)
BASE_COLUMNS: tuple[str, ...] = (
    "corporation", "base_year", "policy_value_eur", "market_value_eur", "debt_eur", "interest_eur",
    "operating_cash_flow_eur", "equity_policy_value_eur", "total_assets_policy_value_eur", "n_dwellings",
)
#: The optional balance-sheet fields of ``financien`` that solvency needs (NA when not delivered).
EQUITY_FIELDS: tuple[str, ...] = ("equity_policy_value_eur", "total_assets_policy_value_eur")
ALTERNATIVE_COLUMNS: tuple[str, ...] = ("corporation", "scenario", "use", "units")
PLANNED_COLUMNS: tuple[str, ...] = ("corporation", "year", "planned_investment_eur", "task_eur")
TORNADO_COLUMNS: tuple[str, ...] = ("group", "low_label", "high_label", "gap_low_eur", "gap_high_eur", "gap_basis_eur")
#: Columns of :attr:`analysis.finance.scenarios.ScenarioResult.parts` (one row per corporation and part).
CORP_PART_COLUMNS: tuple[str, ...] = ("corporation", "scenario", "task_part", "task_eur", "financeable_eur", "gap_eur")
