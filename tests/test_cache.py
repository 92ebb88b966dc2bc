"""Work once per run (:mod:`analysis.cache`): computed once, the same result as computing per scope."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import cache


@pytest.fixture
def cache_on(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


CALLS: list[str] = []


@cache.per_run("toy", ignore=("memo",))
def _toy(frame: pd.DataFrame, factor: int, memo: dict | None = None) -> pd.DataFrame:
    CALLS.append("toy")
    return frame.assign(x=frame["a"] * factor)


def test_second_call_is_loaded_not_computed(cache_on):
    CALLS.clear()
    f = pd.DataFrame({"a": [1, 2]})
    first = _toy(f, 3, memo={})
    second = _toy(f.copy(), 3, memo={"anything": 1})  # equal content, another memo: the same entry
    assert CALLS == ["toy"]
    pd.testing.assert_frame_equal(first, second)
    assert list(second["x"]) == [3, 6]  # 1*3, 2*3


def test_other_inputs_never_share_an_entry(cache_on):
    CALLS.clear()
    _toy(pd.DataFrame({"a": [1, 2]}), 3)
    _toy(pd.DataFrame({"a": [1, 2]}), 4)  # another argument
    _toy(pd.DataFrame({"a": [1, 5]}), 3)  # another value in the frame
    _toy(pd.DataFrame({"a": [1.0, 2.0]}), 3)  # another dtype
    assert CALLS == ["toy"] * 4


def _print(frame: pd.DataFrame) -> str:
    import hashlib

    h = hashlib.sha256()
    cache._feed(h, frame)
    return h.hexdigest()


@pytest.mark.parametrize("one, other", [
    ({"s": ["ab", "c"]}, {"s": ["a", "bc"]}),  # the same characters, split otherwise
    ({"s": ["", "x"]}, {"s": [None, "x"]}),  # empty text is not a missing value
    ({"c": pd.Categorical(["x", "y"])}, {"c": pd.Categorical(["x", "z"])}),  # the same codes, another category
    ({"n": [1, 2]}, {"n": pd.array([1, 2], dtype="Int64")}),  # the same numbers, another dtype
    ({"n": pd.array([1, None], dtype="Int64")}, {"n": pd.array([1, 0], dtype="Int64")}),  # missing is not 0
    ({"b": [True, False]}, {"b": [False, True]}),
])
def test_frames_with_other_content_have_other_fingerprints(one, other):
    assert _print(pd.DataFrame(one)) != _print(pd.DataFrame(other))
    assert _print(pd.DataFrame(one)) == _print(pd.DataFrame(one).copy())


def test_the_index_is_part_of_a_frame_fingerprint():
    assert _print(pd.DataFrame({"a": [1, 2]}, index=[5, 6])) != _print(pd.DataFrame({"a": [1, 2]}))
    assert _print(pd.DataFrame({"a": [1, 2]}).rename_axis("k")) != _print(pd.DataFrame({"a": [1, 2]}))


def test_without_a_cache_folder_every_call_computes(monkeypatch):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    CALLS.clear()
    _toy(pd.DataFrame({"a": [1]}), 2)
    _toy(pd.DataFrame({"a": [1]}), 2)
    assert CALLS == ["toy", "toy"]


def test_an_argument_without_a_fingerprint_is_computed(cache_on):
    CALLS.clear()
    _toy(pd.DataFrame({"a": [1]}), 2, memo=None)
    _toy.__wrapped__(pd.DataFrame({"a": [1]}), 2)  # the undecorated function is still there
    with pytest.raises(TypeError):
        cache.fingerprint("toy", _toy.__wrapped__, (object(), 2), {})
    assert CALLS == ["toy", "toy"]


def test_clean_unused_keeps_what_the_run_used(cache_on):
    _toy(pd.DataFrame({"a": [7]}), 2)
    (cache_on / "old-entry.pkl").write_bytes(b"x")
    assert cache.clean_unused(cache_on) == 1
    assert [p.name.split("-")[0] for p in cache_on.glob("*.pkl")] == ["toy"]


def _portfolio_frames(result) -> dict[str, pd.DataFrame]:
    return {k: v for k, v in vars(result).items() if isinstance(v, pd.DataFrame)}


@pytest.mark.parametrize("scope_type, scope", [("regio", "Parkstad"), ("corporatie", "Weller"),
                                               ("gemeente", "Heerlen")])
def test_portfolio_cached_equals_per_scope(tiny_processed, tmp_path, monkeypatch, scope_type, scope):
    """The drop-out simulation computed once (by another scope's report) gives this scope's report exactly."""
    from analysis import portfolio as pf

    inputs = pf.load_inputs(2026, tiny_processed)

    def params(st, s):
        return pf.PortfolioParams(scope_type=st, scope=s, phase="q3", n_simulations=300, seed=7,
                                  probability_overrides={})

    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    alone = pf.analyse(inputs, params(scope_type, scope))
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    pf.analyse(inputs, params("regio", "Parkstad"))  # the run's first portfolio report fills the cache
    assert list((tmp_path / "cache").glob("portfolio_gap-*.pkl"))
    cached = pf.analyse(inputs, params(scope_type, scope))
    assert len(list((tmp_path / "cache").glob("portfolio_gap-*.pkl"))) == 1  # loaded, not computed again
    for name, frame in _portfolio_frames(alone).items():
        pd.testing.assert_frame_equal(_portfolio_frames(cached)[name], frame, obj=name)


def _same_run(cached, alone, where: str) -> None:
    """Two :class:`~analysis.finance.scenarios.ScenarioResult`: every table and list equal."""
    for name, value in vars(alone).items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(cached, name), value, obj=f"{where}: {name}")
        else:
            assert getattr(cached, name) == value, f"{where}: {name}"


def test_finance_cached_equals_per_scope(tiny_processed, tmp_path, monkeypatch):
    """Every corporation's finance report after the region's: its runs are the region's rows, loaded, equal."""
    from analysis import finance

    inputs = finance.load_inputs(2026, tiny_processed)

    def run(st, s):
        return finance.analyse(inputs, finance.make_params(2026, "q3", st, s, "basis", -1.0, 2035, inputs.ref))

    corporations = sorted(inputs.ref.corporations)
    assert len(corporations) >= 2
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    alone = {c: run("corporatie", c) for c in corporations}
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    run("regio", "Parkstad")
    entries = sorted((tmp_path / "cache").glob("finance_capacity-*.pkl"))
    # every scenario and both buffers of the sensitivity, each run once for every corporation
    assert len(entries) == len(inputs.ref.scenarios) + 2
    for corp in corporations:
        cached = run("corporatie", corp)
        assert sorted((tmp_path / "cache").glob("finance_capacity-*.pkl")) == entries, corp  # loaded, not computed
        for name in ("capacity_all", "ratios_all", "comparison", "task_table", "parts_table", "gap_table", "tornado"):
            pd.testing.assert_frame_equal(getattr(cached, name), getattr(alone[corp], name), obj=f"{corp}: {name}")
        for side in alone[corp].buffers:
            pd.testing.assert_frame_equal(cached.buffers[side], alone[corp].buffers[side])
        for scenario, result in alone[corp].scenarios.items():
            _same_run(cached.scenarios[scenario], result, f"{corp}, {scenario}")


def test_finance_slice_of_a_corporation_without_rows_is_computed_alone(tiny_processed, tmp_path, monkeypatch):
    """A corporation absent from the deliveries: no slice to take; its own (empty) run, exactly as alone."""
    from analysis import finance

    inputs = finance.load_inputs(2026, tiny_processed)
    frames = (inputs.projects, inputs.mutations, inputs.stock, inputs.finances)

    def run():
        return finance.compute_financial_capacity(*frames, 2026, inputs.ref, "basis", 0.1, 2030, ["Onbekend"],
                                                  region_row=False)

    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    alone = run()
    assert alone.capacity.empty
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    _same_run(run(), alone, "Onbekend")
