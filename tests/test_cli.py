"""The one entry point: ``rpa --help`` (and ``python -m analysis --help``) lists every subcommand."""

import subprocess
import sys

from analysis.cli import build_parser

SUBCOMMANDS = ["report", "validate", "prepare", "template", "example-data", "fetch-cbs", "calibrate"]


def test_help_lists_every_subcommand(capsys):
    parser = build_parser()
    help_text = parser.format_help()
    for name in SUBCOMMANDS:
        assert name in help_text, f"'{name}' ontbreekt in rpa --help"


def test_python_dash_m_analysis_help_runs():
    result = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout


def test_each_subcommand_has_its_own_help():
    for name in SUBCOMMANDS:
        result = subprocess.run([sys.executable, "-m", "analysis", name, "--help"], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert "gebruik: rpa " + name in result.stdout
