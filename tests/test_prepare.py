"""``rpa prepare`` (``make lab``): processed data ready before JupyterLab opens."""

from __future__ import annotations

from pathlib import Path

from analysis.report.prepare import prepare

TINY = Path(__file__).parent / "fixtures" / "tiny"


def test_prepare_validates_both_years_once(tmp_path):
    log: list[str] = []
    assert prepare(data_dir=TINY, processed_root=tmp_path, log=log.append) == 0
    assert (tmp_path / "2025" / "metadata.json").exists() and (tmp_path / "2026" / "metadata.json").exists()
    assert log[-1] == f"Klaar: de notebooks kunnen 2026 lezen uit {tmp_path}."
    again: list[str] = []
    assert prepare(data_dir=TINY, processed_root=tmp_path, log=again.append) == 0
    assert again[:2] == [f"Verwerkte data 2025 is actueel ({tmp_path / '2025'}).",
                         f"Verwerkte data 2026 is actueel ({tmp_path / '2026'})."]


def test_prepare_without_deliveries_says_what_to_do(tmp_path):
    log: list[str] = []
    assert prepare(data_dir=tmp_path / "leeg", processed_root=tmp_path / "p", log=log.append) == 2
    assert log == [f"Geen leveringen gevonden onder {tmp_path / 'leeg'}. Geef met --data de map met jaarmappen "
                   "(bijvoorbeeld leveringen/, met leveringen/2026/)."]


def test_prepare_for_a_year_without_deliveries_lists_the_years(tmp_path):
    log: list[str] = []
    assert prepare(year=2031, data_dir=TINY, processed_root=tmp_path, log=log.append) == 2
    assert log == [f"Geen leveringen voor 2031 in {TINY}. Jaren met leveringen: 2025 en 2026. Kies er een met "
                   "--year (bijvoorbeeld --year 2026), of geef met --data een andere map."]
