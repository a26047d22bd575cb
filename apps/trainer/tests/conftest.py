# Shared fixtures: synthetic C-MAPSS-format files (fake engines) and the path of the real NASA data.
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
REAL_DATA = REPO_ROOT.parent / "shared" / "data" / "cmapss"
DEFAULT_MODEL = REPO_ROOT / "models" / "default"
# Every model the repository bundles: models/default (FD001, what the API loads by default) and one
# models/cmapss-fd00x-* folder per other C-MAPSS fleet.
BUNDLED_MODELS = sorted(p.parent for p in (REPO_ROOT / "models").glob("*/model-card.json"))

# Six flight regimes like FD002/FD004 (altitude kft, Mach, throttle angle).
REGIMES = np.array(
    [[0, 0, 100], [10, 0.25, 100], [20, 0.7, 100], [25, 0.62, 60], [35, 0.84, 100], [42, 0.84, 100]]
)


def synthetic_engine(cycles: int, rng: np.random.Generator, regimes: bool = False) -> np.ndarray:
    """[cycles, 24] raw channels: settings, constant sensors and sensors that drift towards failure."""
    t = np.arange(cycles)
    wear = np.exp((t - cycles) / 40.0)  # ~0 early in life, 1 at failure
    if regimes:
        settings = REGIMES[rng.integers(len(REGIMES), size=cycles)] + rng.normal(0, 1e-3, (cycles, 3))
    else:
        settings = np.column_stack([rng.normal(0, 2e-3, cycles), rng.normal(0, 3e-4, cycles),
                                    np.full(cycles, 100.0)])  # fmt: skip
    regime_shift = settings[:, :1] * 3.0  # operating condition moves every sensor
    sensors = np.empty((cycles, 21))
    for j in range(21):
        if j in (0, 4, 9, 15, 17, 18):  # constant channels, like T2, P2, epr, farB, *_dmd
            sensors[:, j] = 100.0 + j
        elif j == 5:  # quantised: almost always the same recorded value, like P15
            sensors[:, j] = 21.61 - 0.01 * (rng.random(cycles) < 0.02)
        else:
            sensors[:, j] = 500.0 + 10 * j + regime_shift[:, 0] + 5.0 * wear * (1 if j % 2 else -1)
            sensors[:, j] += rng.normal(0, 0.3, cycles)
    return np.round(np.column_stack([settings, sensors]), 4)


def write_runs(path: Path, engines: list[np.ndarray]) -> Path:
    """Write engines in the NASA layout: unit, cycle, 24 values, two trailing spaces."""
    lines = []
    for unit, readings in enumerate(engines, start=1):
        for cycle, row in enumerate(readings, start=1):
            lines.append(" ".join([str(unit), str(cycle)] + [f"{v:.4f}" for v in row]) + "  ")
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def synthetic_train_file(tmp_path: Path) -> Path:
    rng = np.random.default_rng(7)
    engines = [synthetic_engine(int(rng.integers(60, 120)), rng) for _ in range(12)]
    return write_runs(tmp_path / "train_FD001.txt", engines)


@pytest.fixture
def real_data() -> Path:
    if not (REAL_DATA / "train_FD001.txt").is_file():
        pytest.fail(
            f"real C-MAPSS data missing: expected {REAL_DATA}/train_FD001.txt "
            "(the shared data folder beside the repository)"
        )
    return REAL_DATA


def train_with_cli(
    root: Path, config: dict[str, Any], seed: int, engines: int = 10, flags: tuple[str, ...] = ()
) -> Path:
    """Train through the command line on synthetic engines (lengths 60-99), with ``config`` as the
    JSON config and ``flags`` after it; returns the model folder."""
    from rul_trainer.cli import main

    rng = np.random.default_rng(seed)
    runs = [synthetic_engine(int(rng.integers(60, 100)), rng) for _ in range(engines)]
    data = write_runs(root / "train_FD001.txt", runs)
    path = root / "config.json"
    path.write_text(json.dumps(config))
    out = root / "model"
    assert main(["train", "--data", str(data), "--out", str(out), "--device", "cpu",
                 "--config", str(path), *flags]) == 0  # fmt: skip
    return out
