"""The whole served model as one module: raw readings in, calibrated RUL distribution out.

Everything the API must not re-implement lives here (preprocessing, ensemble averaging, conformal
offsets, clipping, monotone quantiles), so one ``torch.onnx.export`` call yields the full contract.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from .networks import Member
from .preprocessing import Preprocessor

OUTPUT_NAMES = ("rul_median", "rul_lower", "rul_upper", "rul_quantiles")
INPUT_NAME = "readings"


class EnsembleHeads(nn.Module):
    """Average of the members' (point, quantiles) on normalised features, in units of max_rul."""

    def __init__(self, members: Sequence[Member]) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        points, quantiles = [], []
        for member in self.members:
            p, q = member(z)
            points.append(p)
            quantiles.append(q)
        return torch.stack(points).mean(0), torch.stack(quantiles).mean(0)


class RulGraph(nn.Module):
    def __init__(
        self,
        preprocessor: Preprocessor,
        ensemble: EnsembleHeads,
        quantile_levels: Sequence[float],
        interval_level: float,
        max_rul: float,
    ) -> None:
        super().__init__()
        levels = list(quantile_levels)
        alpha = (1.0 - interval_level) / 2
        for required in (0.5, alpha, 1.0 - alpha):
            if not any(abs(level - required) < 1e-9 for level in levels):
                raise ValueError(f"quantile levels must include {required:g}")
        if levels != sorted(levels):
            raise ValueError("quantile levels must be increasing")
        self.preprocessor = preprocessor
        self.ensemble = ensemble
        self.max_rul = float(max_rul)
        self.lower_index = min(range(len(levels)), key=lambda i: abs(levels[i] - alpha))
        self.upper_index = min(range(len(levels)), key=lambda i: abs(levels[i] - (1 - alpha)))
        side = torch.tensor([(lv > 0.5) - (lv < 0.5) for lv in levels], dtype=torch.float32)
        self.register_buffer("below", (side < 0).float())
        self.register_buffer("above", (side > 0).float())
        self.register_buffer("middle", (side == 0).float())
        # Split-conformal offsets per quantile level, in cycles; zero until calibrated.
        self.register_buffer("offsets", torch.zeros(len(levels)))

    def raw_outputs(self, readings: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Uncalibrated ensemble (point, quantiles) in cycles — what conformal calibration scores."""
        point, quantiles = self.ensemble(self.preprocessor(readings))
        return point * self.max_rul, quantiles * self.max_rul

    def forward(self, readings: torch.Tensor) -> tuple[torch.Tensor, ...]:
        point, quantiles = self.raw_outputs(readings)
        median = torch.clamp(point, 0.0, self.max_rul)
        q = torch.clamp(quantiles + self.offsets, 0.0, self.max_rul)
        q, _ = torch.sort(q, dim=-1)
        # Quantiles below 0.5 never exceed the point prediction and those above never undercut it,
        # so rul_median sits inside the interval and the set stays non-decreasing.
        m = median.unsqueeze(-1)
        q = self.below * torch.minimum(q, m) + self.above * torch.maximum(q, m) + self.middle * m
        return median, q[:, self.lower_index], q[:, self.upper_index], q
