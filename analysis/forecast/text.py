"""Probabilities in plain Dutch, with their band and what drives them.

A board member reads "0 %" as "impossible" and "> 99 %" as "certain". The simulation only says
that when it is true: 0 when even every plan on time cannot reach the target, 1 when the target is
already realised. Any other chance below 1 % reads "vrijwel uitgesloten (< 1 %)", above 99 %
"vrijwel zeker (> 99 %)". The words come from ``probability_words.csv`` (the IPCC likelihood scale).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.formatting import format_number, format_percent

SHOCK_DRIVERS = "rente, bouwkosten, vergunningen en stikstof"
_STATUS_WORDS = {"in_aanbouw": "plannen in aanbouw", "hard": "harde plannen", "zacht": "zachte plannen",
                 "idee": "ideeën"}


@dataclass(frozen=True)
class TargetChance:
    """The chance a target is met and whether it is exact (not a simulation estimate).

    Attributes:
        p: the chance (share of simulations, or exactly 0 / 1).
        exact: True when the plans decide it without chance.
        reason: why it is exact (Dutch), else empty.
    """

    p: float
    exact: bool
    reason: str = ""


def chance_of_target(totals, target: float, *, minimum: float, maximum: float) -> TargetChance:
    """The chance that the simulated ``totals`` reach ``target``, exact where the plans decide it.

    Args:
        totals: simulated totals (one per simulation).
        target: the target (dwellings).
        minimum, maximum: the least and the most the plans can give within the period
            (:func:`analysis.forecast.model.plan_bounds`; the minimum includes what is realised).
    """
    if minimum >= target:
        return TargetChance(1.0, True, "het doel wordt gehaald met wat gerealiseerd is en zeker komt")
    if maximum < target:
        short = format_number(target - maximum)
        return TargetChance(0.0, True, f"zelfs als alle plannen op tijd komen blijven er {short} woningen tekort")
    totals = np.asarray(totals, dtype=float)
    return TargetChance(float(np.mean(totals >= target)) if totals.size else np.nan, False)


def format_probability(p: float, *, exact: bool = False) -> str:
    """``"< 1 %"``, ``"> 99 %"`` or the whole percentage; ``"0 %"`` and ``"100 %"`` only when ``exact``."""
    if pd.isna(p):
        return "onbekend"
    if exact and p in (0.0, 1.0):
        return format_percent(p, 0)
    if p < 0.01:
        return "< 1 %"
    if p > 0.99:
        return "> 99 %"
    return format_percent(p, 0)


def words_for(p: float, words: pd.DataFrame, *, exact: bool = False) -> str:
    """The words of the band of ``p`` (``probability_words.csv``); exact 0 and 1 say so."""
    if pd.isna(p):
        return "onbekend"
    if exact and p == 0.0:
        return "uitgesloten met de huidige plannen"
    if exact and p == 1.0:
        return "zeker"
    hit = words[(words["p_min"] <= p) & (p < words["p_max"])]
    return str(hit["words_nl"].iloc[0] if len(hit) else words["words_nl"].iloc[-1])


def describe_chance(chance: TargetChance, words: pd.DataFrame) -> str:
    """``"zeer onwaarschijnlijk (4 %)"``; an exact chance with its reason."""
    text = f"{words_for(chance.p, words, exact=chance.exact)} ({format_probability(chance.p, exact=chance.exact)})"
    return f"{text}: {chance.reason}" if chance.exact and chance.reason else text


def describe_drivers(losses: pd.DataFrame, period_end: int, *, shock: bool) -> str:
    """What lowers the expectation below "every plan on time", from :func:`analysis.forecast.expected_losses`.

    Names the larger of delay beyond the period and drop-out first, each with the plan status
    that loses most, and the shared shock as the reason the band is wide.
    """
    if losses is None or losses.empty or float(losses[["lost_dropped", "lost_delay"]].sum().sum()) <= 0:
        parts = []
    else:
        kinds = [("lost_delay", f"vertraging tot na {period_end}"), ("lost_dropped", "uitval")]
        kinds.sort(key=lambda k: -float(losses[k[0]].sum()))
        parts = []
        for col, label in kinds:
            total = float(losses[col].sum())
            if round(total) < 1:
                continue
            top = losses.sort_values(col, ascending=False).iloc[0]
            parts.append(f"{label} ({format_number(total)} woningen, vooral {_STATUS_WORDS.get(top['plan_status'], top['plan_status'])})")
    text = "Het verschil met alle plannen op tijd komt door " + " en ".join(parts) + "." if parts else \
        "Alle plannen tellen volledig mee."
    if shock:
        text += " " + shock_sentence()
    return text


def shock_sentence() -> str:
    """Why the band is wide: the shared yearly shock, in one sentence (said once per report)."""
    return (f"Plannen vallen niet los van elkaar tegen: een gezamenlijke tegen- of meewind ({SHOCK_DRIVERS}) "
            "raakt alle plannen van een jaar tegelijk en maakt de band breder.")


def target_chance_sentence(label: str, target: float, period: tuple[int, int], chance: TargetChance,
                           expected: float, band: tuple[float, float], words: pd.DataFrame) -> str:
    """One sentence a board member reads correctly: the chance in words, the expectation and its band.

    Example: "Kans dat het doel van 2.430 woningen sociale huur in 2024-2028 wordt gehaald: zeer
    onwaarschijnlijk (4 %). Verwacht: 2.100 woningen, met 80 % kans tussen 1.900 en 2.300."
    """
    lo, hi = band
    return (f"Kans dat het doel van {format_number(target)} woningen {label} in {period[0]}-{period[1]} wordt "
            f"gehaald: {describe_chance(chance, words)}. Verwacht: {format_number(expected)} woningen, met 80 % "
            f"kans tussen {format_number(lo)} en {format_number(hi)}.")


BACKTEST_HEADERS = {"scope": "Partij", "forecast_year": "Jaar", "planned": "Eigen planning", "forecast_mean": "Verwacht",
                    "band": "Band 10-90 %", "realised": "Gerealiseerd", "in_band": "Binnen de band",
                    "crps": "CRPS (woningen)", "p_plan_met": "Kans planning gehaald", "remark": "Opmerking"}


def display_backtest(frame: pd.DataFrame) -> pd.DataFrame:
    """The backtest (:func:`analysis.monitoring.backtest.backtest`) as a Dutch display table."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=list(BACKTEST_HEADERS.values()))
    out = pd.DataFrame({
        "scope": frame["scope"], "forecast_year": frame["forecast_year"].astype(int).astype(str),
        "planned": frame["planned"].map(format_number), "forecast_mean": frame["forecast_mean"].map(format_number),
        "band": [("–" if pd.isna(a) else f"{format_number(a)}-{format_number(b)}")
                 for a, b in zip(frame["forecast_p10"], frame["forecast_p90"], strict=True)],
        "realised": frame["realised"].map(format_number),
        "in_band": frame["in_band"].map(lambda v: "–" if pd.isna(v) else ("ja" if v else "nee")),
        "crps": frame["crps"].map(lambda v: format_number(v, 1)),
        "p_plan_met": frame["p_plan_met"].map(format_probability),
        "remark": frame["remark"].fillna(""),
    })
    return out.rename(columns=BACKTEST_HEADERS).reset_index(drop=True)


