"""analysis.rules.scopes and analysis.rules.efg on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.rules import efg, scopes


def _parts():
    """
    | municipality | corporation | year | n  |
    | Heerlen      | A           | 2026 | 3  |
    | Heerlen      | B           | 2026 | 4  |
    | Kerkrade     | A           | 2026 | 5  |
    """
    return pd.DataFrame({"municipality": ["Heerlen", "Heerlen", "Kerkrade"], "corporation": ["A", "B", "A"],
                         "year": [2026] * 3, "n": [3, 4, 5]})


def test_region_is_the_sum_of_its_parts():
    out = scopes.scoped_sums(_parts(), ["n"], ["year"])
    got = {(r.scope_type, r.scope): r.n for r in out.itertuples()}
    assert got == {("regio", "Parkstad"): 12, ("gemeente", "Heerlen"): 7, ("gemeente", "Kerkrade"): 5,
                   ("corporatie", "A"): 8, ("corporatie", "B"): 4}
    assert out["scope_type"].tolist() == ["regio", "gemeente", "gemeente", "corporatie", "corporatie"]


def test_scope_mask_and_filter():
    f = _parts()
    assert scopes.scope_mask(f, "regio", "Parkstad").tolist() == [True, True, True]
    assert scopes.filter_to_scope(f, "corporatie", "A")["n"].tolist() == [3, 5]
    assert scopes.filter_to_scope(f, "gemeente", "Kerkrade")["n"].tolist() == [5]
    # a frame without the scope's column belongs to no party
    assert not scopes.scope_mask(f.drop(columns="corporation"), "corporatie", "A").any()


def test_check_scope_names_the_choices():
    assert scopes.check_scope("regio", "regio parkstad") == scopes.REGION_NAME
    with pytest.raises(ValueError, match="kies uit: regio, gemeente, corporatie"):
        scopes.check_scope("provincie", "Limburg")
    with pytest.raises(ValueError, match="Onbekende fase 'q4'; kies uit q1, q2, q3"):
        scopes.check_phase("q4")


def test_scope_phrase():
    assert scopes.scope_phrase("gemeente", "Heerlen") == "gemeente Heerlen"
    assert scopes.scope_phrase("regio", "Parkstad") == "de regio Parkstad"


def _register():
    """Six dwellings, reporting year 2026, deadline 2028, demolition window 5 years (rules from reference).

    | vhe | label | monument | measure      | year | after | counts as                              |
    | 1   | E     | no       | renovatie    | 2027 | B     | to improve (improved in 2027)          |
    | 2   | G     | yes      |              |      |       | exempt (monument)                      |
    | 3   | F     | no       | sloop        | 2030 |       | exempt (demolition within 2028 + 5)    |
    | 4   | E     | no       | verkoop      | 2027 |       | leaves by the deadline: not to improve |
    | 5   | F     | no       | verduurzaming| 2028 | E     | to improve (still EFG after)           |
    | 6   | C     | no       |              |      |       | not EFG                                |
    """
    return pd.DataFrame({
        "vhe_id": [f"v{i}" for i in range(1, 7)], "corporation": ["A"] * 6, "municipality": ["Heerlen"] * 6,
        "energy_label": ["E", "G", "F", "E", "F", "C"], "monument": [False, True, False, False, False, False],
        "gas_free": [False] * 6,
        "planned_measure": ["renovatie", None, "sloop", "verkoop", "verduurzaming", None],
        "measure_year": [2027, None, 2030, 2027, 2028, None], "label_after": ["B", None, None, None, "E", None]})


def test_efg_rule_exemptions_and_to_improve():
    rules = efg.load_rules()
    c = efg.classify_dwellings(_register(), 2026, rules)
    assert c["efg_start"].tolist() == [True, True, True, True, True, False]
    assert c["exempt_reason"].astype(str).tolist() == ["", "monument", "sloop", "", "", ""]
    assert efg.to_improve_mask(c, rules).tolist() == [True, False, False, False, True, False]
    assert c["event"].astype(str).tolist() == ["verbeterd", "geen", "gesloopt", "verkocht", "verbeterd_blijft_efg",
                                               "geen"]


def test_measure_problems_are_the_masks_the_rule_ignores():
    reg = _register()
    reg.loc[0, "measure_year"] = 2025  # an improvement before the reporting year, but still label E
    masks = efg.measure_problems(reg, 2026, efg.load_rules())
    assert masks["verbeterd_voor_rapportagejaar_nog_efg"].tolist() == [True, False, False, False, False, False]
    c = efg.classify_dwellings(reg, 2026, efg.load_rules())
    assert c["event"].astype(str).iloc[0] == "geen" and bool(c["data_problem"].iloc[0])
