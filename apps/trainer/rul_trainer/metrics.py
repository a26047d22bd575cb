"""Scores used in the C-MAPSS literature, plus interval quality."""

from __future__ import annotations

import numpy as np

from .conformal import interval_coverage, mean_width
from .cuts import engine_weights


def rmse(predicted: np.ndarray, true: np.ndarray, weights: np.ndarray | None = None) -> float:
    return float(np.sqrt(np.average((predicted - true) ** 2, weights=weights)))


def phm08_terms(predicted: np.ndarray, true: np.ndarray) -> np.ndarray:
    """Each prediction's PHM08 penalty: late predictions (d > 0) cost more than early ones."""
    d = predicted - true
    return np.where(d < 0, np.exp(-d / 13.0) - 1.0, np.exp(d / 10.0) - 1.0)


def phm08_score(predicted: np.ndarray, true: np.ndarray) -> float:
    """PHM08 challenge score: the sum of every prediction's penalty."""
    return float(np.sum(phm08_terms(predicted, true)))


def score_predictions(
    median: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    true_rul: np.ndarray,
    max_rul: float,
    units: np.ndarray | None = None,
) -> dict[str, float]:
    """RMSE and PHM08 against the true RUL as given and against the true RUL capped at ``max_rul``
    (the usual convention of the FD001 literature, and the one the targets are stated in);
    interval coverage against the capped RUL, because the model's outputs live in [0, max_rul].

    With ``units`` (the engine of each prediction, several cuts per engine) every engine weighs the
    same: each prediction counts 1 / (predictions of its engine) in every mean, and the PHM08 sum
    runs over engines (``engines`` = their count). Without it every prediction is one engine.
    """
    n = len(true_rul)
    weights = np.ones(n) if units is None else engine_weights(units)
    engines = float(weights.sum())
    capped = np.minimum(true_rul, max_rul)
    score = float(np.sum(weights * phm08_terms(median, true_rul)))
    capped_score = float(np.sum(weights * phm08_terms(median, capped)))
    return {
        "n": n,
        "engines": int(round(engines)),
        "rmse": rmse(median, true_rul, weights),
        "rmseCappedTruth": rmse(median, capped, weights),
        "phm08Score": score,
        # Per 100 engines: comparable with published FD001 scores (100 test engines).
        "phm08ScorePer100": score / engines * 100.0,
        "phm08ScoreCappedTruth": capped_score,
        "phm08ScoreCappedTruthPer100": capped_score / engines * 100.0,
        "intervalCoverage": interval_coverage(capped, lower, upper, weights),
        "meanIntervalWidth": mean_width(lower, upper, weights),
    }
