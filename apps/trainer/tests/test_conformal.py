# Real conformal calibration on synthetic regression data with known noise (nothing else involved).
from __future__ import annotations

import numpy as np

from rul_trainer.conformal import conformal_offsets, interval_coverage
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
