"""Scores used in the C-MAPSS literature, plus interval quality."""

from __future__ import annotations

import numpy as np

from .conformal import interval_coverage, mean_width


def rmse(predicted: np.ndarray, true: np.ndarray) -> float:
    return float(np.sqrt(np.mean((predicted - true) ** 2)))


def phm08_score(predicted: np.ndarray, true: np.ndarray) -> float:
    """PHM08 challenge score: late predictions (d > 0) cost more than early ones."""
    d = predicted - true
    return float(np.sum(np.where(d < 0, np.exp(-d / 13.0) - 1.0, np.exp(d / 10.0) - 1.0)))


def score_predictions(
    median: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    true_rul: np.ndarray,
    max_rul: float,
) -> dict[str, float]:
    """RMSE and PHM08 against the true RUL as given and against the true RUL capped at ``max_rul``
    (the usual convention of the FD001 literature, and the one the targets are stated in);
    interval coverage against the capped RUL, because the model's outputs live in [0, max_rul]."""
    n = len(true_rul)
    score = phm08_score(median, true_rul)
    capped = np.minimum(true_rul, max_rul)
    capped_score = phm08_score(median, capped)
    return {
        "n": n,
        "rmse": rmse(median, true_rul),
        "rmseCappedTruth": rmse(median, capped),
        "phm08Score": score,
        # Per 100 predictions: comparable with published FD001 scores (100 test engines).
        "phm08ScorePer100": score / n * 100.0,
        "phm08ScoreCappedTruth": capped_score,
        "phm08ScoreCappedTruthPer100": capped_score / n * 100.0,
        "intervalCoverage": interval_coverage(capped, lower, upper),
        "meanIntervalWidth": mean_width(lower, upper),
    }
