"""Analysis 2: housing need of an ageing population (Regionale Prestatieafspraken, afspraak 4).

Afspraak 4 says that the number of elderly with a mobility limitation or care need in Parkstad
grows by about 4.000 to 2040 (ABF 2020) and that about 1.450 clustered dwellings are needed,
mostly below the first aftoppingsgrens. This module compares that need with the accessible
supply of the corporations, per municipality and per year to the horizon (2040).

The chain, each step a pure function (frames in, frames out):

1. **Elderly now** (:func:`compute_elderly_from_bands`): 65+ and 75+ per municipality from a
   population table by 10-year age band (the shipped one is dated about 2020); the 60-69 and 70-79
   bands are split with a reference parameter (uniform ages: half of each band).
2. **Projection** (:func:`project_elderly`): a user-supplied forecast per municipality when
   given (a delivery, e.g. Primos or the province's forecast), else a scenario growth path
   (``ageing_growth_scenarios.csv``): a growth factor from the base year to the target year,
   interpolated linearly and held constant after the target year.
3. **Need** (:func:`compute_need`): persons with a mobility limitation or care need = prevalence
   (low and high variant, ``ageing_prevalence.csv``) x elderly in the age group (65-74, 75+);
   the part that the corporations' stock must house = persons x corporation share (low/high) x
   dwellings per person. ABF warns that such figures are unreliable at small scale: always a
   range, never a point.
4. **Supply** (:func:`classify_accessibility`, :func:`summarise_supply`,
   :func:`summarise_pipeline`, :func:`compute_supply_path`): the stock on 1 January of the
   delivery year by accessibility class (BAT stars first, the VERA toegankelijkheidslabel to
   refine 0 stars or when BAT is missing, the VERA woonvorm last), plus pipeline projects of the
   forms nultreden, geclusterd and zorggeschikt completing from the delivery year on, for the
   plan statuses that ``ageing_pipeline_status.csv`` counts.
5. **Gap** (:func:`compute_gap`): need minus suitable supply, low and high.
6. **Clustered dwellings** (:func:`compute_clustered_gap`, :func:`split_target`): the regional
   target (1.450) against pipeline geclusterd/zorggeschikt units, regionally and split over the
   municipalities by their share of 75-plussers in the horizon year, rounded with the largest
   remainder method so that the shares add up exactly to the regional target.
7. **Affordability** (:func:`compute_affordability`): share of the suitable stock at or below
   the first aftoppingsgrens of the year, and of pipeline units in rent class goedkoop or
   betaalbaar 1.

Every figure comes from ``data/raw/reference/ageing_*.csv`` (with sources); the assumptions are
logged in ``docs/assumptions/ageing.md``. The analysis is per region or municipality: the need
side has no corporation dimension, so a corporation scope is refused by :func:`check_parameters`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import config, reference

REGION = "Parkstad"
AGE_GROUPS = ("65_74", "75plus")
VARIANTS = ("low", "high")
SCENARIOS_DEFAULT = "midden"
ACCESSIBILITY_CLASSES = ("geschikt", "aanpasbaar", "ongeschikt", "onbekend")
#: Project woonvormen that add accessible (at least nultreden) dwellings.
SUITABLE_PROJECT_FORMS = ("nultreden", "geclusterd", "zorggeschikt")
#: Project woonvormen that count for the clustered-dwellings target (VERA GEC and ZWO).
CLUSTERED_PROJECT_FORMS = ("geclusterd", "zorggeschikt")
#: Rent classes (code list ``rent_class``) at or below the first aftoppingsgrens.
RENT_CLASSES_UP_TO_FIRST_CAP = ("goedkoop", "betaalbaar_1")
#: Columns of the headline table ``ageing_need.csv``.
NEED_COLUMNS = ("scope", "year", "elderly_65plus", "elderly_75plus", "need_low", "need_high",
                "suitable_supply", "gap_low", "gap_high")
#: Columns of the headline table ``clustered_gap.csv``.
CLUSTERED_COLUMNS = ("scope", "target", "pipeline_units", "gap")
#: Columns of a user-supplied forecast (``data/raw/forecasts/elderly_forecast.csv``).
FORECAST_COLUMNS = ("municipality", "year", "elderly_65plus", "elderly_75plus", "source")
DEFAULT_FORECAST_FILE = config.DATA_RAW / "forecasts" / "elderly_forecast.csv"
POPULATION_FILE = config.PUBLIC_DIR / "mzelst_population_agegroup_parkstad.csv"
#: Source columns of the 10-year age bands in the shipped population file ("okt-19" is how
#: Excel mangled "10-19"; it is not used here).
BAND_60_69, BAND_70_79, BAND_80_89, BAND_90_PLUS = "60-69", "70-79", "80-89", "90+"


# --------------------------------------------------------------------------------------
# Parameters (I/O: reference tables)
# --------------------------------------------------------------------------------------


@dataclass
class AgeingParameters:
    """All reference parameters of the analysis, each table with its ``source`` column."""

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


def load_parameters(directory: Path | None = None) -> AgeingParameters:
    """Load the ``ageing_*`` reference tables from ``data/raw/reference``."""
    return AgeingParameters(
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


def scenarios(params: AgeingParameters) -> list[str]:
    """The scenario names in ``ageing_growth_scenarios.csv`` (file order)."""
    return list(dict.fromkeys(params.growth["scenario"].tolist()))


def check_parameters(year: int, scope_type: str, scope: str, scenario: str, horizon: int,
                     params: AgeingParameters | None = None) -> str:
    """Validate the notebook parameters; return the canonical scope name.

    Raises:
        ValueError: (Dutch) for an unknown scope, a corporation scope (this analysis is per
            region or municipality: need is not known per corporation), an unknown scenario
            or a horizon before the reporting year.
    """
    from analysis.processed import check_scope

    if scope_type == "corporatie":
        raise ValueError(
            "De analyse ouderenhuisvesting (afspraak 4) is er per regio of per gemeente: de behoefte "
            "van ouderen is niet per corporatie bekend. Kies scope_type 'regio' (scope 'Parkstad') of "
            "'gemeente' (scope een Parkstadgemeente)."
        )
    name = check_scope(scope_type, scope)
    params = params or load_parameters()
    if scenario not in scenarios(params):
        raise ValueError(f"Onbekend scenario '{scenario}'; kies uit: {', '.join(scenarios(params))}.")
    if int(horizon) < int(year):
        raise ValueError(f"De horizon ({horizon}) ligt vóór het rapportagejaar ({year}).")
    return name


# --------------------------------------------------------------------------------------
# Population (I/O loaders, then pure functions)
# --------------------------------------------------------------------------------------


def load_population_bands(path: str | Path | None = None) -> pd.DataFrame:
    """Read the shipped population by 10-year age band (municipality column ``name``)."""
    raw = pd.read_csv(path or POPULATION_FILE, dtype={"name": "str", "Gemeentecode": "str"})
    return raw.rename(columns={"name": "municipality", "Gemeentecode": "municipality_code"})


def compute_elderly_from_bands(bands: pd.DataFrame, share_60_69_aged_65plus: float,
                               share_70_79_aged_75plus: float, base_year: int) -> pd.DataFrame:
    """65+ and 75+ per municipality from 10-year age bands.

    ``65+ = s65 * [60-69] + [70-79] + [80-89] + [90+]`` and ``75+ = s75 * [70-79] + [80-89] + [90+]``.

    >>> b = pd.DataFrame({"municipality": ["A"], "60-69": [100], "70-79": [80], "80-89": [30], "90+": [10]})
    >>> compute_elderly_from_bands(b, 0.5, 0.5, 2020)[["elderly_65plus", "elderly_75plus"]].iloc[0].tolist()
    [170.0, 80.0]

    Returns:
        municipality, base_year, elderly_65plus, elderly_75plus (floats), sorted by municipality.
    """
    b = bands
    e75 = share_70_79_aged_75plus * b[BAND_70_79] + b[BAND_80_89] + b[BAND_90_PLUS]
    e65 = share_60_69_aged_65plus * b[BAND_60_69] + b[BAND_70_79] + b[BAND_80_89] + b[BAND_90_PLUS]
    out = pd.DataFrame({
        "municipality": b["municipality"].astype("str"),
        "base_year": int(base_year),
        "elderly_65plus": e65.astype(float),
        "elderly_75plus": e75.astype(float),
    })
    return out.sort_values("municipality").reset_index(drop=True)


def load_elderly_base(params: AgeingParameters, path: str | Path | None = None) -> tuple[pd.DataFrame, str]:
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
    bands = load_population_bands(path)
    base_year = int(params.value("population_base_year"))
    frame = compute_elderly_from_bands(bands, params.value("share_60_69_aged_65plus"),
                                       params.value("share_70_79_aged_75plus"), base_year)
    text = (f"bevolking naar 10-jaarsleeftijdsklasse, peildatum niet vermeld (circa {base_year}); "
            "65+ en 75+ geschat door de klassen 60-69 en 70-79 te halveren (aanname)")
    return frame, text


def _cached_cbs_population() -> tuple[pd.DataFrame, str] | None:
    """65+/75+ per municipality from the table fetched by ``rpa fetch-cbs``, or None.

    None when nothing is cached, or when the cached table does not give complete 65+ and 75+
    counts for all 7 municipalities in its latest year (then the shipped profile is used and
    the report says which source it used).
    """
    from analysis import cbs, reference

    table = cbs.load_cached_population()
    if table is None or table.empty:
        return None
    counts = cbs.elderly_counts(table).dropna(subset=["year"])
    if counts.empty:
        return None
    latest = int(counts["year"].max())
    t = counts[counts["year"] == latest]
    complete = t.dropna(subset=["elderly_65plus", "elderly_75plus"])
    if set(complete["municipality"]) != set(reference.municipality_names()):
        return None
    frame = pd.DataFrame({
        "municipality": complete["municipality"].astype("str"),
        "base_year": latest,
        "elderly_65plus": complete["elderly_65plus"].astype(float),
        "elderly_75plus": complete["elderly_75plus"].astype(float),
    }).sort_values("municipality").reset_index(drop=True)
    table_id = table.attrs.get("table_id", "")
    retrieved = table.attrs.get("retrieved", "")
    return frame, f"CBS StatLine {table_id}, opgehaald met 'rpa fetch-cbs' op {retrieved} (peiljaar 1 januari {latest})"


def load_forecast(path: str | Path | None) -> pd.DataFrame | None:
    """Read a user-supplied forecast of elderly per municipality, or None when there is none.

    ``path`` "" or None means the default ``data/raw/forecasts/elderly_forecast.csv`` when it
    exists. Columns: ``municipality, year, elderly_65plus, elderly_75plus, source`` (one row per
    municipality and forecast year; years in between are interpolated).
    """
    p = Path(path) if path not in (None, "") else DEFAULT_FORECAST_FILE
    if not p.exists():
        if path not in (None, ""):
            raise FileNotFoundError(f"Prognosebestand {p} bestaat niet.")
        return None
    raw = pd.read_csv(p, dtype={"municipality": "str", "source": "str"})
    return validate_forecast(raw, str(p))


def validate_forecast(raw: pd.DataFrame, name: str = "prognose") -> pd.DataFrame:
    """Check a forecast frame: required columns, known municipalities, numbers >= 0, a source.

    Raises:
        ValueError: (Dutch) listing the problems.
    """
    problems = [f"kolom '{c}' ontbreekt" for c in FORECAST_COLUMNS if c not in raw.columns]
    if problems:
        raise ValueError(f"{name}: " + "; ".join(problems))
    aliases = reference.municipality_aliases()
    out = raw.copy()
    canon = out["municipality"].map(lambda s: aliases.get(" ".join(str(s).split()).lower()))
    for i, (orig, c) in enumerate(zip(out["municipality"], canon, strict=True)):
        if _missing(c):
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


# --------------------------------------------------------------------------------------
# Projection and need (pure)
# --------------------------------------------------------------------------------------


def growth_factor(year: int, base_year: int, target_year: int, factor: float) -> float:
    """Cumulative growth factor relative to ``base_year``: linear to ``factor`` at ``target_year``.

    Held at ``factor`` after the target year and at 1 before the base year.

    >>> growth_factor(2030, 2020, 2040, 1.5)
    1.25
    """
    if year <= base_year:
        return 1.0
    if year >= target_year:
        return float(factor)
    return 1.0 + (float(factor) - 1.0) * (year - base_year) / (target_year - base_year)


def project_elderly(base: pd.DataFrame, growth: pd.DataFrame, scenario: str, years: list[int],
                    forecast: pd.DataFrame | None = None) -> pd.DataFrame:
    """Elderly (65+, 75+) per municipality and year.

    A municipality in ``forecast`` follows the forecast (linear between its years, from the
    base-year count to the first forecast year, constant after the last); the others follow the
    scenario path of ``growth``: ``count(t) = count(base) * f(t) / f(base)``.

    Args:
        base: municipality, base_year, elderly_65plus, elderly_75plus.
        growth: scenario, age_group (65plus/75plus), base_year, target_year, growth_factor.
        scenario: e.g. "midden".
        years: the years to project.
        forecast: optional, see :data:`FORECAST_COLUMNS`.

    Returns:
        municipality, year, elderly_65plus, elderly_75plus, method ("scenario <name>" or
        "prognose"), sorted by municipality and year.
    """
    g = growth[growth["scenario"] == scenario].set_index("age_group")
    if not {"65plus", "75plus"} <= set(g.index):
        raise ValueError(f"scenario '{scenario}' mist groeifactoren voor 65plus en/of 75plus")
    rows = []
    fc_munis = set(forecast["municipality"]) if forecast is not None and not forecast.empty else set()
    for _, b in base.iterrows():
        muni, by = b["municipality"], int(b["base_year"])
        if muni in fc_munis:
            f = forecast[forecast["municipality"] == muni].sort_values("year")
            xs = [by] + [int(y) for y in f["year"] if int(y) > by]
            for t in years:
                vals = {}
                for col in ("elderly_65plus", "elderly_75plus"):
                    ys = [float(b[col])] + [float(v) for y, v in zip(f["year"], f[col], strict=True) if int(y) > by]
                    vals[col] = _interpolate(t, xs, ys)
                rows.append({"municipality": muni, "year": t, **vals, "method": "prognose"})
            continue
        for t in years:
            vals = {}
            for col, grp in (("elderly_65plus", "65plus"), ("elderly_75plus", "75plus")):
                r = g.loc[grp]
                ft = growth_factor(t, int(r["base_year"]), int(r["target_year"]), float(r["growth_factor"]))
                fb = growth_factor(by, int(r["base_year"]), int(r["target_year"]), float(r["growth_factor"]))
                vals[col] = float(b[col]) * ft / fb
            rows.append({"municipality": muni, "year": t, **vals, "method": f"scenario {scenario}"})
    out = pd.DataFrame(rows, columns=["municipality", "year", "elderly_65plus", "elderly_75plus", "method"])
    return out.sort_values(["municipality", "year"]).reset_index(drop=True)


def _interpolate(t: int, xs: list[int], ys: list[float]) -> float:
    """Linear interpolation; constant outside ``xs``."""
    if t <= xs[0]:
        return ys[0]
    if t >= xs[-1]:
        return ys[-1]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys, strict=True), zip(xs[1:], ys[1:], strict=True), strict=True):
        if x0 <= t <= x1:
            return y0 + (y1 - y0) * (t - x0) / (x1 - x0)
    raise AssertionError("unreachable")


def compute_need(elderly: pd.DataFrame, prevalence: pd.DataFrame, corporation_share: dict[str, float],
                 dwellings_per_person: float) -> pd.DataFrame:
    """Persons with a mobility limitation or care need, and the dwellings needed on the corporation stock.

    ``persons_<v> = p65_74[v] * (65+ - 75+) + p75[v] * 75+`` and
    ``need_<v> = persons_<v> * corporation_share[v] * dwellings_per_person`` for v in low, high.

    Example (hand-computed): 65+ = 100, 75+ = 40, p65_74 = 0.05/0.10, p75 = 0.25/0.30, share 0.3/0.4:
    persons_low = 0.05*60 + 0.25*40 = 13, persons_high = 0.10*60 + 0.30*40 = 18,
    need_low = 13*0.3 = 3.9, need_high = 18*0.4 = 7.2.

    Returns:
        ``elderly`` plus persons_need_low, persons_need_high, need_low, need_high.
    """
    p = prevalence.set_index(["age_group", "variant"])["prevalence"].astype(float)
    out = elderly.copy()
    young_old = out["elderly_65plus"] - out["elderly_75plus"]
    for v in VARIANTS:
        persons = p[("65_74", v)] * young_old + p[("75plus", v)] * out["elderly_75plus"]
        out[f"persons_need_{v}"] = persons.astype(float)
        out[f"need_{v}"] = (persons * float(corporation_share[v]) * float(dwellings_per_person)).astype(float)
    return out


def reconcile_with_agreement(need: pd.DataFrame, target: float, from_year: int, to_year: int) -> pd.DataFrame:
    """The regional increase of persons with a limitation between two years, beside the agreement's figure.

    Returns:
        one row: from_year, to_year, increase_low, increase_high, agreement (the target),
        difference_low, difference_high (increase minus agreement).
    """
    reg = need.groupby("year")[["persons_need_low", "persons_need_high"]].sum()
    inc = {v: float(reg.loc[to_year, f"persons_need_{v}"] - reg.loc[from_year, f"persons_need_{v}"]) for v in VARIANTS}
    return pd.DataFrame([{
        "from_year": from_year, "to_year": to_year,
        "increase_low": inc["low"], "increase_high": inc["high"], "agreement": float(target),
        "difference_low": inc["low"] - float(target), "difference_high": inc["high"] - float(target),
    }])


# --------------------------------------------------------------------------------------
# Supply (pure)
# --------------------------------------------------------------------------------------


def _class_map(classes: pd.DataFrame, system: str) -> dict[str, str]:
    c = classes[classes["system"] == system]
    return dict(zip(c["code"].astype(str), c["accessibility_class"].astype(str), strict=True))


def classify_accessibility(stock: pd.DataFrame, classes: pd.DataFrame) -> pd.Series:
    """Accessibility class per dwelling: geschikt, aanpasbaar, ongeschikt or onbekend.

    Rule:

    1. BAT stars and VERA label both present: the *lower* of the two classes (geschikt >
       aanpasbaar > ongeschikt), so supply is not overstated when they disagree; except that
       BAT has no "adaptable" class, so 0 stars with label GNV/ROG (aanpasbaar) is aanpasbaar.
    2. Only one of them: its class (``bat`` or ``vera`` rows).
    3. Neither: the class of the VERA woonvorm (``woonvorm`` rows, e.g. GEC -> geschikt).
    4. Otherwise ``onbekend``.

    >>> c = pd.DataFrame({"system": ["bat", "bat", "vera", "vera"], "code": ["0", "1", "GNV", "NUL"],
    ...                   "accessibility_class": ["ongeschikt", "geschikt", "aanpasbaar", "geschikt"]})
    >>> s = pd.DataFrame({"bat_stars": [1, 0, 1], "accessibility_label": ["GNV", "GNV", "NUL"],
    ...                   "housing_form": ["REG"] * 3})
    >>> classify_accessibility(s, c).tolist()
    ['aanpasbaar', 'aanpasbaar', 'geschikt']
    """
    bat, vera, form = (_class_map(classes, s) for s in ("bat", "vera", "woonvorm"))
    out = []
    for stars, label, hf in zip(stock["bat_stars"], stock["accessibility_label"], stock["housing_form"], strict=True):
        label_class = vera.get(str(label)) if not _missing(label) else None
        bat_class = bat.get(str(int(stars))) if not _missing(stars) else None
        if bat_class is not None and label_class is not None:
            if bat_class == "ongeschikt" and label_class == "aanpasbaar":
                cls = "aanpasbaar"
            else:
                cls = min(bat_class, label_class, key=_RANK.get)
        elif bat_class is not None:
            cls = bat_class
        elif label_class is not None:
            cls = label_class
        elif not _missing(hf) and str(hf) in form:
            cls = form[str(hf)]
        else:
            cls = "onbekend"
        out.append(cls)
    return pd.Series(out, index=stock.index, dtype="str", name="accessibility_class")


_RANK = {"ongeschikt": 0, "aanpasbaar": 1, "geschikt": 2}


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def summarise_supply(stock: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """Dwellings per municipality by accessibility class (wide: one column per class + total)."""
    cls = classify_accessibility(stock, classes)
    frame = pd.DataFrame({"municipality": stock["municipality"].astype("str"), "accessibility_class": cls})
    wide = pd.crosstab(frame["municipality"], frame["accessibility_class"])
    wide = wide.reindex(columns=list(ACCESSIBILITY_CLASSES), fill_value=0).astype(int)
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    return wide.reset_index().sort_values("municipality").reset_index(drop=True)


def summarise_pipeline(projects: pd.DataFrame, year: int, pipeline_status: pd.DataFrame) -> pd.DataFrame:
    """Accessible pipeline units per municipality, completion year, woonvorm and plan status.

    Only projects of the forms nultreden, geclusterd, zorggeschikt completing in or after
    ``year`` (the stock is as at 1 January ``year``; earlier completions are in it).

    Returns:
        municipality, completion_year, housing_form, plan_status, n_dwellings, in_supply (bool).
    """
    cols = ["municipality", "completion_year", "housing_form", "plan_status", "n_dwellings", "in_supply"]
    p = projects[projects["housing_form"].isin(SUITABLE_PROJECT_FORMS)
                 & (projects["completion_year"].astype("Int64") >= int(year))]
    if p.empty:
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in zip(
            cols, ["str", "int64", "str", "str", "int64", "bool"], strict=True)})
    flags = dict(zip(pipeline_status["plan_status"], pipeline_status["in_supply"].astype(bool), strict=True))
    g = (p.groupby(["municipality", "completion_year", "housing_form", "plan_status"], as_index=False)["n_dwellings"]
         .sum())
    g["completion_year"] = g["completion_year"].astype(int)
    g["n_dwellings"] = g["n_dwellings"].astype(int)
    g["in_supply"] = g["plan_status"].map(lambda s: bool(flags.get(s, False))).astype(bool)
    return g[cols].sort_values(cols[:4]).reset_index(drop=True)


def compute_supply_path(supply: pd.DataFrame, pipeline: pd.DataFrame, municipalities: list[str],
                        years: list[int]) -> pd.DataFrame:
    """Suitable supply per municipality and year: suitable stock + counted pipeline completed by then.

    A unit completing in year t counts from year t on (the pipeline's end of year is not
    modelled). Demolition and sale of suitable dwellings are not modelled (see the assumptions).

    Returns:
        municipality, year, suitable_stock, pipeline_cumulative, suitable_supply.
    """
    stock = supply.set_index("municipality")["geschikt"] if not supply.empty else pd.Series(dtype=int)
    counted = pipeline[pipeline["in_supply"]] if not pipeline.empty else pipeline
    rows = []
    for m in municipalities:
        s = int(stock.get(m, 0))
        pm = counted[counted["municipality"] == m] if not counted.empty else counted
        for t in years:
            add = int(pm.loc[pm["completion_year"] <= t, "n_dwellings"].sum()) if not pm.empty else 0
            rows.append({"municipality": m, "year": t, "suitable_stock": s, "pipeline_cumulative": add,
                         "suitable_supply": s + add})
    return pd.DataFrame(rows, columns=["municipality", "year", "suitable_stock", "pipeline_cumulative",
                                       "suitable_supply"])


def compute_gap(need: pd.DataFrame, supply_path: pd.DataFrame) -> pd.DataFrame:
    """Need minus suitable supply per municipality and year (low and high).

    Positive = shortage, negative = more suitable dwellings than the estimated need (on paper:
    a suitable dwelling is not always let to someone who needs it).
    """
    m = need.merge(supply_path[["municipality", "year", "suitable_supply"]], on=["municipality", "year"], how="left")
    m["suitable_supply"] = m["suitable_supply"].fillna(0).astype(int)
    for v in VARIANTS:
        m[f"gap_{v}"] = m[f"need_{v}"] - m["suitable_supply"]
    return m


def build_need_table(gap: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """The headline table ``ageing_need.csv``: per scope and year.

    Region: a row ``Parkstad`` (sum over municipalities) and a row per municipality each year;
    municipality: that municipality's rows only.
    """
    sums = ["elderly_65plus", "elderly_75plus", "need_low", "need_high", "suitable_supply", "gap_low", "gap_high"]
    if scope_type == "gemeente":
        out = gap[gap["municipality"] == scope].rename(columns={"municipality": "scope"})
    else:
        region = gap.groupby("year", as_index=False)[sums].sum()
        region.insert(0, "scope", REGION)
        munis = gap.rename(columns={"municipality": "scope"})
        out = pd.concat([region, munis[["scope", "year", *sums]]], ignore_index=True)
        out["_order"] = (out["scope"] != REGION).astype(int)
        out = out.sort_values(["_order", "scope", "year"]).drop(columns="_order")
    out = out[list(NEED_COLUMNS)].copy()
    out["year"] = out["year"].astype(int)
    out["suitable_supply"] = out["suitable_supply"].astype(int)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Clustered dwellings (pure)
# --------------------------------------------------------------------------------------


def split_target(total: int, weights: pd.Series) -> pd.Series:
    """Split a whole-number target over the index of ``weights`` (largest remainder method).

    Each part gets ``floor(total * w / sum(w))``; the units left are given one each to the parts
    with the largest remainders (ties: the part that comes first in the index). The parts are
    whole numbers and add up to ``total`` exactly.

    >>> split_target(10, pd.Series({"A": 1, "B": 1, "C": 1})).tolist()
    [4, 3, 3]

    Raises:
        ValueError: when total is negative or the weights are negative or all zero.
    """
    total = int(total)
    w = weights.astype(float)
    if total < 0 or (w < 0).any() or w.sum() <= 0:
        raise ValueError("verdeelsleutel: doel moet >= 0 zijn en gewichten >= 0 met een positieve som")
    exact = w / w.sum() * total
    floors = exact.map(math.floor).astype(int)
    left = total - int(floors.sum())
    remainders = (exact - floors).reset_index(drop=True)
    order = sorted(range(len(remainders)), key=lambda i: (-round(remainders[i], 12), i))
    out = floors.copy()
    for i in order[:left]:
        out.iloc[i] += 1
    return out.astype(int)


def compute_clustered_pipeline(projects: pd.DataFrame, pipeline_status: pd.DataFrame) -> pd.Series:
    """Geclusterd + zorggeschikt units per municipality in the project list (counted statuses)."""
    flags = dict(zip(pipeline_status["plan_status"], pipeline_status["in_clustered_count"].astype(bool), strict=True))
    p = projects[projects["housing_form"].isin(CLUSTERED_PROJECT_FORMS)
                 & projects["plan_status"].map(lambda s: bool(flags.get(s, False))).astype(bool)]
    return p.groupby("municipality")["n_dwellings"].sum().astype(int)


def compute_clustered_gap(target: int, key: pd.Series, pipeline_units: pd.Series, scope_type: str,
                          scope: str) -> pd.DataFrame:
    """The headline table ``clustered_gap.csv``: target, pipeline units and gap per scope.

    Args:
        target: the regional target (clustered_dwellings, about 1.450).
        key: weight per municipality (e.g. 75-plussers in the horizon year).
        pipeline_units: geclusterd/zorggeschikt units per municipality.
        scope_type, scope: region -> a Parkstad row plus one row per municipality; municipality
            -> that municipality's row.

    Returns:
        scope, target, pipeline_units, gap (= target - pipeline units; negative = more than the target).
    """
    shares = split_target(target, key.sort_index())
    units = pipeline_units.reindex(shares.index, fill_value=0).astype(int)
    munis = pd.DataFrame({"scope": shares.index.astype(str), "target": shares.values, "pipeline_units": units.values})
    munis["gap"] = munis["target"] - munis["pipeline_units"]
    if scope_type == "gemeente":
        out = munis[munis["scope"] == scope]
    else:
        region_units = int(pipeline_units.sum())
        region = pd.DataFrame([{"scope": REGION, "target": int(target), "pipeline_units": region_units,
                                "gap": int(target) - region_units}])
        out = pd.concat([region, munis], ignore_index=True)
    return out[list(CLUSTERED_COLUMNS)].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Affordability (pure)
# --------------------------------------------------------------------------------------


def compute_affordability(stock: pd.DataFrame, pipeline: pd.DataFrame, classes: pd.DataFrame,
                          first_cap_eur: float, municipalities: list[str] | None = None) -> pd.DataFrame:
    """Share of suitable stock and counted pipeline at or below the first aftoppingsgrens.

    Stock: suitable dwellings with ``net_rent_eur <= first_cap_eur``. Pipeline: units in the
    counted statuses whose ``rent_class`` is goedkoop or betaalbaar_1 (``rent_class`` missing
    counts as unknown, not as affordable).

    Args:
        stock: with municipality, net_rent_eur and the accessibility fields.
        pipeline: project rows (projects table) already filtered to the counted pipeline, with
            municipality, n_dwellings, rent_class.
        first_cap_eur: the first aftoppingsgrens of the year.
        municipalities: municipalities that get rows even without stock or pipeline.

    Returns:
        per municipality and a ``Parkstad`` row: what ("voorraad geschikt"/"pijplijn"), n_total,
        n_affordable, n_unknown, share_affordable (of n_total; NaN when n_total is 0).
    """
    cls = classify_accessibility(stock, classes)
    s = stock[cls == "geschikt"]
    rows = []
    munis = sorted(set(stock["municipality"].dropna()) | set(pipeline["municipality"].dropna())
                   | set(municipalities or []))
    for scope in [REGION, *munis]:
        ss = s if scope == REGION else s[s["municipality"] == scope]
        rent = pd.to_numeric(ss["net_rent_eur"], errors="coerce")
        rows.append({"scope": scope, "what": "voorraad geschikt", "n_total": int(len(ss)),
                     "n_affordable": int((rent <= first_cap_eur).sum()), "n_unknown": int(rent.isna().sum())})
        pp = pipeline if scope == REGION else pipeline[pipeline["municipality"] == scope]
        n = pp["n_dwellings"].astype(int)
        rc = pp["rent_class"]
        rows.append({"scope": scope, "what": "pijplijn", "n_total": int(n.sum()),
                     "n_affordable": int(n[rc.isin(RENT_CLASSES_UP_TO_FIRST_CAP).fillna(False).astype(bool)].sum()),
                     "n_unknown": int(n[rc.isna()].sum())})
    out = pd.DataFrame(rows)
    out["share_affordable"] = [a / t if t else float("nan") for a, t in zip(out["n_affordable"], out["n_total"],
                                                                              strict=True)]
    return out


def counted_pipeline_projects(projects: pd.DataFrame, year: int, pipeline_status: pd.DataFrame) -> pd.DataFrame:
    """Project rows that add suitable supply: accessible forms, from ``year`` on, counted status."""
    flags = dict(zip(pipeline_status["plan_status"], pipeline_status["in_supply"].astype(bool), strict=True))
    mask = (projects["housing_form"].isin(SUITABLE_PROJECT_FORMS)
            & (projects["completion_year"].astype("Int64") >= int(year)).fillna(False).astype(bool)
            & projects["plan_status"].map(lambda s: bool(flags.get(s, False))).astype(bool))
    return projects[mask]


# --------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------


@dataclass
class AgeingResult:
    """Everything the notebook shows (frames are sorted and ready to write)."""

    scope_type: str
    scope: str
    year: int
    horizon: int
    scenario: str
    population_source: str
    base_year: int
    projection_method: str
    elderly: pd.DataFrame
    need: pd.DataFrame
    reconciliation: pd.DataFrame
    supply: pd.DataFrame
    pipeline: pd.DataFrame
    supply_path: pd.DataFrame
    need_table: pd.DataFrame
    gap: pd.DataFrame
    clustered_gap: pd.DataFrame
    clustered_key: pd.Series
    affordability: pd.DataFrame
    first_cap_eur: float
    targets: dict = field(default_factory=dict)


def analyse(data, *, year: int, scope_type: str, scope: str, scenario: str, horizon: int,
            targets: dict[str, float], first_cap_eur: float, params: AgeingParameters,
            elderly_base: pd.DataFrame, population_source: str,
            forecast: pd.DataFrame | None = None) -> AgeingResult:
    """Run the whole chain for one scope.

    Args:
        data: :class:`analysis.processed.ProcessedData` (stock and projects are used).
        targets: ``{"elderly_increase_2040": ..., "clustered_dwellings": ...}``.
        first_cap_eur: the first aftoppingsgrens of ``year``.
        elderly_base: from :func:`load_elderly_base`.
        forecast: from :func:`load_forecast` (None: scenario path).
    """
    municipalities = sorted(elderly_base["municipality"])
    base_year = int(elderly_base["base_year"].min())
    years = list(range(min(base_year, int(year)), int(horizon) + 1))
    elderly = project_elderly(elderly_base, params.growth, scenario, years, forecast)
    share = {v: params.value("corporation_share_of_need", v) for v in VARIANTS}
    need = compute_need(elderly, params.prevalence, share, params.value("dwellings_per_person_with_need"))
    recon = reconcile_with_agreement(need, targets["elderly_increase_2040"], base_year, int(horizon))

    stock, projects = data.stock, data.projects
    supply = summarise_supply(stock, params.classes)
    supply = (pd.DataFrame({"municipality": municipalities}).merge(supply, on="municipality", how="left")
              .fillna(0))
    for c in [*ACCESSIBILITY_CLASSES, "total"]:
        supply[c] = supply[c].astype(int)
    pipeline = summarise_pipeline(projects, year, params.pipeline_status)
    report_years = list(range(int(year), int(horizon) + 1))
    supply_path = compute_supply_path(supply, pipeline, municipalities, report_years)
    gap = compute_gap(need[need["year"].isin(report_years)], supply_path)
    need_table = build_need_table(gap, scope_type, scope)

    key = elderly[elderly["year"] == int(horizon)].set_index("municipality")["elderly_75plus"]
    clustered = compute_clustered_gap(int(targets["clustered_dwellings"]), key,
                                      compute_clustered_pipeline(projects, params.pipeline_status), scope_type, scope)
    afford = compute_affordability(stock, counted_pipeline_projects(projects, year, params.pipeline_status),
                                   params.classes, first_cap_eur, municipalities)
    afford = afford[afford["scope"] == scope].reset_index(drop=True) if scope_type == "gemeente" else afford
    method = "prognose (levering)" if forecast is not None and not forecast.empty else f"scenario {scenario}"
    return AgeingResult(scope_type=scope_type, scope=scope, year=int(year), horizon=int(horizon), scenario=scenario,
                        population_source=population_source, base_year=base_year, projection_method=method,
                        elderly=elderly, need=need, reconciliation=recon, supply=supply, pipeline=pipeline,
                        supply_path=supply_path, need_table=need_table, gap=gap, clustered_gap=clustered,
                        clustered_key=key, affordability=afford, first_cap_eur=float(first_cap_eur),
                        targets=dict(targets))


# --------------------------------------------------------------------------------------
# Reference figures from the shared tables (I/O)
# --------------------------------------------------------------------------------------

#: Target ids in ``targets.csv`` (afspraak 4).
TARGET_ELDERLY = "elderly_increase_2040"
TARGET_CLUSTERED = "clustered_dwellings"
FIRST_CAP_ID = "aftoppingsgrens_laag"


def load_targets() -> dict[str, float]:
    """The two afspraak-4 figures from ``targets.csv`` (about 4.000 persons, about 1.450 dwellings)."""
    return {t: reference.target_value(t) for t in (TARGET_ELDERLY, TARGET_CLUSTERED)}


def first_cap(year: int) -> tuple[float | None, int | None]:
    """The first aftoppingsgrens for ``year``; when not found, the latest earlier year that has one.

    Returns:
        (value in euro or None, the year whose value is used or None). The notebook says so
        when the year used differs from the reporting year (the value is not estimated).
    """
    for y in sorted((y for y in reference.threshold_years() if y <= int(year)), reverse=True):
        try:
            value = reference.threshold(y, FIRST_CAP_ID)
        except KeyError:
            continue
        if value is not None:
            return value, y
    return None, None


def prepare(data, *, year: int, scope_type: str, scope: str, scenario: str, horizon: int,
            forecast_file: str = "") -> AgeingResult:
    """Load every reference input and run :func:`analyse` (the notebook's one call)."""
    params = load_parameters()
    base, source = load_elderly_base(params)
    forecast = load_forecast(forecast_file)
    cap, cap_year = first_cap(year)
    result = analyse(data, year=year, scope_type=scope_type, scope=scope, scenario=scenario, horizon=horizon,
                     targets=load_targets(), first_cap_eur=cap if cap is not None else float("nan"),
                     params=params, elderly_base=base, population_source=source, forecast=forecast)
    result.targets["first_cap_year"] = cap_year
    return result


# --------------------------------------------------------------------------------------
# Dutch text and display tables (pure)
# --------------------------------------------------------------------------------------


def _n(x) -> str:
    from analysis.formatting import format_number

    return format_number(x, 0)


def _range(lo, hi) -> str:
    return f"{_n(lo)} tot {_n(hi)}"


def _between(lo, hi) -> str:
    return f"tussen {_n(lo)} en {_n(hi)}"


def text_intro(r: AgeingResult) -> str:
    """Dutch introduction: what afspraak 4 says (figures from targets.csv) and ABF's warning."""
    return (
        "Afspraak 4 van de Regionale Prestatieafspraken Parkstad Limburg 2024-2028: het aantal ouderen met een "
        f"mobiliteitsbeperking of zorgvraag neemt tot 2040 met circa {_n(r.targets[TARGET_ELDERLY])} personen toe "
        f"(ABF-prognose 2020), en er is een bouwopgave van circa {_n(r.targets[TARGET_CLUSTERED])} geclusterde "
        "woningen, vooral huurwoningen onder de eerste aftoppingsgrens. De corporaties hebben hun woningen beoordeeld "
        "op toegankelijkheid (BAT). Dit rapport zet de behoefte per gemeente en per jaar naast het geschikte aanbod "
        "van de corporaties en hun pijplijn.\n\n"
        "**Let op:** ABF waarschuwt dat zulke cijfers op kleine schaal (gemeente, wijk) onbetrouwbaar zijn. Daarom "
        "staat hier steeds een bandbreedte (laag-hoog), geen puntschatting. Lees de cijfers per gemeente als orde "
        "van grootte."
    )


def text_reconciliation(r: AgeingResult) -> str:
    """Dutch paragraph: our regional increase to the horizon beside the agreement's "circa 4.000"."""
    rec = r.reconciliation.iloc[0]
    lo, hi, target = rec["increase_low"], rec["increase_high"], rec["agreement"]
    if lo <= target <= hi:
        verdict = "De afspraak valt binnen deze bandbreedte."
    elif hi < target:
        verdict = f"Dat is {_range(target - hi, target - lo)} minder dan de afspraak."
    else:
        verdict = f"Dat is {_range(lo - target, hi - target)} meer dan de afspraak."
    return (
        f"Met de standaardinstellingen ({r.projection_method}) neemt het aantal ouderen met een "
        f"mobiliteitsbeperking of zorgvraag in Parkstad tussen {int(rec['from_year'])} en {int(rec['to_year'])} "
        f"toe met **{_range(lo, hi)} personen**. De prestatieafspraken noemen **circa {_n(target)}** "
        f"(ABF-prognose 2020). {verdict}\n\n"
        "Waarom de cijfers verschillen: (1) ABF telt *huishoudens* met een persoon van 55 jaar of ouder met een "
        "dagelijkse lichamelijke beperking; deze analyse telt *personen* van 65 jaar en ouder met een "
        "loophulpmiddel of zorgvraag (WoON); (2) ABF gebruikt een eigen bevolkingsprognose per gemeente, deze "
        "analyse een scenariogroeipad (of een aangeleverde prognose) vanaf een leeftijdsprofiel van circa 2020; "
        "(3) de groeifactoren van de scenario's laag en midden zijn aannames; het scenario hoog volgt de "
        "landelijke groei van 75-plussers en komt daardoor duidelijk hoger uit. De uitkomst is dus een "
        "controle op de orde van grootte, geen nieuwe prognose."
    )


def text_need(r: AgeingResult) -> str:
    """Dutch paragraph: need, supply and gap for the scope in the reporting year and the horizon."""
    t = r.need_table[r.need_table["scope"] == r.scope].set_index("year")
    now, end = t.loc[r.year], t.loc[r.horizon]
    stock = r.supply["total"].sum() if r.scope_type == "regio" else r.supply.loc[
        r.supply["municipality"] == r.scope, "total"].sum()
    missing = "" if stock else (
        f"**Let op: de leveringen bevatten geen corporatiewoningen in {r.scope}; het aanbod is daardoor 0.** ")
    return missing + (
        f"In {r.scope} wonen in {r.year} naar schatting {_n(now['elderly_65plus'])} 65-plussers, van wie "
        f"{_n(now['elderly_75plus'])} 75-plussers; in {r.horizon} zijn dat er {_n(end['elderly_65plus'])} en "
        f"{_n(end['elderly_75plus'])}. De behoefte aan geschikte corporatiewoningen voor ouderen met een "
        f"beperking ligt in {r.year} {_between(now['need_low'], now['need_high'])} en in {r.horizon} "
        f"{_between(end['need_low'], end['need_high'])}. Het geschikte aanbod (voorraad plus zekere pijplijn) is "
        f"{_n(now['suitable_supply'])} in {r.year} en {_n(end['suitable_supply'])} in {r.horizon}. "
        f"Het tekort in {r.horizon} ligt daarmee {_between(end['gap_low'], end['gap_high'])} woningen "
        "(een negatief getal betekent meer geschikte woningen dan de geschatte behoefte)."
    )


def text_clustered(r: AgeingResult) -> str:
    """Dutch paragraph on the clustered-dwellings target and the pipeline."""
    row = r.clustered_gap[r.clustered_gap["scope"] == r.scope].iloc[0]
    share = "" if r.scope_type == "regio" else (
        f" (het aandeel van {r.scope} in de regionale opgave van {_n(r.targets[TARGET_CLUSTERED])}, verdeeld naar "
        f"het aantal 75-plussers in {r.horizon})")
    return (
        f"De opgave voor geclusterde woningen is {_n(row['target'])}{share}. De projectenlijsten van de corporaties "
        f"bevatten {_n(row['pipeline_units'])} geclusterde of zorggeschikte woningen (opgeleverd sinds 2022, in "
        f"aanbouw, hard of zacht). Er resteert een opgave van {_n(row['gap'])} woningen."
    )


def text_affordability(r: AgeingResult) -> str:
    """Dutch paragraph on the share at or below the first aftoppingsgrens."""
    from analysis.formatting import format_eur, format_percent

    cap_year = r.targets.get("first_cap_year")
    if cap_year is None:
        return ("De eerste aftoppingsgrens is voor dit jaar niet bekend in de referentietabel; de betaalbaarheid "
                "kan niet worden bepaald.")
    a = r.affordability[r.affordability["scope"] == r.scope].set_index("what")
    note = "" if cap_year == r.year else (
        f" De grens voor {r.year} is niet gevonden in een bron; daarom is de grens van {cap_year} gebruikt "
        "(niet geïndexeerd).")
    st, pi = a.loc["voorraad geschikt"], a.loc["pijplijn"]
    return (
        f"Eerste aftoppingsgrens: {format_eur(r.first_cap_eur)} (prijspeil {cap_year}).{note} "
        f"Van de geschikte corporatiewoningen heeft {format_percent(st['share_affordable'])} "
        f"({_n(st['n_affordable'])} van {_n(st['n_total'])}) een huur tot en met deze grens; van de "
        f"geschikte woningen in de pijplijn {format_percent(pi['share_affordable'])} ({_n(pi['n_affordable'])} "
        f"van {_n(pi['n_total'])}, op basis van de opgegeven huurklasse)."
    )


def display_need_table(r: AgeingResult, every: int = 5) -> pd.DataFrame:
    """The need table for display: reporting year, every ``every`` years and the horizon; Dutch headers."""
    from analysis.formatting import format_frame

    t = r.need_table
    years = sorted({r.year, r.horizon, *[y for y in range(r.year, r.horizon + 1) if y % every == 0]})
    t = t[t["year"].isin(years)].copy()
    t["behoefte"] = [_range(a, b) for a, b in zip(t["need_low"], t["need_high"], strict=True)]
    t["tekort"] = [_range(a, b) for a, b in zip(t["gap_low"], t["gap_high"], strict=True)]
    t = format_frame(t, {"elderly_65plus": "int", "elderly_75plus": "int", "suitable_supply": "int"})
    t = t[["scope", "year", "elderly_65plus", "elderly_75plus", "behoefte", "suitable_supply", "tekort"]]
    return t.rename(columns={"scope": "gebied", "year": "jaar", "elderly_65plus": "65+", "elderly_75plus": "75+",
                             "behoefte": "behoefte (woningen)", "suitable_supply": "geschikt aanbod",
                             "tekort": "tekort (woningen)"})


def display_supply(r: AgeingResult) -> pd.DataFrame:
    """Stock by accessibility class for display (scope rows only; region adds a total row)."""
    from analysis.formatting import format_frame

    s = r.supply.copy()
    if r.scope_type == "gemeente":
        s = s[s["municipality"] == r.scope]
    else:
        total = s.drop(columns="municipality").sum().to_frame().T
        total.insert(0, "municipality", REGION)
        s = pd.concat([s, total], ignore_index=True)
    s["aandeel geschikt"] = [g / t if t else float("nan") for g, t in zip(s["geschikt"], s["total"], strict=True)]
    s = format_frame(s, {c: "int" for c in [*ACCESSIBILITY_CLASSES, "total"]} | {"aandeel geschikt": "pct"})
    return s.rename(columns={"municipality": "gemeente", "total": "totaal"})


def display_elderly(r: AgeingResult) -> pd.DataFrame:
    """65+ and 75+ per municipality in the base year, the reporting year and the horizon (display)."""
    from analysis.formatting import format_frame

    e = r.elderly
    if r.scope_type == "gemeente":
        e = e[e["municipality"] == r.scope]
    years = sorted({r.base_year, r.year, r.horizon})
    wide = e[e["year"].isin(years)].pivot(index="municipality", columns="year",
                                          values=["elderly_65plus", "elderly_75plus"])
    if r.scope_type == "regio":
        wide.loc[REGION] = wide.sum()
    wide.columns = [f"{'65+' if a == 'elderly_65plus' else '75+'} {y}" for a, y in wide.columns]
    wide = wide.reset_index().rename(columns={"municipality": "gebied"})
    return format_frame(wide, {c: "int" for c in wide.columns if c != "gebied"})


def display_clustered(r: AgeingResult) -> pd.DataFrame:
    """The clustered-dwellings table with Dutch headers and the key (75+ share) per municipality."""
    from analysis.formatting import format_frame

    c = r.clustered_gap.copy()
    key = r.clustered_key / r.clustered_key.sum()
    c["sleutel"] = c["scope"].map(key).astype(float)
    c.loc[c["scope"] == REGION, "sleutel"] = 1.0
    c = format_frame(c, {"target": "int", "pipeline_units": "int", "gap": "int", "sleutel": "pct"})
    return c.rename(columns={"scope": "gebied", "target": "opgave", "sleutel": f"aandeel 75+ {r.horizon}",
                             "pipeline_units": "pijplijn geclusterd/zorggeschikt", "gap": "resterende opgave"})


def display_affordability(r: AgeingResult) -> pd.DataFrame:
    """The affordability table with Dutch headers."""
    from analysis.formatting import format_frame

    a = format_frame(r.affordability, {"n_total": "int", "n_affordable": "int", "n_unknown": "int",
                                       "share_affordable": "pct"})
    return a.rename(columns={"scope": "gebied", "what": "soort", "n_total": "geschikte woningen",
                             "n_affordable": "tot en met eerste aftoppingsgrens", "n_unknown": "huur onbekend",
                             "share_affordable": "aandeel betaalbaar"})


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


def plot_need_and_supply(r: AgeingResult, ax=None):
    """Need (band low-high) and suitable supply (line) for the scope, per year."""
    import matplotlib.pyplot as plt

    from analysis.style import colour_for, dutch_axis

    t = r.need_table[r.need_table["scope"] == r.scope].sort_values("year")
    if ax is None:
        _fig, ax = plt.subplots(figsize=(9, 4.5))
    colour = colour_for(r.scope, "#2b6cb0")
    ax.fill_between(t["year"], t["need_low"], t["need_high"], alpha=0.3, color=colour,
                    label="behoefte (laag–hoog)")
    ax.plot(t["year"], t["suitable_supply"], color="#2d3748", linewidth=2.2, label="geschikt aanbod")
    ax.set_title(f"Behoefte aan geschikte corporatiewoningen en aanbod, {r.scope}")
    ax.set_xlabel("jaar")
    ax.set_ylabel("woningen")
    ax.set_ylim(bottom=0)
    dutch_axis(ax)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(loc="upper left")
    return ax


def plot_supply_by_class(r: AgeingResult, ax=None):
    """Horizontal stacked bars: stock per municipality by accessibility class."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    s = r.supply.set_index("municipality")
    if r.scope_type == "gemeente":
        s = s.loc[[r.scope]]
    colours = {"geschikt": "#2f855a", "aanpasbaar": "#d69e2e", "ongeschikt": "#c53030", "onbekend": "#a0aec0"}
    if ax is None:
        _fig, ax = plt.subplots(figsize=(9, 0.5 * len(s) + 1.8))
    left = pd.Series(0, index=s.index)
    for c in ACCESSIBILITY_CLASSES:
        ax.barh(s.index, s[c], left=left, color=colours[c], label=c)
        left = left + s[c]
    ax.invert_yaxis()
    ax.set_xlabel("corporatiewoningen (1 januari)")
    ax.set_title(f"Corporatievoorraad naar toegankelijkheid, {r.year}")
    dutch_axis(ax, "x")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
    return ax


def plot_pipeline(r: AgeingResult, ax=None):
    """Stacked bars: accessible pipeline units per completion year by woonvorm; uncounted statuses hatched."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    p = r.pipeline if r.scope_type == "regio" else r.pipeline[r.pipeline["municipality"] == r.scope]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(9, 4.2))
    years = list(range(r.year, max([r.year + 4, *p["completion_year"].tolist()]) + 1))
    colours = {"nultreden": "#90cdf4", "geclusterd": "#2b6cb0", "zorggeschikt": "#553c9a"}
    bottom = pd.Series(0, index=years)
    for counted in (True, False):
        for form in SUITABLE_PROJECT_FORMS:
            sub = p[(p["housing_form"] == form) & (p["in_supply"] == counted)]
            v = sub.groupby("completion_year")["n_dwellings"].sum().reindex(years, fill_value=0).astype(float)
            if v.sum() == 0:
                continue
            label = form if counted else f"{form} (niet meegeteld: zacht/idee)"
            ax.bar(years, v.to_numpy(), bottom=bottom.to_numpy(dtype=float), color=colours[form], label=label,
                   hatch=None if counted else "//", alpha=1 if counted else 0.45, edgecolor="white")
            bottom = bottom + v
    ax.set_title(f"Geschikte woningen in de pijplijn per opleverjaar, {r.scope}")
    ax.set_xlabel("opleverjaar")
    ax.set_ylabel("woningen")
    ax.set_xticks(years)
    dutch_axis(ax)
    ax.set_ylim(0, max(float(bottom.max()) * 1.08, 1.0))
    if bottom.sum() == 0:
        ax.text(0.5, 0.5, "geen geschikte woningen in de pijplijn", transform=ax.transAxes, ha="center")
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
    return ax


def plot_gap_map(r: AgeingResult, year: int | None = None, ax=None):
    """Map of the 7 municipalities: gap in ``year`` (default the horizon), middle of the range."""
    from analysis.maps import plot_municipality_map

    y = int(year or r.horizon)
    t = r.gap[r.gap["year"] == y]
    values = ((t["gap_low"] + t["gap_high"]) / 2).set_axis(t["municipality"].tolist())
    return plot_municipality_map(values, f"Tekort aan geschikte corporatiewoningen in {y} (midden bandbreedte)",
                                 cmap="OrRd", legend_label="woningen (negatief = overschot)", ax=ax)
