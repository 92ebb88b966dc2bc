"""The ``rpa`` command (also ``python -m analysis``).

Subcommands import their implementation lazily so that ``rpa --help`` is instant.
Each implementation is a function ``(argparse.Namespace) -> int`` (the exit code).
Everything the command line says is Dutch, argparse's own texts too (:class:`DutchArgumentParser`).
"""

from __future__ import annotations

import argparse
import contextlib
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
  rpa calibrate                         leer planuitval en vertraging uit de eerdere leveringen
"""


#: argparse's own texts (usage, option groups, -h, every error) in Dutch. Keys are argparse's
#: message ids; the ids of Python 3.11 to 3.13 are here (``tests/test_cli_dutch.py`` fails on a
#: message id of the running Python that is missing).
ARGPARSE_NL: dict[str, str] = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "subcommands": "opdrachten",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: waarschuwing: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "one of the arguments %s is required": "een van deze argumenten is verplicht: %s",
    "not allowed with argument %s": "niet samen met argument %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde (%(type)s): %(value)r",
    "expected one argument": "hier hoort één waarde bij",
    "expected at most one argument": "hier hoort hoogstens één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "ambiguous option: %(option)s could match %(matches)s": "onduidelijke optie: %(option)s kan %(matches)s zijn",
    "ignored explicit argument %r": "waarde %r hoort niet bij deze optie",
    "unexpected option string: %s": "onverwachte optie: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "onbekende opdracht %(parser_name)r (kies uit: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
    'argument "-" with mode %r': 'argument "-" met modus %r',
    "option '%(option)s' is deprecated": "optie '%(option)s' verdwijnt",
    "argument '%(argument_name)s' is deprecated": "argument '%(argument_name)s' verdwijnt",
    "command '%(parser_name)s' is deprecated": "opdracht '%(parser_name)s' verdwijnt",
    # Programming errors in a parser definition (never seen by a user of a correct parser).
    "%r is not callable": "%r is niet aanroepbaar",
    "'required' is an invalid argument for positionals": "'required' kan niet bij een positioneel argument",
    ".__call__() not defined": ".__call__() is niet gedefinieerd",
    "cannot have multiple subparser arguments": "er kan maar één groep opdrachten zijn",
    "cannot merge actions - two groups are named %r": "kan niet samenvoegen: twee groepen heten %r",
    "conflicting subparser: %s": "opdracht bestaat al: %s",
    "conflicting subparser alias: %s": "alias van een opdracht bestaat al: %s",
    "dest= is required for options like %r": "dest= is verplicht voor een optie als %r",
    "invalid conflict_resolution value: %r": "ongeldige waarde voor conflict_resolution: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "ongeldige optie %(option)r: moet beginnen met een teken uit %(prefix_chars)r",
    "mutually exclusive arguments must be optional": "argumenten die elkaar uitsluiten moeten opties zijn",
}
#: argparse's singular/plural messages in Dutch.
ARGPARSE_NL_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("expected %s argument", "expected %s arguments"): ("hier hoort %s waarde bij", "hier horen %s waarden bij"),
    ("conflicting option string: %s", "conflicting option strings: %s"):
        ("optie bestaat al: %s", "opties bestaan al: %s"),
}


def _nl(message):
    return ARGPARSE_NL.get(message, message) if isinstance(message, str) else message


def _nl_plural(singular, plural, n):
    one, many = ARGPARSE_NL_PLURAL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


@contextlib.contextmanager
def _dutch():
    """argparse's texts in Dutch while a :class:`DutchArgumentParser` builds, parses or formats.

    argparse looks its texts up through its module globals ``_`` and ``ngettext`` (gettext); they
    are swapped for the Dutch table only for the duration of the call, so no other parser in
    the process changes.
    """
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _nl, _nl_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts (usage, help, errors) are Dutch; subcommands inherit it."""

    def __init__(self, *args, **kwargs):
        with _dutch():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with _dutch():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with _dutch():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _dutch():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with _dutch():
            return super().format_usage()

    def format_help(self):
        with _dutch():
            return super().format_help()

    def error(self, message):
        with _dutch():
            super().error(message)


def _year(text: str) -> int:
    """A reporting year, four digits."""
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"{text!r} is geen jaartal (bijvoorbeeld 2026)")
    return int(text)


def _positive(text: str) -> int:
    """A whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is geen geheel getal van 1 of meer")
    return int(text)


def _whole(text: str) -> int:
    """A whole number."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen geheel getal") from None


