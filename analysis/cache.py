"""Work once per run: a result every scope of an analysis needs is computed once and cached.

Every report of ``rpa report`` runs in its own fresh kernel, so a computation that does not
depend on the report's scope (the portfolio's drop-out simulation over every scope, a finance
scenario run over every corporation) would run once per report. :func:`per_run` makes such a
function compute once: its result is stored under the run's cache folder, keyed by

- a fingerprint of its arguments (every frame hashed by content, with its columns and dtypes;
  scalars, tuples, mappings, sets and dataclasses recursively), so different inputs never share
  an entry, and
- the code version (:func:`code_version`: the ``analysis`` package's source, the data under
  ``data/raw`` besides the deliveries, and the versions of the computing packages).

The next report with the same arguments loads the stored result (a pickle: the same frames,
bit for bit) instead of computing it; each notebook then takes its scope's slice as before.
Two workers asking for the same entry at once: one computes, the other waits for it (a lock file).

The cache is on only where ``RPA_CACHE_DIR`` names a folder; ``rpa report`` sets it to
``<processed root>/.cache`` (``data/processed/.cache`` by default) for its kernels. Without it
(JupyterLab, the tests, the kernel-free benchmark) every call computes, as before. Entries are
never read across different inputs or code, so an old entry is merely unused; ``rpa report``
removes the entries no report of the run used.

Usage, at the expensive function's definition::

    @per_run("portfolio_gap")
    def build_portfolio_gap(plans, targets, ...): ...

    @per_run("finance_capacity", ignore=("task_cache",))   # a memo argument: not an input
    def compute_financial_capacity(...): ...
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import json
import os
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config as paths

__all__ = ["CACHE_ENV", "cache_dir", "code_version", "fingerprint", "per_run"]

CACHE_ENV = "RPA_CACHE_DIR"
_VERSIONED = ("pandas", "numpy", "matplotlib", "pyarrow", "papermill", "nbconvert", "nbclient", "ipykernel",
              "openpyxl", "xlsxwriter", "python-calamine", "duckdb", "scipy")


def cache_dir() -> Path | None:
    """The run's cache folder (``RPA_CACHE_DIR``), or None when caching is off."""
    value = os.environ.get(CACHE_ENV)
    return Path(value) if value else None


def code_version(root: Path | None = None) -> str:
    """sha256 over the ``analysis`` sources, the data under ``data/raw`` besides the deliveries, and versions.

    ``root`` given: ``root/analysis`` and ``root/data/raw`` (tests); else the package that is
    imported (wherever it lives) and :data:`analysis.config.DATA_RAW`.
    """
    if root is None:
        return _code_version_here()
    return _hash_code(Path(root) / "analysis", Path(root) / "data" / "raw")


@functools.lru_cache(maxsize=1)
def _code_version_here() -> str:
    import analysis

    return _hash_code(Path(analysis.__file__).resolve().parent, paths.DATA_RAW)


