"""The regional project portfolio of chapter 5: 51 projects and their funding schemes.

Reference data (``portfolio_projects.csv``); a project with two corporations counts for both.
"""

from __future__ import annotations

import pandas as pd

FUNDING_LABELS = {
    "volkshuisvestingsfonds": "Volkshuisvestingsfonds",
    "woningbouwimpuls": "Woningbouwimpuls",
    "startbouwimpuls": "Startbouwimpuls",
    "regio_deal": "Regio Deal",
    "du_bevolkingsdaling": "Decentralisatie-uitkering Bevolkingsdaling",
}


def summarise_portfolio_funding(portfolio: pd.DataFrame, by: str) -> pd.DataFrame:
    """Projects per ``by`` (``municipality``) with the number per funding scheme.

    ``portfolio`` has one row per project (or per project and corporation in long form) with
    boolean columns per scheme (:data:`FUNDING_LABELS`). Returns ``<by>, n_projects, <scheme>...``
    sorted by ``by``.
    """
    schemes = [c for c in FUNDING_LABELS if c in portfolio.columns]
    g = portfolio.groupby(by, sort=True)
    out = g.size().rename("n_projects").to_frame()
    for c in schemes:
        out[c] = g[c].apply(lambda s: int(s.fillna(False).astype(bool).sum()))
    return out.reset_index()


def portfolio_by_corporation(portfolio: pd.DataFrame, project_corporations: pd.DataFrame) -> pd.DataFrame:
    """The funding summary per corporation (a project with two corporations counts for both)."""
    long = project_corporations.merge(portfolio.drop(columns=["corporations"], errors="ignore"), on="nr")
    return summarise_portfolio_funding(long, "corporation")


def format_portfolio_list(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The 51 projects with their schemes as one Dutch text column (for display)."""
    schemes = [c for c in FUNDING_LABELS if c in portfolio.columns]
    text = portfolio[schemes].fillna(False).astype(bool).apply(
        lambda r: ", ".join(FUNDING_LABELS[c] for c in schemes if r[c]) or "–", axis=1)
    return pd.DataFrame({
        "nr": portfolio["nr"].astype("int64"),
        "project": portfolio["project"].astype(str),
        "municipality": portfolio["municipality"].astype(str),
        "corporations": portfolio["corporations"].fillna("–").astype(str).str.replace("|", ", ", regex=False),
        "funding": text,
    }).sort_values("nr").reset_index(drop=True)
