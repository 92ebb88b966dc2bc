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
    "corporation", "year", "item", "segment", "n_units", "unit_cost_eur", "cost_eur", "cost_basis",
)
#: Columns of the published ``financial_task`` table (scope convention), plus the scenario.
SCOPED_TASK_COLUMNS: tuple[str, ...] = ("scope_type", "scope", "item", "n_units", "task_eur", "scenario")
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
    "operating_cash_flow_eur", "policy_value_eur", "market_value_eur", "icr", "ltv_beleidswaarde",
    "solvabiliteit", "dekkingsratio_marktwaarde", "breach",
)
BASE_COLUMNS: tuple[str, ...] = (
    "corporation", "base_year", "policy_value_eur", "market_value_eur", "debt_eur", "interest_eur",
    "operating_cash_flow_eur", "n_dwellings",
)
ALTERNATIVE_COLUMNS: tuple[str, ...] = ("corporation", "scenario", "use", "units")
PLANNED_COLUMNS: tuple[str, ...] = ("corporation", "year", "planned_investment_eur", "task_eur")
TORNADO_COLUMNS: tuple[str, ...] = ("group", "low_label", "high_label", "gap_low_eur", "gap_high_eur", "gap_basis_eur")
