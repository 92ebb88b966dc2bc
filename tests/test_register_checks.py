"""Unit tests of analysis.deliveries.register_checks (sender feedback on planned measures).

Delivery year 2026; the register of one file ``Weller_2026.xlsx``, sheet ``voorraad``, header on
row 1 (so the first dwelling is row 2)::

    row vhe label measure        year after  problem (column)
    2   R1  G     verduurzaming  2024 B      verbeterd_voor_rapportagejaar_nog_efg (jaar ingreep 2024)
    3   R2  C     verduurzaming  2027 E      label_na_slechter (label na ingreep E)
    4   R3  E     sloop          2025 -      ingreep_op_vertrokken_woning (jaar ingreep 2025)
    5   R4  E     -              -    -      none
    6   R5  E     renovatie      -    -      jaar_ingreep_ontbreekt (jaar ingreep empty) and
                                             label_na_ontbreekt (label na ingreep empty)
    7   R6  D     -              -    B      label_na_zonder_ingreep (label na ingreep B)
"""

from __future__ import annotations

from test_energy_labels import RULES, YEAR, make_register

from analysis.deliveries.register_checks import find_register_problems
from analysis.errors import Problem
from analysis.rules.efg import PROBLEMS

ROWS = [
    ("R1", "Weller", "Heerlen", "G", False, "verduurzaming", 2024, "B", False),
    ("R2", "Weller", "Heerlen", "C", False, "verduurzaming", 2027, "E", False),
    ("R3", "Weller", "Heerlen", "E", False, "sloop", 2025, None, False),
    ("R4", "Weller", "Heerlen", "E", False, None, None, None, False),
    ("R5", "Weller", "Kerkrade", "E", False, "renovatie", None, None, False),
    ("R6", "Weller", "Kerkrade", "D", False, None, None, "B", False),
]
FILE, SHEET = "Weller_2026.xlsx", "voorraad"


def _stock(rows=ROWS):
    stock = make_register(rows)
    stock["source_file"] = FILE
    stock["source_sheet"] = SHEET
    stock["source_row"] = list(range(2, 2 + len(stock)))
    return stock


def _warning(row, column, value, code):
    return Problem(FILE, SHEET, row, column, value, PROBLEMS[code], "waarschuwing")


def test_one_warning_per_dwelling_and_problem():
    assert find_register_problems(_stock(), YEAR, RULES) == [
        _warning(2, "jaar ingreep", "2024", "verbeterd_voor_rapportagejaar_nog_efg"),
        _warning(3, "label na ingreep", "E", "label_na_slechter"),
        _warning(4, "jaar ingreep", "2025", "ingreep_op_vertrokken_woning"),
        _warning(6, "jaar ingreep", "", "jaar_ingreep_ontbreekt"),
        _warning(6, "label na ingreep", "", "label_na_ontbreekt"),
        _warning(7, "label na ingreep", "B", "label_na_zonder_ingreep"),
    ]


def test_message_names_where_and_what():
    first = find_register_problems(_stock(), YEAR, RULES)[0]
    assert first.message() == (
        "Weller_2026.xlsx, blad 'voorraad', rij 2, kolom 'jaar ingreep': waarde '2024'; verwacht: "
        "verbetering gepland in een jaar vóór het rapportagejaar, maar de woning heeft nog label E, F of G")


def test_clean_register_has_no_warnings():
    assert find_register_problems(_stock([ROWS[3]]), YEAR, RULES) == []


def test_same_rule_as_the_analysis():
    """Every dwelling warned about is a dwelling whose measure the analysis ignores, and vice versa."""
    from analysis import energy_labels as el

    stock = _stock()
    warned = {p.row for p in find_register_problems(stock, YEAR, RULES)}
    ignored = set(stock.loc[el.classify_dwellings(stock, YEAR, RULES)["data_problem"].to_numpy(), "source_row"])
    assert warned == ignored == {2, 3, 4, 6, 7}
