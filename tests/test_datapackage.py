"""``tables/datapackage.json``: every CSV table described in Dutch and English, valid Frictionless.

A hand-made folder first (types, descriptions, the example-data flag), then every tables
folder of the real reporting set (the tiny fixture through the runner), each validated with
the ``frictionless`` library against its CSV files.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from pathlib import Path

import pytest

from analysis import config
from analysis.outputs import EXAMPLE_BANNER_TEXT
from analysis.report.datapackage import DATAPACKAGE_FILE, About, field_type, write_datapackage

frictionless = pytest.importorskip("frictionless")

DAY = dt.date(2026, 11, 23)


def _about(example_data: bool) -> About:
    return About(title="Energielabels", year=2026, phase="q2", phase_title="Q2 realisatie",
                 scope_type="gemeente", scope="Heerlen", slug="q2/03_energielabels/gemeente-heerlen",
                 example_data=example_data, source="de leveringen 2026.", code_version="rpa-parkstad 0.1.0",
                 day=DAY, regional={"efg_share_by_municipality": "alle corporaties samen"})


@pytest.fixture
def tables(tmp_path) -> list[Path]:
    """efg_trajectory.csv and efg_share_by_municipality.csv as the energy notebook writes them.

    scope_type scope   year efg_remaining needed_per_year verdict        municipality n_efg efg_share
    gemeente   Heerlen 2027 6             5.5             achter         Heerlen      101   0.060120
    gemeente   Heerlen 2028 2             (empty)         op koers       Kerkrade     7     0.5
    """
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "efg_trajectory.csv").write_text(
        "scope_type,scope,year,efg_remaining,needed_per_year,verdict\n"
        "gemeente,Heerlen,2027,6,5.5,achter\ngemeente,Heerlen,2028,2,,op koers\n", encoding="utf-8")
    (folder / "efg_share_by_municipality.csv").write_text(
        "scope_type,scope,municipality,n_efg,efg_share\n"
        "gemeente,Heerlen,Heerlen,101,0.060120\ngemeente,Heerlen,Kerkrade,7,0.5\n", encoding="utf-8")
    return sorted(folder.glob("*.csv"))


def test_field_types_follow_the_cells():
    assert field_type(["1", "-2", ""]) == "integer"
    assert field_type(["1.5", "2", ""]) == "number"
    assert field_type(["True", "False", ""]) == "boolean"
    assert field_type(["Heerlen", "2"]) == "string"
    assert field_type(["", ""]) == "string"


def test_every_column_is_described_in_dutch_and_english(tables):
    path = write_datapackage(tables, tables[0].parent, _about(example_data=True))
    package = json.loads(path.read_text(encoding="utf-8"))
    trajectory = next(r for r in package["resources"] if r["name"] == "efg_trajectory")
    fields = {f["name"]: f for f in trajectory["schema"]["fields"]}
    assert [f["type"] for f in fields.values()] == ["string", "string", "integer", "integer", "number", "string"]
    assert fields["efg_remaining"]["title"] == "EFG over"
    assert fields["efg_remaining"]["description"].startswith("EFG-woningen die aan het eind van het jaar")
    assert fields["efg_remaining"]["description_en"] == "Non-exempt EFG dwellings left at the end of the year"
    assert fields["efg_remaining"]["unit"] == "woningen"
    assert trajectory["title"].startswith("Verloop van de EFG-woningen")
    assert trajectory["path"] == "efg_trajectory.csv" and trajectory["encoding"] == "utf-8"
    share = next(r for r in package["resources"] if r["name"] == "efg_share_by_municipality")
    assert share["regional"] == "alle corporaties samen"


def test_the_package_carries_the_example_data_flag(tables):
    package = json.loads(write_datapackage(tables, tables[0].parent, _about(True)).read_text(encoding="utf-8"))
    assert package["example_data"] is True
    assert package["description"].startswith(EXAMPLE_BANNER_TEXT)
    assert "example data" in package["description_en"]
    assert (package["year"], package["phase"], package["scope"]) == (2026, "q2", "Heerlen")
    real = json.loads(write_datapackage(tables, tables[0].parent, _about(False)).read_text(encoding="utf-8"))
    assert real["example_data"] is False and not real["description"].startswith(EXAMPLE_BANNER_TEXT)


def test_the_package_validates_with_frictionless(tables):
    path = write_datapackage(tables, tables[0].parent, _about(True))
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["type", "note"])


def test_frictionless_sees_a_cell_that_breaks_the_schema(tables):
    """The validation is real: a text in an integer column is an error."""
    path = write_datapackage(tables, tables[0].parent, _about(True))
    with open(tables[1], "a", encoding="utf-8") as fh:
        fh.write("gemeente,Heerlen,2029,veel,1.0,achter\n")
    assert not frictionless.validate(str(path)).valid


def test_coded_columns_list_their_dutch_labels(tmp_path):
    t = tmp_path / "financial_task.csv"
    t.write_text("item,task_eur,scenario\nefg_verbetering,10.5,basis\n", encoding="utf-8")
    package = json.loads(write_datapackage([t], tmp_path).read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["item"]["labels_nl"] == {"efg_verbetering": "verbetering EFG-woningen"}
    assert fields["scenario"]["labels_nl"] == {"basis": "Basis"}


# --------------------------------------------------------------------------------------------
# The real reporting set
# --------------------------------------------------------------------------------------------


def _run_tiny_set(processed: Path, out: Path) -> tuple[int, list[str], Path]:
    from analysis.report.runner import run_report

    log: list[str] = []
    extra = {"pdf": False} if "pdf" in inspect.signature(run_report).parameters else {}
    rc = run_report(data_dir=processed, out_dir=out, validate=False, config_path=config.ROOT / "reports" / "default.yml",
                    jobs=2, progress=False, day=DAY, log=log.append, **extra)
    return rc, log, out / "2026"


@pytest.fixture(scope="module")
def tiny_set_dir(request, tmp_path_factory) -> Path:
    """The whole set on the tiny fixture (the session's ``tiny_set`` where conftest has it)."""
    try:
        rc, log, set_dir = request.getfixturevalue("tiny_set")
    except pytest.FixtureLookupError:
        rc, log, set_dir = _run_tiny_set(request.getfixturevalue("tiny_processed"), tmp_path_factory.mktemp("set"))
    assert rc == 0, "\n".join(log[-30:])
    return set_dir


def test_every_tables_folder_of_the_set_has_a_valid_datapackage(tiny_set_dir):
    manifest = json.loads((tiny_set_dir / "manifest.json").read_text(encoding="utf-8"))
    folders = sorted(p.parent for p in tiny_set_dir.glob("*/*/*/tables/*.csv"))
    assert folders
    for folder in sorted(set(folders)):
        path = folder / DATAPACKAGE_FILE
        package = json.loads(path.read_text(encoding="utf-8"))
        assert package["example_data"] is manifest["example_data"], path
        assert sorted(r["path"] for r in package["resources"]) == sorted(p.name for p in folder.glob("*.csv"))
        for resource in package["resources"]:
            for f in resource["schema"]["fields"]:
                assert f.get("title") and f.get("description") and f.get("description_en"), (path, f["name"])
        report = frictionless.validate(str(path))
        assert report.valid, (path, report.flatten(["resourceName", "type", "note"])[:5])
