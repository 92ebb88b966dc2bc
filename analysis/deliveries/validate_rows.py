"""Cross-row checks of ``rpa validate`` (rule 5): reporting windows, plausibility, unique keys.

:func:`check_rows` works within one sheet (years outside :data:`YEAR_WINDOWS`, realisations in
the future, measures without year or label, contradicting totals, ...); :func:`check_unique`
rejects repeated keys per sender, also across files; :func:`mark_template_examples` rejects the
example rows ``rpa template`` writes, when a sender left them in.
"""

from __future__ import annotations

from analysis import schemas
from analysis.deliveries.validate_cells import _value_text
from analysis.deliveries.validate_sheets import WAARSCHUWING, SheetOutcome
from analysis.errors import Problem

__all__ = ["YEAR_WINDOWS", "check_rows", "check_unique", "mark_template_examples"]

#: Reporting windows per table: (first year, last year). ``None`` as last year = the delivery year.
#: The agreement runs 2024-2028 (``config.AGREEMENT_*``); deliveries cover 2022 (two years of
#: history for the baseline) through 2030 (the prognosis horizon of the corporations' plans).
#: Finances run from 2015 (historic ratios) to 2035 (long-term prognosis). These are the
#: contract of the delivery format (docs/deliveries.md), not policy figures.
YEAR_WINDOWS: dict[str, tuple[int, int | None]] = {
    "projects": (2022, 2030),
    "mutations": (2022, 2030),
    "finances": (2015, 2035),
    "plan_capacity": (2022, 2040),
    "voorzieningenwijzer": (2022, None),
}

_YEAR_FIELD = {"projects": "completion_year", "mutations": "year", "finances": "year",
               "plan_capacity": "completion_year", "voorzieningenwijzer": "year"}


