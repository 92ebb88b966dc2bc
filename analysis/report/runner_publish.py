"""Publishing a reporting set: the provenance for its manifest and the atomic swap into place."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["PACKAGES", "git_version", "package_versions", "publish"]

PACKAGES = (
    "rpa-parkstad", "pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert",
    "nbformat", "nbclient", "ipykernel", "jupyter_client", "openpyxl", "xlsxwriter", "pyarrow", "pandera",
    "pydantic", "pyyaml", "tqdm", "duckdb",
)


def git_version(root: Path) -> dict:
    """``{"commit": sha or None, "dirty": bool or None}`` of the code that made the set."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=20, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, timeout=60, check=True).stdout
        return {"commit": commit, "dirty": bool(status.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def package_versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "niet geïnstalleerd"
    return out


def publish(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp`` with renames; the old set is moved aside, then removed.

    Both folders live in the same parent, so every rename is atomic. If the second rename
    fails the old set is put back.
    """
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{secrets.token_hex(4)}")
        os.rename(final, old)
    try:
        os.rename(tmp, final)
    except OSError:
        if old is not None:
            os.rename(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
