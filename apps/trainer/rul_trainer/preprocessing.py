"""Preprocessing fitted on training engines only, applied inside the exported graph.

Fitting produces plain arrays (selected channels, condition centroids, per-condition mean/std); the
torch module below applies them, so training, export and the API all run the very same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from .cmapss_format import CHANNEL_NAMES, SETTING_NAMES
from .conditions import ConditionModel, fit_conditions
from .config import PreprocessConfig

N_SETTINGS = len(SETTING_NAMES)


@dataclass(frozen=True)
class PreprocessStats:
    selected: list[int]  # indices into the 24 raw channels
    conditions: ConditionModel
    mean: np.ndarray  # [k, len(selected)] raw units, per condition
    std: np.ndarray  # [k, len(selected)]
    dropped: dict[str, str]  # channel name -> why it was dropped
    smoothing_alpha: float | None
    clip_sigma: float

    def describe(self) -> dict[str, object]:
        """The exact recipe, for the model card."""
        return {
            "steps": [
                "assign each row to the nearest operating-condition centroid "
                "(squared distance of the 3 settings divided by conditionScale)",
                "keep the selectedChannels (in that order)",
                "z = (x - mean[condition]) / std[condition]",
                f"clip z to [-{self.clip_sigma}, {self.clip_sigma}]",
                "exponential smoothing along the window: s[0] = z[0], "
                "s[t] = alpha * z[t] + (1 - alpha) * s[t-1]"
                if self.smoothing_alpha is not None
                else "no smoothing",
            ],
            "selectedChannels": [CHANNEL_NAMES[i] for i in self.selected],
            "droppedChannels": self.dropped,
            "conditions": {
                "count": self.conditions.count,
                "perCondition": self.conditions.count > 1,
                "centroids": self.conditions.centroids.tolist(),
                "conditionScale": self.conditions.scale.tolist(),
            },
            "normalisation": {
                "kind": "z-score per operating condition",
                "mean": self.mean.tolist(),
                "std": self.std.tolist(),
            },
            "clipSigma": self.clip_sigma,
            "smoothing": None
            if self.smoothing_alpha is None
            else {"kind": "exponential", "alpha": self.smoothing_alpha},
        }


def recording_step(values: np.ndarray) -> float:
    """Smallest difference between two distinct recorded values (the sensor's resolution)."""
    distinct = np.unique(np.round(values, 9))
    gaps = np.diff(distinct)
    gaps = gaps[gaps > 1e-9]
    return float(gaps.min()) if len(gaps) else 0.0


def fit_preprocessing(rows: np.ndarray, config: PreprocessConfig, seed: int) -> PreprocessStats:
    """Fit on raw training rows [n, 24]."""
    conditions = fit_conditions(
        rows[:, :N_SETTINGS],
        config.conditions,
        config.max_conditions,
        config.condition_tolerance,
        seed,
    )
    labels = conditions.assign(rows[:, :N_SETTINGS])
    selected: list[int] = []
    dropped: dict[str, str] = {}
    for channel, name in enumerate(CHANNEL_NAMES):
        if channel < N_SETTINGS and not config.use_settings_as_features:
            dropped[name] = "operational setting (used only to find the operating condition)"
            continue
        values = rows[:, channel]
        # Pooled within-condition spread: a regime shift is not information about wear.
        residual = values - np.array([values[labels == j].mean() for j in range(conditions.count)])[
            labels
        ]
        spread = float(residual.std())
        step = recording_step(values)
        if step == 0.0 or spread < config.min_std_in_steps * step:
            dropped[name] = (
                f"within-condition std {spread:.3g} < {config.min_std_in_steps} x "
                f"recording step {step:.3g}"
            )
            continue
        selected.append(channel)
    if not selected:
        raise ValueError("every channel is constant within its operating condition")
    mean = np.zeros((conditions.count, len(selected)))
    std = np.ones((conditions.count, len(selected)))
    for j in range(conditions.count):
        block = rows[labels == j][:, selected]
        if len(block):
            mean[j] = block.mean(0)
            std[j] = np.maximum(block.std(0), 1e-6)
    return PreprocessStats(
        selected, conditions, mean, std, dropped, config.smoothing_alpha, config.clip_sigma
    )


def smoothing_matrix(window: int, alpha: float) -> np.ndarray:
    """Lower-triangular M with (M @ z)[t] = exponential smoothing of z up to t, seeded by z[0]."""
    m = np.zeros((window, window))
    for t in range(window):
        for s in range(t + 1):
            weight = alpha * (1 - alpha) ** (t - s)
            m[t, s] = (1 - alpha) ** t if s == 0 else weight
    return m


class Preprocessor(nn.Module):
    """Raw readings [batch, window, 24] -> normalised features [batch, window, selected]."""

    def __init__(self, stats: PreprocessStats, window: int) -> None:
        super().__init__()

        def buffer(name: str, value: np.ndarray, dtype: torch.dtype = torch.float32) -> None:
            self.register_buffer(name, torch.as_tensor(np.asarray(value), dtype=dtype))

        buffer("selected", np.asarray(stats.selected), torch.long)
        buffer("centroids", stats.conditions.centroids / stats.conditions.scale)
        buffer("inv_scale", 1.0 / stats.conditions.scale)
        buffer("mean", stats.mean)
        buffer("inv_std", 1.0 / stats.std)
        self.clip = float(stats.clip_sigma)
        self.smooth = stats.smoothing_alpha is not None
        alpha = stats.smoothing_alpha if stats.smoothing_alpha is not None else 1.0
        buffer("smoother", smoothing_matrix(window, alpha))

    @property
    def features(self) -> int:
        return int(self.selected.numel())

    def forward(self, raw: torch.Tensor) -> torch.Tensor:
        settings = raw[..., :N_SETTINGS] * self.inv_scale
        distance = ((settings.unsqueeze(-2) - self.centroids) ** 2).sum(-1)
        condition = torch.argmin(distance, dim=-1)
        x = raw.index_select(-1, self.selected)
        # embedding() is a plain row lookup; it exports as a single Gather.
        mean = nn.functional.embedding(condition, self.mean)
        inv_std = nn.functional.embedding(condition, self.inv_std)
        z = torch.clamp((x - mean) * inv_std, -self.clip, self.clip)
        if self.smooth:
            z = torch.matmul(self.smoother, z)
        return z
