"""The Dutch sentences of the portfolio report, each written out by hand on a tiny frame.

A party (municipality or corporation) never gets a verdict against a regional target: its
sentences speak of a "bijdrage aan het regionale doel" and never of a restopgave, a chance of
meeting the target or falling short of the ambition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import forecast
from analysis.portfolio import text

VERDICT_WORDS = ("restopgave", "overschot", "kans dat", "op koers", "achter", "onder de ambitie", "gehaald",
                 "blijft daarmee onder", "haalt daarmee")


def _no_verdict(sentence: str) -> None:
    low = sentence.lower()
    assert not [w for w in VERDICT_WORDS if w in low], sentence


# ---------------------------------------------------------------- intro

def test_intro_region():
    assert text.intro_text("q3", 2026, "regio", "Parkstad") == (
        "Deze rapportage gaat over **de regio Parkstad**, leveringsjaar 2026. Q3, bestuurlijke "
        "tussenrapportage: realisatie tot en met 2025 en prognose vanaf 2026 samen.")


def test_intro_municipality_says_the_targets_are_regional():
    assert text.intro_text("q1", 2026, "gemeente", "Heerlen") == (
        "Deze rapportage gaat over **gemeente Heerlen**, leveringsjaar 2026. Q1, prognose: de nadruk ligt op "
        "de plannen van 2026 tot en met de doelperiode (prognose uit de leveringen van 2026). De "
        "Woondeal-doelen zijn regionaal afgesproken; er is geen verdeling over gemeenten of corporaties. "
        "Daarom staat bij deze rapportage geen eigen doel, maar de bijdrage aan het regionale doel.")


# ---------------------------------------------------------------- portfolio gap

def _gap(rows: list[dict]) -> pd.DataFrame:
    base = {"segment": "sociale_huur", "period_start": 2022, "period_end": 2030, "target": np.nan, "gap": np.nan,
            "expected": np.nan, "p_target_met": np.nan, "regional_target": 100.0,
            "share_of_regional_target": np.nan, "remark": ""}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_gap_sentences_region():
    """Social rent: 30 + 25 + 10 = 65 of 100 (rest 35); total: 30 + 15 + 15 = 60 of 50 (surplus 10).

    Social rent: even every plan on time gives at most 65 < 100, so the chance is exactly 0 with
    that reason; the total's 0,996 is a simulation estimate, so "> 99 %", never "100 %".
    """
    gap = _gap([
        {"target_id": "s", "target": 100.0, "realised": 30.0, "planned_hard": 25.0, "planned_soft": 10.0, "gap": 35.0,
         "expected": 57.75, "expected_p10": 50.0, "expected_p90": 65.0, "p_target_met": 0.0},
        {"target_id": "t", "segment": "totaal", "target": 50.0, "realised": 30.0, "planned_hard": 15.0,
         "planned_soft": 15.0, "gap": -10.0, "expected": 52.4, "expected_p10": 51.0, "expected_p90": 55.0,
         "p_target_met": 0.996},
    ]).assign(scope_type="regio", scope="Parkstad")
    chances = pd.DataFrame([
        {"scope_type": "regio", "scope": "Parkstad", "target_id": "s", "exact": True,
         "reason": "zelfs als alle plannen op tijd komen blijven er 35 woningen tekort", "drivers": ""},
        {"scope_type": "regio", "scope": "Parkstad", "target_id": "t", "exact": False, "reason": "",
         "drivers": "Het verschil komt door uitval."},
    ])
    assert text.gap_sentences(gap, chances, forecast.probability_words()) == (
        "- **sociale huur 2022-2030**: 30 opgeleverd en 35 gepland, waarvan 25 hard of in aanbouw; doel 100, dus "
        "een restopgave van 35 als álle plannen op tijd doorgaan; kans dat het doel gehaald wordt: uitgesloten met "
        "de huidige plannen (0 %): zelfs als alle plannen op tijd komen blijven er 35 woningen tekort. Verwacht na "
        "vertraging en planuitval 58 woningen, met 80 % kans tussen 50 en 65.\n"
        "- **totaal nieuwbouw 2022-2030**: 30 opgeleverd en 30 gepland, waarvan 15 hard of in aanbouw; doel 50, "
        "dus een overschot van 10 als álle plannen op tijd doorgaan; kans dat het doel gehaald wordt: vrijwel "
        "zeker (> 99 %). Verwacht na vertraging en planuitval 52 woningen, met 80 % kans tussen 51 en 55. Het "
        "verschil komt door uitval.")
    shown = text.display_gap_table(gap, chances)
    assert shown["Kans doel gehaald"].tolist() == ["0 %", "> 99 %"]
    assert text.display_gap_table(gap)["Kans doel gehaald"].tolist() \
        == ["< 1 %", "> 99 %"]  # without the bounds a 0 is not known to be exact


def test_verdict_sentences_are_one_short_line_per_target():
    """The verdict box: doel, opgeleverd + gepland (25 + 10 = 35), verwacht with band, kans in words."""
    gap = _gap([
        {"target_id": "s", "target": 100.0, "realised": 30.0, "planned_hard": 25.0, "planned_soft": 10.0, "gap": 35.0,
         "expected": 57.75, "expected_p10": 50.0, "expected_p90": 65.0, "p_target_met": 0.0},
    ]).assign(scope_type="regio", scope="Parkstad")
    chances = pd.DataFrame([{"scope_type": "regio", "scope": "Parkstad", "target_id": "s", "exact": True,
                             "reason": "zelfs als alle plannen op tijd komen blijven er 35 woningen tekort",
                             "drivers": ""}])
    assert text.verdict_sentences(gap, chances, forecast.probability_words()) == (
        "- **sociale huur 2022-2030**: doel 100; 30 opgeleverd, 35 gepland; verwacht 58 (80 % kans tussen 50 en "
        "65); kans dat het doel gehaald wordt: uitgesloten met de huidige plannen (0 %): zelfs als alle plannen op "
        "tijd komen blijven er 35 woningen tekort.")
    party = _gap([{"realised": 30.0, "planned_hard": 20.0, "planned_soft": 0.0, "share_of_regional_target": 0.5}])
    out = text.verdict_sentences(party)
    assert out == "- **sociale huur 2022-2030**: 30 opgeleverd, 20 gepland; bijdrage aan het regionale doel van 100: 50,0 %."
    _no_verdict(out)


def test_the_shared_shock_is_explained_once_not_per_target():
    gap = _gap([
        {"target_id": t, "target": 100.0, "realised": 30.0, "planned_hard": 60.0, "planned_soft": 0.0, "gap": 10.0,
         "expected": 80.0, "expected_p10": 70.0, "expected_p90": 90.0, "p_target_met": 0.1} for t in ("a", "b")
    ]).assign(scope_type="regio", scope="Parkstad")
    drivers = "Het verschil komt door uitval. " + forecast.text.shock_sentence()
    chances = pd.DataFrame([{"scope_type": "regio", "scope": "Parkstad", "target_id": t, "exact": False,
                             "reason": "", "drivers": drivers} for t in ("a", "b")])
    out = text.gap_sentences(gap, chances, forecast.probability_words())
    assert out.count(forecast.text.shock_sentence()) == 1 and out.endswith(forecast.text.shock_sentence())
    assert out.count("Het verschil komt door uitval.") == 2


def test_gap_sentences_party_gives_the_contribution_not_a_verdict():
    """Heerlen: 30 realised + 20 hard = 50 of the regional 100; a corporation without a delivery."""
    gap = _gap([
        {"realised": 30.0, "planned_hard": 20.0, "planned_soft": 0.0, "share_of_regional_target": 0.5},
        {"segment": "flex", "realised": np.nan, "planned_hard": np.nan, "planned_soft": np.nan},
    ])
    out = text.gap_sentences(gap)
    assert out == (
        "- **sociale huur 2022-2030**: 30 opgeleverd en 20 gepland, waarvan 20 hard of in aanbouw; bijdrage aan "
        "het regionale doel van 100: 50,0 %.\n"
        "- **flex 2022-2030**: geen cijfers (geen levering).")
    _no_verdict(out)


def test_gap_sentences_without_targets():
    assert text.gap_sentences(_gap([]).iloc[:0]) == "Geen doelen gevonden in de referentiedata."


def test_remarks_text_keeps_the_longest_of_nested_remarks():
    gap = _gap([{"remark": "onvolledig: zonder levering van ZO Wonen"},
                {"remark": "onvolledig: zonder levering van ZO Wonen; zonder marktplannen van Kerkrade"},
                {"remark": ""}])
    assert text.remarks_text(gap) == (
        "**Let op:** Onvolledig: zonder levering van ZO Wonen; zonder marktplannen van Kerkrade.")
    assert text.remarks_text(_gap([{"remark": ""}])) == ""


# ---------------------------------------------------------------- afspraak 2: the share

SHARE_TARGET = pd.Series({"value": 40.0, "period_start": 2022, "period_end": 2030})


def _share(scope_type: str, scope: str, num: int, den: int) -> pd.DataFrame:
    return pd.DataFrame([{"scope_type": scope_type, "scope": scope, "target_id": "mid_affordable_share_new_build",
                          "numerator_dwellings": num, "denominator_dwellings": den,
                          "share_pct": 100 * num / den if den else np.nan}])


def test_programme_share_sentence_region():
    assert text.programme_share_sentence(_share("regio", "Parkstad", 35, 75), SHARE_TARGET) == (
        "Middenhuur en betaalbare koop vormen 46,7 % van het nieuwbouwprogramma 2022-2030 dat is opgeleverd of "
        "hard gepland (35 van 75 woningen). Het aandeel haalt daarmee de afspraak van minimaal 40 %.")
    assert text.programme_share_sentence(_share("regio", "Parkstad", 12, 75), SHARE_TARGET) == (
        "Middenhuur en betaalbare koop vormen 16,0 % van het nieuwbouwprogramma 2022-2030 dat is opgeleverd of "
        "hard gepland (12 van 75 woningen). Het aandeel blijft daarmee onder de afspraak van minimaal 40 %.")


def test_programme_share_sentence_party():
    out = text.programme_share_sentence(_share("gemeente", "Heerlen", 15, 45), SHARE_TARGET)
    assert out == (
        "In de plannen van gemeente Heerlen vormen middenhuur en betaalbare koop 33,3 % van de nieuwbouw "
        "2022-2030 die is opgeleverd of hard gepland (15 van 45 woningen). Dat is een bijdrage aan het regionale "
        "doel van minimaal 40 % voor het hele programma, geen eigen doel.")
    _no_verdict(out)


def test_programme_share_sentence_without_programme_or_target():
    assert text.programme_share_sentence(_share("regio", "Parkstad", 0, 0), SHARE_TARGET) == (
        "Er is geen nieuwbouw in 2022-2030 opgeleverd of hard gepland; het aandeel middenhuur en betaalbare koop "
        "is daarom niet te berekenen.")
    assert text.programme_share_sentence(_share("regio", "Parkstad", 1, 2).iloc[:0], None) == (
        "Er is geen doel voor het aandeel middenhuur en betaalbare koop in de referentiedata gevonden.")


# ---------------------------------------------------------------- afspraak 7

def _sales(municipalities, flags, complete=None) -> pd.DataFrame:
    n = len(municipalities)
    return pd.DataFrame({"municipality": municipalities, "flag": flags,
                         "complete": complete if complete is not None else [True] * n})


def test_sales_sentence_region():
    assert text.sales_sentence(_sales(["Brunssum", "Heerlen", "Kerkrade"], [True, False, True],
                                      [True, False, True])) == (
        "In **Brunssum en Kerkrade** verkopen de corporaties samen meer sociale huurwoningen aan derden dan er "
        "aan de sociale voorraad worden toegevoegd (signaal afspraak 7). Let op: voor Heerlen ontbreken "
        "mutatiecijfers voor een of meer jaren; de vergelijking gaat dan over de jaren met cijfers.")
    assert text.sales_sentence(_sales(["Brunssum", "Heerlen"], [False, False])) == (
        "In geen enkele gemeente verkopen de corporaties samen meer sociale huurwoningen aan derden dan er aan "
        "de sociale voorraad worden toegevoegd.")


def test_sales_sentence_municipality():
    assert text.sales_sentence(_sales(["Heerlen"], [False]), "gemeente", "Heerlen") == (
        "In Heerlen verkopen de corporaties samen niet meer sociale huurwoningen aan derden dan er aan de "
        "sociale voorraad worden toegevoegd.")
    assert text.sales_sentence(_sales(["Kerkrade"], [True]), "gemeente", "Kerkrade") == (
        "In **Kerkrade** verkopen de corporaties samen meer sociale huurwoningen aan derden dan er aan de "
        "sociale voorraad worden toegevoegd (signaal afspraak 7).")


def test_sales_sentence_corporation_own_figures_are_not_the_test():
    intro = ("De toets van afspraak 7 geldt per gemeente voor alle corporaties samen, niet per corporatie. "
             "Hieronder eerst de eigen verkoop aan derden en de eigen toevoegingen van Weller per gemeente (een "
             "bijdrage), daarna de toets voor alle corporaties samen. ")
    assert text.sales_sentence(_sales(["Heerlen", "Kerkrade"], [False, True]), "corporatie", "Weller") == (
        intro + "Weller verkoopt in **Kerkrade** meer aan derden dan zij er toevoegt.")
    out = text.sales_sentence(_sales(["Heerlen"], [False]), "corporatie", "Weller")
    assert out == intro + "Weller verkoopt in geen enkele gemeente meer aan derden dan zij er toevoegt."
    assert "signaal" not in out


def test_sales_sentence_without_rows():
    assert text.sales_sentence(_sales([], [])) == "Geen gegevens voor afspraak 7."


# ---------------------------------------------------------------- afspraak 8

def _inponding(values, statuses, target=100.0, regional=None) -> pd.DataFrame:
    years = list(range(2024, 2024 + len(values)))
    inp = pd.Series(values, dtype=float)
    meets = [pd.NA if pd.isna(v) or pd.isna(target) else bool(v >= target) for v in inp]
    out = pd.DataFrame({"year": years, "figure_status": statuses, "inponding": inp, "target": target,
                        "meets_target": meets})
    if regional is not None:
        out["regional_target"] = regional
    return out


def test_inponding_sentence_region():
    """Realised 90, 70 (mean 80); forecast 120, –, 60 (mean 90); all known (90+70+120+60)/4 = 85."""
    frame = _inponding([90, 70, 120, np.nan, 60], ["realisatie"] * 2 + ["prognose"] * 3)
    assert text.inponding_sentence(frame) == (
        "Inponding: gemiddeld 80 woningen per jaar gerealiseerd (2 jaar met cijfers) en 90 woningen per jaar "
        "volgens de prognose (2 jaar). Over alle jaren met cijfers is dat gemiddeld 85 per jaar, tegenover de "
        "ambitie van zo'n 100 per jaar. Onder de ambitie in: 2024, 2025, 2028. Geen cijfers voor: 2027 (niet "
        "als nul geteld).")


def test_inponding_sentence_region_ambition_met_and_no_realisation():
    assert text.inponding_sentence(_inponding([100, 110, 120], ["realisatie"] * 2 + ["prognose"])) == (
        "Inponding: gemiddeld 105 woningen per jaar gerealiseerd (2 jaar met cijfers) en 120 woningen per jaar "
        "volgens de prognose (1 jaar). Over alle jaren met cijfers is dat gemiddeld 110 per jaar, tegenover de "
        "ambitie van zo'n 100 per jaar. In alle jaren met cijfers is de ambitie gehaald.")
    assert text.inponding_sentence(_inponding([np.nan, np.nan, 50], ["realisatie"] * 2 + ["prognose"])) == (
        "Inponding: geen realisatiecijfers en 50 woningen per jaar volgens de prognose (1 jaar). Over alle jaren "
        "met cijfers is dat gemiddeld 50 per jaar, tegenover de ambitie van zo'n 100 per jaar. Onder de ambitie "
        "in: 2026. Geen cijfers voor: 2024, 2025 (niet als nul geteld).")


def test_inponding_sentence_party_is_a_contribution():
    """Realised 15, 20 (mean 17,5), forecast 25; all (15+20+25)/3 = 20 = 20 % of the regional 100."""
    frame = _inponding([15, 20, 25], ["realisatie"] * 2 + ["prognose"], target=np.nan, regional=100.0)
    out = text.inponding_sentence(frame)
    assert out == (
        "Inponding: gemiddeld 17,5 woningen per jaar gerealiseerd (2 jaar met cijfers) en 25 woningen per jaar "
        "volgens de prognose (1 jaar). Over alle jaren met cijfers is dat gemiddeld 20 per jaar: een bijdrage "
        "van 20,0 % aan de regionale ambitie van zo'n 100 per jaar.")
    _no_verdict(out)


def test_inponding_sentence_without_figures():
    assert text.inponding_sentence(_inponding([np.nan, np.nan], ["realisatie", "prognose"])) == (
        "Er zijn geen inpondingscijfers geleverd.")


# ---------------------------------------------------------------- words and tables

@pytest.mark.parametrize(("names", "joined"), [(["Heerlen"], "Heerlen"), (["Brunssum", "Heerlen"], "Brunssum en Heerlen"),
                                               (["A", "B", "C"], "A, B en C")])
def test_join_names(names, joined):
    assert text.join_names(names) == joined


def test_regional_mark_only_outside_the_region():
    assert text.regional_mark("regio", text.ALL_CORPORATIONS) is None
    assert text.regional_mark("corporatie", text.ALL_CORPORATIONS) == "alle corporaties samen"


def test_probability_table_leaves_out_file_references():
    probs = pd.Series({"opgeleverd": 1.0, "hard": 0.85})
    sources = pd.DataFrame({"plan_status": ["hard"], "source": ["Aanname: vuistregel 130 %. Zie docs/assumptions/portfolio.md"]})
    shown = text.display_probability_table(probs, sources)
    assert shown.to_dict("records") == [
        {"Planstatus": "opgeleverd", "Realisatiekans": "100 %", "Bron": "per definitie gerealiseerd"},
        {"Planstatus": "hard", "Realisatiekans": "85 %", "Bron": "Aanname: vuistregel 130 %."}]


def test_display_tables_of_a_party_carry_no_verdict_column():
    gap = _gap([{"scope": "Heerlen", "realised": 30.0, "planned_hard": 20.0, "planned_soft": 0.0, "expected": 47.0,
                 "expected_p10": 40.0, "expected_p90": 50.0, "share_of_regional_target": 0.5}])
    shown = text.display_gap_table(gap)
    assert "Bijdrage aan het regionale doel" in shown.columns and "Kans doel gehaald" not in shown.columns
    assert shown["Bijdrage aan het regionale doel"].tolist() == ["50,0 %"]
    inponding = _inponding([15, 20], ["realisatie", "prognose"], target=np.nan, regional=100.0)
    inponding["share_of_regional_target"] = inponding["inponding"] / 100
    shown = text.display_inponding_table(inponding)
    assert list(shown.columns) == ["Jaar", "Cijfer", "Ingepond", "Bijdrage aan de regionale ambitie"]
    own = pd.DataFrame({"scope_type": ["corporatie"], "scope": ["Weller"], "municipality": ["Heerlen"],
                        "sales": [20.0], "additions": [15.0], "sales_realised": [20.0], "additions_realised": [15.0],
                        "sales_prognosis": [0.0], "additions_prognosis": [0.0], "flag": [True],
                        "missing_years": ["2026"]})
    shown = text.display_sales_table(own)
    assert "Signaal afspraak 7" not in shown.columns
    assert shown["Eigen verkoop hoger dan eigen toevoeging"].tolist() == ["ja"]


def test_reconciliation_table_per_scope():
    """The municipal view of corporation plans, summed per municipality or per corporation::

        Heerlen   Weller     20 vs 5    -> 15
        Heerlen   HEEMwonen   0 vs 6    -> -6
        Kerkrade  Weller      3 vs 3    ->  0
    """
    rec = pd.DataFrame({"municipality": ["Heerlen", "Heerlen", "Kerkrade"],
                        "corporation": ["HEEMwonen", "Weller", "Weller"],
                        "segment": ["middenhuur", "sociale_huur", "sociale_huur"],
                        "municipality_view": [0, 20, 3], "corporation_view": [6, 5, 3], "difference": [-6, 15, 0]})
    rows = {k: text.display_reconciliation_table(rec, *k).values.tolist()
            for k in (("regio", "Parkstad"), ("gemeente", "Heerlen"), ("corporatie", "Weller"))}
    assert rows == {("regio", "Parkstad"): [["Heerlen", "20", "11", "9"], ["Kerkrade", "3", "3", "0"]],
                    ("gemeente", "Heerlen"): [["HEEMwonen", "0", "6", "-6"], ["Weller", "20", "5", "15"]],
                    ("corporatie", "Weller"): [["Heerlen", "20", "5", "15"], ["Kerkrade", "3", "3", "0"]]}