def check_rows(out: SheetOutcome, delivery_year: int) -> list[Problem]:
    """Cross-row checks within one sheet; rejects rows and returns warnings.

    - duplicate key (``spec.unique``): the second and later rows are rejected, naming the first;
    - year outside :data:`YEAR_WINDOWS`;
    - ``mutaties``: ``realisatie`` with jaar >= leveringsjaar (a realisation in the future);
      ``prognose`` for a past year -> warning;
    - ``projecten``: ``opgeleverd`` with jaar van oplevering > leveringsjaar; not opgeleverd
      with a year before the delivery year -> warning;
    - ``voorraad``: bouwjaar after the delivery year; jaar ingreep before bouwjaar; a planned
      measure without jaar; a jaar without a measure; verduurzaming without label na ingreep;
      label na ingreep worse than the current label -> warning; aardgasvrij na ingreep filled
      without a renovatie/verduurzaming -> warning (not used by analysis 3); aardgasvrij ja with
      aardgasvrij na ingreep nee -> warning;
    - ``voorzieningenwijzer``: geadviseerd > benaderd;
    - ``plancapaciteit``: ontwikkelaar markt with a corporatie filled in; corporatie without name
      -> warning.
    """
    spec, vals = out.spec, out.values
    n = len(out.rows)
    warnings: list[Problem] = []
    hdr = {f.name: f.header for f in spec.fields}
    ok = [i not in out.rejected for i in range(n)]

    def warn(i, name, value, expected):
        warnings.append(Problem(out.file, out.problem_sheet, out.rows[i], hdr.get(name, ""),
                                _value_text(value), expected, WAARSCHUWING))

    table = spec.table
    if table in _YEAR_FIELD:
        yname = _YEAR_FIELD[table]
        lo, hi = YEAR_WINDOWS[table]
        hi = delivery_year if hi is None else hi
        for i in range(n):
            y = vals[yname][i]
            if ok[i] and y is not None and not lo <= y <= hi:
                out.reject(i, hdr[yname], y, f"een jaar van {lo} t/m {hi} (rapportageperiode van deze levering)")
    if table == "mutations":
        for i in range(n):
            y, st = vals["year"][i], vals["figure_status"][i]
            if y is None or st is None:
                continue
            if st == "realisatie" and y >= delivery_year:
                out.reject(i, hdr["figure_status"], "realisatie",
                           f"prognose: een realisatie kan alleen over jaren vóór het leveringsjaar {delivery_year} "
                           f"gaan (jaar {y})")
            elif st == "prognose" and y < delivery_year:
                warn(i, "figure_status", "prognose",
                     f"realisatie voor een jaar vóór het leveringsjaar {delivery_year} (jaar {y})")
    if table == "projects":
        for i in range(n):
            y, st = vals["completion_year"][i], vals["plan_status"][i]
            if y is None or st is None:
                continue
            if st == "opgeleverd" and y > delivery_year:
                out.reject(i, hdr["completion_year"], y,
                           f"een jaar t/m {delivery_year}: planstatus 'opgeleverd' met een oplevering in de toekomst")
            elif st != "opgeleverd" and y < delivery_year:
                warn(i, "plan_status", schemas.code_label("plan_status", st),
                     f"'opgeleverd' of een jaar van oplevering vanaf {delivery_year} (jaar {y} ligt in het verleden)")
    if table == "stock":
        for i in range(n):
            by, my = vals["build_year"][i], vals["measure_year"][i]
            meas, after = vals["planned_measure"][i], vals["label_after"][i]
            if by is not None and by > delivery_year:
                out.reject(i, hdr["build_year"], by, f"een bouwjaar t/m het leveringsjaar {delivery_year} "
                                                    "(voorraad op 1 januari)")
            if by is not None and my is not None and my < by:
                out.reject(i, hdr["measure_year"], my, f"een jaar ingreep vanaf het bouwjaar {by}")
            if meas is not None and my is None and "measure_year" not in _rejected_cols(out, i, hdr):
                out.reject(i, hdr["measure_year"], "", f"een jaar bij geplande ingreep '{meas}'")
            if meas is None and my is not None and "planned_measure" not in _rejected_cols(out, i, hdr):
                out.reject(i, hdr["planned_measure"], "",
                           f"een geplande ingreep (sloop, renovatie, verduurzaming, verkoop) bij jaar ingreep {my}")
            if meas == "verduurzaming" and after is None and "label_after" not in _rejected_cols(out, i, hdr):
                out.reject(i, hdr["label_after"], "", "het energielabel na de verduurzaming (A++++ t/m G)")
            # a label after worse than now: analysis.deliveries.register_checks (the EFG rule's own check)
            gf, gf_after = vals["gas_free"][i], vals["gas_free_after"][i]
            if gf_after is not None and meas not in ("renovatie", "verduurzaming") \
                    and "planned_measure" not in _rejected_cols(out, i, hdr):
                warn(i, "gas_free_after", "ja" if gf_after else "nee",
                     "leeg, of een geplande ingreep renovatie of verduurzaming bij 'aardgasvrij na ingreep' "
                     f"(geplande ingreep: {meas or 'geen'})")
            elif gf is True and gf_after is False:
                warn(i, "gas_free_after", "nee",
                     "ja: de woning is nu al aardgasvrij (terug naar aardgas na de ingreep?)")
    if table == "voorzieningenwijzer":
        for i in range(n):
            a, b = vals["households_approached"][i], vals["households_advised"][i]
            if a is not None and b is not None and b > a:
                out.reject(i, hdr["households_advised"], b,
                           f"een aantal geadviseerde huishoudens <= het aantal benaderde ({a})")
    if table == "plan_capacity":
        for i in range(n):
            dev, corp = vals["developer"][i], vals["corporation"][i]
            if dev == "markt" and corp is not None:
                out.reject(i, hdr["corporation"], corp,
                           "leeg bij ontwikkelaar 'markt' (of ontwikkelaar 'corporatie' kiezen)")
            elif dev == "corporatie" and corp is None and "corporation" not in _rejected_cols(out, i, hdr):
                warn(i, "corporation", "", "de naam van de corporatie bij ontwikkelaar 'corporatie'")
    return warnings


