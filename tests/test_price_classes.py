"""Price classes: both sides of every 2024 limit ("tot en met"), and what happens when a
limit is missing.

2024 limits (agreement annex, prijspeil 01-01-2024)::

    kwaliteitskortingsgrens   454,47
    aftoppingsgrens_laag      650,43
    aftoppingsgrens_hoog      697,07
    liberalisatiegrens        879,66
    middenhuurgrens         1.123,13
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.price_classes import (
    PRICE_CLASSES,
    MissingThresholdError,
    classify_rent,
    classify_rents,
    price_class_bounds,
    price_class_labels,
)

BOTH_SIDES_2024 = [
    (0.00, "goedkoop"),
    (454.47, "goedkoop"),
    (454.48, "betaalbaar_1"),
    (650.43, "betaalbaar_1"),
    (650.44, "betaalbaar_2"),
    (697.07, "betaalbaar_2"),
    (697.08, "duur"),
    (879.66, "duur"),
    (879.67, "middenhuur"),
    (1123.13, "middenhuur"),
    (1123.14, "boven_middenhuur"),
    (2500.00, "boven_middenhuur"),
]


@pytest.mark.parametrize(("rent", "expected"), BOTH_SIDES_2024)
def test_both_sides_of_every_2024_limit(rent, expected):
    assert classify_rent(rent, 2024) == expected


def test_vectorised_matches_scalar_and_keeps_index():
    rents = pd.Series([r for r, _ in BOTH_SIDES_2024], index=[f"w{i}" for i in range(len(BOTH_SIDES_2024))])
    out = classify_rents(rents, 2024)
    assert list(out.index) == list(rents.index)
    assert out.tolist() == [c for _, c in BOTH_SIDES_2024]
    assert str(out.dtype) == "string"


def test_2025_limits_from_reference():
    # 2025: 477,20 / 682,96 / 731,93 / 900,07 / 1.184,82 (REFERENCE.md B1)
    out = classify_rents(pd.Series([477.20, 477.21, 900.07, 900.08, 1184.82, 1184.83]), 2025)
    assert out.tolist() == ["goedkoop", "betaalbaar_1", "duur", "middenhuur", "middenhuur", "boven_middenhuur"]


def test_rents_are_rounded_to_cents_before_comparison():
    assert classify_rent(454.4700000001, 2024) == "goedkoop"
    assert classify_rent(454.474, 2024) == "goedkoop"
    assert classify_rent(454.476, 2024) == "betaalbaar_1"


def test_missing_rent_stays_missing():
    out = classify_rents(pd.Series([None, 500.0], dtype="Float64"), 2024)
    assert pd.isna(out.iloc[0]) and out.iloc[1] == "betaalbaar_1"
    assert classify_rent(None, 2024) is None


def test_negative_rent_is_an_error():
    with pytest.raises(ValueError, match="negatieve huur"):
        classify_rent(-1.0, 2024)


def test_year_without_limits_raises_naming_the_year():
    with pytest.raises(MissingThresholdError, match="2031") as err:
        classify_rent(500.0, 2031)
    assert err.value.year == 2031


# A tiny limits table with the middle limits missing (as 2026 in the reference data):
#   kwaliteitskortingsgrens 400, aftoppingsgrens_laag -, aftoppingsgrens_hoog -,
#   liberalisatiegrens 900, middenhuurgrens 1200
TINY = pd.DataFrame(
    {
        "year": [2099] * 5,
        "threshold_id": ["kwaliteitskortingsgrens", "aftoppingsgrens_laag", "aftoppingsgrens_hoog",
                         "liberalisatiegrens", "middenhuurgrens"],
        "value_eur": pd.array([400.0, None, None, 900.0, 1200.0], dtype="Float64"),
    }
)


def test_missing_limit_that_does_not_matter_still_classifies():
    # 300 <= 400 (known): goedkoop whatever the missing limits are; 950 > 900: middenhuur
    out = classify_rents(pd.Series([300.0, 400.0, 900.01, 1200.01]), 2099, thresholds=TINY)
    assert out.tolist() == ["goedkoop", "goedkoop", "middenhuur", "boven_middenhuur"]


def test_missing_limit_that_matters_raises_naming_limit_and_year():
    # 500 lies between 400 and 900: it needs both aftoppingsgrenzen
    with pytest.raises(MissingThresholdError) as err:
        classify_rents(pd.Series([300.0, 500.0]), 2099, thresholds=TINY)
    assert err.value.threshold_ids == ["aftoppingsgrens_laag", "aftoppingsgrens_hoog"]
    assert "2099" in str(err.value) and "aftoppingsgrens_laag" in str(err.value)


def test_missing_limit_with_on_missing_na():
    out = classify_rents(pd.Series([300.0, 500.0, 900.0, 950.0]), 2099, thresholds=TINY, on_missing="na")
    assert out.iloc[0] == "goedkoop"
    assert pd.isna(out.iloc[1]) and pd.isna(out.iloc[2])  # 900 <= liberalisatiegrens but class unknown
    assert out.iloc[3] == "middenhuur"


def test_2026_reference_has_missing_limits():
    # 2026: only liberalisatiegrens 932,93 and middenhuurgrens 1.228,07 are known
    assert classify_rent(1000.0, 2026) == "middenhuur"
    assert classify_rent(1228.08, 2026) == "boven_middenhuur"
    with pytest.raises(MissingThresholdError, match="kwaliteitskortingsgrens"):
        classify_rent(500.0, 2026)
    assert classify_rent(500.0, 2026, on_missing="na") is None


def test_limits_that_do_not_increase_are_rejected():
    bad = TINY.copy()
    bad["value_eur"] = pd.array([400.0, 650.0, 600.0, 900.0, 1200.0], dtype="Float64")
    with pytest.raises(ValueError, match="lopen niet op"):
        classify_rent(500.0, 2099, thresholds=bad)


def test_labels_and_bounds():
    labels = price_class_labels()
    assert list(labels) == list(PRICE_CLASSES)
    assert labels["betaalbaar_1"] == "Betaalbaar 1"
    assert labels["boven_middenhuur"] == "Boven middenhuur"
    bounds = price_class_bounds(2024).set_index("price_class")
    assert bounds.loc["goedkoop", "upper_inclusive_eur"] == 454.47
    assert bounds.loc["betaalbaar_1", "lower_exclusive_eur"] == 454.47
    assert pd.isna(bounds.loc["boven_middenhuur", "upper_inclusive_eur"])
