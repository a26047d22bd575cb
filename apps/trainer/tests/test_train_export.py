# Real train -> calibrate -> ONNX export -> card pipeline on CPU, one batch, on synthetic engines.
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
from conftest import synthetic_engine, train_with_cli, write_runs

from rul_trainer.artefacts import CARD_FILE, MODEL_FILE, load_card
from rul_trainer.config import RunConfig
from rul_trainer.datasets import load_training_data
from rul_trainer.evaluate import evaluate
from rul_trainer.pipeline import Progress, train
from rul_trainer.reload import golden_mismatch, load_graph

TINY = {
    "seeds": [0, 1],
    "golden_pairs": 3,
    "model": {"members": 2, "channels": 8, "hidden": 16, "dilations": [1, 2]},
    "optim": {"epochs": 2, "max_batches_per_epoch": 1, "batch_size": 32},
    "target": {"window": 12},
}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return train_with_cli(tmp_path_factory.mktemp("run"), TINY, seed=3)


def test_progress_callback_and_log_sink(synthetic_train_file: Path) -> None:
    events: list[Progress] = []
    lines: list[str] = []
    config = RunConfig.from_dict({**TINY, "seeds": [0]})
    result = train(config, load_training_data(synthetic_train_file, "FD001"), events.append,
                   lines.append)  # fmt: skip
    assert [(e.member, e.epoch) for e in events] == [(0, 1), (0, 2), (1, 1), (1, 2)]
    assert all(np.isfinite(e.train_loss) and np.isfinite(e.val_loss) for e in events)
    assert events[-1].fraction == 1.0
    assert any("validation RMSE" in line for line in lines)
    assert len(result.runs) == 1


def test_card_is_complete(model_dir: Path) -> None:
    card = load_card(model_dir)
    for key in ("schemaVersion", "name", "version", "createdAt", "onnx", "data", "window", "maxRul",
                "input", "preprocessing", "outputs", "trainingStats", "metrics", "training",
                "golden"):  # fmt: skip
        assert key in card, key
    assert card["window"] == 12 and card["input"]["shape"] == ["batch", 12, 24]
    assert card["input"]["padding"] == "repeat-first" and len(card["input"]["channels"]) == 24
    assert card["onnx"]["opset"] == 17
    assert set(card["data"]["engines"]) == {"train", "validation", "calibration"}
    assert len(card["trainingStats"]["channels"]) == 24
    assert card["outputs"]["intervalLevel"] == 0.9
    assert len(card["golden"]) == 3
    validation = card["metrics"]["validation"]
    assert validation["seeds"] == [0, 1] and len(validation["rmse"]["values"]) == 2


def test_onnx_structure(model_dir: Path) -> None:
    model = onnx.load(str(model_dir / MODEL_FILE))
    onnx.checker.check_model(model)
    assert [op.version for op in model.opset_import if op.domain in ("", "ai.onnx")] == [17]
    (inp,) = model.graph.input
    dims = [d.dim_param or d.dim_value for d in inp.type.tensor_type.shape.dim]
    assert inp.name == "readings" and dims == ["batch", 12, 24]
    assert inp.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    outputs = {o.name: [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]
               for o in model.graph.output}  # fmt: skip
    q = len(load_card(model_dir)["outputs"]["quantileLevels"])
    assert outputs == {"rul_median": ["batch"], "rul_lower": ["batch"], "rul_upper": ["batch"],
                       "rul_quantiles": ["batch", q]}  # fmt: skip


def test_pytorch_reproduces_golden_pairs(model_dir: Path) -> None:
    card = load_card(model_dir)
    graph = load_graph(model_dir, card)
    assert golden_mismatch(graph, card) < 1e-5
    padded = card["golden"][0]["input"]
    assert padded[0] == padded[1]  # the short-history pair is repeat-first padded
    for pair in card["golden"]:
        out = pair["output"]
        q = out["rul_quantiles"]
        assert q == sorted(q)
        assert out["rul_lower"] <= out["rul_median"] <= out["rul_upper"]
        assert 0 <= out["rul_lower"] and out["rul_upper"] <= card["maxRul"]
        levels = card["outputs"]["quantileLevels"]
        assert q[levels.index(0.05)] == out["rul_lower"] and q[levels.index(0.95)] == out["rul_upper"]
    # The graph accepts any batch size.
    with torch.no_grad():
        median, *_ = graph(torch.zeros(5, 12, 24))
    assert median.shape == (5,)


def test_evaluate_on_a_test_file(model_dir: Path, tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    engines = [synthetic_engine(n, rng) for n in (40, 8, 25)]
    test = write_runs(tmp_path / "test_FD001.txt", engines)
    rul = tmp_path / "RUL_FD001.txt"
    rul.write_text("30\n90\n60\n")
    report = evaluate(model_dir, test, rul, backend="torch")
    assert report["n"] == 3 and report["backend"] == "torch"
    for key in ("rmse", "phm08Score", "intervalCoverage", "meanIntervalWidth"):
        assert np.isfinite(report[key])
    assert (model_dir / CARD_FILE).is_file()


def test_parallel_seeds_match_sequential(synthetic_train_file: Path) -> None:
    data = load_training_data(synthetic_train_file, "FD001")
    base = {**TINY, "runtime": {"threads": 1}}
    sequential = train(RunConfig.from_dict(base), data)
    parallel = train(RunConfig.from_dict({**base, "runtime": {"threads": 1, "jobs": 2}}), data)
    assert [r.seed for r in parallel.runs] == [0, 1]
    for a, b in zip(sequential.runs, parallel.runs):
        assert a.metrics["rmse"] == pytest.approx(b.metrics["rmse"], rel=1e-4)
