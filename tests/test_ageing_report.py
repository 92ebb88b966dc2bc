"""The ageing chain end to end on tiny hand-made inputs, and every Dutch sentence it writes.

Two municipalities, base year 2020, reporting year 2030, horizon 2040, target 10 clustered
dwellings and an agreement figure of 8 persons::

    municipality  65+ 2020  75+ 2020   growth to 2040: 65+ x1,2  75+ x1,5 (linear)
    A             100       40         -> 2030: 110 / 50   2040: 120 / 60
    B              50       20         -> 2030:  55 / 25   2040:  60 / 30

    prevalence 65-74: 0,05 (low) 0,10 (high); 75+: 0,25 / 0,30; corporation share 0,3 / 0,4; 1 dwelling per person

    persons 2040  A: low 0,05*60 + 0,25*60 = 18   high 0,10*60 + 0,30*60 = 24   -> need 5,4 / 9,6
                  B: low 0,05*30 + 0,25*30 =  9   high 0,10*30 + 0,30*30 = 12   -> need 2,7 / 4,8
    persons 2030  A: low 0,05*60 + 0,25*50 = 15,5 high 0,10*60 + 0,30*50 = 21   -> need 4,65 / 8,4
    persons 2020  A: 13 / 18, B: 6,5 / 9 -> region 19,5 / 27; 2040 region 27 / 36 -> increase 7,5 / 9

    stock   A: BAT 1 (geschikt, rent 550), BAT 0 (ongeschikt, rent 500); B: BAT 2 (geschikt, rent 700)
    projects A nultreden 3 hard 2035 goedkoop | A geclusterd 2 opgeleverd 2025 | B geclusterd 4 zacht 2032
    supply 2040: A 1 + 3 = 4, B 1 (zacht does not count) -> gap 2040 A 1,4 / 5,6, B 1,7 / 3,8
    clustered: key 75+ 2040 60:30 -> 10 split 7 / 3 (largest remainder); pipeline A 2, B 4 -> gap 5 / -1; region 10, 6, 4
"""

from __future__ import annotations

import builtins
from dataclasses import replace

import pandas as pd
import pytest

from analysis import ageing
from analysis.ageing import text

REFERENCE = ageing.AgeingReference(
    prevalence=pd.DataFrame({"age_group": ["65_74", "65_74", "75plus", "75plus"], "variant": ["low", "high"] * 2,
                             "prevalence": [0.05, 0.10, 0.25, 0.30]}),
    growth=pd.DataFrame({"scenario": ["midden", "midden"], "age_group": ["65plus", "75plus"],
                         "base_year": [2020, 2020], "target_year": [2040, 2040], "growth_factor": [1.2, 1.5]}),
    classes=pd.DataFrame({"system": ["bat"] * 4, "code": ["0", "1", "2", "3"],
                          "accessibility_class": ["ongeschikt", "geschikt", "geschikt", "geschikt"]}),
    pipeline_status=pd.DataFrame({"plan_status": ["opgeleverd", "in_aanbouw", "hard", "zacht", "idee"],
                                  "in_supply": [True, True, True, False, False],
                                  "in_clustered_count": [True, True, True, True, False]}),
    parameters=pd.DataFrame({"parameter": ["corporation_share_of_need", "corporation_share_of_need",
                                           "dwellings_per_person_with_need"],
                             "variant": ["low", "high", None], "value": [0.3, 0.4, 1.0]}),
)
STOCK = pd.DataFrame({"municipality": ["A", "A", "B"], "bat_stars": pd.array([1, 0, 2], dtype="Int64"),
                      "accessibility_label": [None] * 3, "housing_form": ["REG"] * 3,
                      "net_rent_eur": [550.0, 500.0, 700.0]})
PROJECTS = pd.DataFrame({"municipality": ["A", "A", "B"], "housing_form": ["nultreden", "geclusterd", "geclusterd"],
                         "n_dwellings": pd.array([3, 2, 4], dtype="Int64"),
                         "completion_year": pd.array([2035, 2025, 2032], dtype="Int64"),
                         "plan_status": ["hard", "opgeleverd", "zacht"], "rent_class": ["goedkoop", "goedkoop", None]})
