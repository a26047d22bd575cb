"""Fitting one ensemble member with early stopping on held-out engines."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import torch

from .config import ModelConfig, OptimConfig, RuntimeConfig
from .networks import Member, build_member, member_kind
from .runtime import autocast, grad_scaler, uses_amp


@dataclass(frozen=True)
class EpochReport:
    epoch: int
    epochs: int
    train_loss: float
    val_loss: float
    val_rmse: float


@dataclass(frozen=True)
class FitResult:
    member: Member
    best_epoch: int
    best_val_rmse: float
    epochs_run: int


def pinball_loss(pred: torch.Tensor, y: torch.Tensor, levels: torch.Tensor) -> torch.Tensor:
    diff = y.unsqueeze(-1) - pred
    return torch.maximum(levels * diff, (levels - 1) * diff).mean()


def member_loss(
    point: torch.Tensor, quantiles: torch.Tensor, y: torch.Tensor, levels: torch.Tensor, w: float
) -> torch.Tensor:
    # Losses in float32 even under autocast: fp16 squares of small errors underflow.
    point, quantiles = point.float(), quantiles.float()
    return torch.mean((point - y) ** 2) + w * pinball_loss(quantiles, y, levels)


def optimizer_step(opt: torch.optim.Optimizer, scaler: Any) -> bool:
    """Steps ``opt`` through the gradient scaler; False when the scaler skipped the step.

    Under mixed precision the scaler skips a step whose gradients overflowed (and lowers its
    scale), as it does on the first steps while it finds a workable scale. The learning-rate
    schedule must not advance on a skipped step, or it runs ahead of the weights.
    """
    before = scaler.get_scale() if scaler.is_enabled() else None
    scaler.step(opt)
    scaler.update()
    return before is None or scaler.get_scale() >= before


def _lr_shape(optim: OptimConfig, batches: int) -> Callable[[int], float]:
    warmup = max(optim.warmup_epochs * batches, 1)
    total = max(optim.epochs * batches, warmup + 1)

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = min((step - warmup) / (total - warmup), 1.0)
        return 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress))

    return factor


def fit_member(
    z_train: torch.Tensor,
    y_train: torch.Tensor,
    z_val: torch.Tensor | None,
    y_val: torch.Tensor | None,
    true_val: torch.Tensor | None,
    max_rul: float,
    model_config: ModelConfig,
    optim: OptimConfig,
    runtime: RuntimeConfig,
    device: torch.device,
    generator: torch.Generator,
    on_epoch: Callable[[EpochReport], None],
    fixed_epochs: int | None = None,
    index: int = 0,
    val_weights: torch.Tensor | None = None,
) -> FitResult:
    """Targets ``y_*`` are capped RUL / max_rul; ``true_val`` is the truth the validation RMSE
    (cycles) is measured against, each validation point weighing ``val_weights`` (default: the
    same; the pipeline passes 1 / cuts of its engine, so every validation engine counts once).

    With validation data the member with the lowest validation RMSE is kept (early stopping).
    Without it (``z_val is None``: a refit on every engine) training runs exactly ``fixed_epochs``
    epochs on the same learning-rate schedule and keeps the last weights. ``index`` is the member's
    place in the ensemble: it picks the member's architecture (``ModelConfig.member_kinds``) and, for
    a fully connected member, its epoch budget and batch size (``ModelConfig.mlp_epochs``,
    ``ModelConfig.mlp_batch_size``).
    """
    if member_kind(model_config, index) == "mlp":
        if model_config.mlp_epochs is not None:
            optim = replace(optim, epochs=model_config.mlp_epochs)
        if model_config.mlp_batch_size is not None:
            optim = replace(optim, batch_size=model_config.mlp_batch_size)
    refit = z_val is None or y_val is None or true_val is None
    if refit and (fixed_epochs is None or fixed_epochs < 1):
        raise ValueError("a refit without validation engines needs fixed_epochs >= 1")
    member = build_member(z_train.shape[-1], z_train.shape[1], model_config, index).to(device)
    levels = torch.tensor(model_config.quantile_levels, dtype=torch.float32, device=device)
    opt = torch.optim.AdamW(
        member.parameters(), lr=optim.learning_rate, weight_decay=optim.weight_decay
    )
    batches = math.ceil(len(y_train) / optim.batch_size)
    if optim.max_batches_per_epoch is not None:
        batches = min(batches, optim.max_batches_per_epoch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, _lr_shape(optim, batches))
    amp = uses_amp(device, runtime)
    scaler = grad_scaler(amp)
    # Exponential moving average of the weights (None = off): what is validated and kept.
    ema = _ema(member, optim.ema_decay) if optim.ema_decay else None
    kept: torch.nn.Module = ema.module if ema is not None else member
    best = (math.inf, 0, copy.deepcopy(kept.state_dict()))
    epoch = 0
    last_epoch = min(fixed_epochs, optim.epochs) if refit and fixed_epochs else optim.epochs
    for epoch in range(1, last_epoch + 1):
        member.train()
        order = torch.randperm(len(y_train), generator=generator).to(device)
        total = 0.0
        for b in range(batches):
            idx = order[b * optim.batch_size : (b + 1) * optim.batch_size]
            z = z_train[idx]
            if optim.input_noise > 0:
                z = z + optim.input_noise * torch.randn(z.shape, generator=generator).to(device)
            with autocast(device, amp):
                point, quantiles = member(z)
            loss = member_loss(point, quantiles, y_train[idx], levels, optim.quantile_weight)
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            if optimizer_step(opt, scaler):
                sched.step()
            if ema is not None:
                ema.update_parameters(member)
            total += float(loss.detach())
        member.eval()
        kept.eval()
        if refit:
            on_epoch(EpochReport(epoch, last_epoch, total / batches, math.nan, math.nan))
            continue
        assert z_val is not None and y_val is not None and true_val is not None
        with torch.no_grad():
            point, quantiles = kept(z_val)
            val_loss = float(member_loss(point, quantiles, y_val, levels, optim.quantile_weight))
            pred = torch.clamp(point, 0.0, 1.0) * max_rul
            val_rmse = float(torch.sqrt(_weighted_mean((pred - true_val) ** 2, val_weights)))
        on_epoch(EpochReport(epoch, optim.epochs, total / batches, val_loss, val_rmse))
        if val_rmse < best[0]:
            best = (val_rmse, epoch, copy.deepcopy(kept.state_dict()))
        elif epoch - best[1] >= optim.patience:
            break
    if refit:
        if ema is not None:
            member.load_state_dict(ema.module.state_dict())
        member.eval()
        return FitResult(member, epoch, math.nan, epoch)
    member.load_state_dict(best[2])
    member.eval()
    return FitResult(member, best[1], best[0], epoch)


def _weighted_mean(values: torch.Tensor, weights: torch.Tensor | None) -> torch.Tensor:
    if weights is None:
        return torch.mean(values)
    return torch.sum(values * weights) / torch.sum(weights)


def _ema(member: Member, decay: float) -> torch.optim.swa_utils.AveragedModel:
    if not 0.0 < decay < 1.0:
        raise ValueError(f"ema_decay must be in (0, 1), got {decay}")

    def average(avg: torch.Tensor, current: torch.Tensor, _count: torch.Tensor) -> torch.Tensor:
        return decay * avg + (1.0 - decay) * current

    return torch.optim.swa_utils.AveragedModel(member, avg_fn=average)
