"""Locating C-MAPSS files, fingerprinting them and splitting engines into fit/hold-out groups."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .cmapss_format import EngineRuns, read_runs
from .config import SplitConfig

SUBSETS = ("FD001", "FD002", "FD003", "FD004")


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def resolve_train_file(data: str | Path, subset: str) -> Path:
    """``data`` is either the training file itself or a folder holding ``train_<subset>.txt``."""
    path = Path(data)
    if path.is_dir():
        path = path / f"train_{subset}.txt"
    if not path.is_file():
        raise FileNotFoundError(f"training file not found: {path}")
    return path


@dataclass(frozen=True)
class TrainingData:
    runs: EngineRuns
    path: Path
    sha256: str
    subset: str


def load_training_data(data: str | Path, subset: str) -> TrainingData:
    path = resolve_train_file(data, subset)
    return TrainingData(read_runs(path), path, sha256_file(path), subset)


@dataclass(frozen=True)
class EngineSplit:
    """Disjoint engine groups: fit on ``train``, early-stop/score on ``validation``,
    conformal-calibrate on ``calibration`` (never seen while fitting)."""

    train: list[int]
    validation: list[int]
    calibration: list[int]


def split_engines(units: list[int], config: SplitConfig, seed: int) -> EngineSplit:
    if len(units) < 3:
        raise ValueError(f"need at least 3 engines to split, got {len(units)}")
    order = np.random.default_rng(seed).permutation(sorted(units)).tolist()
    n_val = max(1, round(len(order) * config.validation_fraction))
    n_cal = max(1, round(len(order) * config.calibration_fraction))
    if n_val + n_cal >= len(order):
        raise ValueError("validation + calibration fractions leave no training engines")
    validation = sorted(order[:n_val])
    calibration = sorted(order[n_val : n_val + n_cal])
    train = sorted(order[n_val + n_cal :])
    return EngineSplit(train, validation, calibration)


@dataclass(frozen=True)
class FoldPlan:
    """K-fold cross-validation around one calibration group that no run ever fits on."""

    folds: list[EngineSplit]  # fold k: validation = fold k, train = the other folds
    refit: EngineSplit  # train = every non-calibration engine, no validation engines


def fold_splits(units: list[int], config: SplitConfig, seed: int) -> FoldPlan:
    k = config.folds
    if k < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, got {k}")
    order = np.random.default_rng(seed).permutation(sorted(units)).tolist()
    n_cal = max(1, round(len(order) * config.calibration_fraction))
    calibration = sorted(order[:n_cal])
    rest = order[n_cal:]
    if len(rest) < 2 * k:
        raise ValueError(
            f"{len(units)} engines leave {len(rest)} after calibration: too few for {k} folds "
            "(each fold needs at least 2 engines)"
        )
    groups = [sorted(int(u) for u in g) for g in np.array_split(np.asarray(rest), k)]
    folds = [
        EngineSplit(sorted(u for j, g in enumerate(groups) if j != i for u in g), group, calibration)
        for i, group in enumerate(groups)
    ]
    return FoldPlan(folds, EngineSplit(sorted(int(u) for u in rest), [], calibration))
