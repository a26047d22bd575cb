"""One ensemble member: a small dilated 1-D CNN (TCN-style) with a point head and quantile heads.

The member sees normalised features and predicts RUL / max_rul, so targets are O(1) regardless of the
cap. Flattening the last feature map keeps *where* in the window a change happened: the slope of
degradation near the end of the window is what carries the RUL signal.
"""

from __future__ import annotations

import torch
from torch import nn

from .config import ModelConfig


class ResidualBlock(nn.Module):
    def __init__(self, channels: int, kernel: int, dilation: int, dropout: float) -> None:
        super().__init__()
        pad = dilation * (kernel - 1) // 2
        self.conv1 = nn.Conv1d(channels, channels, kernel, padding=pad, dilation=dilation)
        self.conv2 = nn.Conv1d(channels, channels, kernel, padding=pad, dilation=dilation)
        self.act = nn.ReLU()
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.drop(self.act(self.conv1(x)))
        y = self.conv2(y)
        return self.act(x + y)


class MemberNet(nn.Module):
    """[batch, window, features] -> (point [batch], quantiles [batch, Q]), both in units of max_rul."""

    def __init__(self, features: int, window: int, config: ModelConfig) -> None:
        super().__init__()
        if config.kernel_size % 2 == 0:
            raise ValueError("kernel_size must be odd so 'same' padding keeps the window length")
        self.stem = nn.Conv1d(features, config.channels, 1)
        self.blocks = nn.Sequential(
            *[
                ResidualBlock(config.channels, config.kernel_size, d, config.dropout)
                for d in config.dilations
            ]
        )
        self.reduce = nn.Conv1d(config.channels, 8, 1)
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(8 * window, config.hidden),
            nn.ReLU(),
            nn.Dropout(config.dropout),
            nn.Linear(config.hidden, 1 + len(config.quantile_levels)),
        )

    def forward(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.blocks(self.stem(z.transpose(1, 2)))
        out = self.head(torch.relu(self.reduce(h)))
        return out[:, 0], out[:, 1:]
