# Real windowing/capping code on tiny hand-made arrays; nothing is faked beyond the made-up readings.
from __future__ import annotations

import numpy as np
import pytest

from rul_trainer.cmapss_format import EngineRuns
from rul_trainer.config import TargetConfig
from rul_trainer.windows import (
    capped_rul,
    engine_windows,
    last_windows,
    pad_history,
    training_windows,
)


def _history(cycles: int) -> np.ndarray:
    # Row i holds the value i+1 in every channel, so positions are easy to check.
    return np.repeat(np.arange(1, cycles + 1, dtype=np.float64)[:, None], 24, axis=1)


def test_pad_history_shorter_than_window_repeats_first_row() -> None:
    window = pad_history(_history(3), 5)
    np.testing.assert_array_equal(window[:, 0], [1, 1, 1, 2, 3])


def test_pad_history_exactly_window_and_longer() -> None:
    np.testing.assert_array_equal(pad_history(_history(5), 5)[:, 0], [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(pad_history(_history(8), 5)[:, 0], [4, 5, 6, 7, 8])
    with pytest.raises(ValueError):
        pad_history(_history(0), 5)


def test_capped_rul_is_piecewise_linear() -> None:
    np.testing.assert_array_equal(capped_rul(np.array([0, 50, 125, 126, 300]), 125),
                                  [0, 50, 125, 125, 125])  # fmt: skip


def test_engine_windows_pad_early_cycles() -> None:
    windows = engine_windows(_history(6), window=4, min_history=1)
    assert windows.shape == (6, 4, 24)
    np.testing.assert_array_equal(windows[0, :, 0], [1, 1, 1, 1])
    np.testing.assert_array_equal(windows[2, :, 0], [1, 1, 2, 3])
    np.testing.assert_array_equal(windows[-1, :, 0], [3, 4, 5, 6])
    assert engine_windows(_history(6), window=4, min_history=4).shape[0] == 3


def test_training_windows_targets_match_window_end() -> None:
    runs = EngineRuns({1: _history(10), 2: _history(4)}, "mem")
    ws = training_windows(runs, TargetConfig(max_rul=5, window=4, min_train_history=2))
    assert len(ws) == 9 + 3
    # The last row of each window is cycle c, so the true RUL is T - c.
    for x, rul, unit in zip(ws.x, ws.rul, ws.units):
        assert rul == (10 if unit == 1 else 4) - x[-1, 0]
    assert ws.target(5).max() == 5 and ws.rul.max() == 8


def test_last_windows_one_per_engine() -> None:
    runs = EngineRuns({1: _history(40), 2: _history(10)}, "mem")
    x = last_windows(runs, 30)
    assert x.shape == (2, 30, 24) and x.dtype == np.float32
    assert x[0, -1, 0] == 40 and x[1, 0, 0] == 1 and x[1, -1, 0] == 10
