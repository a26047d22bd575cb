"""Golden input/output pairs: real raw windows and what PyTorch answers for them.

The API runs them through ONNX Runtime at start-up and refuses a model that disagrees (> 1e-3),
so they cover the cases that break parity first: normal windows at several wear levels and a short
history padded the way the API pads.
"""

from __future__ import annotations

import numpy as np
import torch

from .cmapss_format import EngineRuns
from .graph import OUTPUT_NAMES, RulGraph
from .windows import pad_history


def golden_windows(runs: EngineRuns, window: int, count: int) -> list[np.ndarray]:
    """``count`` windows from held-out engines: one padded short history, the rest cut at a spread
    of remaining lifetimes (late, mid, early life)."""
    if count < 1:
        return []
    units = runs.units
    short_history = max(2, window // 3)
    windows = [pad_history(runs.readings[units[0]][:short_history], window)]
    for i in range(1, count):
        history = runs.readings[units[i % len(units)]]
        # Spread the cut from near failure to early life across the remaining pairs.
        remaining = int(round(5 + (len(history) - window - 5) * (i - 1) / max(count - 2, 1)))
        remaining = min(max(remaining, 0), len(history) - 1)
        windows.append(pad_history(history[: len(history) - remaining], window))
    return windows


def golden_pairs(graph: RulGraph, windows: list[np.ndarray]) -> list[dict[str, object]]:
    pairs: list[dict[str, object]] = []
    graph = graph.cpu().eval()
    for window in windows:
        with torch.no_grad():
            outputs = graph(torch.from_numpy(window.astype(np.float32)[None]))
        result = {name: out[0].tolist() for name, out in zip(OUTPUT_NAMES, outputs)}
        # Inputs are stored as the decimals read from the file; callers cast them to float32.
        pairs.append({"input": window.tolist(), "output": result})
    return pairs
