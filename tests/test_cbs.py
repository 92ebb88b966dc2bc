"""CBS loader (analysis.cbs), offline.

The two network calls of ``cbsodata`` (``get_meta`` and ``get_data``) are replaced by the
fixtures in ``tests/fixtures/cbs/03759ned`` (the API's shape, made-up numbers). The fixture
data has five rows:

    RegioS      Perioden  Leeftijd          BevolkingOp1Januari_1  GemiddeldeBevolking_2
    Heerlen     2024      65 tot 70 jaar    1000                   1010
    Heerlen     2024      75 jaar of ouder   500                   (missing)
    Kerkrade    2024      65 tot 70 jaar     600                    610
    Maastricht  2024      65 tot 70 jaar     900                    905   <- not Parkstad: dropped
    Beekdaelen  2023      65 tot 70 jaar     300                    302

so the tidy frame has 4 regions' rows x 2 measures = 8 rows, all in Parkstad.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from pathlib import Path

import pytest

from analysis import cbs, reference

FIX = Path(__file__).parent / "fixtures" / "cbs" / "03759ned"


def _load(name: str):
    return json.loads((FIX / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def fake_cbs(monkeypatch):
    """Replace the network calls of cbsodata by the fixture files; record the filters used."""
    import cbsodata

    calls = {}

    def get_meta(table_id, name):
        assert table_id == "03759ned"
        return _load(name)

    def get_data(table_id, filters=None, **kwargs):
        calls["filters"] = filters
        return _load("data")

    monkeypatch.setattr(cbsodata, "get_meta", get_meta)
    monkeypatch.setattr(cbsodata, "get_data", get_data)
    return calls


def test_tidy_filters_to_parkstad_and_goes_long():
    meta = {k: _load(k) for k in ("TableInfos", "DataProperties", "RegioS")}
    frame = cbs.tidy(_load("data"), meta, cbs.TABLES["03759ned"], reference.municipalities())
    assert list(frame.columns[:5]) == cbs.BASE_COLUMNS
    assert {"Leeftijd", "Geslacht", "BurgerlijkeStaat"} <= set(frame.columns)
    assert len(frame) == 8  # 4 Parkstad rows x 2 measures; Maastricht dropped
    assert "Maastricht" not in set(frame["municipality"])
    heerlen_65 = frame[(frame["municipality_code"] == "GM0917")
                       & (frame["variable"] == "BevolkingOp1Januari_1 | Geslacht: Totaal mannen en vrouwen"
                          " | Leeftijd: 65 tot 70 jaar | BurgerlijkeStaat: Totaal burgerlijke staat")]
    assert heerlen_65["value"].tolist() == [1000.0]
    assert heerlen_65["period"].tolist() == ["2024"]
    missing = frame[(frame["municipality"] == "Heerlen") & frame["variable"].str.startswith("GemiddeldeBevolking")
                    & (frame["Leeftijd"] == "75 jaar of ouder")]
    assert len(missing) == 1 and math.isnan(missing["value"].iloc[0])  # kept, not guessed
    assert frame.loc[frame["municipality"] == "Beekdaelen", "period"].unique().tolist() == ["2023"]


def test_region_filter_names_all_codes_and_fixed_filters():
    f = cbs.region_filter(cbs.TABLES["03759ned"], ["GM0917", "GM0928"])
    assert f == ("(startswith(RegioS,'GM0917') or startswith(RegioS,'GM0928')) and "
                 "Geslacht eq 'T001038' and BurgerlijkeStaat eq 'T001019'")


def test_fetch_writes_cache_with_provenance(fake_cbs, tmp_path):
    csv_path, meta_path = cbs.fetch_table("03759ned", tmp_path, today=dt.date(2026, 3, 1))
    assert csv_path == tmp_path / "03759ned.csv"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["table_id"] == "03759ned"
    assert meta["title"] == "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio"
    assert meta["retrieved"] == "2026-03-01"
    assert meta["licence"] == "CC BY 4.0"
    assert meta["url"] == "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/03759ned/table"
    assert meta["n_rows"] == 8
    assert meta["municipalities"] == ["GM0917", "GM0928", "GM1954"]
    # the filter sent to CBS names all 7 Parkstad municipalities
    for code in reference.municipalities()["code"]:
        assert f"'{code}'" in fake_cbs["filters"]
    # and the cache loads back as the population table
    pop = cbs.load_cached_population(tmp_path)
    assert pop is not None and len(pop) == 8
    assert pop.attrs["table_id"] == "03759ned" and pop.attrs["retrieved"] == "2026-03-01"
    assert pop.loc[pop["municipality"] == "Kerkrade", "value"].sum() == 1210.0


def test_load_cached_population_none_without_cache(tmp_path):
    assert cbs.load_cached_population(tmp_path) is None


def test_fetch_cbs_command_offline_exit_3(monkeypatch, tmp_path, capsys):
    import cbsodata
    import requests

    def boom(*args, **kwargs):
        raise requests.exceptions.ConnectionError("Failed to establish a new connection")

    monkeypatch.setattr(cbsodata, "get_meta", boom)
    monkeypatch.setattr(cbsodata, "get_data", boom)
    code = cbs.fetch_cbs_command(argparse.Namespace(out=tmp_path, table=None))
    assert code == 3
    assert "geen verbinding met CBS; de suite werkt offline met wat ze meelevert" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_fetch_cbs_command_ok_and_unknown_table(fake_cbs, tmp_path, capsys):
    assert cbs.fetch_cbs_command(argparse.Namespace(out=tmp_path, table=["03759ned"])) == 0
    assert (tmp_path / "03759ned.csv").exists() and (tmp_path / "03759ned.meta.json").exists()
    assert cbs.fetch_cbs_command(argparse.Namespace(out=tmp_path, table=["99999XXX"])) == 2
    assert "onbekende CBS-tabel" in capsys.readouterr().err
