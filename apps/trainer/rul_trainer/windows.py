"""Turning engine histories into fixed-length windows with RUL targets.

Short histories are padded at the front by repeating their first row: that is exactly what the API
does before calling the model (``input.padding = "repeat-first"`` in the model card), so training
sees the same kind of input as serving.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cmapss_format import EngineRuns
from .config import SplitConfig, TargetConfig


def pad_history(history: np.ndarray, window: int) -> np.ndarray:
    """Last ``window`` rows of ``history``; shorter histories get their first row repeated in front."""
    if len(history) == 0:
        raise ValueError("cannot build a window from an empty history")
    if len(history) >= window:
        return history[-window:]
    pad = np.repeat(history[:1], window - len(history), axis=0)
    return np.concatenate([pad, history], axis=0)


def capped_rul(cycles_left: np.ndarray, max_rul: int) -> np.ndarray:
    """Piecewise-linear target: constant ``max_rul`` early in life, then linear down to 0."""
    return np.minimum(cycles_left, max_rul).astype(np.float32)


def engine_windows(history: np.ndarray, window: int, min_history: int) -> np.ndarray:
    """Every window of a run-to-failure history ending at cycle >= ``min_history`` (1-based)."""
    padded = np.concatenate([np.repeat(history[:1], window - 1, axis=0), history], axis=0)
    views = np.lib.stride_tricks.sliding_window_view(padded, window, axis=0)  # [T, C, W]
    start = max(min_history, 1) - 1
    return np.ascontiguousarray(views[start:].transpose(0, 2, 1))


@dataclass(frozen=True)
class WindowSet:
    """Model inputs ``x`` [n, window, 24] (raw units) with the true cycles left after the last row."""

    x: np.ndarray
    rul: np.ndarray  # true (uncapped) RUL
    units: np.ndarray

    def target(self, max_rul: int) -> np.ndarray:
        return capped_rul(self.rul, max_rul)

    def __len__(self) -> int:
        return len(self.rul)


def training_windows(runs: EngineRuns, config: TargetConfig) -> WindowSet:
    xs, ruls, units = [], [], []
    for unit in runs.units:
        history = runs.readings[unit]
        windows = engine_windows(history, config.window, config.min_train_history)
        end_cycles = np.arange(len(history) - len(windows) + 1, len(history) + 1)
        xs.append(windows)
        ruls.append(len(history) - end_cycles)
        units.append(np.full(len(windows), unit))
    return WindowSet(
        np.concatenate(xs).astype(np.float32),
        np.concatenate(ruls).astype(np.float32),
        np.concatenate(units),
    )


def truncated_windows(
    runs: EngineRuns, window: int, config: SplitConfig, rng: np.random.Generator
) -> WindowSet:
    """Cut each run-to-failure history at random points, like the official test set.

    The true RUL of a cut is drawn from [cut_min_rul, cut_max_rul] (as far as the history allows,
    keeping at least ``cut_min_history`` cycles) and the model is scored on the cut's last cycle.
    """
    xs, ruls, units = [], [], []
    for unit in runs.units:
        history = runs.readings[unit]
        longest = min(config.cut_max_rul, len(history) - config.cut_min_history)
        if longest < config.cut_min_rul:
            continue  # engine too short to cut the way the test set is cut
        candidates = np.arange(config.cut_min_rul, longest + 1)
        count = min(config.cuts_per_engine, len(candidates))
        for rul in np.sort(rng.choice(candidates, size=count, replace=False)):
            xs.append(pad_history(history[: len(history) - rul], window))
            ruls.append(rul)
            units.append(unit)
    if not xs:
        raise ValueError("no held-out engine is long enough to cut")
    return WindowSet(
        np.stack(xs).astype(np.float32), np.asarray(ruls, np.float32), np.asarray(units)
    )


def last_windows(runs: EngineRuns, window: int) -> np.ndarray:
    """One window per engine ending at its last recorded cycle (official test-set scoring)."""
    return np.stack([pad_history(runs.readings[u], window) for u in runs.units]).astype(np.float32)
