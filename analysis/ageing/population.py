"""Elderly now and in the future: 65+ and 75+ per municipality and year (pure).

Two steps of the chain: the base-year counts from a population table by 10-year age band
(:func:`compute_elderly_from_bands`), and the projection to the horizon along a scenario growth
path or a delivered forecast (:func:`project_elderly`).
"""

from __future__ import annotations

import pandas as pd

from analysis.rules.scopes import scoped_sums

#: Source columns of the 10-year age bands in the shipped population file ("okt-19" is how
#: Excel mangled "10-19"; it is not used here).
BAND_60_69, BAND_70_79, BAND_80_89, BAND_90_PLUS = "60-69", "70-79", "80-89", "90+"
#: The scope types of this analysis: the elderly live in a municipality, so need is known per
#: area (region or municipality), not per corporation.
AREA_SCOPE_TYPES = ("regio", "gemeente")
#: The two counts every step carries, and the age group of the growth table that drives each.
ELDERLY_COLUMNS: dict[str, str] = {"elderly_65plus": "65plus", "elderly_75plus": "75plus"}


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
    return frame_elderly_base(b["municipality"], int(base_year), e65, e75)


def frame_elderly_base(municipality: pd.Series, base_year: int, elderly_65plus: pd.Series,
                       elderly_75plus: pd.Series) -> pd.DataFrame:
    """The base-year frame: municipality, base_year, elderly_65plus, elderly_75plus, sorted."""
    out = pd.DataFrame({
        "municipality": municipality.astype("str"),
        "base_year": int(base_year),
        "elderly_65plus": elderly_65plus.astype(float),
        "elderly_75plus": elderly_75plus.astype(float),
    })
    return out.sort_values("municipality").reset_index(drop=True)


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
        forecast: optional: municipality, year, elderly_65plus, elderly_75plus, source.

    Returns:
        municipality, year, elderly_65plus, elderly_75plus, method ("scenario <name>" or
        "prognose"), sorted by municipality and year.
    """
    g = growth[growth["scenario"] == scenario].set_index("age_group")
    if not set(ELDERLY_COLUMNS.values()) <= set(g.index):
        raise ValueError(f"scenario '{scenario}' mist groeifactoren voor 65plus en/of 75plus")
    fc_munis = set(forecast["municipality"]) if forecast is not None and not forecast.empty else set()
    rows = []
    for _, b in base.iterrows():
        if b["municipality"] in fc_munis:
            rows += _follow_forecast(b, forecast[forecast["municipality"] == b["municipality"]], years)
        else:
            rows += _follow_scenario(b, g, scenario, years)
    out = pd.DataFrame(rows, columns=["municipality", "year", *ELDERLY_COLUMNS, "method"])
    return out.sort_values(["municipality", "year"]).reset_index(drop=True)


def _follow_forecast(b: pd.Series, forecast: pd.DataFrame, years: list[int]) -> list[dict]:
    """Rows of one municipality along its forecast, starting from its base-year count."""
    by = int(b["base_year"])
    f = forecast.sort_values("year")
    later = [int(y) > by for y in f["year"]]
    xs = [by] + [int(y) for y, keep in zip(f["year"], later, strict=True) if keep]
    rows = []
    for t in years:
        vals = {col: _interpolate(t, xs, [float(b[col])] + [float(v) for v, keep in zip(f[col], later, strict=True)
                                                             if keep])
                for col in ELDERLY_COLUMNS}
        rows.append({"municipality": b["municipality"], "year": t, **vals, "method": "prognose"})
    return rows


def _follow_scenario(b: pd.Series, g: pd.DataFrame, scenario: str, years: list[int]) -> list[dict]:
    """Rows of one municipality along the scenario growth path, rebased to its base year."""
    by = int(b["base_year"])
    rows = []
    for t in years:
        vals = {}
        for col, grp in ELDERLY_COLUMNS.items():
            r = g.loc[grp]
            path = (int(r["base_year"]), int(r["target_year"]), float(r["growth_factor"]))
            vals[col] = float(b[col]) * growth_factor(t, *path) / growth_factor(by, *path)
        rows.append({"municipality": b["municipality"], "year": t, **vals, "method": f"scenario {scenario}"})
    return rows


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


def summarise_elderly(elderly: pd.DataFrame) -> pd.DataFrame:
    """65+ and 75+ per scope and year: the region (sum of the municipalities) and each municipality."""
    return scoped_sums(elderly, list(ELDERLY_COLUMNS), extra_keys=["year"], scope_types=AREA_SCOPE_TYPES)
