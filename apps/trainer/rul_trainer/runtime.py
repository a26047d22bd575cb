"""Device choice, seeding and mixed precision, smoothing over torch 1.13 / 2.x differences."""

from __future__ import annotations

import contextlib
import os
import random
from collections.abc import Iterator
from typing import Any

import numpy as np
import torch

from .config import RuntimeConfig


def select_device(config: RuntimeConfig) -> torch.device:
    if config.device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda requested but CUDA is not available")
    if config.device in ("cuda", "auto") and torch.cuda.is_available():
        return torch.device("cuda")
    if config.device not in ("cpu", "auto", "cuda"):
        raise ValueError(f"unknown device {config.device!r} (auto, cpu or cuda)")
    return torch.device("cpu")


def configure(config: RuntimeConfig) -> None:
    if config.threads:
        torch.set_num_threads(config.threads)
        limit_blas_threads(config.threads)
    elif torch.get_num_threads() < (os.cpu_count() or 1):
        torch.set_num_threads(os.cpu_count() or 1)
    if config.deterministic:
        # cuBLAS needs a fixed workspace to be deterministic; it is read when CUDA initialises.
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.backends.cudnn.benchmark = False


def limit_blas_threads(threads: int) -> None:
    """Hold the BLAS library torch calls to ``threads`` threads (where threadpoolctl is installed).

    Debian's torch multiplies through the system BLAS (OpenBLAS with ``libopenblas0-openmp``), whose
    thread pool ``torch.set_num_threads`` does not reach: it keeps one thread per core, so parallel
    training processes of one thread each oversubscribe the cores (the README's Requirements give the
    cost). PyTorch's own wheels bundle a BLAS that torch's setting governs,
    and may lack threadpoolctl; nothing is needed there.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(threads, user_api="blas")


def seed_everything(seed: int) -> np.random.Generator:
    random.seed(seed)
    torch.manual_seed(seed)
    return np.random.default_rng(seed)


def device_description(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return f"cpu ({torch.get_num_threads()} threads)"


def uses_amp(device: torch.device, config: RuntimeConfig) -> bool:
    return device.type == "cuda" and config.mixed_precision


@contextlib.contextmanager
def autocast(device: torch.device, enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    with torch.autocast(device_type=device.type, dtype=torch.float16):
        yield


def grad_scaler(enabled: bool) -> Any:
    """torch>=2.3 has torch.amp.GradScaler(device); 1.13 only torch.cuda.amp.GradScaler."""
    amp = getattr(torch, "amp", None)
    if amp is not None and hasattr(amp, "GradScaler"):
        return amp.GradScaler("cuda", enabled=enabled)
    return torch.cuda.amp.GradScaler(enabled=enabled)
