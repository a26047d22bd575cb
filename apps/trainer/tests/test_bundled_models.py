# The committed models/* artefacts themselves (real files); the data hash check reads the real data.
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from conftest import BUNDLED_MODELS, DEFAULT_MODEL

from rul_trainer.artefacts import CARD_FILE, MODEL_FILE, load_card
from rul_trainer.cmapss_format import CHANNEL_NAMES
from rul_trainer.datasets import sha256_file
from rul_trainer.pipeline import predict
from rul_trainer.reload import golden_mismatch, load_graph
from rul_trainer.windows import pad_history

REQUIRED = {
    "onnx": {"file", "sha256", "opset"},
    "data": {"source", "sha256", "subset", "engines", "rows"},
    "input": {"name", "dtype", "shape", "channels", "padding"},
    "outputs": {"median", "lower", "upper", "quantiles", "quantileLevels", "intervalLevel"},
}


SUBSETS = ("FD001", "FD002", "FD003", "FD004")


def test_one_model_per_cmapss_fleet_named_after_its_data() -> None:
    cards = {path.name: load_card(path) for path in BUNDLED_MODELS}
    assert DEFAULT_MODEL.name in cards, f"default model missing: {DEFAULT_MODEL / CARD_FILE}"
    assert cards[DEFAULT_MODEL.name]["data"]["subset"] == "FD001"  # what the API loads by default
    assert sorted(c["data"]["subset"] for c in cards.values()) == list(SUBSETS)
    for folder, c in cards.items():
        assert c["name"].startswith(f"cmapss-{c['data']['subset'].lower()}-"), c["name"]
        assert folder in (DEFAULT_MODEL.name, c["name"]), (folder, c["name"])


@pytest.fixture(scope="module", params=BUNDLED_MODELS, ids=lambda p: p.name)
def model_dir(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture(scope="module")
def card(model_dir: Path) -> dict:
    return load_card(model_dir)


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


def test_onnx_loads_and_matches_card(model_dir: Path, card: dict) -> None:
    path = model_dir / MODEL_FILE
    model = onnx.load(str(path))
    onnx.checker.check_model(model)
    assert sha256_file(path) == card["onnx"]["sha256"]
    assert [o.name for o in model.graph.output] == [
        card["outputs"][k] for k in ("median", "lower", "upper", "quantiles")
    ]
    assert model.graph.input[0].name == card["input"]["name"]


def test_weights_reproduce_golden_pairs(model_dir: Path, card: dict) -> None:
    assert golden_mismatch(load_graph(model_dir, card), card) < 1e-4


def test_trained_on_the_real_cmapss_file(card: dict, real_data: Path) -> None:
    path = real_data / card["data"]["file"]
    assert card["data"]["file"] == f"train_{card['data']['subset']}.txt"
    if not path.is_file():
        pytest.fail(f"real C-MAPSS data missing: expected {path}")
    assert card["data"]["sha256"] == sha256_file(path)


def test_validated_like_the_official_test_with_an_honest_band(card: dict) -> None:
    validation = card["metrics"]["validation"]
    # Test-like cuts (cuts.py), not every window: the protocol is recorded in the card.
    assert "stratified over [5, 150]" in validation["protocol"], validation["protocol"]
    # Every fold's interval was calibrated without its own engines; the promise is 90 %.
    assert 0.85 <= validation["intervalCoverage"]["mean"] <= 0.95
    assert validation["meanIntervalWidth"]["mean"] <= 50.0


def test_a_19_cycle_history_gets_a_finite_nonzero_band(model_dir: Path, card: dict) -> None:
    graph = load_graph(model_dir, card)
    window = int(card["window"])
    # The last 19 rows of a real window from the card, padded by repeating the first row.
    history = np.asarray(card["golden"][0]["input"], dtype=np.float32)[-19:]
    median, lower, upper, _ = predict(graph, pad_history(history, window)[None])
    assert np.isfinite([median[0], lower[0], upper[0]]).all()
    assert 0.0 <= lower[0] <= median[0] <= upper[0] <= float(card["maxRul"])
    assert upper[0] - lower[0] > 0.0
