"""Dutch sentences and display tables of the social-stock agreements (afspraak 7, 14, NPA, chapter 5).

Numbers through :mod:`analysis.formatting`; a missing figure is said in words, never shown as 0.
"""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.missing import join_names
from analysis.price_classes import price_class_labels
from analysis.rules.scopes import REGION_NAME
from analysis.schemas import CODE_LISTS
from analysis.social_stock.distribution import UNKNOWN

LIMIT_WORDS = {"kwaliteitskortingsgrens": "kwaliteitskortingsgrens", "aftoppingsgrens_laag": "eerste aftoppingsgrens",
               "aftoppingsgrens_hoog": "tweede aftoppingsgrens", "liberalisatiegrens": "liberalisatiegrens"}
SEGMENT_WORDS = {"sociale_huur": "sociale huur", "middenhuur": "middenhuur", "betaalbare_koop": "betaalbare koop",
                 "vrije_sector": "vrije sector", "flex": "flex"}


def _type_word(code: str) -> str:
    return CODE_LISTS["dwelling_type"].get(code, (code,))[0]


def _n(x) -> str:
    return fmt.format_number(x)


def distribution_sentence(result) -> str:
    """Afspraak 14: the region's social stock by dwelling type and per municipality, and what is unknown."""
    year = result.year
    if result.social_limit_eur is None:
        return (f"De liberalisatiegrens van {year} ontbreekt in de referentietabel met huurgrenzen; zonder die grens is niet te zeggen "
                "welke woningen sociale huur zijn, dus is er geen 0-meting (afspraak 14).")
    d = result.distribution
    if d.empty:
        return ("Er is geen voorraadregister met sociale huurwoningen geleverd; de 0-meting van de verdeling van de "
                "sociale huur (afspraak 14) is niet te maken.")
    region = d[d["scope_type"] == "regio"]
    types = region.groupby("dwelling_type")["n_dwellings"].sum()
    munis = d[d["scope_type"] == "gemeente"].groupby("scope")["n_dwellings"].sum()
    text = (f"Op 1 januari {year} hebben de corporaties in {REGION_NAME} {_n(types.sum())} sociale huurwoningen "
            f"(netto huur tot en met de liberalisatiegrens van {fmt.format_eur(result.social_limit_eur)}): "
            + join_names([f"{_n(v)} {_type_word(k)}en" for k, v in types.items()])
            + ". Per gemeente: " + join_names([f"{m} {_n(v)}" for m, v in munis.items()]) + ".")
    if result.municipalities_without_stock:
        text += (" In de registers staan geen corporatiewoningen in " + join_names(result.municipalities_without_stock)
                 + ".")
    if result.missing_price_limits:
        text += (f" De prijsklasse binnen de sociale huur is voor {year} niet voor elke woning te bepalen: de "
                 + join_names([LIMIT_WORDS.get(t, t) for t in result.missing_price_limits])
                 + f" van {year} {'ontbreekt' if len(result.missing_price_limits) == 1 else 'ontbreken'} in "
                 "de referentietabel met huurgrenzen (niet geschat); die woningen staan als prijsklasse 'onbekend'.")
    no_district = int(d.loc[(d["scope_type"] == "gemeente") & (d["district"] == UNKNOWN), "n_dwellings"].sum())
    if no_district:
        text += f" Bij {_n(no_district)} woningen geeft het register geen wijk (wijk 'onbekend')."
    if result.corporations_without_register:
        text += (" Geen voorraadregister van " + join_names(result.corporations_without_register)
                 + "; hun woningen ontbreken in deze telling.")
    return text + (" Afspraak 14 plande de 0-meting in 2024; deze tabel is de verdeling volgens de registers van "
                   f"{year}, de basis voor het streefbeeld van wijken.")


