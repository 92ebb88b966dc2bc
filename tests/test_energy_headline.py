"""Hand-computed unit test of compute_efg_headline (the EFG key figures per scope).

Reporting year 2026; rules as in test_energy_labels (EFG = E, F, G out by end 2028; monuments
exempt; demolition exempt when planned in or before 2028 + 5 = 2033; horizon 2030)::

    vhe  corp      gemeente  label monument measure        year after  what happens (end 2028)
    H1   Weller    Heerlen   G     -        verduurzaming  2027 B      improved 2027; to improve
    H2   Weller    Heerlen   F     ja       -              -    -      exempt (monument)
    H3   Weller    Kerkrade  E     -        verkoop        2028 -      sold 2028: not improved (still left), not to improve
    H4   Weller    Kerkrade  E     -        sloop          2030 -      exempt (sloop 2030 <= 2033), still there
    H5   HEEMwonen Heerlen   G     -        -              -    -      remaining; to improve
    H6   HEEMwonen Heerlen   E     -        verduurzaming  2029 A      remaining (after 2028); to improve
    H7   HEEMwonen Kerkrade  F     -        sloop          2027 -      exempt (sloop), demolished 2027
    H8   HEEMwonen Kerkrade  C     -        -              -    -      not EFG
    H9   HEEMwonen Kerkrade  E     -        verkoop        2031 -      remaining (sold after 2028); to improve

Hand-computed key figures::

    scope       efg_start exempt_now efg_now | remaining exempt improved demolished sold | to_improve
    Parkstad        8         3         5    |     4        2       1         1       1  |     4
    HEEMwonen       4         1         3    |     3        0       0         1       0  |     3
    Weller          4         2         2    |     1        2       1         0       1  |     1
    Heerlen         4         1         3    |     2        1       1         0       0  |     3
    Kerkrade        4         2         2    |     2        1       0         1       1  |     1

(Parkstad exempt_now: H2, H4, H7; to_improve: H1, H5, H6, H9 — H3 is sold before the deadline: a sale
is not an improvement (afspraak 7), so H3 stays in ``remaining`` (``sold`` is the part of it sold
without improvement) but no corporation will improve it: it is not to improve.)
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from test_energy_labels import RULES, YEAR, make_register

from analysis import energy_labels as el

ROWS = [
    # vhe, corp, muni, label, monument, measure, year, after, gas_free
    ("H1", "Weller", "Heerlen", "G", False, "verduurzaming", 2027, "B", False),
    ("H2", "Weller", "Heerlen", "F", True, None, None, None, False),
    ("H3", "Weller", "Kerkrade", "E", False, "verkoop", 2028, None, False),
    ("H4", "Weller", "Kerkrade", "E", False, "sloop", 2030, None, False),
    ("H5", "HEEMwonen", "Heerlen", "G", False, None, None, None, False),
    ("H6", "HEEMwonen", "Heerlen", "E", False, "verduurzaming", 2029, "A", False),
    ("H7", "HEEMwonen", "Kerkrade", "F", False, "sloop", 2027, None, False),
    ("H8", "HEEMwonen", "Kerkrade", "C", False, None, None, None, False),
    ("H9", "HEEMwonen", "Kerkrade", "E", False, "verkoop", 2031, None, False),
]

EXPECTED = [
    ("regio", "Parkstad", 8, 3, 5, 4, 2, 1, 1, 1, 4),
    ("corporatie", "HEEMwonen", 4, 1, 3, 3, 0, 0, 1, 0, 3),
    ("corporatie", "Weller", 4, 2, 2, 1, 2, 1, 0, 1, 1),
    ("gemeente", "Heerlen", 4, 1, 3, 2, 1, 1, 0, 0, 3),
    ("gemeente", "Kerkrade", 4, 2, 2, 2, 1, 0, 1, 1, 1),
]


def _headline(rules=RULES):
    cells = el.compute_cells(make_register(ROWS), YEAR, rules)
    return el.compute_efg_headline(cells, YEAR, rules)


def test_headline_hand_computed():
    h = _headline()
    assert tuple(h.columns) == el.HEADLINE_COLUMNS == (
        "scope_type", "scope", "efg_start", "exempt_now", "efg_now", "efg_remaining_deadline",
        "exempt_deadline", "improved_deadline", "demolished_deadline", "sold_deadline", "to_improve")
    assert [tuple(r) for r in h.itertuples(index=False)] == EXPECTED
    assert all(pd.api.types.is_integer_dtype(h[c]) for c in el.HEADLINE_COLUMNS[2:])


def test_headline_scopes_and_start_match_the_trajectory():
    cells = el.compute_cells(make_register(ROWS), YEAR, RULES)
    h = el.compute_efg_headline(cells, YEAR, RULES)
    t = el.compute_trajectory(cells, YEAR, RULES)
    first = t.groupby(["scope_type", "scope"], sort=False).first().reset_index()
    assert h[["scope_type", "scope"]].equals(first[["scope_type", "scope"]])
    assert h["efg_now"].tolist() == first["efg_remaining_start"].tolist()
    deadline = el.compute_efg_trajectory(cells, YEAR, RULES).query("year == 2028")
    assert h["efg_remaining_deadline"].tolist() == deadline["efg_remaining"].tolist()


def test_headline_when_the_deadline_has_passed():
    """Deadline 2025 (before the reporting year): the deadline columns are the state at the start.

    The demolition window then runs to 2025 + 5 = 2030, so H4 (2030) and H7 (2027) stay exempt;
    no counted event lies in or before 2025, so every non-exempt EFG dwelling is still to improve.
    """
    h = _headline(dataclasses.replace(RULES, deadline_year=2025))
    assert tuple(h.iloc[0]) == ("regio", "Parkstad", 8, 3, 5, 5, 3, 0, 0, 0, 5)


def test_headline_without_efg_dwellings():
    rows = [("N1", "Weller", "Heerlen", "B", False, None, None, None, True)]
    h = el.compute_efg_headline(el.compute_cells(make_register(rows), YEAR, RULES), YEAR, RULES)
    assert h.empty and tuple(h.columns) == el.HEADLINE_COLUMNS


def test_to_improve_on_the_register_of_test_energy_labels():
    """The 14-dwelling register: 8 non-exempt EFG (V01 V02 V05 V06 V09 V10 V13 V14); V06 is sold in 2027."""
    from test_energy_labels import ROWS as LABEL_ROWS

    h = el.compute_efg_headline(el.compute_cells(make_register(LABEL_ROWS), YEAR, RULES), YEAR, RULES)
    region = h.iloc[0]
    assert (region["efg_start"], region["exempt_now"], region["efg_now"], region["to_improve"]) == (12, 4, 8, 7)
