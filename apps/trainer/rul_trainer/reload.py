"""Rebuilding the served graph from a model directory, for machines without ONNX Runtime.

``weights.pt`` holds the graph's state dict; the architecture and preprocessing come from the card,
and the golden pairs prove the rebuilt graph is the one that was exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from .cmapss_format import CHANNEL_NAMES
from .conditions import ConditionModel
from .config import RunConfig
from .graph import OUTPUT_NAMES, EnsembleHeads, RulGraph
from .networks import build_member
from .preprocessing import PreprocessStats, Preprocessor

WEIGHTS_FILE = "weights.pt"


def stats_from_card(card: dict[str, Any]) -> PreprocessStats:
    pre = card["preprocessing"]
    smoothing = pre["smoothing"]
    return PreprocessStats(
        selected=[CHANNEL_NAMES.index(name) for name in pre["selectedChannels"]],
        conditions=ConditionModel(
            np.asarray(pre["conditions"]["centroids"]),
            np.asarray(pre["conditions"]["conditionScale"]),
        ),
        mean=np.asarray(pre["normalisation"]["mean"]),
        std=np.asarray(pre["normalisation"]["std"]),
        dropped=dict(pre["droppedChannels"]),
        smoothing_alpha=None if smoothing is None else float(smoothing["alpha"]),
        clip_sigma=float(pre["clipSigma"]),
    )


def load_graph(model_dir: str | Path, card: dict[str, Any]) -> RulGraph:
    config = RunConfig.from_dict(card["training"]["config"])
    window = int(card["window"])
    pre = Preprocessor(stats_from_card(card), window)
    members = [
        build_member(pre.features, window, config.model, m) for m in range(config.model.members)
    ]
    graph = RulGraph(
        pre, EnsembleHeads(members), config.model.quantile_levels,
        config.model.interval_level, float(card["maxRul"]),
    )  # fmt: skip
    state = torch.load(Path(model_dir) / WEIGHTS_FILE, map_location="cpu")
    graph.load_state_dict(state)
    return graph.eval()


def golden_mismatch(graph: RulGraph, card: dict[str, Any]) -> float:
    """Largest absolute difference between the graph's outputs and the card's golden outputs."""
    worst = 0.0
    for pair in card["golden"]:
        x = torch.tensor([pair["input"]], dtype=torch.float32)
        with torch.no_grad():
            outputs = graph(x)
        for name, out in zip(OUTPUT_NAMES, outputs):
            expected = np.asarray(pair["output"][name], dtype=np.float64)
            worst = max(worst, float(np.max(np.abs(out[0].numpy() - expected))))
    return worst
