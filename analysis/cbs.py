"""CBS open data for the analyses (``rpa fetch-cbs``), fetched with the ``cbsodata`` package.

The suite runs offline on what it ships (``data/raw/public``). When a machine has internet
access, ``rpa fetch-cbs`` refreshes a few CBS StatLine tables, filtered to the 7 Parkstad
municipalities, tidied to one long frame per table and cached as
``data/raw/public/cbs/<table_id>.csv`` with ``<table_id>.meta.json`` (table id, title,
retrieval date, address, licence CC BY 4.0, filters used).

Tables (see :data:`TABLES`):

- ``03759ned`` Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio (population by
  age per municipality; analysis 2 uses it when cached, see :func:`load_cached_population`);
- ``82900NED`` Voorraad woningen; eigendom, type verhuurder, bewoning, regio (dwelling stock
  by ownership);
- ``85171NED`` Regionale prognose 2023-2050; bevolking, regio-indeling 2021 (PBL/CBS). Only the
  *total* population is used: PBL and CBS advise against the age/household detail of the
  regional forecasts (see ``data/raw/public/SOURCES.md``, prose item 3).

The long frame has the columns ``municipality_code, municipality, period, variable, value``
plus one text column per other dimension of the table (e.g. ``Leeftijd``, ``Geslacht``), so a
caller can select an age band without parsing ``variable``. ``variable`` is the measure's key,
followed by the other dimensions' values (``"BevolkingOp1Januari_1 | Leeftijd: 65 tot 70 jaar"``).

The network is touched only by ``cbsodata.get_data`` and ``cbsodata.get_meta``; everything else
(filter, tidy, cache, load) is plain code, tested offline on fixtures in the API's shape.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config, reference

LICENCE = "CC BY 4.0"
CACHE_SUBDIR = "cbs"
OFFLINE_MESSAGE = "geen verbinding met CBS; de suite werkt offline met wat ze meelevert"
EXIT_OFFLINE = 3
BASE_COLUMNS = ["municipality_code", "municipality", "period", "variable", "value"]


@dataclass(frozen=True)
class CbsTable:
    """One StatLine table: its id, region dimension and the fixed filters (OData, on keys)."""

    table_id: str
    title: str
    topic: str  # "population" | "stock" | "forecast"
    region_dimension: str = "RegioS"
    fixed_filters: tuple[str, ...] = ()


TABLES: dict[str, CbsTable] = {
    "03759ned": CbsTable(
        "03759ned", "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio", "population",
        fixed_filters=("Geslacht eq 'T001038'", "BurgerlijkeStaat eq 'T001019'"),
    ),
    "82900NED": CbsTable(
        "82900NED", "Voorraad woningen; eigendom, type verhuurder, bewoning, regio", "stock",
    ),
    "85171NED": CbsTable(
        "85171NED", "Regionale prognose 2023-2050; bevolking, regio-indeling 2021", "forecast",
        region_dimension="RegioIndeling2021",
        fixed_filters=("Leeftijd eq '10000'", "Geslacht eq 'T001038'"),
    ),
}
POPULATION_TABLES = tuple(t for t, spec in TABLES.items() if spec.topic == "population")


class CbsOffline(Exception):
    """No connection to the CBS open-data service."""


def statline_url(table_id: str) -> str:
    """Public address of a StatLine table."""
    return f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table_id}/table"


def cache_dir(directory: str | Path | None = None) -> Path:
    """``directory`` or the default cache ``data/raw/public/cbs``."""
    return Path(directory) if directory else config.PUBLIC_DIR / CACHE_SUBDIR


def region_filter(spec: CbsTable, codes: list[str]) -> str:
    """OData filter for the municipalities (keys may be padded, hence ``startswith``)."""
    region = " or ".join(f"startswith({spec.region_dimension},'{c}')" for c in codes)
    parts = [f"({region})", *spec.fixed_filters]
    return " and ".join(parts)


def _is_network_error(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in _chain(exc)}
    network = {"ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout", "NewConnectionError",
               "MaxRetryError", "NameResolutionError", "URLError", "gaierror", "ProxyError", "SSLError"}
    return bool(names & network) or any(isinstance(e, (socket.error, TimeoutError)) for e in _chain(exc))


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def fetch_raw(table_id: str, codes: list[str]) -> tuple[list[dict], dict[str, list[dict]]]:
    """Call the CBS API: the filtered data and the metadata needed to tidy it.

    Returns:
        ``(rows, meta)`` where ``meta`` has ``TableInfos``, ``DataProperties`` and the region
        dimension's key/title list.

    Raises:
        CbsOffline: when the service cannot be reached.
    """
    import cbsodata

    spec = TABLES[table_id]
    try:
        meta = {
            "TableInfos": cbsodata.get_meta(table_id, "TableInfos"),
            "DataProperties": cbsodata.get_meta(table_id, "DataProperties"),
            spec.region_dimension: cbsodata.get_meta(table_id, spec.region_dimension),
        }
        rows = cbsodata.get_data(table_id, filters=region_filter(spec, codes))
    except Exception as exc:  # the package raises requests/urllib errors as they come
        if _is_network_error(exc):
            raise CbsOffline(OFFLINE_MESSAGE) from exc
        raise
    return list(rows), meta


def tidy(rows: list[dict], meta: dict[str, list[dict]], spec: CbsTable,
         municipalities: pd.DataFrame) -> pd.DataFrame:
    """Filter to the Parkstad municipalities and reshape to the long frame (pure).

    Args:
        rows: ``cbsodata.get_data`` output (dimension values as titles, e.g. ``"Heerlen"``).
        meta: ``TableInfos``, ``DataProperties`` and the region dimension (``Key``/``Title``).
        spec: the table.
        municipalities: ``analysis.reference.municipalities()`` (code, name, aliases).

    Returns:
        Columns ``municipality_code, municipality, period, variable, value`` and one column
        per other dimension; rows sorted; values as float (missing -> NaN, row kept).
    """
    props = meta["DataProperties"]
    dims = [p["Key"] for p in props if p.get("Type") in ("Dimension", "GeoDimension", "TimeDimension")]
    topics = [p["Key"] for p in props if p.get("Type") == "Topic"]
    region, period = spec.region_dimension, next(
        (p["Key"] for p in props if p.get("Type") == "TimeDimension"), "Perioden")
    others = [d for d in dims if d not in (region, period)]
    # region titles or keys -> municipality code
    code_of: dict[str, str] = {}
    for item in meta.get(region, []):
        code_of[str(item.get("Title", "")).strip().lower()] = str(item.get("Key", "")).strip()
        code_of[str(item.get("Key", "")).strip().lower()] = str(item.get("Key", "")).strip()
    names = dict(zip(municipalities["code"], municipalities["name"], strict=True))
    aliases = {}
    for _, m in municipalities.iterrows():
        for s in [m["name"], m["code"], *str(m.get("aliases") or "").split("|")]:
            if s and s.strip():
                aliases[s.strip().lower()] = m["code"]
    records = []
    for row in rows:
        raw_region = str(row.get(region, "")).strip()
        code = code_of.get(raw_region.lower(), "")
        code = code if code in names else aliases.get(raw_region.lower(), "")
        if code not in names:
            continue
        extra = {d: str(row.get(d, "")).strip() for d in others}
        suffix = "".join(f" | {d}: {v}" for d, v in extra.items())
        for t in topics:
            if t not in row:
                continue
            v = row[t]
            records.append({
                "municipality_code": code, "municipality": names[code],
                "period": str(row.get(period, "")).strip(), "variable": f"{t}{suffix}",
                "value": float(v) if v is not None and v != "" else float("nan"), **extra,
            })
    cols = BASE_COLUMNS + others
    frame = pd.DataFrame.from_records(records, columns=cols)
    return frame.sort_values(["municipality_code", "period", "variable"], kind="stable").reset_index(drop=True)


def table_meta(spec: CbsTable, meta: dict[str, list[dict]], frame: pd.DataFrame, retrieved: dt.date,
               filters: str) -> dict:
    """The ``<table_id>.meta.json`` content."""
    info = (meta.get("TableInfos") or [{}])[0]
    return {
        "table_id": spec.table_id,
        "title": info.get("Title") or spec.title,
        "publisher": "CBS (StatLine)",
        "modified": info.get("Modified", ""),
        "retrieved": retrieved.isoformat(),
        "url": statline_url(spec.table_id),
        "licence": LICENCE,
        "filters": filters,
        "n_rows": int(len(frame)),
        "municipalities": sorted(frame["municipality_code"].unique().tolist()),
    }


def write_cache(frame: pd.DataFrame, meta_json: dict, directory: Path) -> tuple[Path, Path]:
    """Write ``<table_id>.csv`` and ``<table_id>.meta.json`` (deterministic, UTF-8)."""
    directory.mkdir(parents=True, exist_ok=True)
    csv_path = directory / f"{meta_json['table_id']}.csv"
    meta_path = directory / f"{meta_json['table_id']}.meta.json"
    frame.to_csv(csv_path, index=False, encoding="utf-8", lineterminator="\n")
    meta_path.write_text(json.dumps(meta_json, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                         encoding="utf-8")
    return csv_path, meta_path


def fetch_table(table_id: str, directory: str | Path | None = None,
                today: dt.date | None = None) -> tuple[Path, Path]:
    """Fetch one table, tidy it and write the cache. Raises :class:`CbsOffline` offline."""
    if table_id not in TABLES:
        known = ", ".join(TABLES)
        raise KeyError(f"onbekende CBS-tabel '{table_id}'; bekend: {known}")
    spec = TABLES[table_id]
    munis = reference.municipalities()
    codes = munis["code"].tolist()
    rows, meta = fetch_raw(table_id, codes)
    frame = tidy(rows, meta, spec, munis)
    info = table_meta(spec, meta, frame, today or dt.date.today(), region_filter(spec, codes))
    return write_cache(frame, info, cache_dir(directory))


def load_cached(table_id: str, directory: str | Path | None = None) -> tuple[pd.DataFrame, dict] | None:
    """A cached table and its metadata, or None when not cached."""
    d = cache_dir(directory)
    csv_path, meta_path = d / f"{table_id}.csv", d / f"{table_id}.meta.json"
    if not (csv_path.exists() and meta_path.exists()):
        return None
    frame = pd.read_csv(csv_path, dtype={"municipality_code": str, "municipality": str, "period": str,
                                         "variable": str}, keep_default_na=False, na_values=[""])
    return frame, json.loads(meta_path.read_text(encoding="utf-8"))


def load_cached_population(directory: str | Path | None = None) -> pd.DataFrame | None:
    """The freshest cached population-by-age table, or None (then use the shipped file).

    Among the population tables in :data:`POPULATION_TABLES` that are cached, the one retrieved
    last wins. The frame carries its provenance in ``frame.attrs`` (``table_id``, ``retrieved``,
    ``url``, ``licence``).
    """
    best = None
    for table_id in POPULATION_TABLES:
        hit = load_cached(table_id, directory)
        if hit is None:
            continue
        frame, meta = hit
        if best is None or meta.get("retrieved", "") > best[1].get("retrieved", ""):
            best = (frame, meta)
    if best is None:
        return None
    frame, meta = best
    frame.attrs.update({k: meta.get(k) for k in ("table_id", "title", "retrieved", "url", "licence")})
    return frame


def fetch_cbs_command(args) -> int:
    """``rpa fetch-cbs [--out DIR] [--table ID]``: exit 0 ok, 3 offline, 1 other failure."""
    tables = list(getattr(args, "table", None) or TABLES)
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        print(f"Fout: onbekende CBS-tabel(len): {', '.join(unknown)}. Bekend: {', '.join(TABLES)}.",
              file=sys.stderr)
        return 2
    directory = cache_dir(getattr(args, "out", None))
    failed = 0
    for table_id in tables:
        try:
            csv_path, _ = fetch_table(table_id, directory)
        except CbsOffline:
            print(f"Fout: {OFFLINE_MESSAGE}.", file=sys.stderr)
            return EXIT_OFFLINE
        except Exception as exc:  # report and go on with the next table
            print(f"Fout bij CBS-tabel {table_id}: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"CBS-tabel {table_id} opgeslagen in {csv_path} (licentie {LICENCE}, bron: CBS).")
    return 1 if failed else 0


_BAND = re.compile(r"^(\d+) tot (\d+) jaar$")
_OPEN = re.compile(r"^(\d+) jaar of ouder$")


def _count_from(ages: dict[str, float], threshold: int) -> float:
    """People aged ``threshold`` or older from one municipality-year's age categories.

    Uses the open category ``"<threshold> jaar of ouder"`` when CBS gives it; otherwise sums the
    contiguous bands ``"a tot b jaar"`` from ``threshold`` up, closed by ``"<b> jaar of ouder"``.
    Returns NaN when the categories do not cover the ages exactly once (never a partial sum).
    """
    direct = f"{threshold} jaar of ouder"
    if direct in ages:
        return float(ages[direct])
    bands = {}
    for label, value in ages.items():
        m = _BAND.match(label)
        if m:
            bands.setdefault(int(m.group(1)), (int(m.group(2)), value))
    total, start = 0.0, threshold
    while start in bands:
        end, value = bands[start]
        total += float(value)
        start = end
    closing = f"{start} jaar of ouder"
    if start == threshold or closing not in ages:
        return float("nan")
    return total + float(ages[closing])


def elderly_counts(population: pd.DataFrame) -> pd.DataFrame:
    """65+ and 75+ per municipality and year from a tidy CBS population table (03759ned shape).

    Args:
        population: the long frame of :func:`tidy` for a population table, with a ``Leeftijd``
            column and ``variable`` starting with ``BevolkingOp1Januari`` (population on 1 January).

    Returns:
        Columns ``municipality, year, elderly_65plus, elderly_75plus``; NaN where the age
        categories do not cover the group exactly (the caller then falls back, never guesses).
    """
    cols = ["municipality", "year", "elderly_65plus", "elderly_75plus"]
    if population is None or population.empty or "Leeftijd" not in population.columns:
        return pd.DataFrame(columns=cols)
    p = population[population["variable"].astype(str).str.startswith("BevolkingOp1Januari")]
    rows = []
    for (name, period), g in p.groupby(["municipality", "period"], sort=True):
        ages = dict(zip(g["Leeftijd"].astype(str).str.strip(), g["value"], strict=False))
        year = pd.to_numeric(str(period)[:4], errors="coerce")
        rows.append({"municipality": name, "year": int(year) if pd.notna(year) else None,
                     "elderly_65plus": _count_from(ages, 65), "elderly_75plus": _count_from(ages, 75)})
    return pd.DataFrame(rows, columns=cols)
