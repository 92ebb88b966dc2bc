"""From a fetched CBS population table to the 65+ and 75+ counts that analysis 2 uses.

The long frame below has the shape of :func:`analysis.cbs.tidy` for table 03759ned::

    municipality  period  Leeftijd            value
    Heerlen       2025    65 tot 70 jaar      100
    Heerlen       2025    70 tot 75 jaar       80
    Heerlen       2025    75 tot 80 jaar       60
    Heerlen       2025    80 jaar of ouder     50
    Kerkrade      2025    65 jaar of ouder    400   (open groups given directly)
    Kerkrade      2025    75 jaar of ouder    150
    Brunssum      2025    65 tot 70 jaar       70   (70-75 missing: no 65+ figure, never a partial sum)
    Brunssum      2025    75 jaar of ouder     90

Hand-computed: Heerlen 65+ = 100 + 80 + 60 + 50 = 290, 75+ = 60 + 50 = 110;
Kerkrade 400 / 150; Brunssum 65+ unknown, 75+ = 90.
"""

import math

import pandas as pd

from analysis import ageing, cbs


def _frame(rows):
    return pd.DataFrame([
        {"municipality_code": "", "municipality": m, "period": p, "variable": f"BevolkingOp1Januari_1 | Leeftijd: {a}",
         "value": v, "Leeftijd": a} for m, p, a, v in rows
    ])


ROWS = [
    ("Heerlen", "2025", "65 tot 70 jaar", 100), ("Heerlen", "2025", "70 tot 75 jaar", 80),
    ("Heerlen", "2025", "75 tot 80 jaar", 60), ("Heerlen", "2025", "80 jaar of ouder", 50),
    ("Kerkrade", "2025", "65 jaar of ouder", 400), ("Kerkrade", "2025", "75 jaar of ouder", 150),
    ("Brunssum", "2025", "65 tot 70 jaar", 70), ("Brunssum", "2025", "75 jaar of ouder", 90),
]


def test_elderly_counts_hand_computed():
    out = cbs.elderly_counts(_frame(ROWS)).set_index("municipality")
    assert out.loc["Heerlen", "elderly_65plus"] == 290
    assert out.loc["Heerlen", "elderly_75plus"] == 110
    assert out.loc["Kerkrade", "elderly_65plus"] == 400
    assert out.loc["Kerkrade", "elderly_75plus"] == 150
    assert math.isnan(out.loc["Brunssum", "elderly_65plus"])
    assert out.loc["Brunssum", "elderly_75plus"] == 90
    assert set(out["year"]) == {2025}


def test_elderly_counts_ignores_average_population_topic():
    rows = _frame(ROWS[:4])
    avg = rows.copy()
    avg["variable"] = avg["variable"].str.replace("BevolkingOp1Januari_1", "GemiddeldeBevolking_2")
    avg["value"] = 9999
    out = cbs.elderly_counts(pd.concat([rows, avg]))
    assert out.loc[0, "elderly_65plus"] == 290


def test_ageing_uses_a_complete_cached_cbs_table(monkeypatch):
    names = ["Beekdaelen", "Brunssum", "Heerlen", "Kerkrade", "Landgraaf", "Simpelveld", "Voerendaal"]
    rows = []
    for i, name in enumerate(names):
        rows += [(name, "2025", "65 jaar of ouder", 1000 + i), (name, "2025", "75 jaar of ouder", 400 + i)]
    table = _frame(rows)
    table.attrs.update({"table_id": "03759ned", "retrieved": "2026-11-23"})
    monkeypatch.setattr(cbs, "load_cached_population", lambda directory=None: table)
    frame, text = ageing._cached_cbs_population()
    assert list(frame["municipality"]) == names
    assert list(frame["elderly_65plus"]) == [1000 + i for i in range(7)]
    assert set(frame["base_year"]) == {2025}
    assert "03759ned" in text and "2025" in text


def test_ageing_falls_back_when_a_municipality_is_incomplete(monkeypatch):
    table = _frame(ROWS)  # only 3 municipalities, Brunssum incomplete
    monkeypatch.setattr(cbs, "load_cached_population", lambda directory=None: table)
    assert ageing._cached_cbs_population() is None


def test_ageing_falls_back_without_cache(monkeypatch):
    monkeypatch.setattr(cbs, "load_cached_population", lambda directory=None: None)
    assert ageing._cached_cbs_population() is None