def _dispatch(target: str):
    module_name, func_name = target.split(":")

    def run(args: argparse.Namespace) -> int:
        module = importlib.import_module(module_name)
        return int(getattr(module, func_name)(args) or 0)

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="rpa",
        description=(
            "Analysesuite Regionale Prestatieafspraken Parkstad Limburg 2024-2028: leveringen "
            "controleren, analyses draaien en de jaarlijkse rapportageset maken."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="<opdracht>", title="opdrachten")

    p = sub.add_parser("report", help="maak de jaarlijkse rapportageset (Q1 prognose, Q2 realisatie, Q3 tussenrapportage)")
    p.add_argument("--year", type=_year, default=None, metavar="JAAR", help="rapportagejaar (standaard: het laatste jaar met data)")
    p.add_argument("--phase", choices=["q1", "q2", "q3", "all"], default="all", help="welke fase (standaard: all, alle drie)")
    p.add_argument("--data", type=Path, default=None, metavar="MAP", help="map met leveringen (standaard: de voorbeelddata)")
    p.add_argument("--out", type=Path, default=None, metavar="MAP", help="uitvoermap (standaard: outputs/)")
    p.add_argument("--jobs", type=_positive, default=None, metavar="AANTAL", help="aantal parallelle processen (standaard: aantal cores)")
    p.add_argument("--config", type=Path, default=None, metavar="BESTAND", help="rapportconfiguratie (standaard: reports/<jaar>.yml of reports/default.yml)")
    p.add_argument("--force", action="store_true", help="maak alle rapporten opnieuw (standaard: een rapport waarvan notebook, parameters, leveringen en code niet veranderden wordt hergebruikt)")
    p.set_defaults(func=_dispatch("analysis.report.runner:report_command"))

    p = sub.add_parser("validate", help="controleer een map met leveringen en schrijf de geldige rijen naar data/processed")
    p.add_argument("directory", type=Path, metavar="map", help="map met .xlsx- en .csv-leveringen")
    p.add_argument("--out", type=Path, default=None, metavar="MAP", help="uitvoermap (standaard: data/processed/<jaar>)")
    p.add_argument("--strict", action="store_true", help="exitcode 1 zodra er één rij is afgekeurd")
    p.set_defaults(func=_dispatch("analysis.deliveries.validate:validate_command"))

    p = sub.add_parser("prepare", help="zet de verwerkte data klaar voor de notebooks (controle van de leveringen; voor make lab)")
    p.add_argument("--year", type=_year, default=None, metavar="JAAR", help="rapportagejaar (standaard: het laatste jaar met leveringen)")
    p.add_argument("--data", type=Path, default=None, metavar="MAP", help="map met leveringen (standaard: de voorbeelddata)")
    p.set_defaults(func=_dispatch("analysis.report.prepare:prepare_command"))

    p = sub.add_parser("template", help="schrijf lege invulbestanden (xlsx) met toelichting en keuzelijsten")
    p.add_argument("--out", type=Path, default=Path("templates"), metavar="MAP", help="uitvoermap (standaard: ./templates)")
    p.set_defaults(func=_dispatch("analysis.deliveries.templates:template_command"))

    p = sub.add_parser("example-data", help="schrijf illustratieve voorbeeldleveringen (gegenereerd, geen echte cijfers)")
    p.add_argument("--out", type=Path, default=None, metavar="MAP", help="uitvoermap (standaard: data/raw/example)")
    p.add_argument("--seed", type=_whole, default=20240531, metavar="GETAL", help="startwaarde van de generator")
    p.set_defaults(func=_dispatch("analysis.deliveries.example_data:example_data_command"))

    p = sub.add_parser("fetch-cbs", help="haal CBS-tabellen op (bevolking naar leeftijd, woningvoorraad, prognose) naar data/raw/public")
    p.add_argument("--out", type=Path, default=None, metavar="MAP", help="uitvoermap (standaard: data/raw/public/cbs)")
    p.add_argument("--table", action="append", default=None, metavar="TABEL", help="alleen deze tabel-id (mag vaker)")
    p.set_defaults(func=_dispatch("analysis.cbs:fetch_cbs_command"))

    p = sub.add_parser("calibrate", help="leer uit de eerdere leveringen hoe vaak plannen op tijd komen, vertragen of afvallen")
    p.add_argument("--data", type=Path, default=None, metavar="MAP", help="map met verwerkte leveringen per jaar (standaard: data/processed)")
    p.add_argument("--out", type=Path, default=None, metavar="MAP", help="uitvoermap (standaard: de map van het laatste jaar)")
    p.set_defaults(func=_dispatch("analysis.forecast.command:calibrate_command"))
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
