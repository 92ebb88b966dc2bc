"""Learning plan outcomes from the corporations' own history: match projects across deliveries.

A project is the same in two deliveries when it has the same (corporation, project number)
(``projecten.project_id``) and the same municipality and roughly the same size (at most the factor
``id_reuse_size_factor`` of ``forecast_parameters.csv`` larger or smaller); otherwise the number
is taken as reused and the project is left out (reported). For every plan in delivery ``Y`` that
is not completed, with planned year ``c = max(completion_year, Y)``, its outcome is read from the
later deliveries of its corporation:

- **on time**: listed as ``opgeleverd`` with a completion year of at most ``c``;
- **delayed by d**: listed as ``opgeleverd`` in year ``c + d``, or still planned in the last
  delivery (then the delay is at least ``max(planned year, last delivery year) - c``; known only
  when that is 3 or more, else the delay is censored and left out of the delay shares);
- **dropped**: missing from a later delivery of its corporation (and not back later);
- not yet known when no delivery after year ``c`` exists, unknown when the corporation did not
  deliver after ``c``; a project that vanishes and comes back is left out (reported).

Observations: ``"all"`` counts each plan once per cell (plan status x band of years ahead) and
planned year (the fate of one planned year is one event; the earliest delivery that saw it);
``"first"`` counts each plan once, at its first listing. The shares per cell get a Wilson score
interval (closed form, good coverage also for small n and shares near 0 or 1). Plans that fail
together in a bad year make the effective n smaller than the count, so the intervals are, if
anything, too narrow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from analysis.forecast.parameters import (
    DELAY_SHARES,
    OUTCOME_SHARES,
    PARAMETER_COLUMNS,
    horizon_band,
)
from analysis.rules.plans import REALISED_STATUSES

OUTCOMES = ("op_tijd", "vertraagd", "uitgevallen")
MATCH_COLUMNS = ["corporation", "delivery_year", "next_year", "matched", "new", "vanished", "reused", "returned"]
UNMATCHED_COLUMNS = ["corporation", "project_id", "delivery_year", "reason"]
COUNT_COLUMNS = ["n", "n_on_time", "n_delayed", "n_dropped", "n_delay_known", "n_delay_1", "n_delay_2",
                 "n_delay_3plus", "n_not_known"]
INTERVAL_COLUMNS = [f"{c}_{side}" for c in (*OUTCOME_SHARES, *DELAY_SHARES) for side in ("low", "high")]
CALIBRATION_COLUMNS = [*PARAMETER_COLUMNS, *COUNT_COLUMNS, *INTERVAL_COLUMNS]


@dataclass(frozen=True)
class Calibration:
    """What the history says.

    Attributes:
        observations: one row per plan observation with its outcome (``corporation, project_id,
            delivery_year, plan_status, planned_year, horizon, band_row, outcome, delay_years,
            delay_known``); ``outcome`` NA when not (yet) known.
        matching: per corporation and pair of successive deliveries: counts of matched, new,
            vanished, reused and returned project numbers (:data:`MATCH_COLUMNS`).
        unmatched: the project numbers behind those counts, with the reason in Dutch.
        estimates: per row of the reference table: the shares, counts and intervals
            (:data:`CALIBRATION_COLUMNS`).
    """

    observations: pd.DataFrame
    matching: pd.DataFrame
    unmatched: pd.DataFrame
    estimates: pd.DataFrame


def wilson_interval(successes, n, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a share ``successes / n`` (NA where ``n`` is 0).

    ``z`` is the two-sided normal quantile of ``level``. For x = 0 the lower bound is exactly 0
    and for x = n the upper bound exactly 1.
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    z = NormalDist().inv_cdf(0.5 + float(level) / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        low = np.where(x == 0, 0.0, centre - half)
        high = np.where(x == n, 1.0, centre + half)
    bad = n <= 0
    return np.where(bad, np.nan, np.clip(low, 0, 1)), np.where(bad, np.nan, np.clip(high, 0, 1))


def _long(deliveries: Mapping[int, pd.DataFrame]) -> pd.DataFrame:
    parts = []
    for year, frame in sorted(deliveries.items()):
        if frame is None or not len(frame):
            continue
        parts.append(pd.DataFrame({
            "corporation": frame["corporation"].astype(str).to_numpy(),
            "project_id": frame["project_id"].astype(str).to_numpy(),
            "municipality": frame["municipality"].astype(str).to_numpy(),
            "n_dwellings": pd.to_numeric(frame["n_dwellings"]).to_numpy(dtype=float),
            "completion_year": pd.to_numeric(frame["completion_year"]).to_numpy(dtype=np.int64),
            "plan_status": frame["plan_status"].astype(str).to_numpy(),
            "delivery_year": int(year)}))
    cols = ["corporation", "project_id", "municipality", "n_dwellings", "completion_year", "plan_status",
            "delivery_year"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)


def _matrices(long: pd.DataFrame, years: list[int], delivered: Mapping[int, set[str]]):
    """Key x year matrices: present, delivered (by the key's corporation), done, completion year, muni, size."""
    keys = long[["corporation", "project_id"]].drop_duplicates().sort_values(["corporation", "project_id"])
    keys = keys.reset_index(drop=True)
    k_index = pd.MultiIndex.from_frame(keys)
    shape = (len(keys), len(years))
    col = {y: j for j, y in enumerate(years)}
    row = k_index.get_indexer(pd.MultiIndex.from_frame(long[["corporation", "project_id"]]))
    j = long["delivery_year"].map(col).to_numpy()
    present = np.zeros(shape, bool)
    done = np.zeros(shape, bool)
    cyear = np.zeros(shape, np.int64)
    size = np.full(shape, np.nan)
    muni = np.full(shape, "", dtype=object)
    status = np.full(shape, "", dtype=object)
    present[row, j] = True
    status[row, j] = long["plan_status"].to_numpy()
    done[row, j] = long["plan_status"].isin(REALISED_STATUSES).to_numpy()
    cyear[row, j] = long["completion_year"].to_numpy()
    size[row, j] = long["n_dwellings"].to_numpy()
    muni[row, j] = long["municipality"].to_numpy()
    corp = keys["corporation"].to_numpy()
    deliv = np.column_stack([np.isin(corp, list(delivered.get(y, set()))) for y in years]) if years else \
        np.zeros(shape, bool)
    return keys, present, deliv | present, done, cyear, size, muni, status


def _match(keys, years, present, deliv, done, size, muni, size_factor: float):
    """Successive-delivery matching: counts per corporation and pair, the unmatched keys, reused keys."""
    reused = np.zeros(len(keys), bool)
    unmatched, counts = [], {}
    corp, pid = keys["corporation"].to_numpy(), keys["project_id"].to_numpy()
    for t in range(len(years)):
        for k in np.flatnonzero(present[:, t]):
            nxt = next((u for u in range(t + 1, len(years)) if deliv[k, u]), None)
            if nxt is None:
                continue
            c = counts.setdefault((corp[k], years[t], years[nxt]), dict.fromkeys(MATCH_COLUMNS[3:], 0))
            if present[k, nxt]:
                ratio = max(size[k, t], size[k, nxt]) / max(min(size[k, t], size[k, nxt]), 1e-9)
                if muni[k, t] != muni[k, nxt] or ratio > size_factor:
                    reused[k] = True
                    c["reused"] += 1
                    unmatched.append((corp[k], pid[k], years[nxt], "nummer hergebruikt: andere gemeente of omvang"))
                else:
                    c["matched"] += 1
            elif not done[k, t]:
                back = any(present[k, u] for u in range(nxt + 1, len(years)))
                c["returned" if back else "vanished"] += 1
                unmatched.append((corp[k], pid[k], years[nxt],
                                  "verdwenen en later teruggekeerd" if back else "verdwenen (geldt als uitgevallen)"))
        first = np.flatnonzero(present[:, t] & ~present[:, :t].any(axis=1)) if t else np.array([], int)
        for k in first:
            prev = next((u for u in range(t - 1, -1, -1) if deliv[k, u]), None)
            if prev is None:
                continue
            c = counts.setdefault((corp[k], years[prev], years[t]), dict.fromkeys(MATCH_COLUMNS[3:], 0))
            c["new"] += 1
            unmatched.append((corp[k], pid[k], years[t], "nieuw"))
    matching = pd.DataFrame([(a, b, n, *v.values()) for (a, b, n), v in sorted(counts.items())], columns=MATCH_COLUMNS)
    return matching, pd.DataFrame(unmatched, columns=UNMATCHED_COLUMNS), reused


def _outcomes(years, present, deliv, done, cyear, reused):
    """Per (key, year) pipeline observation: planned year, outcome, delay, delay known."""
    rows = []
    last = years[-1] if years else None
    for k, t in zip(*np.nonzero(present & ~done), strict=True):
        y = years[t]
        planned = max(int(cyear[k, t]), y)
        outcome, delay, known = None, None, False
        if reused[k] or last is None or last <= planned:
            rows.append((k, y, planned, "nog_onbekend" if not reused[k] else "hergebruikt", None, False))
            continue
        later = [u for u in range(t + 1, len(years)) if deliv[k, u]]
        if not any(years[u] > planned for u in later):
            rows.append((k, y, planned, "onbekend", None, False))
            continue
        for u in later:
            if not present[k, u]:
                back = any(present[k, v] for v in range(u + 1, len(years)))
                outcome = "teruggekeerd" if back else "uitgevallen"
                break
            if done[k, u]:
                d = int(cyear[k, u]) - planned
                outcome, delay, known = ("op_tijd", 0, True) if d <= 0 else ("vertraagd", d, True)
                break
        if outcome is None:  # still planned in the last delivery of its corporation
            u = later[-1]
            d = max(int(cyear[k, u]), years[u]) - planned
            outcome, delay, known = "vertraagd", d, d >= 3
        rows.append((k, y, planned, outcome, delay, known))
    return rows


def match_and_classify(deliveries: Mapping[int, pd.DataFrame], delivered: Mapping[int, set[str]] | None = None, *,
                       size_factor: float) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Match projects across deliveries and read each plan observation's outcome.

    Args:
        deliveries: delivery year -> the processed ``projects`` frame of that year.
        delivered: delivery year -> corporations that delivered (a delivery without projects is
            still a delivery); None takes the corporations with projects.
        size_factor: ``id_reuse_size_factor``.

    Returns:
        ``(observations, matching, unmatched)`` as in :class:`Calibration` (without ``band_row``).
    """
    long = _long(deliveries)
    years = sorted(int(y) for y in deliveries)
    if delivered is None:
        delivered = {y: set(long.loc[long["delivery_year"] == y, "corporation"]) for y in years}
    keys, present, deliv, done, cyear, size, muni, status = _matrices(long, years, delivered)
    matching, unmatched, reused = _match(keys, years, present, deliv, done, size, muni, size_factor)
    rows = _outcomes(years, present, deliv, done, cyear, reused)
    corp, pid = keys["corporation"].to_numpy(), keys["project_id"].to_numpy()
    col = {y: j for j, y in enumerate(years)}
    obs = pd.DataFrame([(corp[k], pid[k], y, status[k, col[y]], planned, planned - y, o, d, known)
                        for k, y, planned, o, d, known in rows],
                       columns=["corporation", "project_id", "delivery_year", "plan_status", "planned_year",
                                "horizon", "outcome", "delay_years", "delay_known"])
    obs = obs.astype({"delay_years": "Int64"}).sort_values(["corporation", "project_id", "delivery_year"])
    return obs.reset_index(drop=True), matching, unmatched.sort_values(UNMATCHED_COLUMNS).reset_index(drop=True)


def _band_rows(obs: pd.DataFrame, parameters: pd.DataFrame) -> np.ndarray:
    out = np.full(len(obs), -1)
    hi = parameters["horizon_max"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    for j, r in enumerate(parameters.itertuples()):
        hit = (obs["plan_status"].to_numpy() == r.plan_status) & (obs["horizon"].to_numpy() >= r.horizon_min) & (
            obs["horizon"].to_numpy() <= hi[j])
        out[hit] = j
    return out


def estimate_outcomes(observations: pd.DataFrame, parameters: pd.DataFrame, *, level: float,
                      mode: str = "all") -> pd.DataFrame:
    """Shares on time / delayed / dropped and of 1, 2, 3+ years delay per row of ``parameters``, with intervals.

    ``shock_correlation`` is copied from ``parameters`` (a few years of history cannot estimate it).
    Shares are NA for a row without observations (and the delay shares without a known delay).
    """
    if mode not in ("all", "first"):
        raise ValueError(f"mode moet 'all' of 'first' zijn, niet {mode!r}")
    obs = observations.assign(band_row=_band_rows(observations, parameters))
    if mode == "first":
        obs = obs.sort_values("delivery_year").drop_duplicates(["corporation", "project_id"], keep="first")
    obs = obs.sort_values("delivery_year").drop_duplicates(["corporation", "project_id", "planned_year", "band_row"])
    known = obs[obs["outcome"].isin(OUTCOMES)]
    rows = []
    for j in range(len(parameters)):
        o = known[known["band_row"] == j]
        late = o[o["outcome"] == "vertraagd"]
        dk = late[late["delay_known"].astype(bool)]
        d = dk["delay_years"].astype(int)
        not_known = int(((obs["band_row"] == j) & ~obs["outcome"].isin(OUTCOMES)).sum())
        rows.append([len(o), int((o["outcome"] == "op_tijd").sum()), len(late),
                     int((o["outcome"] == "uitgevallen").sum()), len(dk), int((d == 1).sum()), int((d == 2).sum()),
                     int((d >= 3).sum()), not_known])
    counts = pd.DataFrame(rows, columns=COUNT_COLUMNS)
    out = parameters[["plan_status", "horizon_min", "horizon_max"]].reset_index(drop=True).copy()
    pairs = {"p_on_time": ("n_on_time", "n"), "p_delayed": ("n_delayed", "n"), "p_dropped": ("n_dropped", "n"),
             "p_delay_1": ("n_delay_1", "n_delay_known"), "p_delay_2": ("n_delay_2", "n_delay_known"),
             "p_delay_3plus": ("n_delay_3plus", "n_delay_known")}
    for share, (x, n) in pairs.items():
        with np.errstate(invalid="ignore", divide="ignore"):
            out[share] = np.where(counts[n] > 0, counts[x] / counts[n].where(counts[n] > 0, 1), np.nan)
    out["shock_correlation"] = parameters["shock_correlation"].to_numpy(dtype=float)
    out = pd.concat([out, counts], axis=1)
    for share, (x, n) in pairs.items():
        out[f"{share}_low"], out[f"{share}_high"] = wilson_interval(counts[x], counts[n], level)
    return out[CALIBRATION_COLUMNS]


def calibrate(deliveries: Mapping[int, pd.DataFrame], parameters: pd.DataFrame, settings: Mapping[str, float], *,
              delivered: Mapping[int, set[str]] | None = None, mode: str = "all") -> Calibration:
    """Match, classify and estimate in one go (``settings``: :func:`forecast_settings`)."""
    obs, matching, unmatched = match_and_classify(deliveries, delivered,
                                                  size_factor=float(settings["id_reuse_size_factor"]))
    estimates = estimate_outcomes(obs, parameters, level=float(settings["interval_level"]), mode=mode)
    return Calibration(obs.assign(band_row=_band_rows(obs, parameters)), matching, unmatched, estimates)


def select_parameters(estimates: pd.DataFrame, defaults: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """The parameters the simulation uses: calibrated where the history suffices, else the reference default.

    Outcome shares are taken from ``estimates`` when ``n >= min_n``, delay shares when
    ``n_delay_known >= min_n``; ``shock_correlation`` always from ``defaults``. Adds
    ``basis_outcome`` and ``basis_delay`` (Dutch: ``"kalibratie (n = 45)"`` or
    ``"referentie (n = 12, minder dan 30)"``) and ``band`` (years ahead).
    """
    d = defaults.reset_index(drop=True)
    e = estimates.reset_index(drop=True)
    out = d[PARAMETER_COLUMNS].copy()
    for group, ncol, basis in ((OUTCOME_SHARES, "n", "basis_outcome"), (DELAY_SHARES, "n_delay_known", "basis_delay")):
        use = (e[ncol] >= int(min_n)).to_numpy()
        for c in group:
            out[c] = np.where(use, e[c], d[c])
        out[basis] = [f"kalibratie (n = {n})" if u else f"referentie (n = {n}, minder dan {int(min_n)})"
                      for n, u in zip(e[ncol], use, strict=True)]
    out.insert(3, "band", horizon_band(d))
    return out
