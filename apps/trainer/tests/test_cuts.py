# Real cut sampler, engine weights and weighted scores on made-up histories; nothing is faked.
from __future__ import annotations

import numpy as np
import pytest

from rul_trainer.cmapss_format import EngineRuns
from rul_trainer.config import SplitConfig
from rul_trainer.cuts import cut_ruls, engine_weights, min_cut_history, sample_cuts
from rul_trainer.metrics import score_predictions


def _history(cycles: int) -> np.ndarray:
    # Row i holds the value i+1 in every channel: a window's last value is the cut's history length.
    return np.repeat(np.arange(1, cycles + 1, dtype=np.float64)[:, None], 24, axis=1)


def _fleet(lengths: list[int]) -> EngineRuns:
    return EngineRuns({u: _history(n) for u, n in enumerate(lengths, start=1)}, "mem")


def _weighted_share(values: np.ndarray, weights: np.ndarray, low: float, high: float) -> float:
    return float(weights[(values >= low) & (values <= high)].sum() / weights.sum())


def test_true_rul_at_the_cuts_spreads_evenly_over_the_range() -> None:
    config = SplitConfig(cut_min_rul=5, cut_max_rul=150, cuts_per_engine=25)
    cuts = sample_cuts(_fleet([400] * 60), 50, config, 30, seed=0)
    rul, w = cuts.rul, engine_weights(cuts.units)
    assert rul.min() >= 5 and rul.max() <= 150
    # Five equal bins of [5, 150]: each holds a fifth of the weight, give or take sampling noise.
    edges = np.linspace(5, 151, 6)
    for low, high in zip(edges[:-1], edges[1:]):
        assert 0.17 <= _weighted_share(rul, w, low, high - 1e-9) <= 0.23
    # Like the official test files, 10-25 % of the engines lie above the 125 cap.
    assert 0.10 <= _weighted_share(rul, w, 126, 150) <= 0.25


def test_a_fleet_with_short_engines_keeps_a_test_like_mix() -> None:
    # FD001's engines run 128-362 cycles: the short ones cannot be cut far from failure.
    rng = np.random.default_rng(3)
    cuts = sample_cuts(_fleet(rng.integers(128, 363, 100).tolist()), 50, SplitConfig(), 30, seed=1)
    w = engine_weights(cuts.units)
    assert 0.10 <= _weighted_share(cuts.rul, w, 126, 150) <= 0.25
    assert 65 <= float(np.average(cuts.rul, weights=w)) <= 80


def test_every_cut_keeps_the_minimum_history_and_ends_at_the_cut() -> None:
    config = SplitConfig(cut_min_rul=5, cut_max_rul=150, cuts_per_engine=40)
    lengths = [34, 40, 60, 200]
    cuts = sample_cuts(_fleet(lengths), 50, config, 30, seed=2)
    # 34 cycles cannot keep 30 and lose 5: that engine is skipped.
    assert set(cuts.units.tolist()) == {2, 3, 4}
    for x, rul, unit in zip(cuts.x, cuts.rul, cuts.units):
        kept = lengths[unit - 1] - rul
        assert kept >= 30
        assert x[-1, 0] == kept  # scored on the last window of the cut
    # A 40-cycle engine can only be cut 5-10 cycles before failure: its lowest stratum.
    assert 1 <= (cuts.units == 2).sum() <= 2 and cuts.rul[cuts.units == 2].max() <= 10
    assert cuts.rul[cuts.units == 4].max() > 140
    with pytest.raises(ValueError, match="long enough"):
        sample_cuts(_fleet([34]), 50, config, 30, seed=0)


def test_minimum_history_defaults_per_subset() -> None:
    assert min_cut_history(SplitConfig(), "FD001") == 30
    assert min_cut_history(SplitConfig(), "FD003") == 30
    assert min_cut_history(SplitConfig(), "FD002") == 20
    assert min_cut_history(SplitConfig(), "fd004") == 20
    assert min_cut_history(SplitConfig(), "fleet") == 30
    assert min_cut_history(SplitConfig(cut_min_history=12), "FD002") == 12


def test_cuts_are_seeded_per_engine() -> None:
    runs, config = _fleet([150, 220, 300]), SplitConfig()
    first, again = sample_cuts(runs, 50, config, 30, 7), sample_cuts(runs, 50, config, 30, 7)
    np.testing.assert_array_equal(first.rul, again.rul)
    np.testing.assert_array_equal(first.x, again.x)
    assert not np.array_equal(first.rul, sample_cuts(runs, 50, config, 30, 8).rul)
    # An engine is cut the same way whichever other engines are held out with it.
    alone = sample_cuts(runs.subset([2]), 50, config, 30, 7)
    np.testing.assert_array_equal(alone.rul, first.rul[first.units == 2])


def test_bad_cut_settings_are_refused() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="cuts_per_engine"):
        cut_ruls(200, SplitConfig(cuts_per_engine=0), 30, rng)
    with pytest.raises(ValueError, match="cut_min_rul"):
        cut_ruls(200, SplitConfig(cut_min_rul=100, cut_max_rul=50), 30, rng)


def test_every_engine_weighs_the_same_in_the_scores() -> None:
    units = np.array([1, 2, 2, 2, 2])
    w = engine_weights(units)
    np.testing.assert_allclose(w, [1, 0.25, 0.25, 0.25, 0.25])
    true = np.full(5, 50.0)
    # Engine 1 is 10 cycles late with a narrow interval; engine 2 is exact and covered four times.
    median = np.array([60.0, 50, 50, 50, 50])
    half = np.array([1.0, 20, 20, 20, 20])
    lower, upper = median - half, median + half
    s = score_predictions(median, lower, upper, true, 125.0, units)
    assert s["n"] == 5 and s["engines"] == 2
    assert s["rmse"] == pytest.approx(np.sqrt(100 / 2))
    assert s["intervalCoverage"] == pytest.approx(0.5)
    assert s["meanIntervalWidth"] == pytest.approx((2 + 40) / 2)
    assert s["phm08Score"] == pytest.approx(np.e - 1)
    assert s["phm08ScorePer100"] == pytest.approx((np.e - 1) / 2 * 100)
    # Without engines every prediction counts once, as before.
    plain = score_predictions(median, lower, upper, true, 125.0)
    assert plain["engines"] == 5 and plain["rmse"] == pytest.approx(np.sqrt(100 / 5))
