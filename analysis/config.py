"""Paths of the suite. Everything that touches the file system starts from here.

The repository root is found from this file's location (the package is installed editable),
so notebooks never patch ``sys.path`` or change directory. ``RPA_ROOT`` overrides it, e.g. for
tests that work in a temporary copy.
"""

from __future__ import annotations

import os
from pathlib import Path

#: First and last year of the agreement (Regionale Prestatieafspraken 2024-2028).
#: These delimit the agreement itself, not a policy target; targets live in reference data.
AGREEMENT_FIRST_YEAR = 2024
AGREEMENT_LAST_YEAR = 2028


def repo_root() -> Path:
    """Return the repository root (``RPA_ROOT`` or the folder above the package)."""
    env = os.environ.get("RPA_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parent.parent


ROOT = repo_root()
DATA_RAW = ROOT / "data" / "raw"
REFERENCE_DIR = DATA_RAW / "reference"
PUBLIC_DIR = DATA_RAW / "public"
STANDARDS_DIR = DATA_RAW / "standards"
AGREEMENT_DIR = DATA_RAW / "agreement"
EXAMPLE_DIR = DATA_RAW / "example"
DATA_PROCESSED = ROOT / "data" / "processed"
OUTPUTS = ROOT / "outputs"
NOTEBOOKS = ROOT / "notebooks"
REPORTS_CONFIG = ROOT / "reports"
DOCS = ROOT / "docs"

#: The Jupyter kernel that ``make`` registers in the virtual environment; papermill uses it.
KERNEL_NAME = "rpa-parkstad"
