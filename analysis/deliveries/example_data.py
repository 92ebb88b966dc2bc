"""Illustrative example deliveries (``rpa example-data``): a seeded generator.

The analyses run on figures only the parties hold. To show what the suite does without real
deliveries, this module writes *illustrative* deliveries ("illustratieve voorbeelddata") for the
9 corporations and 7 municipalities, delivery years 2022-2026, through the same workbook writer
as the templates (:func:`analysis.deliveries.templates.write_workbook`). Every delivery folder
gets a marker file ``VOORBEELDDATA.md``; the validator reads it and flags the processed data as
example data, so every report says so.

How it works (details: ``docs/example_data.md``; every number: ``docs/assumptions/example_data.md``)
----------------------------------------------------------------------------------------------
1. One "true" world is drawn once from ``numpy.random.default_rng(seed)``:
   - the corporation stock on 1 January 2022, one row per dwelling (VHE) with a stable id,
     sized from CBS dwelling stock 2024 per municipality times an assumed corporation share,
     split over the corporations present in the municipality, with build period and dwelling
     type drawn from the PBL/ETM stock by type and period of that municipality (tilted towards
     what corporations own);
   - events per dwelling: demolition, sale, liberalisation, a planned energy measure with its
     year, label after and whether it makes the dwelling gas-free (own stream
     ``default_rng([seed, 1])``);
   - projects 2022-2030 (corporations) and market plans (municipalities) with their true
     completion year, sized so that the region ends near, but not on, the agreement's targets;
   - dwellings added by completed rental projects and by purchases (inponding);
   - finances per corporation, driven by that stock, the projects and the measures.
2. Each delivery year Y is a *view* of that world: the register as at 1 January Y, realisations
   for years before Y, and prognoses for Y..2030 that are noisy (and somewhat optimistic) guesses
   of the truth, drawn from ``default_rng([seed, Y])``. So a later delivery's realisation differs
   from an earlier delivery's prognosis, as in real life.

The same seed gives the same frames and (through the deterministic writer) the same bytes.
Parameters live in ``data/raw/example/generator/parameters.csv`` and ``presence.csv`` (each row
with its source or "Aanname: ..."); the public calibration inputs in ``data/raw/public``.

This module writes the deliveries; the generator lives beside it: ``example_params``
(constants, parameters, calibration), ``example_stock`` (dwellings and their events),
``example_projects`` (projects and market plans), ``example_world`` (:func:`build_world`,
finances) and ``example_views`` (each delivery year's sheets), all in
:mod:`analysis.deliveries`.
"""

from __future__ import annotations

from pathlib import Path

from analysis import config
from analysis.deliveries.example_params import (
    DEFAULT_SEED,
    EFG,
    ETLOCAL_FILE,
    FIRST_YEAR,
    GENERATOR_DIR,
    KWB_FILE,
    LABELS,
    LAST_YEAR,
    PERIODS,
    PROJECT_PREFIX,
    TINY_CORPORATIONS,
    TINY_MUNICIPALITIES,
    TINY_YEARS,
    TYPES,
    Parameters,
    load_calibration,
    load_parameters,
    rent_index,
)
from analysis.deliveries.example_projects import _status as _status
from analysis.deliveries.example_stock import GAS_FREE_LABELS, GAS_FREE_STREAM, stock_at
from analysis.deliveries.example_stock import _gas_free_plans as _gas_free_plans
from analysis.deliveries.example_stock import _label_of as _label_of
from analysis.deliveries.example_views import _register as _register
from analysis.deliveries.example_views import (
    corporation_sheets,
    delivery_frames,
    municipality_sheets,
    mutation_truth,
    project_view,
)
from analysis.deliveries.example_world import World, build_world