def backtest_sentence(summary: pd.DataFrame) -> str:
    """How often last year's forecasts held: the region's years in the band and the corporations' share.

    A well calibrated 10-90 % band holds about 8 in 10 realisations; far more means the band is
    too wide, far fewer that it is too narrow or biased.
    """
    if summary is None or summary.empty:
        return ("Er is nog geen prognose te toetsen: daarvoor zijn de leveringen van twee opeenvolgende jaren "
                "nodig.")
    region = summary[summary["scope_type"] == "regio"]
    corp = summary[summary["scope_type"] == "corporatie"]
    parts = []
    if len(region):
        r = region.iloc[0]
        inside = int(round(r["coverage"] * r["n_years"]))
        parts.append(f"Voor de regio lag de gerealiseerde oplevering in {inside} van de {int(r['n_years'])} jaren "
                     f"binnen de band van 10-90 % van de prognose uit de levering van dat jaar (verwacht "
                     f"{format_number(r['forecast_total'])}, gerealiseerd {format_number(r['realised_total'])} woningen).")
    if len(corp):
        years = int(corp["n_years"].sum())
        inside = int(round(float((corp["coverage"] * corp["n_years"]).sum())))
        parts.append(f"Bij de corporaties was dat {inside} van de {years} keer ({format_percent(inside / years, 0)}).")
    parts.append("Bij een goede prognose ligt ongeveer 8 op de 10 realisaties binnen de band.")
    return " ".join(parts)
