"""Split-conformal calibration of quantile predictions (conformalised quantile regression).

Each quantile level tau gets its own one-sided offset c_tau, computed on calibration engines that
took no part in fitting, so that P(y <= q_tau + c_tau) ~= tau. For the interval ends the finite-sample
rank is rounded conservatively, so [q_lo, q_hi] covers with probability >= interval_level (each side
misses at most (1 - level) / 2), however badly the raw quantile heads were calibrated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def conformal_offsets(
    y: np.ndarray, quantiles: np.ndarray, levels: Sequence[float]
) -> np.ndarray:
    """Offsets [Q] for quantile predictions [n, Q] of targets y [n]."""
    n = len(y)
    if n == 0:
        raise ValueError("conformal calibration needs at least one calibration point")
    offsets = np.zeros(len(levels))
    for j, tau in enumerate(levels):
        scores = np.sort(y - quantiles[:, j])
        if tau > 0.5:
            # Upper side: the ceil((n+1) tau)-th smallest score guarantees coverage >= tau.
            rank = min(math.ceil((n + 1) * tau), n)
        elif tau < 0.5:
            # Lower side: the floor((n+1) tau)-th smallest keeps P(y < bound) <= tau.
            rank = max(math.floor((n + 1) * tau), 1)
        else:
            offsets[j] = float(np.median(scores))
            continue
        offsets[j] = float(scores[rank - 1])
    return offsets


def interval_coverage(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    return float(np.mean((y >= lower) & (y <= upper)))


def mean_width(lower: np.ndarray, upper: np.ndarray) -> float:
    return float(np.mean(upper - lower))
