"""Split-conformal calibration of quantile predictions (conformalised quantile regression).

Each quantile level tau gets its own one-sided offset c_tau, computed on calibration engines that
took no part in fitting, so that P(y <= q_tau + c_tau) ~= tau. For the interval ends the finite-sample
rank is rounded conservatively, so [q_lo, q_hi] covers with probability >= interval_level (each side
misses at most (1 - level) / 2), however badly the raw quantile heads were calibrated.

Calibration points can carry weights: with several cuts per engine, each cut weighs
1 / (cuts of its engine), so the quantile is taken over engines (the exchangeable unit, as a new
engine is) rather than over cuts, and an engine cut more often does not count more. The
finite-sample rank is then stated in engines: with unit weights it is the usual ceil((n+1) tau).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# Cumulative weights are sums of fractions like 1/25; compare them with this slack.
_SLACK = 1e-9


def weighted_quantile_score(
    scores: np.ndarray, weights: np.ndarray, tau: float, upper: bool
) -> float:
    """Conformal quantile of ``scores`` when point i weighs ``weights[i]`` (total = the count of
    exchangeable units).

    The rank is rounded to whole units as in the unweighted case: the upper side takes the
    smallest score whose cumulative weight reaches ceil((total + 1) tau), so coverage is >= tau;
    the lower side the largest score whose cumulative weight stays <= floor((total + 1) tau), so
    P(y < bound) <= tau. Beyond the ends the extreme score is used.
    """
    order = np.argsort(scores, kind="stable")
    s, cum = scores[order], np.cumsum(weights[order])
    rank = (cum[-1] + 1.0) * tau
    if upper:
        target = math.ceil(rank - _SLACK)
        index = int(np.searchsorted(cum, target - _SLACK, side="left"))
        return float(s[min(index, len(s) - 1)])
    target = math.floor(rank + _SLACK)
    index = int(np.searchsorted(cum, target + _SLACK, side="right")) - 1
    return float(s[max(index, 0)])


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values, kind="stable")
    v, cum = values[order], np.cumsum(weights[order])
    half = cum[-1] / 2.0
    low = int(np.searchsorted(cum, half - _SLACK, side="left"))
    # An exact tie at the half (even count, unit weights) averages the two middle values.
    high = low + 1 if abs(cum[low] - half) <= _SLACK and low + 1 < len(v) else low
    return float((v[low] + v[high]) / 2.0)


def conformal_offsets(
    y: np.ndarray,
    quantiles: np.ndarray,
    levels: Sequence[float],
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Offsets [Q] for quantile predictions [n, Q] of targets y [n]; ``weights`` [n] (default 1
    each) say how much each point counts."""
    n = len(y)
    if n == 0:
        raise ValueError("conformal calibration needs at least one calibration point")
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    offsets = np.zeros(len(levels))
    for j, tau in enumerate(levels):
        scores = y - quantiles[:, j]
        if tau == 0.5:
            offsets[j] = weighted_median(scores, w)
        else:
            offsets[j] = weighted_quantile_score(scores, w, tau, upper=tau > 0.5)
    return offsets


def _mean(values: np.ndarray, weights: np.ndarray | None) -> float:
    return float(np.average(values, weights=weights))


def interval_coverage(
    y: np.ndarray, lower: np.ndarray, upper: np.ndarray, weights: np.ndarray | None = None
) -> float:
    return _mean((y >= lower) & (y <= upper), weights)


def mean_width(lower: np.ndarray, upper: np.ndarray, weights: np.ndarray | None = None) -> float:
    return _mean(upper - lower, weights)
