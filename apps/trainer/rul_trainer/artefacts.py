"""Writing and reading a model directory: ``model.onnx`` + ``model-card.json``."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch

from .card import build_card
from .datasets import sha256_file
from .export import export_onnx
from .golden import golden_pairs, golden_windows
from .pipeline import TrainResult
from .reload import WEIGHTS_FILE, golden_mismatch, load_graph

MODEL_FILE = "model.onnx"
CARD_FILE = "model-card.json"


def save_model(result: TrainResult, out_dir: str | Path) -> dict[str, Any]:
    """Export the shipped seed's graph and its card into ``out_dir``; returns the card."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    shipped = result.shipped
    window = result.config.target.window
    export_onnx(shipped.graph, window, out / MODEL_FILE)
    # Same weights for torch-only tooling (evaluate without ONNX Runtime, fine-tuning).
    torch.save(shipped.graph.state_dict(), out / WEIGHTS_FILE)
    # Golden inputs come from engines the shipped model never fitted on.
    held_out = result.data.runs.subset(shipped.split.validation or shipped.split.calibration)
    golden = golden_pairs(shipped.graph, golden_windows(held_out, window, result.config.golden_pairs))
    created = datetime.now(timezone.utc).replace(microsecond=0)
    card = build_card(result, sha256_file(out / MODEL_FILE), golden, created)
    (out / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def load_card(model_dir: str | Path) -> dict[str, Any]:
    return json.loads((Path(model_dir) / CARD_FILE).read_text(encoding="utf-8"))


def reexport_model(model_dir: str | Path) -> dict[str, Any]:
    """Export ``model_dir``'s weights again with this exporter; the weights stay as they are.

    The graph rebuilt from ``weights.pt`` must reproduce the card's golden pairs first. The card
    then gets the new file's hash and, unless its run named a version, the version that hash gives
    (same date as before). Returns the updated card.
    """
    model_dir = Path(model_dir)
    card = load_card(model_dir)
    graph = load_graph(model_dir, card)
    mismatch = golden_mismatch(graph, card)
    if mismatch > 1e-4:
        raise ValueError(f"{model_dir / WEIGHTS_FILE} does not reproduce the card's golden pairs "
                         f"(max abs diff {mismatch:.3g}); refusing to re-export")
    export_onnx(graph, int(card["window"]), model_dir / MODEL_FILE)
    sha = sha256_file(model_dir / MODEL_FILE)
    card["onnx"]["sha256"] = sha
    if not card["training"]["config"].get("version"):
        created = datetime.fromisoformat(card["createdAt"].replace("Z", "+00:00"))
        card["version"] = f"{created:%Y.%m.%d}-{sha[:8]}"
    (model_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
