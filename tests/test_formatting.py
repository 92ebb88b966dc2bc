"""Dutch number formatting (analysis.formatting): 6.775 woningen, € 1.123,13, 12,5 %."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.formatting import (
    MISSING,
    format_eur,
    format_eur_millions,
    format_frame,
    format_number,
    format_percent,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (6775, 0, "6.775"),
        (2430, 0, "2.430"),
        (375, 0, "375"),
        (0, 0, "0"),
        (1_234_567, 0, "1.234.567"),
        (1123.13, 2, "1.123,13"),
        (1234567.891, 2, "1.234.567,89"),
        (0.5, 1, "0,5"),
        (12, 2, "12,00"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_eur():
    assert format_eur(1123.13) == "€ 1.123,13"
    assert format_eur(879.66) == "€ 879,66"
    assert format_eur(390000, 0) == "€ 390.000"
    assert format_eur(0) == "€ 0,00"


def test_negatives():
    assert format_number(-6775) == "-6.775"
    assert format_number(-1123.13, 2) == "-1.123,13"
    assert format_eur(-5) == "€ -5,00"
    assert format_percent(-0.05) == "-5,0 %"
    # a negative that rounds to zero has no minus sign
    assert format_number(-0.4) == "0"
    assert format_number(-0.004, 2) == "0,00"


def test_rounding_half_away_from_zero():
    assert format_number(2.5) == "3"
    assert format_number(3.5) == "4"  # not banker's rounding (which gives 4 here, 2 for 2.5)
    assert format_number(-2.5) == "-3"
    assert format_number(0.125, 2) == "0,13"
    assert format_number(6774.5) == "6.775"
    assert format_number(999.96, 1) == "1.000,0"
    assert format_eur(1123.125) == "€ 1.123,13"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_missing_is_a_dash(missing):
    assert format_number(missing) == MISSING
    assert format_eur(missing) == MISSING
    assert format_percent(missing) == MISSING
    assert format_eur_millions(missing) == MISSING


def test_missing_dash_is_not_zero():
    assert MISSING not in ("0", "")


def test_infinity():
    assert format_number(math.inf) == "∞"
    assert format_number(-math.inf) == "-∞"


def test_percent_and_millions():
    assert format_percent(0.125) == "12,5 %"
    assert format_percent(0.4, 0) == "40 %"
    assert format_percent(40, 0, fraction=False) == "40 %"
    assert format_eur_millions(12_345_678) == "€ 12,3 mln"
    assert format_eur_millions(190_000, 2) == "€ 0,19 mln"


def test_numpy_and_pandas_scalars():
    assert format_number(np.int64(6775)) == "6.775"
    assert format_number(np.float64(1123.13), 2) == "1.123,13"
    assert format_number(pd.array([2430], dtype="Int64")[0]) == "2.430"
    assert format_number("6775") == "6.775"


def test_format_frame():
    df = pd.DataFrame({"n": [6775, None], "eur": [1123.13, 5.0], "pct": [0.4, 0.125], "name": ["a", "b"]})
    out = format_frame(df, {"n": "int", "eur": "eur", "pct": "pct", "absent": "int"})
    assert out["n"].tolist() == ["6.775", MISSING]
    assert out["eur"].tolist() == ["€ 1.123,13", "€ 5,00"]
    assert out["pct"].tolist() == ["40,0 %", "12,5 %"]
    assert out["name"].tolist() == ["a", "b"]
    assert df["n"].iloc[0] == 6775  # input not changed
