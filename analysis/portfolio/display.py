"""The display tables of analysis 1: Dutch headers, Dutch number formatting.

Each takes a result frame and returns the frame a report shows (:func:`analysis.outputs.show_table`).
A party's table shows its contribution to a regional target, never a verdict against it.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.forecast import text as forecast_text
from analysis.formatting import MISSING, format_frame, format_percent
from analysis.portfolio.words import (
    STATUS_LABELS,
    select_phase_years,
    target_label,
)
from analysis.rules.scopes import filter_to_scope


def _with_label(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["opgave"] = [target_label(s, a, b) for s, a, b in zip(out["segment"], out["period_start"], out["period_end"],
                                                              strict=True)]
    return out


def _yes_no(v) -> str:
    return MISSING if pd.isna(v) else ("ja" if v else "nee")


def display_gap_table(gap: pd.DataFrame, chances: pd.DataFrame | None = None) -> pd.DataFrame:
    """The portfolio gap rows: target, gap and chance for the region; the contribution for a party.

    A chance reads "0 %" or "100 %" only where ``chances`` (:attr:`PortfolioResult.chances`)
    says the plans decide it; else "< 1 %" or "> 99 %" at the edges.
    """
    df = _with_label(gap)
    exact = set()
    if chances is not None and len(chances):
        exact = {(a, b, c) for a, b, c, e in zip(chances["scope_type"], chances["scope"], chances["target_id"],
                                                 chances["exact"], strict=True) if e}
    keys = zip(df.get("scope_type", pd.Series("", index=df.index)), df.get("scope", pd.Series("", index=df.index)),
               df.get("target_id", pd.Series("", index=df.index)), strict=True)
    df["p_target_met"] = [forecast_text.format_probability(p, exact=k in exact) if pd.notna(p) else MISSING
                          for k, p in zip(keys, df["p_target_met"], strict=True)]
    if df["target"].notna().any():
        cols = ["opgave", "target", "realised", "planned_hard", "planned_soft", "gap", "expected", "expected_p10",
                "expected_p90", "p_target_met"]
    else:
        cols = ["opgave", "regional_target", "realised", "planned_hard", "planned_soft", "expected", "expected_p10",
                "expected_p90", "share_of_regional_target"]
    if df["scope"].nunique() > 1:
        cols = ["scope", *cols]
    ints = ("target", "regional_target", "realised", "planned_hard", "planned_soft", "gap", "expected",
            "expected_p10", "expected_p90")
    shown = format_frame(df[cols], {**dict.fromkeys(ints, "int"), "p_target_met": str,
                                    "share_of_regional_target": "pct"})
    return shown.rename(columns={
        "scope": "Gebied/partij", "opgave": "Opgave", "target": "Doel", "regional_target": "Regionaal doel",
        "realised": "Gerealiseerd", "planned_hard": "Gepland hard (incl. in aanbouw)",
        "planned_soft": "Gepland zacht + idee", "gap": "Restopgave (− = overschot)", "expected": "Verwacht",
        "expected_p10": "Verwacht 10 %", "expected_p90": "Verwacht 90 %", "p_target_met": "Kans doel gehaald",
        "share_of_regional_target": "Bijdrage aan het regionale doel"})


def display_developer_table(gap: pd.DataFrame) -> pd.DataFrame:
    """Corporation plans beside market plans per target."""
    df = _with_label(gap)
    df["total"] = df["realised"] + df["planned_hard"] + df["planned_soft"]
    shown = format_frame(df[["scope", "opgave", "corporation_dwellings", "market_dwellings", "total"]],
                         dict.fromkeys(("corporation_dwellings", "market_dwellings", "total"), "int"))
    return shown.rename(columns={"scope": "Gebied/partij", "opgave": "Opgave",
                                 "corporation_dwellings": "Corporaties (eigen levering)",
                                 "market_dwellings": "Markt (plancapaciteit gemeente)",
                                 "total": "Totaal gerealiseerd + gepland"})


def display_reconciliation_table(reconciliation: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """The municipal view of corporation plans against the corporations' own, summed per
    municipality (region, corporation) or per corporation (municipality)."""
    values = ["municipality_view", "corporation_view", "difference"]
    by = "corporation" if scope_type == "gemeente" else "municipality"
    rec = filter_to_scope(reconciliation, scope_type, scope).groupby(by, as_index=False)[values].sum()
    shown = format_frame(rec, dict.fromkeys(values, "int"))
    return shown.rename(columns={"municipality": "Gemeente", "corporation": "Corporatie",
                                 "municipality_view": "Volgens gemeente", "corporation_view": "Volgens corporatie",
                                 "difference": "Verschil"})


def display_pace_table(pace: pd.DataFrame) -> pd.DataFrame:
    """The pace still needed against the pace planned, per target."""
    df = _with_label(pace)
    df["op_tempo"] = df["on_pace"].map(_yes_no)
    cols = ["target", "realised_to_date", "remaining", "remaining_years", "pace_needed", "pace_planned",
            "pace_expected"]
    shown = format_frame(df[["opgave", *cols, "op_tempo"]], dict.fromkeys(cols, "int"))
    return shown.rename(columns={"opgave": "Opgave", "target": "Doel", "realised_to_date": "Gerealiseerd",
                                 "remaining": "Nog te realiseren", "remaining_years": "Resterende jaren",
                                 "pace_needed": "Nodig per jaar", "pace_planned": "Gepland per jaar",
                                 "pace_expected": "Verwacht per jaar (na uitval)", "op_tempo": "Plannen op tempo"})


def display_stock_change_table(stock_change: pd.DataFrame, phase: str = "q3") -> pd.DataFrame:
    """The social stock change per year (the years the phase emphasises)."""
    flows = ["new_build", "transformation", "inponding", "demolition", "sales", "sales_to_corporations",
             "purchases_from_corporations", "liberalisation", "net"]
    flows = [f for f in flows if f in stock_change]
    df = select_phase_years(stock_change, phase)
    shown = format_frame(df[["municipality", "year", "figure_status", *flows]], dict.fromkeys(flows, "int"))
    shown["year"] = shown["year"].astype(str)
    # soft hyphens (\u00ad) let the long headers break on paper, so twelve columns fit the width of A4
    return shown.rename(columns={
        "municipality": "Gebied/\u200bpartij", "year": "Jaar", "figure_status": "Cijfer",
        "new_build": "Nieuw\u00adbouw", "transformation": "Trans\u00adformatie", "inponding": "Inpon\u00adding",
        "demolition": "Sloop", "sales": "Verkoop aan derden",
        "sales_to_corporations": "Verkoop aan corporatie (niet afgetrokken)",
        "purchases_from_corporations": "Aankoop van corporatie (niet opgeteld)",
        "liberalisation": "Liberali\u00adsatie", "net": "Netto"})


def display_sales_table(sales: pd.DataFrame) -> pd.DataFrame:
    """Afspraak 7 per municipality; a corporation's own figures carry no signal of the agreement."""
    df = sales.copy()
    own = "scope_type" in df and (df["scope_type"] == "corporatie").any()
    flag_col = "Eigen verkoop hoger dan eigen toevoeging" if own else "Signaal afspraak 7"
    df["signaal"] = df["flag"].map({True: "ja", False: "nee"} if own else
                                   {True: "verkoop > toevoeging", False: "binnen afspraak"}).fillna(MISSING)
    values = ["sales", "additions", "sales_realised", "additions_realised", "sales_prognosis", "additions_prognosis"]
    shown = format_frame(df[["municipality", *values, "signaal", "missing_years"]], dict.fromkeys(values, "int"))
    return shown.rename(columns={
        "municipality": "Gemeente", "sales": "Verkoop aan derden", "additions": "Toevoeging sociale voorraad",
        "sales_realised": "Verkoop (realisatie)", "additions_realised": "Toevoeging (realisatie)",
        "sales_prognosis": "Verkoop (prognose)", "additions_prognosis": "Toevoeging (prognose)",
        "signaal": flag_col, "missing_years": "Jaren zonder cijfers"})


