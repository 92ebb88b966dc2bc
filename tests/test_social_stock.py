"""analysis.social_stock on tiny literal frames with hand-computed expectations (issue 14)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import social_stock as ss
from analysis.social_stock import text

#: 2024 limits (thresholds.csv): goedkoop <= 454,47 < betaalbaar_1 <= 650,43 < betaalbaar_2 <= 697,07
#: < duur <= 879,66 (liberalisatiegrens) < middenhuur.
STOCK = pd.DataFrame({
    "corporation": ["A", "A", "A", "B", "B"],
    "municipality": ["Heerlen", "Heerlen", "Heerlen", "Kerkrade", "Kerkrade"],
    "district": ["Centrum", None, "Centrum", "Noord", "Noord"],
    "dwelling_type": ["EGW", "MGW", "EGW", "EGW", "EGW"],
    "net_rent_eur": [400.0, 800.0, 454.47, 600.0, 900.0],
})
MUNIS = ["Heerlen", "Kerkrade", "Simpelveld"]


def test_distribution_per_municipality_and_wijk_and_region_is_their_sum():
    """
    municipality district  type rent    -> social? class
    Heerlen      Centrum   EGW  400     -> yes goedkoop
    Heerlen      (none)    MGW  800     -> yes duur
    Heerlen      Centrum   EGW  454,47  -> yes goedkoop (tot en met)
    Kerkrade     Noord     EGW  600     -> yes betaalbaar_1
    Kerkrade     Noord     EGW  900     -> no (above 879,66)
    """
    d = ss.compute_social_stock_distribution(ss.classify_social_stock(STOCK, 2024))
    rows = {(r.scope, r.district, r.price_class, r.dwelling_type): r.n_dwellings for r in d.itertuples()}
    assert rows == {
        ("Heerlen", "Centrum", "goedkoop", "EGW"): 2, ("Heerlen", "onbekend", "duur", "MGW"): 1,
        ("Kerkrade", "Noord", "betaalbaar_1", "EGW"): 1,
        ("Parkstad", "alle wijken", "goedkoop", "EGW"): 2, ("Parkstad", "alle wijken", "betaalbaar_1", "EGW"): 1,
        ("Parkstad", "alle wijken", "duur", "MGW"): 1,
    }
    region = d[d["scope_type"] == "regio"].groupby(["price_class", "dwelling_type"])["n_dwellings"].sum()
    munis = d[d["scope_type"] == "gemeente"].groupby(["price_class", "dwelling_type"])["n_dwellings"].sum()
    pd.testing.assert_series_equal(region, munis)


def test_a_missing_lower_limit_makes_the_class_unknown_not_guessed():
    """2026: kwaliteitskortingsgrens and aftoppingsgrenzen are not found; liberalisatiegrens 932,93 is.
    Social: 400, 800, 454,47, 600, 900 all <= 932,93 -> 5 social, every class 'onbekend'."""
    dw = ss.classify_social_stock(STOCK, 2026)
    assert dw["is_social"].tolist() == [True] * 5
    assert set(dw["price_class"]) == {"onbekend"}
    summary = ss.summarise_social_stock(dw, MUNIS, 550.0, 2026)
    assert summary["n_goedkoop"].isna().all()  # unknown, never 0
    assert summary["n_rent_below_npa_limit"].tolist() == [2.0, 0.0, 0.0]  # 400 and 454,47 < 550


def test_social_share_per_municipality_and_a_region_line_that_reconciles():
    """
    Heerlen: 3 social of 3 register dwellings; CBS 10 -> 30,0 %. Kerkrade: 1 social (600) of 2; CBS 20 -> 5,0 %.
    Simpelveld: no corporation dwelling (0, the registers were delivered); CBS 5 -> 0,0 %.
    Region: 4 / 35 = 11,43 % (not the mean of the shares, 11,67 %).
    Below 550: Heerlen 2 (400, 454,47), Kerkrade 0. Goedkoop 2024: Heerlen 2.
    """
    summary = ss.summarise_social_stock(ss.classify_social_stock(STOCK, 2024), MUNIS, 550.0, 2024)
    total = pd.DataFrame({"municipality": MUNIS, "n_total_stock": pd.array([10, 20, 5], dtype="Float64"),
                          "total_stock_source": "CBS"})
    s = ss.compute_social_share(summary, total, 30.0, 550.0).set_index("scope")
    assert s["n_social_corporation"].tolist() == [3.0, 1.0, 0.0, 4.0]
    assert s["n_total_stock"].tolist() == [10.0, 20.0, 5.0, 35.0]
    assert np.allclose(s["social_share_pct"].astype(float), [30.0, 5.0, 0.0, 400 / 35])
    assert s.loc["Parkstad", "n_rent_below_npa_limit"] == 2.0 and s.loc["Parkstad", "n_goedkoop"] == 2.0
    munis = s[s["scope_type"] == "gemeente"]
    for c in ("n_social_corporation", "n_total_stock", "n_rent_below_npa_limit", "n_corporation_stock"):
        assert munis[c].sum() == s.loc["Parkstad", c]


def test_a_missing_cbs_figure_leaves_the_share_unknown_and_the_sentence_says_so():
    summary = ss.summarise_social_stock(ss.classify_social_stock(STOCK, 2024), MUNIS, 550.0, 2024)
    total = pd.DataFrame({"municipality": MUNIS, "n_total_stock": pd.array([10, None, 5], dtype="Float64"),
                          "total_stock_source": "CBS"})
    s = ss.compute_social_share(summary, total, 30.0, 550.0).set_index("scope")
    assert pd.isna(s.loc["Kerkrade", "social_share_pct"]) and pd.isna(s.loc["Parkstad", "n_total_stock"])

    class R:  # the fields the sentence reads
        share, municipalities_without_cbs, year = s.reset_index(), ["Kerkrade"], 2024
    assert text.share_sentence(R).startswith(
        "Het aandeel sociale huur van de regio is niet te berekenen: de CBS-woningvoorraad ontbreekt voor Kerkrade.")


PORTFOLIO = pd.DataFrame({
    "nr": [32, 40, 46, 7], "project": ["DSM", "Industriestraat", "Schilterstraat", "Rumpenerstraat"],
    "municipality": ["Heerlen", "Kerkrade", "Simpelveld", "Brunssum"],
    "woningbouwimpuls": [True, True, True, False], "startbouwimpuls": [False] * 4,
    "volkshuisvestingsfonds": [False, False, False, True],
    "wbi_social_rent_dwellings": [72, 20, 50, None], "wbi_mid_rent_dwellings": [44, None, None, None],
})
PROJECTS = pd.DataFrame({
    "corporation": ["WL", "WL", "KW", "KW", "X"],
    "project_id": ["WL-1", "WL-2", "KW-1", "KW-2", "X-1"],
    "project_name": ["DSM-locatie", "DSM-locatie", "Plan Zuid", "Plan Zuid", "Schilterstraat"],
    "municipality": ["Heerlen", "Heerlen", "Simpelveld", "Simpelveld", "Heerlen"],
    "segment": ["sociale_huur", "middenhuur", "sociale_huur", "middenhuur", "sociale_huur"],
    "n_dwellings": [60, 44, 40, 10, 99], "plan_status": ["hard", "in_aanbouw", "opgeleverd", "opgeleverd", "hard"],
    "completion_year": [2027, 2028, 2025, 2025, 2026],
    "remark": ["", "", "bijlage projectenportefeuille nr. 46; toegezegd 50", "projectenportefeuille nr. 46", ""],
})


def test_obligations_link_by_number_or_name_and_show_what_comes():
    """
    DSM (Heerlen): linked by name ('dsm' in 'dsmlocatie'): social 72 promised, 60 hard -> 12 missing, tekort;
      mid 44 promised, 44 hard (in_aanbouw) -> komt.
    Industriestraat: nothing delivered -> niet te koppelen, counts unknown (NA), never 0.
    Schilterstraat: linked by the portfolio number in the remark (KW-1, KW-2; X-1 in Heerlen is another
      municipality): social 50 promised, 40 realised -> 10 missing, tekort; 10 middenhuur not promised.
    Rumpenerstraat (VHF, no number): niet te koppelen.
    """
    o = ss.compute_affordability_obligations(PORTFOLIO, PROJECTS)
    rows = {(r.nr, r.segment if isinstance(r.segment, str) else None): r for r in o.itertuples()}
    dsm_s, dsm_m = rows[(32, "sociale_huur")], rows[(32, "middenhuur")]
    assert (dsm_s.n_promised, dsm_s.n_planned_hard, dsm_s.n_missing, dsm_s.status) == (72, 60, 12, "tekort")
    assert (dsm_m.n_planned_hard, dsm_m.n_missing, dsm_m.status) == (44, 0, "komt (hard gepland)")
    ind = rows[(40, "sociale_huur")]
    assert ind.status == "niet te koppelen" and pd.isna(ind.n_realised) and pd.isna(ind.n_missing)
    sch = rows[(46, "sociale_huur")]
    assert (sch.n_realised, sch.n_missing, sch.status) == (40, 10, "tekort")
    assert rows[(46, "middenhuur")].status == "ander segment dan toegezegd"
    assert rows[(7, None)].status == "niet te koppelen"
    assert "X X-1" not in (sch.linked_projects or "")


def test_obligations_summary_caps_at_the_promise_and_the_region_is_the_sum():
    """Linked promises: 72 + 44 + 50 = 166; not linked: Industriestraat 20.
    Realised toward: Schilterstraat 40; hard toward: DSM 60 + 44 = 104; missing 12 + 0 + 10 = 22.
    The 10 middenhuur of Schilterstraat were not promised and make up for nothing."""
    o = ss.compute_affordability_obligations(PORTFOLIO, PROJECTS)
    summ = ss.summarise_obligations(o, ["Brunssum", "Heerlen", "Kerkrade", "Simpelveld"]).set_index("scope")
    region = summ.loc["Parkstad"]
    assert (region["n_promised"], region["n_promised_not_linked"]) == (186.0, 20.0)
    assert (region["n_realised_toward"], region["n_hard_toward"], region["n_missing"]) == (40.0, 104.0, 22.0)
    assert region["n_projects_not_linked"] == 2.0
    munis = summ.drop(index="Parkstad")
    for c in ("n_promised", "n_promised_not_linked", "n_realised_toward", "n_hard_toward", "n_missing"):
        assert munis[c].sum() == region[c]


MUTATIONS = pd.DataFrame({
    "corporation": ["A", "A", "B", "B", "A", "A"],
    "municipality": ["Heerlen", "Heerlen", "Kerkrade", "Kerkrade", "Heerlen", "Heerlen"],
    "year": [2024, 2024, 2024, 2024, 2023, 2027],
    "mutation_type": ["VAB", "VAC", "VAH", "VAC", "VAB", "VAO"],
    "count": [12, 3, 2, 5, 9, 1],
    "figure_status": ["realisatie", "realisatie", "realisatie", "realisatie", "realisatie", "prognose"],
})


def test_third_party_sales_flag_what_could_be_a_complex_sale():
    """
    Heerlen A 2024: VAB 12, VAC 3 -> third party 12, to corporation 3, na te gaan.
    Kerkrade B 2024: VAH 2, VAC 5 -> third party 2 (to the tenant: never a complex), geen signaal.
    Heerlen A 2023: before the period 2024-2028, left out. Heerlen A 2027 prognose: VAO 1 -> na te gaan.
    Region 2024 realisatie: third party 14, to corporation 8, na te gaan.
    """
    s = ss.compute_third_party_sales(MUTATIONS, 2024, 2028)
    key = {(r.scope, r.corporation, r.year, r.figure_status): r for r in s.itertuples()}
    h = key[("Heerlen", "A", 2024, "realisatie")]
    assert (h.n_sold_to_investor, h.n_sold_third_party, h.n_sold_to_corporation, h.status) == (12, 12, 3, "na te gaan")
    k = key[("Kerkrade", "B", 2024, "realisatie")]
    assert (k.n_sold_to_tenant, k.n_sold_third_party, k.status) == (2, 2, "geen signaal")
    assert ("Heerlen", "A", 2023, "realisatie") not in key
    r = key[("Parkstad", "alle corporaties", 2024, "realisatie")]
    assert (r.n_sold_third_party, r.n_sold_to_corporation, r.status) == (14, 8, "na te gaan")
    summary = ss.summarise_third_party_sales(s, delivered=True)
    assert summary["realised"]["n_sold_third_party"] == 14 and summary["forecast"]["n_sold_other"] == 1
    assert summary["to_check"] == ["A"] and summary["status"] == "na te gaan"
    assert ss.summarise_third_party_sales(s.iloc[:0], delivered=False) is None


def test_no_register_gives_sentences_not_a_crash():
    dw = ss.classify_social_stock(STOCK.iloc[:0], 2024)
    assert ss.compute_social_stock_distribution(dw).empty
    assert ss.summarise_social_stock(dw, MUNIS, 550.0, 2024).empty

    class R:
        year, social_limit_eur = 2024, 879.66
        distribution = ss.compute_social_stock_distribution(dw)
        share = ss.compute_social_share(ss.summarise_social_stock(dw, MUNIS, 550.0, 2024),
                                        pd.DataFrame(columns=["municipality", "n_total_stock", "total_stock_source"]),
                                        30.0, 550.0)
    assert text.distribution_sentence(R) == (
        "Er is geen voorraadregister met sociale huurwoningen geleverd; de 0-meting van de verdeling van de sociale "
        "huur (afspraak 14) is niet te maken.")
    assert text.share_sentence(R).startswith("Er is geen voorraadregister geleverd")


def test_cbs_total_stock_is_the_shipped_cbs_figure():
    """SOURCES.md item 1: KWB 2024 Woningvoorraad_35, Heerlen 46.697 (also quoted in SOURCES.md item 3)."""
    total = ss.load_total_stock().set_index("municipality")
    assert len(total) == 7 and total.loc["Heerlen", "n_total_stock"] == 46697
