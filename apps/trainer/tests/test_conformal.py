# Real conformal calibration (plain and engine-weighted) on synthetic data with known noise.
from __future__ import annotations

import numpy as np

from rul_trainer.conformal import conformal_offsets, interval_coverage
from rul_trainer.cuts import engine_weights
from rul_trainer.metrics import phm08_score, rmse, score_predictions

LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)


def _draw(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Targets with heteroscedastic noise and deliberately over-confident quantile predictions."""
    x = rng.uniform(0, 1, n)
    y = 50 * x + rng.normal(0, 2 + 8 * x)
    spread = np.array([-1.0, -0.3, 0.0, 0.3, 1.0])  # far too narrow for this noise
    return y, (50 * x)[:, None] + spread * (2 + 8 * x)[:, None]


def test_calibrated_interval_reaches_nominal_coverage() -> None:
    rng = np.random.default_rng(0)
    y_cal, q_cal = _draw(rng, 2000)
    offsets = conformal_offsets(y_cal, q_cal, LEVELS)
    y, q = _draw(rng, 20000)
    raw = interval_coverage(y, q[:, 0], q[:, -1])
    calibrated = q + offsets
    coverage = interval_coverage(y, calibrated[:, 0], calibrated[:, -1])
    assert raw < 0.75
    assert 0.88 <= coverage <= 0.92
    # Every level is calibrated on its own, so inner quantiles are right as well.
    for j, tau in enumerate(LEVELS):
        assert abs(np.mean(y <= calibrated[:, j]) - tau) < 0.02


def test_finite_sample_guarantee_holds_on_average() -> None:
    # With n = 19 the conservative rank is the max score, so each side misses <= 1/20 on average.
    rng = np.random.default_rng(1)
    hits = []
    for _ in range(400):
        y_cal, q_cal = _draw(rng, 19)
        offsets = conformal_offsets(y_cal, q_cal, LEVELS)
        y, q = _draw(rng, 50)
        hits.append(interval_coverage(y, q[:, 0] + offsets[0], q[:, -1] + offsets[-1]))
    assert np.mean(hits) >= 0.9 - 0.01


def test_scores() -> None:
    true = np.array([10.0, 20.0, 30.0])
    assert rmse(true + 3, true) == 3.0
    # One late by 10 (e^1 - 1) and one early by 13 (e^1 - 1).
    assert np.isclose(phm08_score(np.array([20.0, 7.0, 30.0]), true), 2 * (np.e - 1))
    s = score_predictions(true, true - 1, true + 1, np.array([10.0, 22.0, 200.0]), max_rul=125)
    assert s["n"] == 3
    assert np.isclose(s["intervalCoverage"], 1 / 3)  # 200 is capped to 125: outside [29, 31]
    assert s["meanIntervalWidth"] == 2.0


LEVELS_90 = (0.05, 0.5, 0.95)


def _engines(
    rng: np.random.Generator, n: int, cuts: tuple[int, int] = (5, 25)
) -> tuple[np.ndarray, np.ndarray]:
    """Conformity scores of n engines cut several times each, and the engine of each score: half
    the engines are predicted well and cut ``cuts[0]`` times, half badly and cut ``cuts[1]`` times
    (long histories give more cuts), so a quantile over cuts is mostly one over the bad engines."""
    bad = rng.random(n) < 0.5
    effect = rng.normal(0, np.where(bad, 12.0, 3.0))
    units = np.repeat(np.arange(n), np.where(bad, cuts[1], cuts[0]))
    return effect[units] + rng.normal(0, 1.0, len(units)), units


def test_unit_weights_give_the_unweighted_offsets() -> None:
    rng = np.random.default_rng(4)
    for n in (1, 2, 7, 19, 20, 301):
        y, q = rng.normal(size=n), np.sort(rng.normal(size=(n, 5)), axis=1)
        np.testing.assert_array_equal(conformal_offsets(y, q, LEVELS, np.ones(n)),
                                      conformal_offsets(y, q, LEVELS))  # fmt: skip


def test_an_engine_cut_k_times_weighs_as_much_as_one_cut_once() -> None:
    rng = np.random.default_rng(5)
    y, q = rng.normal(size=40), rng.normal(size=(40, 5))
    once = conformal_offsets(y, q, LEVELS)
    repeats = rng.integers(1, 31, size=40)
    units = np.repeat(np.arange(40), repeats)
    many = conformal_offsets(y[units], q[units], LEVELS, engine_weights(units))
    np.testing.assert_allclose(many, once)


def test_one_engine_with_many_cuts_does_not_set_the_quantile() -> None:
    rng = np.random.default_rng(6)
    scores = np.concatenate([rng.normal(0, 1, 99), np.full(300, 100.0)])
    units = np.concatenate([np.arange(99), np.full(300, 99)])
    q = np.zeros((len(scores), 3))
    assert conformal_offsets(scores, q, LEVELS_90)[2] == 100.0  # every cut counted once
    weighted = conformal_offsets(scores, q, LEVELS_90, engine_weights(units))
    assert weighted[2] < 4.0 and abs(weighted[1]) < 0.5


def test_weighted_calibration_covers_new_engines_at_the_nominal_level() -> None:
    rng = np.random.default_rng(7)
    weighted_hits, plain_hits = [], []
    for _ in range(100):
        scores, units = _engines(rng, 200)
        q = np.zeros((len(scores), 3))
        w = conformal_offsets(scores, q, LEVELS_90, engine_weights(units))
        p = conformal_offsets(scores, q, LEVELS_90)
        # New engines cut once each, like the official test set.
        new, _ = _engines(rng, 200, cuts=(1, 1))
        weighted_hits.append(np.mean((new >= w[0]) & (new <= w[2])))
        plain_hits.append(np.mean((new >= p[0]) & (new <= p[2])))
    assert 0.89 <= np.mean(weighted_hits) <= 0.92
    # Counting cuts lets the badly predicted, often-cut engines widen the interval.
    assert np.mean(plain_hits) > np.mean(weighted_hits) + 0.025