def _hash_code(package: Path, raw: Path) -> str:
    from importlib import metadata

    h = hashlib.sha256()
    # every folder of data/raw the analyses read besides the deliveries (reference, public, standards,
    # forecasts, ...); the example deliveries are inputs, fingerprinted per file by whoever uses them
    data = sorted(d for d in raw.iterdir() if d.is_dir() and d.name != "example") if raw.is_dir() else []
    for folder, patterns in [(package, ("*.py", "*.csv")), *((d, ("*",)) for d in data)]:
        files = sorted({p for pat in patterns for p in folder.rglob(pat) if p.is_file() and "__pycache__" not in p.parts})
        for f in files:
            h.update(str(f.relative_to(folder.parent)).encode())
            h.update(f.read_bytes())
    versions = {}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    h.update(json.dumps(versions, sort_keys=True).encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- fingerprints


def _feed(h, obj) -> None:
    """Feed a canonical form of ``obj`` into the hash ``h``; TypeError for what has none."""
    if obj is None or isinstance(obj, bool | int | float | str | bytes):
        h.update(f"{type(obj).__name__}:{obj!r};".encode())
    elif isinstance(obj, pd.DataFrame):
        h.update(f"frame{obj.shape}{list(map(str, obj.columns))}{[str(d) for d in obj.dtypes]};".encode())
        if not _feed_arrow(h, obj):
            h.update(pd.util.hash_pandas_object(obj, index=True).to_numpy().tobytes())
    elif isinstance(obj, pd.Series):
        h.update(f"series{obj.name!r}{obj.dtype};".encode())
        h.update(pd.util.hash_pandas_object(obj, index=True).to_numpy().tobytes())
    elif isinstance(obj, np.ndarray):
        h.update(f"array{obj.dtype}{obj.shape};".encode())
        h.update(np.ascontiguousarray(obj).tobytes() if obj.dtype != object else repr(obj.tolist()).encode())
    elif isinstance(obj, np.generic):
        _feed(h, obj.item())
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        h.update(f"dc:{type(obj).__qualname__};".encode())
        for f in dataclasses.fields(obj):
            h.update(f.name.encode())
            _feed(h, getattr(obj, f.name))
    elif isinstance(obj, Mapping):
        h.update(f"map{len(obj)};".encode())
        for k in sorted(obj, key=repr):
            _feed(h, k)
            _feed(h, obj[k])
    elif isinstance(obj, set | frozenset):
        h.update(f"set{len(obj)};".encode())
        for item in sorted(obj, key=repr):
            _feed(h, item)
    elif isinstance(obj, list | tuple):
        h.update(f"{type(obj).__name__}{len(obj)};".encode())
        for item in obj:
            _feed(h, item)
    else:
        raise TypeError(f"geen vingerafdruk voor {type(obj).__name__}")


def _feed_arrow(h, frame: pd.DataFrame) -> bool:
    """Feed ``frame`` as Arrow holds it (schema with pandas' metadata, then every buffer); False: cannot.

    The frame's own memory as Arrow sees it (zero-copy for Arrow-backed text and plain numbers):
    about 7x faster than pandas' row hashes on the stock register (40.000 dwellings: 9 against
    61 ms), which every cached call of a report fingerprints again. Equal bytes mean equal content:
    the schema (names, types, pandas' dtypes and index) and each chunk's offset, length and buffers,
    the dictionary of a categorical included. A column Arrow cannot hold flat (mixed objects,
    nested values) falls back to pandas' hashes.
    """
    import pyarrow as pa

    try:
        table = pa.Table.from_pandas(frame, preserve_index=True)
    except (pa.ArrowException, TypeError, ValueError):
        return False
    if any(pa.types.is_nested(f.type) or isinstance(f.type, pa.ExtensionType) for f in table.schema):
        return False
    h.update(table.schema.serialize().to_pybytes())

    def feed(array) -> None:
        if pa.types.is_dictionary(array.type):
            feed(array.indices)
            feed(array.dictionary)
            return
        h.update(f"{array.offset},{len(array)},{array.null_count};".encode())
        for buffer in array.buffers():
            h.update(b"-" if buffer is None else f"{buffer.size}:".encode())
            if buffer is not None:
                h.update(buffer)

    for column in table.columns:
        h.update(f"{column.num_chunks};".encode())
        for chunk in column.chunks:
            feed(chunk)
    return True


def fingerprint(name: str, fn: Callable, args: tuple, kwargs: dict, ignore: tuple[str, ...] = ()) -> str:
    """The cache key of one call: the function, its bound arguments (without ``ignore``), the code version."""
    bound = inspect.signature(fn).bind(*args, **kwargs)
    bound.apply_defaults()
    h = hashlib.sha256()
    h.update(f"{name}:{fn.__module__}.{fn.__qualname__}:{code_version()};".encode())
    for key, value in bound.arguments.items():
        if key in ignore:
            continue
        h.update(key.encode())
        _feed(h, value)
    return h.hexdigest()[:32]


# --------------------------------------------------------------------------- the decorator


_MISS = object()


def _load(path: Path):
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError):
        return _MISS


def _store(path: Path, value) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)  # atomic: a reader sees the whole entry or none


class _Lock:
    """An exclusive lock on ``path`` (POSIX ``flock``; elsewhere no lock: both compute, same result)."""

    def __init__(self, path: Path):
        self.path = path
        self.fh = None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return self
        self.fh = open(self.path, "a+b")  # noqa: SIM115 - held until __exit__
        fcntl.flock(self.fh, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if self.fh is not None:
            self.fh.close()  # releases the lock


def per_run(name: str, ignore: tuple[str, ...] = ()) -> Callable:
    """Decorator: compute once per run and cache (see the module docstring); ``ignore``: memo arguments."""

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def cached(*args, **kwargs):
            root = cache_dir()
            if root is None:
                return fn(*args, **kwargs)
            try:
                key = fingerprint(name, fn, args, kwargs, ignore)
            except TypeError:  # an argument without a canonical form: compute, never guess
                return fn(*args, **kwargs)
            root.mkdir(parents=True, exist_ok=True)
            path = root / f"{name}-{key}.pkl"
            value = _load(path)
            if value is not _MISS:
                _touch(path)
                return value
            with _Lock(root / f".{name}-{key}.lock"):
                value = _load(path)
                if value is _MISS:
                    value = fn(*args, **kwargs)
                    _store(path, value)
            _touch(path)
            return value

        cached.__wrapped__ = fn
        return cached

    return decorate


def _touch(path: Path) -> None:
    """Record that this run used ``path`` (``RPA_CACHE_DIR/used-<pid>.txt``), for the clean-up."""
    try:
        with open(path.parent / f"used-{os.getpid()}.txt", "a", encoding="utf-8") as fh:
            fh.write(path.name + "\n")
    except OSError:
        pass


def clean_unused(root: Path) -> int:
    """Remove the entries no process of this run used (after the run); return how many."""
    root = Path(root)
    if not root.is_dir():
        return 0
    used: set[str] = set()
    for f in root.glob("used-*.txt"):
        used |= set(f.read_text(encoding="utf-8").split())
        f.unlink()
    removed = 0
    for f in root.glob("*.pkl"):
        if f.name not in used:
            f.unlink()
            removed += 1
    for f in root.glob(".*.lock"):
        f.unlink(missing_ok=True)
    return removed
