"""Fixed inputs of the example-data generator (:mod:`analysis.deliveries.example_data`).

Constants of the example world, the parameters (``data/raw/example/generator/parameters.csv``
and ``presence.csv``, each row with its source or "Aanname: ..."), the public calibration
inputs in ``data/raw/public`` and the rent index derived from the parameters.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config, reference
from analysis.rules.efg import LABEL_ORDER, load_rules

__all__ = [
    "DEFAULT_SEED", "EFG", "ETLOCAL_FILE", "FIRST_YEAR", "GENERATOR_DIR", "KWB_FILE", "LABELS",
    "LAST_YEAR", "PERIODS", "PROJECT_PREFIX", "TINY_CORPORATIONS", "TINY_MUNICIPALITIES",
    "TINY_YEARS", "TYPES", "Parameters", "load_calibration", "load_parameters", "rent_index",
]

#: Where the generator's parameters live (with sources), next to the example deliveries.
GENERATOR_DIR = config.EXAMPLE_DIR / "generator"
KWB_FILE = "cbs_kwb2024_85984NED_parkstad_basis.csv"
ETLOCAL_FILE = "etlocal_2023_woningvoorraad_type_bouwperiode_parkstad.csv"

FIRST_YEAR = 2022  # first year of the programme window (Woondeal 2022-2030)
LAST_YEAR = 2030  # last prognosis year in a delivery
DEFAULT_SEED = 20240531

#: Build-period buckets of the ETM/PBL stock file: (first, last) build year of the bucket.
PERIODS = {
    "before_1945": (1900, 1944),
    "1945_1964": (1945, 1964),
    "1965_1984": (1965, 1984),
    "1985_2004": (1985, 2004),
    "2005_present": (2005, 2021),
}
TYPES = ("apartments", "terraced_houses", "semi_detached_houses", "detached_houses")
#: Energy labels best to worst and the labels to phase out: the EFG rule's (analysis.rules.efg).
LABELS = LABEL_ORDER
EFG = load_rules().efg_labels

#: The tiny test set: corporations and municipalities kept.
TINY_CORPORATIONS = ("Weller", "HEEMwonen")
TINY_MUNICIPALITIES = ("Heerlen", "Kerkrade")
TINY_YEARS = (2025, 2026)

#: Prefix of a corporation's project ids (distinct, so plan names never collide in a municipality).
PROJECT_PREFIX = {"heemwonen": "HW", "krijtland": "KW", "vanhier": "VW", "vincio": "VI", "weller": "WE",
                  "wonenlimburg": "WL", "wonenzuid": "WZ", "woonpunt": "WP", "zowonen": "ZO"}


class Parameters:
    """Generator parameters: ``value(parameter, key)``; a missing key falls back to ``default``."""

    def __init__(self, table: pd.DataFrame, presence: pd.DataFrame):
        self.table = table
        self.presence = presence
        self._values: dict[str, dict[str, float]] = {}
        for p, k, v in zip(table["parameter"], table["key"], table["value"], strict=True):
            self._values.setdefault(str(p), {})[str(k)] = float(v)

    def value(self, parameter: str, key: str = "") -> float:
        if parameter not in self._values:
            raise KeyError(f"parameter '{parameter}' ontbreekt in {GENERATOR_DIR / 'parameters.csv'}")
        values = self._values[parameter]
        if key in values:
            return values[key]
        if "default" in values:
            return values["default"]
        raise KeyError(f"parameter '{parameter}' heeft geen waarde voor '{key}' en geen default")

    def mapping(self, parameter: str) -> dict[str, float]:
        return dict(self._values.get(parameter, {}))


def load_parameters(directory: Path | None = None) -> Parameters:
    """Load ``parameters.csv`` and ``presence.csv`` (both with a ``source`` per row)."""
    directory = Path(directory) if directory is not None else GENERATOR_DIR
    table = reference.load_table(
        "parameters", {"parameter": "str", "key": "str", "value": "float", "description": "str"},
        optional=("key",), directory=directory,
    )
    presence = reference.load_table(
        "presence", {"municipality": "str", "corporation": "str", "share": "float"}, directory=directory,
    )
    table = table.astype({"parameter": object, "key": object, "value": float})
    table["key"] = table["key"].where(table["key"].notna(), "")
    presence = presence.astype({"municipality": object, "corporation": object, "share": float})
    return Parameters(table=table, presence=presence)


def load_calibration(public_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """CBS KWB 2024 (inhabitants, dwelling stock) and PBL/ETM stock by type and period.

    Returns:
        ``kwb`` with columns municipality, inhabitants, dwelling_stock; and ``etm`` long with
        municipality, type, period, n_dwellings.
    """
    public_dir = Path(public_dir) if public_dir is not None else config.PUBLIC_DIR
    raw = pd.read_csv(public_dir / KWB_FILE, dtype={"WijkenEnBuurten": str})
    names = dict(zip(reference.municipalities()["code"], reference.municipalities()["name"], strict=True))
    kwb = pd.DataFrame({
        "municipality": raw["WijkenEnBuurten"].map(names).astype(object),
        "inhabitants": raw["AantalInwoners_5"].astype(int),
        "dwelling_stock": raw["Woningvoorraad_35"].astype(int),
    })
    etl = pd.read_csv(public_dir / ETLOCAL_FILE, dtype={"geo_id": str})
    rows = []
    for _, r in etl.iterrows():
        for t in TYPES:
            for p in PERIODS:
                rows.append((names[r["geo_id"]], t, p, int(float(r[f"present_number_of_{t}_{p}"]))))
    etm = pd.DataFrame(rows, columns=["municipality", "type", "period", "n_dwellings"])
    return kwb, etm


def rent_index(params: Parameters, year: int) -> float:
    """Rent level on 1 January ``year`` relative to 1 January 2022 (increases on 1 July)."""
    incs = params.mapping("rent_increase")
    idx = 1.0
    for t in range(FIRST_YEAR, year):
        idx *= 1 + incs.get(str(t), incs["future"])
    return idx
