"""ONNX Runtime vs PyTorch parity for a model directory (needs the optional onnxruntime package).

Checks the card's golden pairs (the API's start-up check) and a batch of perturbed real windows run
through both the ONNX file and the graph rebuilt from ``weights.pt``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from .artefacts import MODEL_FILE, load_card
from .graph import INPUT_NAME, OUTPUT_NAMES
from .reload import load_graph


def check_parity(model_dir: str | Path, batch: int = 64, seed: int = 0) -> dict[str, Any]:
    import onnxruntime  # optional dependency, imported only when parity is asked for

    model_dir = Path(model_dir)
    card = load_card(model_dir)
    session = onnxruntime.InferenceSession(
        str(model_dir / MODEL_FILE), providers=["CPUExecutionProvider"]
    )
    golden_in = np.asarray([p["input"] for p in card["golden"]], dtype=np.float32)
    onnx_out = session.run(list(OUTPUT_NAMES), {INPUT_NAME: golden_in})
    golden_diff = 0.0
    for i, pair in enumerate(card["golden"]):
        for name, out in zip(OUTPUT_NAMES, onnx_out):
            expected = np.asarray(pair["output"][name], dtype=np.float64)
            golden_diff = max(golden_diff, float(np.max(np.abs(out[i] - expected))))

    # Real windows with small multiplicative jitter: same regime, many different inputs, batched.
    rng = np.random.default_rng(seed)
    picks = golden_in[rng.integers(len(golden_in), size=batch)]
    jittered = (picks * (1 + rng.normal(0, 1e-4, picks.shape))).astype(np.float32)
    graph = load_graph(model_dir, card)
    with torch.no_grad():
        torch_out = [t.numpy() for t in graph(torch.from_numpy(jittered))]
    ort_out = session.run(list(OUTPUT_NAMES), {INPUT_NAME: jittered})
    batch_diff = max(float(np.max(np.abs(a - b))) for a, b in zip(torch_out, ort_out))
    return {
        "model": card["version"],
        "onnxruntime": onnxruntime.__version__,
        "torch": torch.__version__,
        "goldenPairs": len(card["golden"]),
        "goldenMaxAbsDiff": golden_diff,
        "batch": batch,
        "batchMaxAbsDiff": batch_diff,
        "ok": golden_diff <= 1e-3 and batch_diff <= 1e-3,
    }
