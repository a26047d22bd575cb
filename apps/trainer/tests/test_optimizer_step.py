# The learning-rate schedule advances only on optimizer steps that were taken.
# Mixed precision exists on CUDA only: the CPU tests cover the decision with the scaler disabled and
# with a scaler that reports a skipped step; the CUDA tests run the real GradScaler and are skipped
# (with that reason) on machines without CUDA.
from __future__ import annotations

import warnings

import pytest
import torch

from rul_trainer.config import ModelConfig, OptimConfig, RuntimeConfig
from rul_trainer.fit import fit_member, optimizer_step
from rul_trainer.runtime import grad_scaler

needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


def _layer(device: str = "cpu") -> tuple[torch.nn.Linear, torch.optim.Optimizer]:
    torch.manual_seed(0)
    layer = torch.nn.Linear(3, 1).to(device)
    return layer, torch.optim.AdamW(layer.parameters(), lr=0.1)


class _SkippingScaler:
    """Behaves as GradScaler does after an overflow: no optimizer step, a lower scale."""

    def __init__(self) -> None:
        self.scale = 65536.0

    def is_enabled(self) -> bool:
        return True

    def get_scale(self) -> float:
        return self.scale

    def step(self, opt: torch.optim.Optimizer) -> None:
        pass

    def update(self) -> None:
        self.scale /= 2


def test_a_disabled_scaler_always_steps() -> None:
    layer, opt = _layer()
    before = layer.weight.detach().clone()
    layer(torch.ones(4, 3)).sum().backward()
    assert optimizer_step(opt, grad_scaler(False)) is True
    assert not torch.equal(before, layer.weight)


def test_a_step_the_scaler_skipped_is_reported() -> None:
    layer, opt = _layer()
    layer(torch.ones(4, 3)).sum().backward()
    assert optimizer_step(opt, _SkippingScaler()) is False


@needs_cuda
def test_overflowing_gradients_skip_the_step_and_hold_the_schedule() -> None:
    layer, opt = _layer("cuda")
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1.0 / (step + 1))
    scaler = grad_scaler(True)
    before = layer.weight.detach().clone()
    x = torch.ones(4, 3, device="cuda")
    scaler.scale(layer(x).sum() * float("inf")).backward()
    assert optimizer_step(opt, scaler) is False
    assert torch.equal(before, layer.weight) and sched.last_epoch == 0
    opt.zero_grad()
    scaler.scale(layer(x).sum()).backward()
    assert optimizer_step(opt, scaler) is True
    sched.step()
    assert not torch.equal(before, layer.weight) and sched.last_epoch == 1


@needs_cuda
def test_mixed_precision_training_keeps_the_schedule_behind_the_optimizer() -> None:
    # Large inputs make the scaled fp16 gradients of the first step overflow, so the scaler skips
    # it; advancing the schedule anyway made torch warn that lr_scheduler.step() ran before
    # optimizer.step().
    generator = torch.Generator().manual_seed(0)
    z = 1000 * torch.randn(256, 12, 5, generator=generator).cuda()
    y = torch.rand(256, generator=generator).cuda()
    model = ModelConfig(members=1, channels=8, hidden=16, dilations=(1, 2))
    optim = OptimConfig(epochs=2, batch_size=32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = fit_member(z, y, z, y, y * 125, 125.0, model, optim,
                            RuntimeConfig(device="cuda", mixed_precision=True),
                            torch.device("cuda"), generator, lambda _r: None)  # fmt: skip
    assert result.epochs_run == 2
