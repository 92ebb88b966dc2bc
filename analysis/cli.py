"""The ``rpa`` command (also ``python -m analysis``).

Subcommands import their implementation lazily so that ``rpa --help`` is instant.
Each implementation is a function ``(argparse.Namespace) -> int`` (the exit code).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

EPILOG = """\
Voorbeelden:
  rpa example-data                      schrijf de illustratieve voorbeeldleveringen
  rpa validate data/raw/example/2026    controleer een map met leveringen
  rpa prepare                           zet de verwerkte data klaar voor JupyterLab
  rpa template --out leveringen/        lege invulbestanden voor corporaties en gemeenten
  rpa report --year 2026 --phase all    maak de jaarlijkse rapportageset (Q1, Q2, Q3)
  rpa fetch-cbs                         haal actuele CBS-tabellen op (internet nodig)
"""


def _dispatch(target: str):
    module_name, func_name = target.split(":")

    def run(args: argparse.Namespace) -> int:
        module = importlib.import_module(module_name)
        return int(getattr(module, func_name)(args) or 0)

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rpa",
        description=(
            "Analysesuite Regionale Prestatieafspraken Parkstad Limburg 2024-2028: leveringen "
            "controleren, analyses draaien en de jaarlijkse rapportageset maken."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="<opdracht>")

    p = sub.add_parser("report", help="maak de jaarlijkse rapportageset (Q1 prognose, Q2 realisatie, Q3 tussenrapportage)")
    p.add_argument("--year", type=int, default=None, help="rapportagejaar (standaard: het laatste jaar met data)")
    p.add_argument("--phase", choices=["q1", "q2", "q3", "all"], default="all", help="welke fase (standaard: all)")
    p.add_argument("--data", type=Path, default=None, help="map met leveringen (standaard: de voorbeelddata)")
    p.add_argument("--out", type=Path, default=None, help="uitvoermap (standaard: outputs/)")
    p.add_argument("--jobs", type=int, default=None, help="aantal parallelle processen (standaard: aantal cores)")
    p.add_argument("--config", type=Path, default=None, help="rapportconfiguratie (standaard: reports/<jaar>.yml of reports/default.yml)")
    p.set_defaults(func=_dispatch("analysis.report.runner:report_command"))

    p = sub.add_parser("validate", help="controleer een map met leveringen en schrijf de geldige rijen naar data/processed")
    p.add_argument("directory", type=Path, help="map met .xlsx- en .csv-leveringen")
    p.add_argument("--out", type=Path, default=None, help="uitvoermap (standaard: data/processed/<jaar>)")
    p.add_argument("--strict", action="store_true", help="exitcode 1 zodra er één rij is afgekeurd")
    p.set_defaults(func=_dispatch("analysis.deliveries.validate:validate_command"))

    p = sub.add_parser("prepare", help="zet de verwerkte data klaar voor de notebooks (controle van de leveringen; voor make lab)")
    p.add_argument("--year", type=int, default=None, help="rapportagejaar (standaard: het laatste jaar met leveringen)")
    p.add_argument("--data", type=Path, default=None, help="map met leveringen (standaard: de voorbeelddata)")
    p.set_defaults(func=_dispatch("analysis.report.prepare:prepare_command"))

    p = sub.add_parser("template", help="schrijf lege invulbestanden (xlsx) met toelichting en keuzelijsten")
    p.add_argument("--out", type=Path, default=Path("templates"), help="uitvoermap (standaard: ./templates)")
    p.set_defaults(func=_dispatch("analysis.deliveries.templates:template_command"))

    p = sub.add_parser("example-data", help="schrijf illustratieve voorbeeldleveringen (gegenereerd, geen echte cijfers)")
    p.add_argument("--out", type=Path, default=None, help="uitvoermap (standaard: data/raw/example)")
    p.add_argument("--seed", type=int, default=20240531, help="startwaarde van de generator")
    p.set_defaults(func=_dispatch("analysis.deliveries.example_data:example_data_command"))

    p = sub.add_parser("fetch-cbs", help="haal CBS-tabellen op (bevolking naar leeftijd, woningvoorraad, prognose) naar data/raw/public")
    p.add_argument("--out", type=Path, default=None, help="uitvoermap (standaard: data/raw/public/cbs)")
    p.add_argument("--table", action="append", default=None, help="alleen deze tabel-id (mag vaker)")
    p.set_defaults(func=_dispatch("analysis.cbs:fetch_cbs_command"))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
