"""Held-out engines cut the way NASA's test files cut theirs, every engine weighing the same.

The official test set holds each test engine once, truncated at a random point, and scores only
the prediction at its last cycle; its true RULs spread roughly evenly from a few cycles to about
150 (10-25 % of the engines above the 125 cap). Here every held-out engine gets several cuts whose
true RUL is stratified over [cut_min_rul, cut_max_rul], each keeping at least the subset's
shortest test history, and each cut weighs 1 / (cuts of its engine) in every metric, in early
stopping and in conformal calibration, so an engine cut more often does not count more.
"""

from __future__ import annotations

import numpy as np

from .cmapss_format import EngineRuns
from .config import SplitConfig
from .windows import WindowSet, pad_history

# Shortest history kept at a cut, per subset: the official test files' shortest histories are 31
# (FD001), 21 (FD002), 38 (FD003) and 19 (FD004) cycles.
MIN_CUT_HISTORY = {"FD002": 20, "FD004": 20}
DEFAULT_MIN_CUT_HISTORY = 30


def min_cut_history(config: SplitConfig, subset: str) -> int:
    """``config.cut_min_history`` when set, else the subset's default."""
    if config.cut_min_history is not None:
        return config.cut_min_history
    return MIN_CUT_HISTORY.get(subset.upper(), DEFAULT_MIN_CUT_HISTORY)


def cut_ruls(
    length: int, config: SplitConfig, min_history: int, rng: np.random.Generator
) -> np.ndarray:
    """True RULs at which to cut one run-to-failure history of ``length`` cycles.

    One draw per stratum of [cut_min_rul, cut_max_rul], so the RULs cover the range evenly; a draw
    that would leave fewer than ``min_history`` cycles is dropped (short engines lose their top
    strata, as a short test engine cannot be far from failure and long in history at once).
    """
    low, high = config.cut_min_rul, config.cut_max_rul
    if config.cuts_per_engine < 1 or low < 0 or high < low:
        raise ValueError(
            "split: cuts_per_engine must be >= 1 and 0 <= cut_min_rul <= cut_max_rul, got "
            f"{config.cuts_per_engine}, [{low}, {high}]"
        )
    edges = np.linspace(low, high + 1, config.cuts_per_engine + 1)
    drawn = np.floor(rng.uniform(edges[:-1], edges[1:])).astype(np.int64)
    return np.unique(drawn[drawn <= length - max(min_history, 1)])


def sample_cuts(
    runs: EngineRuns, window: int, config: SplitConfig, min_history: int, seed: int
) -> WindowSet:
    """One window per cut, ending at the cut's last cycle, with the true RUL after it.

    Seeded per engine (``seed``, unit): an engine gets the same cuts whichever group it is in.
    """
    xs, ruls, units = [], [], []
    for unit in runs.units:
        history = runs.readings[unit]
        rng = np.random.default_rng([seed, int(unit)])
        for rul in cut_ruls(len(history), config, min_history, rng):
            xs.append(pad_history(history[: len(history) - rul], window))
            ruls.append(rul)
            units.append(unit)
    if not xs:
        raise ValueError(
            f"no held-out engine is long enough to cut: each needs at least {min_history} cycles "
            f"of history plus {config.cut_min_rul} cycles to failure"
        )
    return WindowSet(
        np.stack(xs).astype(np.float32), np.asarray(ruls, np.float32), np.asarray(units)
    )


def engine_weights(units: np.ndarray) -> np.ndarray:
    """1 / (cuts of the engine) for each cut: every engine weighs 1 in total."""
    _, inverse, counts = np.unique(units, return_inverse=True, return_counts=True)
    return 1.0 / counts[inverse]
