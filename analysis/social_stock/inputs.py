"""All reading for the social stock: the processed deliveries, reference tables and the CBS stock.

The only module of :mod:`analysis.social_stock` that opens a file. The total dwelling stock per
municipality (the denominator of the NPA's 30 % social share) is the real CBS figure shipped in
``data/raw/public`` (Kerncijfers wijken en buurten 2024, table 85984NED, ``Woningvoorraad_35``:
dwellings on 1 January 2024; ``data/raw/public/SOURCES.md`` item 1). A municipality without a
figure stays NA (unknown), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config

#: The shipped CBS file with the total dwelling stock per municipality (SOURCES.md item 1).
KWB_FILE = "cbs_kwb2024_85984NED_parkstad_basis.csv"
KWB_STOCK_COLUMN = "Woningvoorraad_35"
KWB_SOURCE_NL = "CBS Kerncijfers wijken en buurten 2024 (85984NED), woningvoorraad op 1 januari 2024"


@dataclass(frozen=True)
class SocialStockInputs:
    """What the social-stock analysis reads (see :func:`load_inputs`)."""

    year: int
    example_data: bool
    stock: pd.DataFrame
    projects: pd.DataFrame
    mutations: pd.DataFrame
    deliveries_corporation: pd.DataFrame
    targets: pd.DataFrame
    thresholds: pd.DataFrame
    municipalities: list[str]
    total_stock: pd.DataFrame
    portfolio: pd.DataFrame
    obligations: pd.DataFrame


def load_total_stock(public_dir: str | Path | None = None) -> pd.DataFrame:
    """The CBS total dwelling stock per Parkstad municipality.

    Returns ``municipality, n_total_stock, total_stock_source`` for every municipality of
    ``municipalities.csv``; ``n_total_stock`` is NA (Float64) where the file has no figure or the
    file is absent.
    """
    from analysis import reference

    munis = reference.municipalities()
    path = Path(public_dir or config.PUBLIC_DIR) / KWB_FILE
    values: dict[str, float] = {}
    if path.exists():
        raw = pd.read_csv(path, dtype={"WijkenEnBuurten": str})
        names = dict(zip(munis["code"], munis["name"], strict=True))
        for code, v in zip(raw["WijkenEnBuurten"], pd.to_numeric(raw[KWB_STOCK_COLUMN], errors="coerce"), strict=True):
            if code in names and not pd.isna(v):
                values[names[code]] = float(v)
    names = sorted(munis["name"].astype(str))
    return pd.DataFrame({
        "municipality": names,
        "n_total_stock": pd.array([values.get(m) for m in names], dtype="Float64"),
        "total_stock_source": KWB_SOURCE_NL,
    })


def load_obligations(directory=None) -> pd.DataFrame:
    """The duty of long-term affordability per funding scheme (``affordability_obligations.csv``)."""
    from analysis.reference import load_table

    return load_table("affordability_obligations",
                      {"scheme": "str", "tranche_nl": "str", "duty_nl": "str", "corporations_named": "str",
                       "promised_counts": "str", "quote": "str"},
                      optional=("corporations_named",), directory=directory)


def load_inputs(year: int, data_dir: str | Path | None = None, data=None) -> SocialStockInputs:
    """Load the processed deliveries of ``year`` (or use ``data``, already loaded) and the reference data."""
    from analysis import processed, reference

    data = data if data is not None else processed.load(year, data_dir or None)
    return SocialStockInputs(
        year=int(year), example_data=bool(data.example_data), stock=data.stock, projects=data.projects,
        mutations=data.mutations, deliveries_corporation=data.deliveries_corporation,
        targets=reference.targets(), thresholds=reference.thresholds(),
        municipalities=sorted(reference.municipalities()["name"].astype(str)),
        total_stock=load_total_stock(), portfolio=reference.portfolio_projects(), obligations=load_obligations())
