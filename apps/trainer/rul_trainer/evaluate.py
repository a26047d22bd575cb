"""Scoring a model directory on a C-MAPSS test file and its RUL file (the official protocol:
one prediction per engine from its last recorded cycle)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .artefacts import CARD_FILE, MODEL_FILE, load_card
from .cmapss_format import read_rul, read_runs
from .graph import INPUT_NAME
from .metrics import score_predictions
from .reload import golden_mismatch, load_graph
from .windows import last_windows

Predictor = Callable[[np.ndarray], tuple[np.ndarray, ...]]


def _onnx_predictor(model_dir: Path) -> Predictor:
    import onnxruntime  # imported lazily: optional, absent on Debian's python3

    session = onnxruntime.InferenceSession(
        str(model_dir / MODEL_FILE), providers=["CPUExecutionProvider"]
    )
    return lambda x: tuple(session.run(None, {INPUT_NAME: x.astype(np.float32)}))


def _torch_predictor(model_dir: Path, card: dict[str, Any]) -> Predictor:
    graph = load_graph(model_dir, card)
    mismatch = golden_mismatch(graph, card)
    if mismatch > 1e-3:
        raise RuntimeError(f"weights do not reproduce the card's golden outputs (off by {mismatch})")

    def run(x: np.ndarray) -> tuple[np.ndarray, ...]:
        with torch.no_grad():
            return tuple(t.numpy() for t in graph(torch.from_numpy(x.astype(np.float32))))

    return run


def make_predictor(model_dir: str | Path, backend: str = "auto") -> tuple[Predictor, str]:
    model_dir = Path(model_dir)
    if not (model_dir / CARD_FILE).is_file():
        raise FileNotFoundError(f"no {CARD_FILE} in {model_dir}")
    card = load_card(model_dir)
    has_ort = importlib.util.find_spec("onnxruntime") is not None
    if backend == "onnxruntime" or (backend == "auto" and has_ort):
        return _onnx_predictor(model_dir), "onnxruntime"
    if backend not in ("auto", "torch"):
        raise ValueError(f"unknown backend {backend!r} (auto, onnxruntime or torch)")
    return _torch_predictor(model_dir, card), "torch"


def evaluate(
    model_dir: str | Path, test_file: str | Path, rul_file: str | Path, backend: str = "auto"
) -> dict[str, Any]:
    card = load_card(model_dir)
    runs = read_runs(test_file)
    true_rul = read_rul(rul_file, expected=len(runs.units))
    predictor, used = make_predictor(model_dir, backend)
    median, lower, upper, _ = predictor(last_windows(runs, int(card["window"])))
    metrics = score_predictions(median, lower, upper, true_rul, float(card["maxRul"]))
    return {"model": card["name"], "version": card["version"], "backend": used, **metrics}
