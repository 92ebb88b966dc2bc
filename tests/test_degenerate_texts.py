"""What each report says when data is missing, word for word, on hand-made inputs.

The inputs are those of the analyses' own tests with parts taken away:

- energy: the 9-dwelling register of ``test_energy_headline`` (HEEMwonen and Weller, in Heerlen
  and Kerkrade), the agreement's corporations ``HEEMwonen, Weller, Woonpunt``; Woonpunt sent no
  register, Brunssum has no corporation dwelling in it;
- ageing: the two municipalities A and B of ``test_ageing_report``, without any register or
  project list (no corporation delivered anything);
- portfolio, finance, monitor: one-row frames drawn in the tests.

Nothing delivered is never a zero: the figures are NA (shown "–") and the sentence says why.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from test_ageing_report import INPUTS as AGEING_INPUTS
from test_energy_headline import ROWS as H_ROWS
from test_energy_labels import RULES, YEAR, make_register

from analysis import ageing, missing
from analysis import energy_labels as el
from analysis import portfolio as pf
from analysis.ageing import text as ageing_text
from analysis.energy_labels import figures as energy_figures
from analysis.energy_labels import text as energy_text
from analysis.finance import scenarios as fin_scenarios
from analysis.finance import text as finance_text
from analysis.monitoring import accuracy
from analysis.portfolio import dropout
from analysis.portfolio import text as portfolio_text

CORPORATIONS = ("HEEMwonen", "Weller", "Woonpunt")
UNKNOWN = "zijn daarom onbekend: dit rapport toont er geen cijfers over, ook geen nul."


def energy(scope_type: str, scope: str, rows=H_ROWS):
    clauses = pd.DataFrame(columns=["clause_id", "agreement_text", "agreement_source", "status", "status_date"])
    inputs = el.EnergyInputs(year=YEAR, stock=make_register(rows), rules=RULES, clauses=clauses,
                             corporations=CORPORATIONS)
    return el.analyse(inputs, el.EnergyParams(scope_type, scope))


# --------------------------------------------------------------------------------- energy

def test_energy_corporation_without_register():
    r = energy("corporatie", "Woonpunt")
    assert r.n_stock == 0 and r.missing_registers == ("Woonpunt",)
    assert energy_text.text_intro(r) == (
        "Woonpunt heeft voor 2026 geen woningregister geleverd (het blad voorraad ontbreekt of is leeg). "
        f"De energielabels en EFG-woningen van Woonpunt {UNKNOWN}")
    assert energy_text.note_missing(r, "Geen traject") == "Geen traject: er is geen woningregister (zie boven)."
    assert energy_text.text_problems(r) == (
        "Er is geen register, dus ook niets te controleren op tegenstrijdige geplande ingrepen.")
    assert energy_text.text_map_note(r) == ""
    for plot in (energy_figures.plot_label_bars, energy_figures.plot_efg_map, energy_figures.plot_trajectory,
                 energy_figures.plot_trajectory_by, energy_figures.plot_future):
        assert plot(r) is None
    assert energy_text.display_headline(r).empty and energy_text.display_pace(r).empty


def test_energy_municipality_without_corporation_dwellings():
    r = energy("gemeente", "Brunssum")
    assert energy_text.text_intro(r) == (
        "In de geleverde woningregisters staan geen corporatiewoningen in gemeente Brunssum (geen register van "
        f"Woonpunt). De energielabels en EFG-woningen in deze gemeente {UNKNOWN}")
    assert energy_text.text_map_note(r) == (
        "De kaart is regionaal: alle corporaties samen. Ze toont alle gemeenten, met gemeente Brunssum omlijnd. "
        "In de geleverde registers staan geen corporatiewoningen in Brunssum.")


def test_energy_region_names_the_registers_it_lacks():
    r = energy("regio", "Parkstad")
    assert energy_text.text_intro(r).endswith(
        "\n\n**Let op:** geen woningregister van Woonpunt; hun woningen tellen in dit rapport niet mee "
        "(ook niet als nul).")


def test_energy_register_without_efg_dwellings():
    r = energy("corporatie", "HEEMwonen", rows=[row for row in H_ROWS if row[3] not in RULES.efg_labels])
    assert energy_text.text_intro(r) == (
        "In het woningregister van 2026 staan van corporatie HEEMwonen geen woningen met label E, F of G; "
        "er is geen opgave.")
    assert energy_text.note_missing(r, "Geen traject") == (
        "Geen traject: er zijn van corporatie HEEMwonen geen woningen met label E, F of G.")
    assert energy_figures.plot_trajectory(r) is None and energy_figures.plot_label_bars(r) is not None


def test_energy_without_any_register():
    r = energy("regio", "Parkstad", rows=[])
    assert energy_text.text_intro(r) == (
        f"Geen enkele corporatie heeft voor 2026 een woningregister geleverd. De energielabels en EFG-woningen in "
        f"de regio {UNKNOWN}")
    assert list(r.future_stock.columns[:3]) == ["scope_type", "scope", "year"]  # frames keep their columns
    assert el.filter_scope(r.future_stock, "regio", "Parkstad").empty


# ------------------------------------------------------------------------------ portfolio

@pytest.mark.parametrize(("scope_type", "scope", "segment", "corp", "mun", "unknown"), [
    ("corporatie", "Woonpunt", "sociale_huur", {"Weller"}, {"Heerlen"}, True),
    ("corporatie", "Weller", "sociale_huur", {"Weller"}, set(), False),
    ("gemeente", "Brunssum", "sociale_huur", set(), {"Brunssum"}, True),       # social rent: corporations only
    ("gemeente", "Brunssum", "middenhuur_betaalbare_koop", set(), {"Brunssum"}, False),      # its own market plans count
    ("gemeente", "Brunssum", "middenhuur_betaalbare_koop", set(), {"Heerlen"}, True),
    ("gemeente", "Brunssum", "sociale_huur", {"Weller"}, set(), False),        # Weller's 0 in Brunssum is real
    ("regio", "Parkstad", "middenhuur_betaalbare_koop", set(), {"Heerlen"}, False),
    ("regio", "Parkstad", "sociale_huur", set(), {"Heerlen"}, True),
])
def test_portfolio_nothing_delivered(scope_type, scope, segment, corp, mun, unknown):
    assert dropout.nothing_delivered(scope_type, scope, segment, corp, mun) is unknown


def test_portfolio_sales_without_any_figure_are_unknown():
    sc = pd.DataFrame({"municipality": ["Brunssum"] * 2, "year": [2025, 2026],
                       "figure_status": ["realisatie", "prognose"], "new_build": [np.nan] * 2,
                       "transformation": [np.nan] * 2, "inponding": [np.nan] * 2, "demolition": [np.nan] * 2,
                       "sales": [np.nan] * 2, "sales_to_corporations": [np.nan] * 2, "liberalisation": [np.nan] * 2,
                       "net": [np.nan] * 2, "complete": [False, False]})
    out = pf.compute_sales_vs_additions(sc, 2024, 2028)
    assert out[["sales", "additions"]].isna().all().all() and out["flag"].isna().all()
    assert portfolio_text.sales_sentence(out.assign(scope_type="corporatie"), "corporatie", "Woonpunt") == (
        "Er zijn geen cijfers van Woonpunt over verkoop en toevoegingen (geen levering of geen mutatiecijfers); "
        "afspraak 7 is hier niet te toetsen.")
    assert portfolio_text.display_sales_table(out)["Signaal afspraak 7"].tolist() == ["–"]


def test_portfolio_texts_without_delivery():
    gap = pd.DataFrame({"realised": [np.nan], "scope_type": ["corporatie"], "scope": ["Woonpunt"]})
    result = SimpleNamespace(scope_type="corporatie", scope="Woonpunt", gap_scope=gap)
    assert portfolio_text.note_missing(result, "Geen figuur") == (
        "Geen figuur: voor corporatie Woonpunt is niets geleverd, de cijfers zijn onbekend (zie 'Wat ontbreekt of "
        "is afgewezen').")
    share = pd.DataFrame({"scope_type": ["corporatie"], "scope": ["Woonpunt"], "target_id": ["x"],
                          "numerator_dwellings": [np.nan], "denominator_dwellings": [np.nan], "share_pct": [np.nan]})
    target = pd.Series({"period_start": 2022, "period_end": 2030, "value": 40.0})
    assert portfolio_text.programme_share_sentence(share, target) == (
        "Voor corporatie Woonpunt is niets geleverd waaruit het aandeel middenhuur en betaalbare koop in "
        "2022-2030 volgt; het aandeel is onbekend.")


# --------------------------------------------------------------------------------- ageing

@pytest.fixture(scope="module")
def ageing_nothing():
    inputs = replace(AGEING_INPUTS, stock=AGEING_INPUTS.stock.iloc[:0], projects=AGEING_INPUTS.projects.iloc[:0])
    return ageing.analyse(inputs, ageing.AgeingParams(scope_type="gemeente", scope="A", scenario="midden",
                                                      horizon=2040))


def test_ageing_without_any_delivery_is_unknown(ageing_nothing):
    r = ageing_nothing
    assert not r.stock_known and not r.pipeline_known
    assert r.need_table["suitable_supply"].isna().all() and r.need_table["gap_low"].isna().all()
    assert r.supply_table["total"].isna().all() and r.clustered_gap["pipeline_units"].isna().all()
    assert ageing_text.text_need(r).startswith(
        "**Let op: geen enkele corporatie heeft voor 2030 een woningregister geleverd; het geschikte aanbod en "
        "het tekort zijn daarom onbekend (niet nul).** In A wonen in 2030")
    assert ageing_text.text_pipeline(r) == (
        "Geen enkele corporatie heeft voor 2030 iets geleverd; de pijplijn van geschikte woningen is daarom "
        "onbekend (niet nul).")
    assert ageing_text.text_affordability(r) == (
        "Eerste aftoppingsgrens: € 600,00 (prijspeil 2030). Hoeveel geschikte corporatiewoningen een huur tot en "
        "met deze grens hebben, is onbekend (geen register); de pijplijn is onbekend (niets geleverd).")
    assert ageing_text.display_need_table(r)["tekort (woningen)"].unique().tolist() == ["–"]
    assert ageing_text.caption_gap_map(r) == ""
    assert ageing_text.note_missing(r, "Geen kaart") == (
        "Geen kaart: geen enkele corporatie heeft voor 2030 een woningregister geleverd, dus het aanbod is onbekend.")


def test_ageing_no_suitable_dwelling_is_said_not_shown_as_a_dash():
    stock = AGEING_INPUTS.stock.assign(bat_stars=pd.array([0, 0, 0], dtype="Int64"))
    r = ageing.analyse(replace(AGEING_INPUTS, stock=stock, projects=AGEING_INPUTS.projects.iloc[:0]),
                       ageing.AgeingParams(scope_type="gemeente", scope="A", scenario="midden", horizon=2040))
    assert ageing_text.text_affordability(r) == (
        "Eerste aftoppingsgrens: € 600,00 (prijspeil 2030). Er zijn geen geschikte corporatiewoningen; in de "
        "pijplijn zijn geen geschikte woningen.")


# -------------------------------------------------------------------------------- finance

CAPACITY = pd.DataFrame({"corporation": ["Weller"], "scenario": ["basis"], "task_eur": [2e6],
                         "financeable_eur": [np.nan], "gap_eur": [np.nan], "binding_norm": ["geen_financien"],
                         "first_breach_year": [None], "buffer_eur": [np.nan], "capacity_eur": [np.nan],
                         "binding_year": [None], "first_breach_norm": [""], "buffer": [0.1]})


def test_finance_region_without_any_finances_is_unknown():
    row = fin_scenarios._region_row(CAPACITY, "basis", 0.1)
    assert np.isnan(row["gap_eur"]) and np.isnan(row["financeable_eur"]) and row["binding_norm"] == "geen_financien"
    assert finance_text.format_capacity_table(CAPACITY)["Eerste normoverschrijding"].tolist() == ["–"]


def test_finance_texts_without_finances():
    both = pd.concat([CAPACITY, CAPACITY.assign(scenario="huurbevriezing")], ignore_index=True)
    assert finance_text.freeze_text(both, "Weller") == (
        "De huurbevriezing 2025-2026 is op 3 juni 2025 ingetrokken. Wat een bevriezing met het tekort zou hebben "
        "gedaan, is zonder financiële gegevens niet te zeggen.")
    result = SimpleNamespace(chosen=SimpleNamespace(capacity=CAPACITY), row_name="Weller",
                             params=SimpleNamespace(is_region=False, scope="Weller"))
    assert finance_text.note_missing(result, "Geen projectie") == (
        "Geen projectie: Weller heeft geen financiële gegevens geleverd.")
    result.params.scope = result.row_name = "Woonpunt"
    assert finance_text.note_missing(result, "Geen projectie") == (
        "Geen projectie: Woonpunt heeft geen opgave en geen financiële gegevens geleverd.")
    assert finance_text.format_task_table(pd.DataFrame(columns=["item", "n_units", "cost_eur"])).empty


# -------------------------------------------------------------------------------- monitor

def test_monitor_a_year_without_mutations_is_unknown_not_zero():
    """Weller forecast 3 sales for 2025 but its new delivery has no realisation figure for 2025."""
    prev = pd.DataFrame({"corporation": ["Weller"], "year": [2025], "mutation_type": ["VAH"], "count": [3],
                         "figure_status": ["prognose"]})
    cur = pd.DataFrame({"corporation": ["Weller"], "year": [2026], "mutation_type": ["VAH"], "count": [2],
                        "figure_status": ["prognose"]})
    projects = pd.DataFrame(columns=["corporation", "completion_year", "plan_status", "n_dwellings"])
    out = accuracy.compute_prognosis_accuracy(projects, prev, projects, cur, 2026)
    sales = out[out["measure"] != "nieuwbouw"].iloc[0]
    assert sales["prognosis"] == 3 and pd.isna(sales["realised"]) and pd.isna(sales["difference"])


# -------------------------------------------------------------------------------- display

def test_missing_shows_the_sentence_instead(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    missing.show_figure(None, "Geen figuur: niets geleverd.")
    missing.show_figure(object(), "niet getoond")
    missing.show_table(pd.DataFrame({"a": []}), "Tabel", "Geen tabel: niets geleverd.")
    assert [o.data for o in shown] == ["Geen figuur: niets geleverd.", "Geen tabel: niets geleverd."]
    assert missing.join_names(["Brunssum", "Heerlen", "Kerkrade"]) == "Brunssum, Heerlen en Kerkrade"