def share_sentence(result) -> str:
    """NPA annex: the social share per municipality against the NPA's figure, and what it leaves out."""
    s = result.share
    if s.empty:
        return ("Er is geen voorraadregister geleverd; het aandeel sociale huur per gemeente (NPA: streefcijfer "
                "per gemeente) is niet te berekenen.")
    region = s[s["scope_type"] == "regio"].iloc[0]
    munis = s[s["scope_type"] == "gemeente"]
    target = region["target_pct"]
    if pd.isna(region["social_share_pct"]):
        head = ("Het aandeel sociale huur van de regio is niet te berekenen: "
                + ("de CBS-woningvoorraad ontbreekt voor " + join_names(result.municipalities_without_cbs)
                   if result.municipalities_without_cbs else "de sociale voorraad is niet bekend") + ".")
    else:
        head = (f"De corporaties hebben {fmt.format_percent(region['social_share_pct'], 1, fraction=False)} van alle "
                f"woningen in {REGION_NAME} als sociale huurwoning ({_n(region['n_social_corporation'])} van "
                f"{_n(region['n_total_stock'])}).")
    known = munis[munis["social_share_pct"].notna()]
    if not pd.isna(target) and len(known):
        above = known[known["social_share_pct"] >= target]
        below = known[known["social_share_pct"] < target]
        head += (f" Het streefcijfer van de landelijke afspraken is {fmt.format_percent(target, 0, fraction=False)} "
                 "per gemeente: " + (join_names(above["scope"].tolist()) + " " + ("zit" if len(above) == 1 else "zitten")
                                      + " erop of erboven" if len(above) else "geen gemeente haalt het")
                 + ("; eronder: " + join_names([f"{r.scope} ({fmt.format_percent(r.social_share_pct, 1, fraction=False)})"
                                                for r in below.itertuples()]) if len(below) else "") + ".")
    if result.municipalities_without_cbs and not pd.isna(region["social_share_pct"]):
        head += " Geen CBS-woningvoorraad voor " + join_names(result.municipalities_without_cbs) + "."
    source = region["total_stock_source"]
    head += (" Alleen corporatiewoningen tellen (sociale huur van andere verhuurders zit niet in de leveringen), dus "
             "het echte aandeel sociale huur is hoger of gelijk. Noemer: " + (str(source) if not pd.isna(source) else
                                                                           "CBS") + f"; de registers zijn van 1 januari {result.year}.")
    return head


def below_limit_sentence(result) -> str:
    """NPA annex: the stock below the NPA's rent limit and in the cheapest price class."""
    s = result.share
    if s.empty:
        return "Er is geen voorraadregister geleverd; de goedkope voorraad is niet te tellen."
    region = s[s["scope_type"] == "regio"].iloc[0]
    limit = region["npa_rent_limit_eur"]
    text = ""
    if not pd.isna(limit) and not pd.isna(region["n_rent_below_npa_limit"]):
        text = (f"Corporatiewoningen met een netto huur onder {fmt.format_eur(limit, 0)}: "
                f"{_n(region['n_rent_below_npa_limit'])} in {REGION_NAME}. De landelijke afspraken vragen de gemeente "
                "in de woonvisie vast te leggen hoeveel zulke woningen er moeten zijn; dat aantal staat niet in deze "
                "afspraken, dus de monitor toetst het niet.")
    label = price_class_labels()["goedkoop"].lower()
    if pd.isna(region["n_goedkoop"]):
        text += (f" Het aantal in de prijsklasse {label} (tot en met de kwaliteitskortingsgrens) is voor {result.year} "
                 "onbekend: die grens ontbreekt in de referentietabel met huurgrenzen.")
    else:
        text += f" In de prijsklasse {label} (tot en met de kwaliteitskortingsgrens): {_n(region['n_goedkoop'])}."
    return text.strip()