def display_inponding_table(inponding: pd.DataFrame, phase: str = "q3") -> pd.DataFrame:
    """Afspraak 8 per year: against the ambition (region) or as a contribution to it (a party)."""
    df = select_phase_years(inponding, phase)
    if df["target"].notna().any():
        df = df.assign(gehaald=df["meets_target"].map(_yes_no))
        cols, formats = ["target", "difference", "gehaald"], {"target": "int", "difference": "int"}
    else:
        cols, formats = ["share_of_regional_target"], {"share_of_regional_target": "pct"}
    shown = format_frame(df[["year", "figure_status", "inponding", *cols]], {"inponding": "int", **formats})
    shown["year"] = shown["year"].astype(str)
    return shown.rename(columns={"year": "Jaar", "figure_status": "Cijfer", "inponding": "Ingepond",
                                 "target": "Ambitie", "difference": "Verschil", "gehaald": "Ambitie gehaald",
                                 "share_of_regional_target": "Bijdrage aan de regionale ambitie"})


def display_probability_table(probabilities: pd.Series, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Realisation probabilities and their sources (without references to files of the suite)."""
    src = {} if sources is None else dict(zip(sources["plan_status"].astype(str), sources["source"].astype(str),
                                              strict=True))
    rows = []
    for status, p in probabilities.items():
        source = re.sub(r"\s*Zie docs/\S+", "", src.get(status, "")).strip()
        rows.append({"Planstatus": STATUS_LABELS.get(status, status), "Realisatiekans": format_percent(p, 0),
                     "Bron": source or ("per definitie gerealiseerd" if status == "opgeleverd" else "")})
    return pd.DataFrame(rows)


def _years_ahead_words(band: str) -> str:
    """``"0"`` -> ``"dit jaar"``, ``"1-2"`` -> ``"over 1-2 jaar"``, ``"3+"`` -> ``"over 3 jaar of later"``."""
    if band == "0":
        return "dit jaar"
    if band.endswith("+"):
        return f"over {band[:-1]} jaar of later"
    return f"over {band} jaar"


def display_outcome_table(parameters: pd.DataFrame) -> pd.DataFrame:
    """The plan outcome chances the simulation used, per plan status and years ahead, with their basis.

    ``parameters``: :attr:`PortfolioResult.outcome_parameters` (reference rows carry ``source``,
    calibrated ones ``basis_outcome``/``basis_delay``); references to files of the suite are left out.
    """
    from analysis.forecast.parameters import horizon_band

    def basis(r) -> str:
        if "basis_outcome" in r and isinstance(r["basis_outcome"], str) and r["basis_outcome"]:
            return r["basis_outcome"]
        text = str(r.get("source", "") or "")
        text = re.sub(r"\s*Zie docs/\S+(?:\s+F\d+(?:,\s*F\d+)*)?", "", text)
        return re.sub(r"\s*(?:van|in)?\s*[\w./-]+\.csv", "", text).strip()

    pct = lambda v: format_percent(v, 0)  # noqa: E731
    return pd.DataFrame({
        "Planstatus": [STATUS_LABELS.get(s, s) for s in parameters["plan_status"].astype(str)],
        "Oplevering gepland": [_years_ahead_words(b) for b in horizon_band(parameters)],
        "Op tijd": parameters["p_on_time"].map(pct).to_numpy(),
        "Vertraagd": parameters["p_delayed"].map(pct).to_numpy(),
        "Vervalt": parameters["p_dropped"].map(pct).to_numpy(),
        "Vertraging 1 / 2 / 3+ jaar": [f"{pct(a)} / {pct(b)} / {pct(c)}" for a, b, c in zip(
            parameters["p_delay_1"], parameters["p_delay_2"], parameters["p_delay_3plus"], strict=True)],
        "Gezamenlijke jaarschok (correlatie)": parameters["shock_correlation"].map(
            lambda v: format_percent(v, 0)).to_numpy(),
        "Basis": [basis(r) for _, r in parameters.iterrows()],
    })


def display_missing_table(missing: pd.DataFrame) -> pd.DataFrame:
    """Missing-data rows (one reassuring row when nothing is missing)."""
    if missing.empty:
        missing = pd.DataFrame([(MISSING, MISSING, "geen ontbrekende leveringen, afgewezen rijen of onlogische "
                                 "planstatussen gevonden")], columns=["topic", "subject", "detail"])
    return missing.rename(columns={"topic": "Onderwerp", "subject": "Wie/wat", "detail": "Toelichting"})


# The names before the package (``format_*_table``).
format_gap_table, format_developer_table = display_gap_table, display_developer_table
format_reconciliation_table, format_pace_table = display_reconciliation_table, display_pace_table
format_stock_change_table, format_sales_table = display_stock_change_table, display_sales_table
format_inponding_table, format_probability_table = display_inponding_table, display_probability_table
format_missing_table = display_missing_table
