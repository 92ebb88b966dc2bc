"""``rpa calibrate``: writes the estimates, the parameters used and the provenance."""

import json

import pandas as pd

from analysis.cli import main
from analysis.forecast import plan_outcome_parameters


def test_calibrate_on_the_tiny_deliveries(tiny_processed, tmp_path, capsys):
    """The tiny fixture (2025, 2026) has a handful of plans per cell, fewer than calibration_min_n
    (30): every parameter used is the reference default, and the output says so per row."""
    assert main(["calibrate", "--data", str(tiny_processed), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Kalibratie van planuitkomsten op de leveringen 2025-2026" in out
    used = pd.read_csv(tmp_path / "plan_outcome_parameters_used.csv")
    ref = plan_outcome_parameters()
    assert used["basis_outcome"].str.startswith("referentie (n = ").all()
    assert used["basis_outcome"].str.endswith("minder dan 30)").all()
    assert (used["p_on_time"].to_numpy() == ref["p_on_time"].to_numpy()).all()
    est = pd.read_csv(tmp_path / "plan_outcome_calibration.csv")
    assert {"n", "p_on_time_low", "p_on_time_high", "n_not_known"} <= set(est.columns)
    assert len(est) == len(ref)
    prov = json.loads((tmp_path / "plan_outcome_calibration.json").read_text(encoding="utf-8"))
    assert prov["years"] == [2025, 2026] and set(prov["projects_sha256"]) == {"2025", "2026"}


def test_calibrate_needs_two_years(tmp_path, capsys):
    assert main(["calibrate", "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "minstens twee verwerkte leveringsjaren nodig" in err and "rpa validate" in err


def test_calibrate_help_is_dutch(capsys):
    try:
        main(["calibrate", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: rpa calibrate ") and "toon deze hulp en stop" in out


def test_the_simulation_reads_what_calibrate_wrote(tiny_processed, tmp_path, capsys):
    from analysis.forecast.parameters import outcome_parameters_for

    params, note = outcome_parameters_for(tmp_path)  # nothing written yet: the reference
    assert note.startswith("Kansen per planstatus: de referentiewaarden")
    assert main(["calibrate", "--data", str(tiny_processed), "--out", str(tmp_path)]) == 0
    used, note = outcome_parameters_for(tmp_path)
    assert note.startswith("Kansen per planstatus: gekalibreerd op de eerdere leveringen in 0 van de 12 cellen")
    assert used["p_on_time"].tolist() == params["p_on_time"].tolist()
