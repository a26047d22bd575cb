"""Ensemble members: networks with a point head and quantile heads.

A member sees normalised features and predicts RUL / max_rul, so targets are O(1) regardless of the
cap. Two kinds exist: a small dilated 1-D CNN (TCN-style), whose flatten head keeps *where* in the
window a change happened (the slope of degradation near the end of the window carries the RUL
signal), and a fully connected net on the flattened window, weaker alone but wrong in different
places, which is what an ensemble needs.
"""

from __future__ import annotations

import copy

import torch
from torch import nn

from .config import MEMBER_KINDS, ModelConfig


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


class MlpMember(nn.Module):
    """[batch, window, features] -> (point, quantiles): a fully connected net on the whole window."""

    def __init__(self, features: int, window: int, config: ModelConfig) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Flatten()]
        width = features * window
        for hidden in config.mlp_hidden:
            layers += [nn.Linear(width, hidden), nn.ReLU(), nn.Dropout(config.dropout)]
            width = hidden
        layers.append(nn.Linear(width, 1 + len(config.quantile_levels)))
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out = self.net(z)
        return out[:, 0], out[:, 1:]


Member = MemberNet | MlpMember
MEMBER_CLASSES: dict[str, type[MemberNet] | type[MlpMember]] = {"cnn": MemberNet, "mlp": MlpMember}
assert tuple(MEMBER_CLASSES) == MEMBER_KINDS


def member_kind(config: ModelConfig, index: int) -> str:
    """The architecture of member ``index``: ``member_kinds`` cycled over the members."""
    return config.member_kinds[index % len(config.member_kinds)]


def build_member(features: int, window: int, config: ModelConfig, index: int) -> Member:
    """A freshly initialised member ``index`` of an ensemble built from ``config``."""
    return MEMBER_CLASSES[member_kind(config, index)](features, window, config)


class PlanarMember(nn.Module):
    """The same member with every convolution as a 2-D one over a [batch, C, 1, window] map.

    Used only for export: ONNX Runtime runs 4-D convolutions with its blocked-layout (NCHWc) CPU
    kernels, while 1-D ones go through im2col + GEMM. The weights are the member's own, reshaped
    ([out, in, k] -> [out, in, 1, k]), so the outputs agree to float rounding. The time it saves per
    window is in the README ("The exported graph").
    """

    def __init__(self, member: MemberNet) -> None:
        super().__init__()
        self.stem = _planar(member.stem)
        self.blocks = nn.ModuleList(
            nn.ModuleList([_planar(block.conv1), _planar(block.conv2)])
            for block in member.blocks  # type: ignore[union-attr]
        )
        self.reduce = _planar(member.reduce)
        self.head = copy.deepcopy(member.head)

    def forward(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.stem(z.transpose(1, 2).unsqueeze(2))
        for conv1, conv2 in self.blocks:  # type: ignore[misc]
            # Dropout is the identity at inference, so the block is relu(x + conv2(relu(conv1(x)))).
            h = torch.relu(h + conv2(torch.relu(conv1(h))))
        out = self.head(torch.relu(self.reduce(h)))
        return out[:, 0], out[:, 1:]


def _planar(conv: nn.Conv1d) -> nn.Conv2d:
    if conv.groups != 1 or not isinstance(conv.padding, tuple) or conv.bias is None:
        raise ValueError("only ungrouped, biased Conv1d layers with numeric padding are planarised")
    planar = nn.Conv2d(
        conv.in_channels,
        conv.out_channels,
        (1, conv.kernel_size[0]),
        stride=(1, conv.stride[0]),
        padding=(0, conv.padding[0]),
        dilation=(1, conv.dilation[0]),
    )
    with torch.no_grad():
        planar.weight.copy_(conv.weight.unsqueeze(2))
        planar.bias.copy_(conv.bias)
    return planar