# _gas_free_plans, _label_of, _register and _status are re-exported above by redundant alias
# (outside __all__): tests exercise these internal steps directly.
__all__ = [
    "DEFAULT_SEED", "EFG", "ETLOCAL_FILE", "FIRST_YEAR", "GAS_FREE_LABELS", "GAS_FREE_STREAM",
    "GENERATOR_DIR", "KWB_FILE", "LABELS", "LAST_YEAR", "MARKER", "MARKER_TEXT", "PERIODS",
    "PROJECT_PREFIX", "TINY_CORPORATIONS", "TINY_MUNICIPALITIES", "TINY_YEARS", "TYPES",
    "Parameters", "World", "build_world", "corporation_sheets", "delivery_frames",
    "example_data_command", "generate_deliveries", "load_calibration", "load_parameters",
    "municipality_sheets", "mutation_truth", "project_view", "rent_index", "stock_at",
]

MARKER = "VOORBEELDDATA.md"

MARKER_TEXT = """# Voorbeelddata — geen echte cijfers

De bestanden in deze map zijn **illustratieve voorbeeldleveringen** voor leveringsjaar {year}
(Regionale Prestatieafspraken Parkstad Limburg 2024-2028). Ze zijn gegenereerd door
`rpa example-data` (module `analysis/deliveries/example_data.py`) met startwaarde (seed) {seed}
en zijn met dezelfde startwaarde exact opnieuw te maken.

- Het zijn **geen** gegevens van corporaties of gemeenten. Namen van partijen zijn echt, de cijfers niet.
- Waar openbare cijfers bestaan is de generator daarop afgestemd: de woningvoorraad per gemeente
  (CBS Kerncijfers wijken en buurten 2024) en de voorraad naar woningtype en bouwperiode
  (PBL/ETM 2023), zie `data/raw/public/SOURCES.md`.
- Alle andere getallen zijn aannames, met hun onderbouwing in `docs/assumptions/example_data.md`;
  de werking van de generator staat in `docs/example_data.md`.
- Rapporten op deze data vermelden zichtbaar dat ze illustratieve voorbeelddata tonen.

Dit bestand is ook het kenmerk waaraan `rpa validate` voorbeelddata herkent; verwijder het niet.
"""


def generate_deliveries(out: Path | str, seed: int = DEFAULT_SEED, size: str = "full",
                        years=range(2022, 2027)) -> list[Path]:
    """Write the example deliveries: ``out/<year>/<sender>_<year>.xlsx`` plus ``VOORBEELDDATA.md``.

    Args:
        out: root folder (one subfolder per delivery year is written).
        seed: seed of the generator; the same seed gives identical workbooks.
        size: ``"full"`` (9 corporations, 7 municipalities) or ``"tiny"`` (2 + 2, ~30 VHE each).
        years: delivery years to write.

    Returns:
        The paths written, sorted.
    """
    from analysis.deliveries.templates import write_workbook

    out = Path(out)
    world = build_world(seed, size)
    written: list[Path] = []
    for year in years:
        ydir = out / str(year)
        ydir.mkdir(parents=True, exist_ok=True)
        for stem, (kind, sheets) in delivery_frames(world, int(year), seed).items():
            written.append(write_workbook(ydir / f"{stem}.xlsx", kind, sheets))
        marker = ydir / MARKER
        marker.write_text(MARKER_TEXT.format(year=year, seed=seed), encoding="utf-8")
        written.append(marker)
    return sorted(written)


def example_data_command(args) -> int:
    """``rpa example-data [--out DIR] [--seed N]``."""
    out = Path(args.out) if getattr(args, "out", None) else config.EXAMPLE_DIR
    seed = int(getattr(args, "seed", DEFAULT_SEED))
    paths = generate_deliveries(out, seed=seed)
    n_xlsx = sum(1 for p in paths if p.suffix == ".xlsx")
    years = sorted({p.parent.name for p in paths})
    print(f"Illustratieve voorbeeldleveringen geschreven naar {out}: {n_xlsx} werkboeken voor de "
          f"leveringsjaren {', '.join(years)} (startwaarde {seed}).")
    print("Let op: dit zijn gegenereerde cijfers, geen echte leveringen.")
    return 0
