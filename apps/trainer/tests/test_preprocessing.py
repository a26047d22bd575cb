# Real condition clustering / channel selection / normalisation on synthetic engines (fake readings).
from __future__ import annotations

import numpy as np
import torch
from conftest import REGIMES, synthetic_engine

from rul_trainer.cmapss_format import CHANNEL_NAMES
from rul_trainer.config import PreprocessConfig
from rul_trainer.preprocessing import Preprocessor, fit_preprocessing, smoothing_matrix


def _rows(regimes: bool, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([synthetic_engine(150, rng, regimes) for _ in range(6)])


def test_single_condition_keeps_only_informative_sensors() -> None:
    stats = fit_preprocessing(_rows(False), PreprocessConfig(smoothing_alpha=None), seed=0)
    assert stats.conditions.count == 1
    names = [CHANNEL_NAMES[i] for i in stats.selected]
    # Settings, constant sensors and the quantised one (index 5 -> "P15") are dropped.
    assert "setting1" not in names and "T2" not in names and "P15" not in names
    assert len(names) == 21 - 7
    assert "P15" in stats.dropped and "recording step" in stats.dropped["P15"]


def test_multi_condition_data_is_clustered_and_normalised_per_condition() -> None:
    rows = _rows(True)
    stats = fit_preprocessing(rows, PreprocessConfig(smoothing_alpha=None), seed=0)
    assert stats.conditions.count == len(REGIMES)
    found = sorted(map(tuple, np.round(stats.conditions.centroids, 1)))
    assert found == sorted(map(tuple, np.round(REGIMES.astype(float), 1)))

    pre = Preprocessor(stats, window=1).eval()
    with torch.no_grad():
        z = pre(torch.from_numpy(rows[:, None, :].astype(np.float32)))[:, 0].numpy()
    labels = stats.conditions.assign(rows[:, :3])
    for j in range(stats.conditions.count):
        block = z[labels == j]
        np.testing.assert_allclose(block.mean(0), 0, atol=1e-3)
        np.testing.assert_allclose(block.std(0), 1, atol=1e-3)


def test_module_matches_numpy_recipe_with_smoothing() -> None:
    rows = _rows(True, seed=1)
    stats = fit_preprocessing(rows, PreprocessConfig(smoothing_alpha=0.3), seed=0)
    window = rows[:30]
    pre = Preprocessor(stats, window=30).eval()
    with torch.no_grad():
        got = pre(torch.from_numpy(window[None].astype(np.float32)))[0].numpy()
    labels = stats.conditions.assign(window[:, :3])
    z = (window[:, stats.selected] - stats.mean[labels]) / stats.std[labels]
    expected = np.empty_like(z)
    expected[0] = z[0]
    for t in range(1, len(z)):
        expected[t] = 0.3 * z[t] + 0.7 * expected[t - 1]
    np.testing.assert_allclose(got, expected, atol=1e-3)


def test_smoothing_rows_sum_to_one() -> None:
    np.testing.assert_allclose(smoothing_matrix(30, 0.25).sum(1), 1.0)


def test_fixed_condition_count_is_honoured() -> None:
    stats = fit_preprocessing(_rows(True), PreprocessConfig(conditions=1), seed=0)
    assert stats.conditions.count == 1
