"""Every input of analysis 2, read in one place (:func:`load_inputs`).

The deliveries (stock and projects, via :func:`analysis.processed.load`), the ``ageing_*``
reference tables, the afspraak-4 targets and the first aftoppingsgrens (``analysis.reference``),
the population: the CBS table fetched by ``rpa fetch-cbs`` when it is complete, else the shipped
age profile (about 2020), and an optional forecast of elderly per municipality. Nothing else in
the package reads a file; the computation (:func:`analysis.ageing.analyse`) is pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import cbs, config, processed, reference
from analysis.rules import plans
from analysis.rules.scopes import check_phase, check_scope

from . import sources
from .clustered import TARGET_CLUSTERED
from .need import TARGET_ELDERLY
from .population import compute_elderly_from_bands, frame_elderly_base
from .supply import is_missing

#: Columns of a user-supplied forecast (``data/raw/forecasts/elderly_forecast.csv``).
FORECAST_COLUMNS = ("municipality", "year", "elderly_65plus", "elderly_75plus", "source")
DEFAULT_FORECAST_FILE = config.DATA_RAW / "forecasts" / "elderly_forecast.csv"
POPULATION_FILE = config.PUBLIC_DIR / "mzelst_population_agegroup_parkstad.csv"
FIRST_CAP_ID = "aftoppingsgrens_laag"


@dataclass(frozen=True)
class AgeingReference:
    """The ``ageing_*`` reference tables of the analysis, each with its ``source`` column."""

    prevalence: pd.DataFrame
    growth: pd.DataFrame
    classes: pd.DataFrame
    pipeline_status: pd.DataFrame
    parameters: pd.DataFrame

    def value(self, name: str, variant: str = "") -> float:
        """One scalar from ``ageing_parameters.csv`` (``variant`` "" for single values)."""
        p = self.parameters
        v = p["variant"].fillna("")
        rows = p[(p["parameter"] == name) & (v == variant)]
        if len(rows) != 1:
            raise KeyError(f"parameter {name!r} variant {variant!r} niet (eenduidig) in ageing_parameters.csv")
        return float(rows["value"].iloc[0])


#: The name the reference tables had before the package split.
AgeingParameters = AgeingReference


@dataclass(frozen=True)
class AgeingInputs:
    """Everything :func:`analysis.ageing.analyse` reads, loaded by :func:`load_inputs`."""

    year: int
    stock: pd.DataFrame
    projects: pd.DataFrame
    example_data: bool
    reference: AgeingReference
    elderly_base: pd.DataFrame
    population_source: str
    forecast: pd.DataFrame | None
    targets: Mapping[str, float] = field(default_factory=dict)
    first_cap_eur: float | None = None
    first_cap_year: int | None = None


def load_inputs(year: int, data_dir: str | Path | None = None, forecast_file: str | Path | None = "", *,
                data: processed.ProcessedData | None = None) -> AgeingInputs:
    """Read every input of the analysis for reporting year ``year``.

    Args:
        year: the delivery (reporting) year.
        data_dir: processed data root ("" or None: ``data/processed``).
        forecast_file: a forecast of elderly per municipality ("" or None: the default file
            when it exists, else the scenario growth paths).
        data: already loaded processed data (then ``data_dir`` is not read).
    """
    data = data if data is not None else processed.load(year, data_dir)
    params = load_parameters()
    base, source = load_elderly_base(params)
    cap, cap_year = first_cap(year)
    return AgeingInputs(year=int(year), stock=data.stock, projects=data.projects, example_data=data.example_data,
                        reference=params, elderly_base=base, population_source=source,
                        forecast=load_forecast(forecast_file), targets=load_targets(),
                        first_cap_eur=cap, first_cap_year=cap_year)


def load_parameters(directory: Path | None = None) -> AgeingReference:
    """Load the ``ageing_*`` reference tables from ``data/raw/reference``."""
    ref = AgeingReference(
        prevalence=reference.load_table(
            "ageing_prevalence", {"age_group": "str", "variant": "str", "prevalence": "float", "measure": "str"},
            directory=directory),
        growth=reference.load_table(
            "ageing_growth_scenarios",
            {"scenario": "str", "age_group": "str", "base_year": "year", "target_year": "year",
             "growth_factor": "float"}, directory=directory),
        classes=reference.load_table(
            "ageing_accessibility_classes", {"system": "str", "code": "str", "accessibility_class": "str"},
            directory=directory),
        pipeline_status=reference.load_table(
            "ageing_pipeline_status",
            {"plan_status": "str", "in_supply": "bool", "in_clustered_count": "bool"}, directory=directory),
        parameters=reference.load_table(
            "ageing_parameters", {"parameter": "str", "variant": "str", "value": "float", "unit": "str"},
            optional=("variant",), directory=directory),
    )
    check_pipeline_status(ref.pipeline_status)
    return ref


def check_pipeline_status(table: pd.DataFrame) -> pd.DataFrame:
    """The pipeline-status table must say for every plan status (``rules.plans``) whether it counts.

    Raises:
        ValueError: (Dutch) naming the missing or unknown statuses.
    """
    listed = set(table["plan_status"])
    missing = [s for s in plans.PLAN_STATUSES if s not in listed]
    unknown = sorted(listed - set(plans.PLAN_STATUSES))
    if missing or unknown:
        raise ValueError("ageing_pipeline_status.csv: " + "; ".join(
            [f"planstatus '{s}' ontbreekt" for s in missing] + [f"onbekende planstatus '{s}'" for s in unknown]))
    return table


def scenarios(params: AgeingReference) -> list[str]:
    """The scenario names in ``ageing_growth_scenarios.csv`` (file order)."""
    return list(dict.fromkeys(params.growth["scenario"].tolist()))


def check_parameters(year: int, scope_type: str, scope: str, scenario: str, horizon: int,
                     params: AgeingReference | None = None, *, phase: str | None = None) -> str:
    """Validate the notebook parameters; return the canonical scope name.

    Raises:
        ValueError: (Dutch) for an unknown scope, a corporation scope (this analysis is per
            region or municipality: need is not known per corporation), an unknown scenario,
            a horizon before the reporting year or an unknown phase.
    """
    if scope_type == "corporatie":
        raise ValueError(
            "De analyse ouderenhuisvesting (afspraak 4) is er per regio of per gemeente: de behoefte "
            "van ouderen is niet per corporatie bekend. Kies scope_type 'regio' (scope 'Parkstad') of "
            "'gemeente' (scope een Parkstadgemeente)."
        )
    name = check_scope(scope_type, scope)
    if phase is not None:
        check_phase(phase)
    params = params or load_parameters()
    if scenario not in scenarios(params):
        raise ValueError(f"Onbekend scenario '{scenario}'; kies uit: {', '.join(scenarios(params))}.")
    if int(horizon) < int(year):
        raise ValueError(f"De horizon ({horizon}) ligt vóór het rapportagejaar ({year}).")
    return name


def load_population_bands(path: str | Path | None = None) -> pd.DataFrame:
    """Read the shipped population by 10-year age band (municipality column ``name``)."""
    raw = pd.read_csv(path or POPULATION_FILE, dtype={"name": "str", "Gemeentecode": "str"})
    return raw.rename(columns={"name": "municipality", "Gemeentecode": "municipality_code"})


def load_elderly_base(params: AgeingReference, path: str | Path | None = None) -> tuple[pd.DataFrame, str]:
    """Elderly (65+, 75+) per municipality in the freshest available base year.

    Uses the CBS table fetched by ``rpa fetch-cbs`` (``analysis.cbs.load_cached_population`` and
    :func:`analysis.cbs.elderly_counts`) when it gives complete 65+ and 75+ counts for every
    municipality; otherwise the shipped age profile (about 2020) split into 65+ and 75+.

    Returns:
        (frame with municipality, base_year, elderly_65plus, elderly_75plus; a Dutch description
        of the source for the report).
    """
    if path is None:
        cached = _cached_cbs_population()
        if cached is not None:
            return cached
    base_year = int(params.value("population_base_year"))
    frame = compute_elderly_from_bands(load_population_bands(path), params.value("share_60_69_aged_65plus"),
                                       params.value("share_70_79_aged_75plus"), base_year)
    return frame, sources.describe_population_bands(base_year)


def _cached_cbs_population() -> tuple[pd.DataFrame, str] | None:
    """65+/75+ per municipality from the table fetched by ``rpa fetch-cbs``, or None.

    None when nothing is cached, or when the cached table does not give complete 65+ and 75+
    counts for all 7 municipalities in its latest year (then the shipped profile is used and
    the report says which source it used).
    """
    table = cbs.load_cached_population()
    if table is None or table.empty:
        return None
    counts = cbs.elderly_counts(table).dropna(subset=["year"])
    if counts.empty:
        return None
    latest = int(counts["year"].max())
    complete = counts[counts["year"] == latest].dropna(subset=["elderly_65plus", "elderly_75plus"])
    if set(complete["municipality"]) != set(reference.municipality_names()):
        return None
    frame = frame_elderly_base(complete["municipality"], latest, complete["elderly_65plus"],
                               complete["elderly_75plus"])
    return frame, sources.describe_population_cbs(table.attrs.get("table_id", ""), table.attrs.get("retrieved", ""),
                                               latest)


def load_forecast(path: str | Path | None) -> pd.DataFrame | None:
    """Read a user-supplied forecast of elderly per municipality, or None when there is none.

    ``path`` "" or None means the default ``data/raw/forecasts/elderly_forecast.csv`` when it
    exists. Columns: :data:`FORECAST_COLUMNS` (one row per municipality and forecast year;
    years in between are interpolated).
    """
    p = Path(path) if path not in (None, "") else DEFAULT_FORECAST_FILE
    if not p.exists():
        if path not in (None, ""):
            raise FileNotFoundError(f"Prognosebestand {p} bestaat niet.")
        return None
    raw = pd.read_csv(p, dtype={"municipality": "str", "source": "str"})
    return validate_forecast(raw, str(p))


def validate_forecast(raw: pd.DataFrame, name: str = "prognose",
                      aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Check a forecast frame: required columns, known municipalities, numbers >= 0, a source.

    Args:
        raw: the forecast as read.
        name: how the problems name the forecast (its file).
        aliases: spelling -> canonical municipality name (default: the reference's aliases).

    Raises:
        ValueError: (Dutch) listing the problems.
    """
    problems = [f"kolom '{c}' ontbreekt" for c in FORECAST_COLUMNS if c not in raw.columns]
    if problems:
        raise ValueError(f"{name}: " + "; ".join(problems))
    aliases = aliases if aliases is not None else reference.municipality_aliases()
    out = raw.copy()
    canon = out["municipality"].map(lambda s: aliases.get(" ".join(str(s).split()).lower()))
    for i, (orig, c) in enumerate(zip(out["municipality"], canon, strict=True)):
        if is_missing(c):
            problems.append(f"rij {i + 2}: onbekende gemeente '{orig}'")
    out["municipality"] = canon
    for col in ("year", "elderly_65plus", "elderly_75plus"):
        num = pd.to_numeric(out[col], errors="coerce")
        for i in out.index[num.isna() | (num < 0)]:
            problems.append(f"rij {i + 2}: '{col}' moet een getal >= 0 zijn")
        out[col] = num
    for i in out.index[out["source"].isna() | (out["source"].astype(str).str.strip() == "")]:
        problems.append(f"rij {i + 2}: 'source' (bron van de prognose) is leeg")
    if problems:
        raise ValueError(f"{name}: " + "; ".join(problems))
    out["year"] = out["year"].astype(int)
    return out[list(FORECAST_COLUMNS)].sort_values(["municipality", "year"]).reset_index(drop=True)


def load_targets() -> dict[str, float]:
    """The two afspraak-4 figures from ``targets.csv`` (about 4.000 persons, about 1.450 dwellings)."""
    return {t: reference.target_value(t) for t in (TARGET_ELDERLY, TARGET_CLUSTERED)}


def first_cap(year: int) -> tuple[float | None, int | None]:
    """The first aftoppingsgrens for ``year``; when not found, the latest earlier year that has one.

    Returns:
        (value in euro or None, the year whose value is used or None). The report says so when
        the year used differs from the reporting year (the value is not estimated).
    """
    for y in sorted((y for y in reference.threshold_years() if y <= int(year)), reverse=True):
        try:
            value = reference.threshold(y, FIRST_CAP_ID)
        except KeyError:
            continue
        if value is not None:
            return value, y
    return None, None