def obligations_sentence(result) -> str:
    """Chapter 5: the promised dwellings of the funded projects, how many come, which cannot be linked."""
    o, summ = result.obligations, result.obligations_summary
    region = summ[summ["scope_type"] == "regio"].iloc[0]
    text = ""
    if region["n_promised"] > 0:
        text = (f"Hoofdstuk 5 noemt voor {_n(region['n_projects_promised'])} projecten met een bijdrage uit de "
                f"Woningbouwimpuls {_n(region['n_promised'])} woningen die langjarig betaalbaar moeten blijven.")
        linked = region["n_promised"] - region["n_promised_not_linked"]
        if linked > 0:
            text += (f" Van de {_n(linked)} die aan een geleverd project te koppelen zijn, zijn er "
                     f"{_n(region['n_realised_toward'])} opgeleverd, {_n(region['n_hard_toward'])} hard gepland en "
                     f"{_n(region['n_soft_toward'])} alleen in zachte plannen; {_n(region['n_missing'])} komen (nog) "
                     "niet in de plannen voor.")
        if region["n_promised_not_linked"] > 0:
            text += (f" Voor {_n(region['n_promised_not_linked'])} toegezegde woningen is geen geleverd project "
                     "gevonden: of die komen, is onbekend.")
        rows = o[o["n_promised"].notna() | (o["status"] == "ander segment dan toegezegd")]
        parts = []
        for r in rows.itertuples():
            seg = SEGMENT_WORDS.get(str(r.segment), str(r.segment))
            if pd.isna(r.n_promised):
                parts.append(f"{r.project}: {_n(r.n_realised + r.n_planned_hard + r.n_planned_soft)} {seg}, "
                             "een segment dat niet is toegezegd")
            elif r.status == "niet te koppelen":
                parts.append(f"{r.project}: {_n(r.n_promised)} {seg} toegezegd, geen geleverd project gevonden")
            else:
                extra = f", {_n(r.n_missing)} te weinig" if r.n_missing and r.n_missing > 0 else ""
                parts.append(f"{r.project}: {_n(r.n_promised)} {seg} toegezegd, {r.status}{extra}")
        text += " Per project: " + "; ".join(parts) + "."
    unlinked = o[o["status"] == "niet te koppelen"].drop_duplicates("nr")
    n_funded = o["nr"].nunique()
    if len(unlinked):
        text += (f" Van de {_n(n_funded)} projecten met een bijdrage uit de Woningbouwimpuls, Startbouwimpuls of het "
                 f"Volkshuisvestingsfonds {'is' if len(unlinked) == 1 else 'zijn er'} {_n(len(unlinked))} niet te "
                 "koppelen aan een geleverd project (geen projectnummer of naam in de leveringen); voor die projecten "
                 "is niet te zien of de woningen komen.")
    return text.strip() or "Er zijn geen projecten met een plicht tot langjarige betaalbaarheid."


def sales_sentence(result) -> str:
    """Afspraak 7: sales to third parties as a signal, and what the counts cannot show."""
    s = result.sales_summary
    if result.sales_period is None:
        return "De afspraak over complexgewijze verkoop staat niet in de referentietabel met doelen."
    a, b = result.sales_period
    if s is None:
        return f"Er zijn geen mutatiecijfers geleverd; verkoop in {a}-{b} (afspraak 7) is niet te zien."
    r, f = s["realised"], s["forecast"]
    text = (f"Verkoop in {a}-{b}: gerealiseerd {_n(r['n_sold_third_party'])} woningen aan derden "
            f"({_n(r['n_sold_to_tenant'])} aan huurders, {_n(r['n_sold_to_investor'])} aan beleggers, "
            f"{_n(r['n_sold_other'])} overig) en {_n(r['n_sold_to_corporation'])} aan andere corporaties; in de "
            f"prognose {_n(f['n_sold_third_party'])} aan derden en {_n(f['n_sold_to_corporation'])} aan corporaties.")
    if s["status"] == "na te gaan":
        text += (" Afspraak 7 vraagt een complex eerst aan corporaties te verkopen. De mutaties tellen verkoop per "
                 "gemeente, jaar en soort koper, niet per complex en niet aan wie het eerst is aangeboden: of de "
                 "verkoop aan beleggers en overige derden complexgewijs was en eerst aan corporaties is aangeboden, "
                 "is na te gaan bij " + join_names(s["to_check"]) + ". Verkoop aan de zittende huurder is per "
                 "woning en geen complexverkoop.")
    else:
        text += " Geen verkoop aan beleggers of overige derden: geen signaal voor complexgewijze verkoop."
    return text


