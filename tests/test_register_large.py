"""A large register (Parquet, or a large CSV) is checked column by column with the same outcome.

One small ``weller_2026_voorraad.csv`` holds a valid dwelling and one or more of every kind of
problem of the ``voorraad`` sheet. It is validated twice: the ordinary way (cell by cell) and,
with :data:`analysis.deliveries.read.LARGE_CSV_BYTES` set to 0, the column-wise way.
Both must give the same problems (file, sheet, row, column, value, expected, severity, in the
same order), the same accepted rows and values, the same rejections and reconciliation. The
same rows as a Parquet file (text columns, and typed columns) give the same problems too.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import schemas
from analysis.deliveries import read
from analysis.deliveries.validate import validate_directory

HEADERS = [f.header for f in schemas.VOORRAAD.fields]
VALID = {"vhe-nummer": "VHE1", "gemeente": "Heerlen", "wijk": "Centrum", "bouwjaar": "1975",
         "woningtype": "EGW", "netto huur": "612,35", "energielabel": "E", "ep2": "265", "aardgasvrij": "nee",
         "toegankelijkheid": "ZON", "bat-sterren": "1", "woonvorm": "REG", "monument": "nee",
         "geplande ingreep": "verduurzaming", "jaar ingreep": "2027", "label na ingreep": "B",
         "aardgasvrij na ingreep": "ja"}
#: (what is wrong, the cells that differ from VALID); each row gets its own VHE number unless given
CASES = [
    ("valid", {}),
    ("spaces and case normalised", {"vhe-nummer": " VHE 3 ", "gemeente": "gemeente heerlen", "energielabel": "e",
                                    "aardgasvrij": "Nee", "netto huur": "1.234,56"}),
    ("unknown municipality", {"gemeente": "Maastricht"}),
    ("required label empty", {"energielabel": ""}),
    ("ambiguous rent", {"netto huur": "1.500"}),
    ("rent above bounds", {"netto huur": "6000"}),
    ("rent not a number", {"netto huur": "veel"}),
    ("build year out of bounds", {"bouwjaar": "1700"}),
    ("build year with decimals", {"bouwjaar": "1975,5"}),
    ("build year after delivery year", {"bouwjaar": "2027", "jaar ingreep": "2028"}),
    ("measure before build year", {"bouwjaar": "1990", "jaar ingreep": "2020"}),
    ("measure without year", {"jaar ingreep": ""}),
    ("year without measure", {"geplande ingreep": "", "label na ingreep": "", "aardgasvrij na ingreep": ""}),
    ("verduurzaming without label after", {"label na ingreep": ""}),
    ("gas free after without improvement (warning)", {"geplande ingreep": "sloop", "label na ingreep": ""}),
    ("back to gas (warning)", {"aardgasvrij": "ja", "aardgasvrij na ingreep": "nee"}),
    ("bad bool and bad stars", {"monument": "misschien", "bat-sterren": "7"}),
    ("unknown code", {"woningtype": "kasteel"}),
    ("duplicate VHE number", {"vhe-nummer": "VHE1"}),
    ("duplicate of a rejected row is not a duplicate", {"vhe-nummer": "VHE4", "bouwjaar": "1700"}),
    ("second VHE4", {"vhe-nummer": "VHE4"}),
    ("the template's example row", {f.header: ("" if f.example is None else str(f.example).replace(".", ","))
                                    for f in schemas.VOORRAAD.fields}),
    ("empty optional cells", {"wijk": "", "ep2": "", "toegankelijkheid": "", "bat-sterren": ""}),
]


def _rows() -> list[dict]:
    rows = []
    for i, (_what, change) in enumerate(CASES):
        row = {**VALID, "vhe-nummer": f"VHE{100 + i}", **change}
        rows.append(row)
    return rows


def _write_csv(folder, rows) -> None:
    folder.mkdir(parents=True)
    lines = [";".join(HEADERS)] + [";".join(r[h] for h in HEADERS) for r in rows]
    (folder / "weller_2026_voorraad.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _problems(result, name_from=None, name_to=None) -> list[tuple]:
    out = []
    for p in result.problems:
        file = p.file.replace(name_from, name_to) if name_from else p.file
        out.append((file, p.sheet, p.row, p.column, p.value, p.expected, p.severity))
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    base = tmp_path_factory.mktemp("register")
    _write_csv(base / "rows" / "2026", _rows())
    ordinary = validate_directory(base / "rows" / "2026", write=False)
    mp = pytest.MonkeyPatch()
    mp.setattr(read, "LARGE_CSV_BYTES", 0)
    try:
        columnwise = validate_directory(base / "rows" / "2026", write=False)
    finally:
        mp.undo()
    return ordinary, columnwise, base


def test_every_case_is_present_in_the_ordinary_path(both):
    ordinary, _, _ = both
    kinds = {p.expected.split(" (")[0].split(";")[0][:30] for p in ordinary.problems}
    assert len(ordinary.problems) >= 18 and len(kinds) >= 14
    assert ordinary.reconciliation[0]["rows_read"] == len(CASES)


def test_same_problems_in_the_same_order(both):
    ordinary, columnwise, _ = both
    assert _problems(columnwise) == _problems(ordinary)


def test_same_accepted_rows_and_values(both):
    ordinary, columnwise, _ = both
    pd.testing.assert_frame_equal(columnwise.tables["stock"], ordinary.tables["stock"])
    assert set(columnwise.tables["stock"]["vhe_id"]) >= {"VHE100", "VHE 3"}


def test_same_rejections_and_reconciliation(both):
    ordinary, columnwise, _ = both
    pd.testing.assert_frame_equal(columnwise.rejections, ordinary.rejections)
    assert columnwise.reconciliation == ordinary.reconciliation
    assert columnwise.files == ordinary.files


def test_parquet_register_gives_the_same_problems(both):
    ordinary, _, base = both
    folder = base / "parquet" / "2026"
    folder.mkdir(parents=True)
    rows = _rows()
    table = pa.table({h: [r[h] if r[h] != "" else None for r in rows] for h in HEADERS})
    pq.write_table(table, folder / "weller_2026_voorraad.parquet")
    result = validate_directory(folder, write=False)
    expected = [p for p in _problems(ordinary, "weller_2026_voorraad.csv", "weller_2026_voorraad.parquet")]
    assert _problems(result) == expected
    assert len(result.tables["stock"]) == len(ordinary.tables["stock"])


def test_typed_parquet_register_accepts_numbers_and_bools(tmp_path):
    """Parquet with real numbers and booleans: taken as they are, bounds still checked."""
    folder = tmp_path / "2026"
    folder.mkdir()
    n = 4
    table = pa.table({
        "vhe-nummer": [f"V{i}" for i in range(n)], "gemeente": ["Heerlen"] * n, "bouwjaar": [1975, 1980, 1700, 1990],
        "woningtype": ["EGW"] * n, "netto huur": [612.35, 700.0, 500.0, 9999.0], "energielabel": ["E", "F", "G", "A"],
        "aardgasvrij": [False, True, False, False], "woonvorm": ["REG"] * n, "monument": [False] * n,
    })
    pq.write_table(table, folder / "weller_2026_voorraad.parquet")
    result = validate_directory(folder, write=False)
    stock = result.tables["stock"]
    # rows 4 (bouwjaar 1700) and 5 (huur 9999) are rejected; rows 2 and 3 are kept as typed
    assert list(stock["vhe_id"]) == ["V0", "V1"]
    assert list(stock["net_rent_eur"]) == [612.35, 700.0]
    assert list(stock["gas_free"]) == [False, True]
    assert [(p.row, p.column, p.value) for p in result.problems if p.severity == "fout"] == [
        (4, "bouwjaar", "1700"), (5, "netto huur", "9999")]
