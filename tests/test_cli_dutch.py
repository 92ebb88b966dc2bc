"""The command line speaks Dutch throughout: argparse's own usage, option and error texts too.

And ``rpa report --year 2031`` says which years have data.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import ARGPARSE_NL, ARGPARSE_NL_PLURAL, build_parser, main

SUBCOMMANDS = ["report", "validate", "prepare", "template", "example-data", "fetch-cbs", "calibrate"]
#: argparse's English texts that a user could see; none may be left.
ENGLISH = ("usage:", "options:", "positional arguments", "optional arguments", "show this help message",
           "error:", "the following arguments are required", "invalid choice", "choose from",
           "unrecognized arguments", "expected one argument", "invalid int value")


def _english_left(text: str) -> list[str]:
    return [e for e in ENGLISH if e in text]


def _error(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(argv)
    assert exc.value.code == 2
    return capsys.readouterr().err


def test_every_argparse_message_of_this_python_has_a_dutch_text():
    """A newer Python with a new argparse message fails here instead of speaking English."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    singular, plural = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                singular.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                plural.add(tuple(texts))
    assert singular and plural
    assert sorted(singular - set(ARGPARSE_NL)) == []
    assert sorted(plural - set(ARGPARSE_NL_PLURAL)) == []


def test_main_help_is_dutch():
    text = build_parser().format_help()
    assert text.startswith("gebruik: rpa [-h] <opdracht> ...")
    assert "opties:\n  -h, --help    toon deze hulp en stop" in text
    assert "opdrachten:" in text
    assert _english_left(text) == []


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_help_is_dutch(name, capsys):
    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"gebruik: rpa {name} ")
    assert "-h, --help" in out and "toon deze hulp en stop" in out
    assert _english_left(out) == [], out


def test_report_help_has_dutch_placeholders():
    usage = build_parser()._subparsers._group_actions[0].choices["report"].format_usage()
    assert usage.startswith("gebruik: rpa report [-h] [--year JAAR] [--phase {q1,q2,q3,all}] [--data MAP]")


def test_missing_argument(capsys):
    err = _error(["validate"], capsys)
    assert err.splitlines()[-1] == "rpa validate: fout: deze argumenten ontbreken: map"
    assert err.startswith("gebruik: rpa validate ")
    assert _english_left(err) == []


def test_invalid_choice(capsys):
    err = _error(["report", "--phase", "q4"], capsys)
    assert err.splitlines()[-1] == ("rpa report: fout: argument --phase: ongeldige keuze: 'q4' "
                                    "(kies uit 'q1', 'q2', 'q3', 'all')")


def test_unknown_subcommand(capsys):
    err = _error(["rapport"], capsys)
    assert "rpa: fout: argument <opdracht>: ongeldige keuze: 'rapport' (kies uit 'report', " in err
    assert _english_left(err) == []


def test_unknown_option_and_missing_value(capsys):
    assert _error(["report", "--bla"], capsys).splitlines()[-1] == "rpa: fout: onbekende argumenten: --bla"
    assert _error(["report", "--year"], capsys).splitlines()[-1] == (
        "rpa report: fout: argument --year: hier hoort één waarde bij")


@pytest.mark.parametrize(("argv", "message"), [
    (["report", "--year", "20x1"], "argument --year: '20x1' is geen jaartal (bijvoorbeeld 2026)"),
    (["report", "--jobs", "0"], "argument --jobs: '0' is geen geheel getal van 1 of meer"),
    (["example-data", "--seed", "abc"], "argument --seed: 'abc' is geen geheel getal"),
])
def test_wrong_values_are_said_in_dutch(argv, message, capsys):
    err = _error(argv, capsys)
    assert err.splitlines()[-1].endswith(message)
    assert _english_left(err) == []


def test_other_parsers_in_the_process_keep_their_language():
    build_parser().format_help()
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "--phase", "q4"])
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage: x")


def test_argument_errors_from_the_real_command_are_dutch():
    result = subprocess.run([sys.executable, "-m", "analysis", "report", "--phase", "q4"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "rpa report: fout: argument --phase: ongeldige keuze: 'q4'" in result.stderr
    assert _english_left(result.stderr) == []


# --------------------------------------------------------------------------------------------
# An unknown year says which years have data
# --------------------------------------------------------------------------------------------


def _deliveries(root: Path, years: tuple[int, ...]) -> Path:
    for y in years:
        (root / str(y)).mkdir(parents=True)
        (root / str(y) / "weller.xlsx").write_text("x", encoding="utf-8")
    (root / "2030").mkdir()  # empty: no data
    return root


def test_unknown_year_message_lists_the_years():
    from analysis.report.runner_inputs import unknown_year_message

    assert unknown_year_message(2031, Path("/nergens")) == (
        "Geen leveringen voor 2031 in /nergens: daar staat geen jaarmap met leveringen. Geef met --data de map "
        "met de jaarmappen (bijvoorbeeld leveringen/, met leveringen/2026/).")


def test_rpa_report_with_an_unknown_year_says_which_years_have_data(tmp_path, capsys):
    data = _deliveries(tmp_path / "leveringen", (2024, 2025, 2026))
    rc = main(["report", "--year", "2031", "--data", str(data), "--out", str(tmp_path / "out")])
    assert rc == 2
    out = capsys.readouterr().out
    assert f"Geen leveringen voor 2031 in {data}. Jaren met leveringen: 2024, 2025 en 2026. " \
           "Kies er een met --year (bijvoorbeeld --year 2026), of geef met --data een andere map." in out
    assert not (tmp_path / "out").exists()


def test_run_report_on_processed_data_says_which_years_are_processed(tmp_path):
    from analysis.report.runner import run_report

    processed = tmp_path / "processed"
    (processed / "2026").mkdir(parents=True)
    (processed / "2026" / "metadata.json").write_text("{}", encoding="utf-8")
    log: list[str] = []
    rc = run_report(year=2031, data_dir=processed, out_dir=tmp_path / "out", validate=False, progress=False,
                    log=log.append)
    assert rc == 2
    assert log[-1] == (f"Geen verwerkte gegevens voor 2031 in {processed}. Jaren met verwerkte gegevens: 2026. "
                       "Kies er een met --year (bijvoorbeeld --year 2026), of geef met --data een andere map.")