INPUTS = ageing.AgeingInputs(
    year=2030, stock=STOCK, projects=PROJECTS, example_data=True, reference=REFERENCE,
    elderly_base=pd.DataFrame({"municipality": ["A", "B"], "base_year": [2020, 2020],
                               "elderly_65plus": [100.0, 50.0], "elderly_75plus": [40.0, 20.0]}),
    population_source="testbron", forecast=None,
    targets={ageing.TARGET_ELDERLY: 8.0, ageing.TARGET_CLUSTERED: 10.0}, first_cap_eur=600.0, first_cap_year=2030)


def _run(scope_type="regio", scope="Parkstad"):
    return ageing.analyse(INPUTS, ageing.AgeingParams(scope_type=scope_type, scope=scope, scenario="midden",
                                                      horizon=2040))


@pytest.fixture(scope="module")
def region():
    return _run()


@pytest.fixture(scope="module")
def muni_a():
    return _run("gemeente", "A")


def test_analyse_reads_no_file(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("analyse leest een bestand")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(pd, "read_csv", refuse)
    monkeypatch.setattr(pd, "read_parquet", refuse)
    first, second = _run(), _run()
    pd.testing.assert_frame_equal(first.need_table, second.need_table)  # deterministic


def test_need_table_region_is_sum_of_municipalities(region):
    t = region.need_table.set_index(["scope", "year"])
    assert list(region.need_table.columns) == list(ageing.NEED_COLUMNS)
    assert region.need_table["scope"].drop_duplicates().tolist() == ["Parkstad", "A", "B"]
    assert t.loc[("A", 2040), ["need_low", "need_high", "suitable_supply"]].tolist() == pytest.approx([5.4, 9.6, 4])
    assert t.loc[("B", 2040), ["need_low", "need_high", "suitable_supply"]].tolist() == pytest.approx([2.7, 4.8, 1])
    assert t.loc[("Parkstad", 2040), ["need_low", "need_high", "suitable_supply", "gap_low", "gap_high"]
                 ].tolist() == pytest.approx([8.1, 14.4, 5, 3.1, 9.4])
    assert t.loc[("A", 2030), ["need_low", "need_high", "suitable_supply"]].tolist() == pytest.approx([4.65, 8.4, 1])
    assert region.reconciliation.iloc[0][["increase_low", "increase_high"]].tolist() == pytest.approx([7.5, 9.0])


def test_municipality_sees_its_own_rows(muni_a):
    assert set(muni_a.need_table["scope"]) == {"A"} and set(muni_a.need_table["scope_type"]) == {"gemeente"}
    assert muni_a.clustered_gap.values.tolist() == [["gemeente", "A", 7, 2, 5]]
    assert muni_a.supply_table[["scope", "geschikt", "total"]].values.tolist() == [["A", 1, 2]]
    assert muni_a.affordability["scope"].unique().tolist() == ["A"]
    assert muni_a.increase[["scope", "increase_low", "increase_high"]].values.tolist() == [["A", 5.0, 6.0]]
    # the map stays regional: every municipality
    assert muni_a.gap_map["scope"].tolist() == ["A", "B"]
    assert muni_a.party == "A" and text.regional_mark(muni_a) == "alle gemeenten samen"


def test_clustered_and_affordability_region(region):
    assert region.clustered_gap.values.tolist() == [["regio", "Parkstad", 10, 6, 4], ["gemeente", "A", 7, 2, 5],
                                                     ["gemeente", "B", 3, 4, -1]]
    a = region.affordability.set_index(["scope", "what"])
    # stock: A 550 <= 600 affordable, B 700 not; pipeline: A 3 goedkoop (B's zacht plan does not count)
    assert a.loc[("Parkstad", "voorraad geschikt"), ["n_total", "n_affordable"]].tolist() == [2, 1]
    assert a.loc[("Parkstad", "pijplijn"), ["n_total", "n_affordable"]].tolist() == [3, 3]
    assert region.party is None and text.regional_mark(region) is None


# ------------------------------------------------------------------------------ sentences


def test_text_need_municipality(muni_a):
    assert text.text_need(muni_a) == (
        "In A wonen in 2030 naar schatting 110 65-plussers, van wie 50 75-plussers; in 2040 zijn dat er 120 en 60. "
        "De behoefte aan geschikte corporatiewoningen voor ouderen met een beperking ligt in 2030 tussen 5 en 8 en "
        "in 2040 tussen 5 en 10. Het geschikte aanbod (voorraad plus zekere pijplijn) is 1 in 2030 en 4 in 2040. "
        "Het tekort in 2040 ligt daarmee tussen 1 en 6 woningen (een negatief getal betekent meer geschikte "
        "woningen dan de geschatte behoefte).")


def test_text_need_warns_without_stock(muni_a):
    empty = replace(muni_a, supply_table=muni_a.supply_table.assign(total=0))
    assert text.text_need(empty).startswith(
        "**Let op: de leveringen bevatten geen corporatiewoningen in A; het aanbod is daardoor 0.** In A wonen")


def test_text_pipeline(region, muni_a):
    assert text.text_pipeline(muni_a) == (
        "De projectenlijsten van de corporaties bevatten voor A 3 geschikte woningen (nultreden, geclusterd of "
        "zorggeschikt) met oplevering vanaf 2030. Daarvan tellen er 3 mee als aanbod (planstatus opgeleverd, in "
        "aanbouw of hard); 0 met planstatus zacht of idee tellen niet mee.")
    assert text.text_pipeline(region) == (
        "De projectenlijsten van de corporaties bevatten voor Parkstad 7 geschikte woningen (nultreden, geclusterd "
        "of zorggeschikt) met oplevering vanaf 2030. Daarvan tellen er 3 mee als aanbod (planstatus opgeleverd, in "
        "aanbouw of hard); 4 met planstatus zacht of idee tellen niet mee.")
    nothing = replace(muni_a, pipeline=muni_a.pipeline.iloc[0:0])
    assert text.text_pipeline(nothing) == (
        "De projectenlijsten van de corporaties bevatten voor A geen geschikte woningen (nultreden, geclusterd of "
        "zorggeschikt) met oplevering vanaf 2030.")


def test_text_clustered_region(region):
    assert text.text_clustered(region) == (
        "De opgave voor geclusterde woningen is circa 10 voor de hele regio. De projectenlijsten van de corporaties "
        "bevatten 6 geclusterde of zorggeschikte woningen (planstatus opgeleverd, in aanbouw, hard of zacht). Er "
        "resteert een regionale opgave van 4 woningen. De tabel verdeelt de opgave ter oriëntatie over de gemeenten "
        "naar hun aandeel in de 75-plussers in 2040 (grootste-restmethode); die verdeelsleutel is een voorstel van "
        "deze analyse, geen afspraak.")


def test_text_clustered_municipality_is_a_bijdrage(muni_a):
    # A's key share: 60 of 90 75-plussers = 66,7 %
    assert text.text_clustered(muni_a) == (
        "De opgave van circa 10 geclusterde woningen is een regionaal doel: er is geen opgave per gemeente "
        "afgesproken. De bijdrage van A aan het regionale doel: 2 geclusterde of zorggeschikte woningen (planstatus "
        "opgeleverd, in aanbouw, hard of zacht) in de projectenlijsten van de corporaties; de hele regio heeft er 6, "
        "zodat er regionaal nog 4 resteren. Ter oriëntatie: verdeeld naar het aandeel van A in de 75-plussers van "
        "Parkstad in 2040 (66,7 %) is het deel van A 7 woningen. Die verdeelsleutel is een voorstel van deze "
        "analyse, geen afspraak.")
    zero = replace(muni_a, clustered_gap=muni_a.clustered_gap.assign(pipeline_units=0))
    assert ("De projectenlijsten van de corporaties bevatten voor A nog geen geclusterde of zorggeschikte woningen "
            "(planstatus opgeleverd, in aanbouw, hard of zacht), en dus nog geen bijdrage aan het regionale doel; "
            "de hele regio heeft er 6,") in text.text_clustered(zero)
    assert text.caption_clustered(muni_a) == "Regionale opgave geclusterde woningen en de bijdrage van A"
    shown = text.display_clustered(muni_a)
    assert shown["gebied"].tolist() == ["Parkstad", "A (bijdrage)"]
    assert shown.iloc[:, -1].tolist() == ["4", "–"]  # no remaining target of its own


def test_text_reconciliation_branches(region, muni_a):
    tail = (" (ABF-prognose 2020). De afspraak valt binnen deze bandbreedte.")
    assert text.text_reconciliation(region).startswith(
        "Met de standaardinstellingen (scenario midden) neemt het aantal ouderen met een mobiliteitsbeperking of "
        "zorgvraag in Parkstad tussen 2020 en 2040 toe met **8 tot 9 personen**. De prestatieafspraken noemen "
        "**circa 8**" + tail + "\n\nWaarom de cijfers verschillen:")
    assert text.text_reconciliation(muni_a).startswith(
        "Deze vergelijking gaat over de hele regio (alle gemeenten samen): de afspraak noemt één getal voor "
        "Parkstad, niet een getal per gemeente. Met de standaardinstellingen (scenario midden)")
    assert ("De afspraak valt binnen deze bandbreedte. In A zelf neemt het aantal in dezelfde periode toe met 5 tot "
            "6 personen; dat is het deel van A in de regionale toename.\n\n") in text.text_reconciliation(muni_a)
    low = replace(region, reconciliation=region.reconciliation.assign(agreement=20.0))
    assert "Dat is 11 tot 13 minder dan de afspraak." in text.text_reconciliation(low)  # 20 - 9, 20 - 7,5
    high = replace(region, reconciliation=region.reconciliation.assign(agreement=5.0))
    assert "Dat is 3 tot 4 meer dan de afspraak." in text.text_reconciliation(high)  # 7,5 - 5, 9 - 5


def test_text_affordability(region, muni_a):
    assert text.text_affordability(muni_a) == (
        "Eerste aftoppingsgrens: € 600,00 (prijspeil 2030). Van de geschikte corporatiewoningen heeft 100,0 % "
        "(1 van 1) een huur tot en met deze grens; van de geschikte woningen in de pijplijn 100,0 % (3 van 3, op "
        "basis van de opgegeven huurklasse).")
    older = replace(region, first_cap_year=2029)
    assert text.text_affordability(older).startswith(
        "Eerste aftoppingsgrens: € 600,00 (prijspeil 2029). De grens voor 2030 is niet gevonden in een bron; "
        "daarom is de grens van 2029 gebruikt (niet geïndexeerd). Van de geschikte corporatiewoningen heeft 50,0 % "
        "(1 van 2)")
    assert text.text_affordability(replace(region, first_cap_year=None)) == (
        "De eerste aftoppingsgrens is voor dit jaar niet bekend in de referentietabel; de betaalbaarheid kan niet "
        "worden bepaald.")


def test_population_and_captions(region, muni_a):
    assert text.text_population(region) == (
        "Bron van de bevolking: testbron. Projectie naar 2040: scenario midden. De aantallen voor het "
        "rapportagejaar zijn dus ook geschat, geen telling.")
    assert text.describe_population_cbs("03759ned", "2026-11-23", 2025) == (
        "CBS StatLine-tabel 03759ned, opgehaald op 2026-11-23 (peildatum 1 januari 2025)")
    assert text.describe_population_bands(2020) == (
        "bevolking naar 10-jaarsleeftijdsklasse, peildatum niet vermeld (circa 2020); 65+ en 75+ geschat door de "
        "klassen 60-69 en 70-79 te halveren (aanname)")
    assert text.caption_gap_map(muni_a) == (
        "Kaart: tekort aan geschikte corporatiewoningen per gemeente in 2040, het midden van de bandbreedte (een "
        "negatief getal is een overschot op papier) (regionaal: alle gemeenten samen). A is omlijnd.")
    assert text.caption_gap_map(region).endswith("overschot op papier).")
    assert text.text_intro(region).startswith(
        "Afspraak 4 van de Regionale Prestatieafspraken Parkstad Limburg 2024-2028: het aantal ouderen met een "
        "mobiliteitsbeperking of zorgvraag neemt tot 2040 met circa 8 personen toe (ABF-prognose 2020), en er is "
        "een bouwopgave van circa 10 geclusterde woningen,")


def test_text_accountability_names_counted_statuses(region):
    assert text.text_accountability(region) == "\n".join([
        "- Behoefte = ouderen (65-74 en 75+) x aandeel met een loophulpmiddel of zorgvraag (laag/hoog, WoON "
        "2015/2018) x het deel dat op de corporatievoorraad is aangewezen (aanname, laag/hoog). Elke bron en "
        "aanname staat in de referentietabellen en het aannamelogboek van de analysesuite.",
        "- Aanbod = geschikte corporatiewoningen op 1 januari plus nultreden-, geclusterde en zorggeschikte woningen "
        "uit de pijplijn (oplevering vanaf het rapportagejaar, planstatus opgeleverd, in aanbouw of hard). Sloop en "
        "verkoop van geschikte woningen zijn niet meegenomen.",
        "- Tekort = behoefte min aanbod. Een geschikte woning is niet altijd bewoond door iemand die hem nodig "
        "heeft: de toewijzing (afspraak 4, vrije toewijzingsruimte) bepaalt of het aanbod ook bij de doelgroep "
        "terechtkomt.",
        "- De cijfers voor Parkstad zijn de som van de 2 gemeenten.",
        "- De opgave geclusterde woningen is één regionaal doel. Ter oriëntatie is zij verdeeld over de gemeenten "
        "naar hun aandeel in de 75-plussers in het horizonjaar, afgerond met de grootste-restmethode zodat de delen "
        "precies optellen tot de regionale opgave. Voor een gemeente is dat deel haar bijdrage aan het regionale "
        "doel, geen eigen opgave.",
    ])


def test_display_tables_have_dutch_headers(region, muni_a):
    assert text.display_supply(muni_a).values.tolist() == [["A", "1", "0", "1", "0", "2", "50,0 %"]]
    assert text.display_elderly(region)["gebied"].tolist() == ["Parkstad", "A", "B"]
    assert text.display_elderly(region).iloc[0]["75+ 2040"] == "90"
    need = text.display_need_table(muni_a)
    assert need["jaar"].tolist() == [2030, 2035, 2040]
    assert need.iloc[-1]["behoefte (woningen)"] == "5 tot 10"


def test_check_pipeline_status_names_missing_status():
    with pytest.raises(ValueError, match="planstatus 'idee' ontbreekt"):
        ageing.check_pipeline_status(REFERENCE.pipeline_status.iloc[:4])


# ------------------------------------------------------------------------------ figures and inputs


def test_figures_follow_the_shared_api(region, muni_a):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from analysis.ageing import figures

    assert isinstance(figures.plot_need_and_supply(muni_a), Figure)
    assert isinstance(figures.plot_supply_by_class(region, highlight="A"), Figure)
    assert isinstance(figures.plot_pipeline(region), Figure)
    assert figures.plot_pipeline(replace(muni_a, pipeline=muni_a.pipeline.iloc[0:0])) is None
    real = replace(muni_a, gap=muni_a.gap.assign(municipality=muni_a.gap["municipality"].map(
        {"A": "Heerlen", "B": "Kerkrade"})), scope="Heerlen")
    fig = figures.plot_gap_map(real, highlight="Heerlen", regional="alle gemeenten samen")
    ax = fig.axes[0]
    assert ax.get_title().endswith("(regionaal: alle gemeenten samen)")
    bold = [t.get_text().split("\n")[0] for t in ax.texts if t.get_fontweight() == "bold"]
    assert bold == ["Heerlen"]
    assert sorted(c.get_linewidth()[0] for c in ax.collections)[-1] == 3.0
    plt.close("all")


def test_load_inputs_reads_every_input(tiny_processed, tmp_path, monkeypatch):
    from analysis import cbs, processed

    monkeypatch.setattr(cbs, "load_cached_population", lambda directory=None: None)
    year = processed.available_years(tiny_processed)[-1]
    forecast = tmp_path / "prognose.csv"
    forecast.write_text("municipality,year,elderly_65plus,elderly_75plus,source\n"
                        "Kerkrade,2030,13000,7000,Primos 2024\n", encoding="utf-8")
    inputs = ageing.load_inputs(year, tiny_processed, forecast_file=str(forecast))
    assert inputs.year == year and len(inputs.elderly_base) == 7
    assert inputs.population_source.startswith("bevolking naar 10-jaarsleeftijdsklasse")
    assert inputs.forecast["municipality"].tolist() == ["Kerkrade"]
    assert set(inputs.targets) == {ageing.TARGET_ELDERLY, ageing.TARGET_CLUSTERED}
    assert inputs.first_cap_year is not None and inputs.first_cap_year <= year
    result = ageing.analyse(inputs, ageing.AgeingParams("regio", "Parkstad", "midden", 2040))
    assert result.uses_forecast and text.projection_phrase(result) == "prognose (levering)"
    forecast.write_text("municipality,year,elderly_65plus,elderly_75plus,source\nAtlantis,2030,1,1,x\n",
                        encoding="utf-8")
    with pytest.raises(ValueError, match="onbekende gemeente 'Atlantis'"):
        ageing.load_inputs(year, tiny_processed, forecast_file=str(forecast))
