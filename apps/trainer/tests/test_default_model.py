# The committed models/default artefacts themselves (real files); the data hash check reads the real data.
from __future__ import annotations

from pathlib import Path

import onnx
import pytest
from conftest import DEFAULT_MODEL

from rul_trainer.artefacts import CARD_FILE, MODEL_FILE, load_card
from rul_trainer.cmapss_format import CHANNEL_NAMES
from rul_trainer.datasets import sha256_file
from rul_trainer.reload import golden_mismatch, load_graph

REQUIRED = {
    "onnx": {"file", "sha256", "opset"},
    "data": {"source", "sha256", "subset", "engines", "rows"},
    "input": {"name", "dtype", "shape", "channels", "padding"},
    "outputs": {"median", "lower", "upper", "quantiles", "quantileLevels", "intervalLevel"},
}


@pytest.fixture(scope="module")
def card() -> dict:
    if not (DEFAULT_MODEL / CARD_FILE).is_file():
        pytest.fail(f"default model missing: {DEFAULT_MODEL / CARD_FILE}")
    return load_card(DEFAULT_MODEL)


def test_card_has_every_contract_field(card: dict) -> None:
    for key in ("schemaVersion", "name", "version", "createdAt", "window", "maxRul",
                "preprocessing", "trainingStats", "metrics", "training", "golden"):  # fmt: skip
        assert key in card, key
    for section, keys in REQUIRED.items():
        assert keys <= set(card[section]), (section, keys - set(card[section]))
    assert card["input"]["channels"] == list(CHANNEL_NAMES)
    assert card["input"]["shape"] == ["batch", card["window"], 24]
    assert set(card["data"]["engines"]) == {"train", "validation", "calibration"}
    assert [c["name"] for c in card["trainingStats"]["channels"]] == list(CHANNEL_NAMES)
    assert len(card["golden"]) >= 5
    validation = card["metrics"]["validation"]
    assert len(validation["seeds"]) >= 3
    for key in ("rmse", "phm08ScorePer100", "intervalCoverage", "meanIntervalWidth"):
        assert {"mean", "sd", "values"} <= set(validation[key])


def test_onnx_loads_and_matches_card(card: dict) -> None:
    path = DEFAULT_MODEL / MODEL_FILE
    model = onnx.load(str(path))
    onnx.checker.check_model(model)
    assert sha256_file(path) == card["onnx"]["sha256"]
    assert [o.name for o in model.graph.output] == [
        card["outputs"][k] for k in ("median", "lower", "upper", "quantiles")
    ]
    assert model.graph.input[0].name == card["input"]["name"]


def test_weights_reproduce_golden_pairs(card: dict) -> None:
    assert golden_mismatch(load_graph(DEFAULT_MODEL, card), card) < 1e-4


def test_trained_on_the_real_fd001_file(card: dict, real_data: Path) -> None:
    assert card["data"]["sha256"] == sha256_file(real_data / card["data"]["file"])
