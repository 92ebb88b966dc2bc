"""The internal list of data problems with dwelling ids, for the senders (temporary).

TODO(deliveries): the sender's feedback moves to the delivery validation
(:func:`analysis.deliveries.register_checks.find_register_problems`, one warning per dwelling in
the sender's validation workbook). Once ``rpa validate`` calls it, remove this module, the
notebook parameter ``internal_dir`` and ``EnergyResult.problems``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SENDER_FILE = "efg_data_problems.csv"


def write_internal_problems(problems: pd.DataFrame, internal_dir: str | Path | None) -> Path | None:
    """Write the dwelling-level problem list (with ``vhe_id``) for the senders, or nothing.

    Only when ``internal_dir`` is given: this file must never be published with the reports.
    """
    if internal_dir is None or str(internal_dir) == "":
        return None
    from analysis.outputs import neutralise_frame

    folder = Path(internal_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SENDER_FILE
    neutralise_frame(problems).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path