def display_distribution(distribution: pd.DataFrame) -> pd.DataFrame:
    """The 0-meting with Dutch headers and labels."""
    labels = {**price_class_labels(), UNKNOWN: "onbekend"}
    t = distribution.assign(price_class=distribution["price_class"].map(lambda c: labels.get(c, c)),
                            dwelling_type=distribution["dwelling_type"].map(_type_word))
    t = t.drop(columns=["scope_type"]).rename(columns={"scope": "gebied", "district": "wijk",
                                                      "price_class": "prijsklasse", "dwelling_type": "woningtype",
                                                      "n_dwellings": "sociale huurwoningen"})
    return fmt.format_frame(t, {"sociale huurwoningen": "int"})


def display_share(share: pd.DataFrame, status: pd.Series | None = None) -> pd.DataFrame:
    """The social share per municipality and the region, with Dutch headers (and the monitor's status)."""
    t = share.assign(social_share_pct=share["social_share_pct"] / 100.0)
    cols = {"scope": "gebied", "n_social_corporation": "sociale huur corporaties", "n_total_stock": "woningvoorraad (CBS)",
            "social_share_pct": "aandeel", "n_rent_below_npa_limit": "huur onder NPA-grens", "n_goedkoop": "goedkoop"}
    t = t[list(cols)].rename(columns=cols)
    out = fmt.format_frame(t, {"sociale huur corporaties": "int", "woningvoorraad (CBS)": "int", "aandeel": "pct",
                               "huur onder NPA-grens": "int", "goedkoop": "int"})
    if status is not None:
        out["status"] = list(status)
    return out


def display_obligations(obligations: pd.DataFrame) -> pd.DataFrame:
    """The funded projects with promised and delivered dwellings, Dutch headers."""
    t = obligations.assign(segment=obligations["segment"].map(lambda s: SEGMENT_WORDS.get(s, "–") if not pd.isna(s)
                                                              else "–"))
    # the portfolio number stays in the CSV; without it the table fits the width of A4
    cols = {"scope": "gemeente", "project": "project", "funding": "financiering", "segment": "segment",
            "n_promised": "toegezegd", "n_realised": "opgeleverd", "n_planned_hard": "hard gepland",
            "n_planned_soft": "zacht gepland", "n_missing": "ontbreekt", "status": "stand"}
    t = t[list(cols)].rename(columns=cols)
    # a soft hyphen lets the longest word break on paper (display only; the CSV keeps the name)
    t["financiering"] = (t["financiering"].astype("string")
                         .str.replace(r"(?<=\w)(impuls|fonds)\b", "\u00ad\\1", regex=True)
                         .str.replace("Volkshuis", "Volks\u00adhuis", regex=False))
    return fmt.format_frame(t, {c: "int" for c in ("toegezegd", "opgeleverd", "hard gepland", "zacht gepland",
                                                    "ontbreekt")})


def display_sales(sales: pd.DataFrame) -> pd.DataFrame:
    """Sales per municipality, corporation and year, Dutch headers."""
    cols = {"scope": "gebied", "corporation": "corporatie", "year": "jaar", "figure_status": "realisatie of prognose",
            "n_sold_to_tenant": "aan huurder", "n_sold_to_investor": "aan belegger", "n_sold_other": "overig",
            "n_sold_to_corporation": "aan corporatie", "status": "signaal"}
    t = sales[list(cols)].rename(columns=cols)
    return fmt.format_frame(t, {c: "int" for c in ("aan huurder", "aan belegger", "overig", "aan corporatie")})
