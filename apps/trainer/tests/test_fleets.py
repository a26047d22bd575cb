# Real training, preprocessing and graph on synthetic six-condition engines and on short histories;
# only the readings are made up (the bundled models' own short-history check is in
# test_bundled_models.py).
from __future__ import annotations

import numpy as np
import pytest
import torch
from conftest import REGIMES, synthetic_engine, write_runs
from test_train_export import TINY

from rul_trainer.artefacts import save_model
from rul_trainer.config import RunConfig
from rul_trainer.datasets import load_training_data
from rul_trainer.pipeline import TrainResult, predict, train
from rul_trainer.preprocessing import Preprocessor
from rul_trainer.windows import pad_history

WINDOW = 30  # longer than the 19-cycle histories below, so they are padded


@pytest.fixture(scope="module")
def six_conditions(tmp_path_factory: pytest.TempPathFactory) -> tuple[TrainResult, dict]:
    root = tmp_path_factory.mktemp("fd002")
    rng = np.random.default_rng(11)
    engines = [synthetic_engine(int(rng.integers(60, 120)), rng, regimes=True) for _ in range(14)]
    data = load_training_data(write_runs(root / "train_FD002.txt", engines), "FD002")
    config = RunConfig.from_dict(
        {**TINY, "subset": "FD002", "seeds": [0], "target": {"window": WINDOW}}
    )
    result = train(config, data)
    return result, save_model(result, root / "model")


def test_six_conditions_are_found_and_normalised_away(six_conditions) -> None:
    result, card = six_conditions
    conditions = card["preprocessing"]["conditions"]
    assert conditions["count"] == len(REGIMES) and conditions["perCondition"] is True
    # A new engine flying all six regimes: raw sensors jump by regime (far more than wear moves
    # them), normalised ones do not.
    rows = synthetic_engine(400, np.random.default_rng(12), regimes=True)
    labels = result.shipped.stats.conditions.assign(rows[:, :3])
    pre = Preprocessor(result.shipped.stats, window=1).eval()  # one row at a time
    with torch.no_grad():
        z = pre(torch.from_numpy(rows[:, None, :].astype(np.float32)))[:, 0].numpy()
    kept = result.shipped.stats.selected
    raw_means = np.array([rows[labels == j][:, kept].mean(0) for j in range(len(REGIMES))])
    z_means = np.array([z[labels == j].mean(0) for j in range(len(REGIMES))])
    noise = rows[labels == 0][:, kept].std(0)
    assert (np.ptp(raw_means, axis=0) > 10 * noise).all()
    assert (np.ptp(z_means, axis=0) < 1.0).all()


def test_six_condition_cuts_keep_the_fd002_minimum_history(six_conditions) -> None:
    result, card = six_conditions
    assert ">= 20 cycles of history kept" in card["metrics"]["validation"]["protocol"]
    run = result.runs[0]
    assert run.validation is not None and run.metrics["engines"] == len(run.split.validation)


def _check_prediction(graph: torch.nn.Module, history: np.ndarray, window: int, max_rul: float):
    x = pad_history(history, window)[None].astype(np.float32)
    median, lower, upper, quantiles = predict(graph, x)
    assert np.isfinite(quantiles).all()
    assert 0.0 <= lower[0] <= median[0] <= upper[0] <= max_rul
    return median[0], upper[0] - lower[0]


def test_a_19_cycle_six_condition_history_gets_a_finite_interval(six_conditions) -> None:
    result, _card = six_conditions
    history = synthetic_engine(90, np.random.default_rng(13), regimes=True)[:19]
    assert len(history) < WINDOW
    _median, width = _check_prediction(result.shipped.graph, history, WINDOW, 125.0)
    assert width > 0.0  # not the confident zero-width answer of a model that never saw regimes