def _rejected_cols(out: SheetOutcome, i: int, hdr: dict[str, str]) -> set[str]:
    inv = {v: k for k, v in hdr.items()}
    return {inv.get(p.column, p.column) for p in out.rejected.get(i, [])}


def check_unique(outcomes: list[SheetOutcome]) -> None:
    """Reject later rows whose key (``spec.unique``, per sender) was already seen, also across files."""
    seen: dict[tuple, tuple[str, int]] = {}
    for out in outcomes:
        key_names = out.spec.unique
        if not key_names:
            continue
        hdr = {f.name: f.header for f in out.spec.fields}
        for i in range(len(out.rows)):
            if i in out.rejected:
                continue
            key_vals = tuple(out.values[k][i] for k in key_names)
            if any(k is None for k in key_vals):
                continue
            key = (out.spec.table, out.sender, key_vals)
            if key in seen:
                f0, r0 = seen[key]
                where = f"rij {r0}" if f0 == out.file else f"{f0}, rij {r0}"
                if len(key_names) == 1:
                    what, shown_value = f"een uniek(e) {hdr[key_names[0]]}", key_vals[0]
                else:
                    what = "een unieke combinatie van " + ", ".join(hdr[k] for k in key_names)
                    shown_value = " / ".join(map(str, key_vals))
                out.reject(i, hdr[key_names[0]], shown_value, f"{what}; komt al voor in {where}")
            else:
                seen[key] = (out.file, out.rows[i])


#: A row is taken for the template's example on its own when it matches on at least this many
#: filled example values; a shorter example row (mutaties, voorzieningenwijzer, levering) can
#: coincide with a real row, so it is only rejected when another sheet of the file still holds
#: its example row too (otherwise: a warning).
STRONG_EXAMPLE_FIELDS = 6


def _example_values(spec: schemas.SheetSpec) -> dict[str, object]:
    """Field name -> the normalised example value ``rpa template`` writes (None for an empty one)."""
    from analysis.deliveries.validate_cells import _is_blank, make_converter

    return {f.name: None if _is_blank(f.example) else make_converter(f)(f.example) for f in spec.fields}


def _example_rows(out: SheetOutcome) -> list[int]:
    """Rows equal to the example on every field (a column left out of the sheet reads as empty)."""
    example = _example_values(out.spec)
    return [i for i in range(len(out.rows)) if i not in out.rejected
            and all(out.values[k][i] == v for k, v in example.items())]


def mark_template_examples(outcomes: list[SheetOutcome]) -> list[Problem]:
    """Reject the template's example rows in the sheets of one file; warnings for a doubtful one.

    Returns the warnings (rows that match a short example row while no other sheet of the file
    holds its example row: they are kept).
    """
    found = {id(out): _example_rows(out) for out in outcomes}
    matched = [out for out in outcomes if found[id(out)]]
    warnings: list[Problem] = []
    for out in matched:
        n_filled = sum(v is not None for v in _example_values(out.spec).values())
        strong = n_filled >= STRONG_EXAMPLE_FIELDS or len(matched) > 1
        for i in found[id(out)]:
            if strong:
                out.reject(i, "", "", "een eigen rij; dit is de voorbeeldrij uit het invulbestand (rpa template): "
                                      "verwijder deze rij of vul er eigen gegevens in")
            else:
                warnings.append(Problem(out.file, out.problem_sheet, out.rows[i], "", "",
                                        "een eigen rij; deze rij is gelijk aan de voorbeeldrij uit het invulbestand "
                                        "(rpa template): als het geen echte gegevens zijn, verwijder de rij",
                                        WAARSCHUWING))
    return warnings
