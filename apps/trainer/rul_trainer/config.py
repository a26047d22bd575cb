"""Every tunable of a training run, grouped by concern.

Objects elsewhere are built from these dataclasses instead of reading module constants, so a job
worker can build a run from JSON (``RunConfig.from_dict``) and the model card can record it verbatim.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any


@dataclass(frozen=True)
class TargetConfig:
    # Piecewise-linear target: early life is indistinguishable from "healthy", so RUL is capped.
    max_rul: int = 125
    window: int = 30
    # Shortest history (cycles) turned into a training window; shorter ones are repeat-first padded.
    min_train_history: int = 5


@dataclass(frozen=True)
class PreprocessConfig:
    # A sensor is dropped when its within-condition std is below this many recording steps
    # (the smallest difference between two recorded values): it then carries quantisation noise only.
    min_std_in_steps: float = 1.0
    # Operational settings describe the flight regime, not wear; they only pick the condition.
    use_settings_as_features: bool = False
    # "auto" picks the smallest k whose k-means leaves < condition_tolerance of the settings' variance.
    conditions: int | str = "auto"
    max_conditions: int = 10
    condition_tolerance: float = 1e-3
    # Exponential smoothing of the normalised window (None = off); damps sensor noise.
    smoothing_alpha: float | None = 0.3
    # Normalised values are clipped to +-clip_sigma so a broken sensor cannot dominate the output.
    clip_sigma: float = 8.0


@dataclass(frozen=True)
class SplitConfig:
    # Fractions of engines held out of fitting; the rest are training engines.
    validation_fraction: float = 0.1
    calibration_fraction: float = 0.15
    # Held-out histories are cut like the official test set (cuts.py): true RUL at the cut spread
    # evenly over [cut_min_rul, cut_max_rul], scored on the cut's last window, every engine
    # weighing the same. Used for early stopping, the reported metrics and conformal calibration.
    cut_min_rul: int = 5
    cut_max_rul: int = 150
    # Shortest history kept at a cut; None = the subset's default (30 cycles, 20 for FD002/FD004,
    # whose shortest official test histories are 21 and 19 cycles).
    cut_min_history: int | None = None
    cuts_per_engine: int = 25
    # K-fold cross-validation (0 = off). With K >= 2 the calibration engines are one fixed group,
    # the other engines form K folds; run k validates on fold k and fits on the rest (one run per
    # fold, seed = first seed + k). The shipped model is then refitted on every non-calibration
    # engine for the median best epoch of the folds, and calibrated on the calibration engines.
    folds: int = 0


# The member architectures networks.py builds (see ModelConfig.member_kinds).
MEMBER_KINDS = ("cnn", "mlp")


@dataclass(frozen=True)
class ModelConfig:
    members: int = 3
    # Architecture of each member, cycled: member m is member_kinds[m % len(member_kinds)]. "cnn" is
    # the dilated 1-D CNN below, "mlp" a fully connected net on the flattened window. Mixing them
    # helps: their errors are less alike than two CNNs' (see the trainer README).
    member_kinds: tuple[str, ...] = ("cnn",)
    channels: int = 32
    kernel_size: int = 5
    dilations: tuple[int, ...] = (1, 2, 4)
    hidden: int = 64
    # Hidden layer widths of an "mlp" member.
    mlp_hidden: tuple[int, ...] = (128, 64)
    # Epoch budget of an "mlp" member (None = optim.epochs). Fully connected members fit more slowly
    # than the CNNs: with 25 epochs their best epoch was the 22nd-24th, cut short by the schedule.
    mlp_epochs: int | None = None
    # Batch size of an "mlp" member (None = optim.batch_size). More, smaller steps fit them better:
    # batch 64 instead of 256 took one fully connected member from 12.01 to 11.18 capped RMSE over
    # the 5 folds, while the CNN members did not gain (see the trainer README).
    mlp_batch_size: int | None = None
    dropout: float = 0.2
    quantile_levels: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
    interval_level: float = 0.9

    def __post_init__(self) -> None:
        if isinstance(self.mlp_epochs, int) and self.mlp_epochs < 1:
            raise ValueError(f"model.mlp_epochs must be at least 1, got {self.mlp_epochs}")
        if isinstance(self.mlp_batch_size, int) and self.mlp_batch_size < 1:
            raise ValueError(f"model.mlp_batch_size must be at least 1, got {self.mlp_batch_size}")
        kinds = self.member_kinds
        if not isinstance(kinds, tuple) or not all(isinstance(k, str) for k in kinds):
            return  # a wrong type: the job-params check names it
        if not kinds:
            raise ValueError("model.member_kinds must name at least one kind")
        for kind in kinds:
            if kind not in MEMBER_KINDS:
                raise ValueError(
                    f"model.member_kinds: unknown kind {kind!r} (known: {', '.join(MEMBER_KINDS)})"
                )


@dataclass(frozen=True)
class OptimConfig:
    epochs: int = 25
    patience: int = 8
    batch_size: int = 256
    learning_rate: float = 1e-3
    weight_decay: float = 1e-4
    # Weight of the pinball (quantile) loss next to the MSE of the point head.
    quantile_weight: float = 0.5
    # Gaussian noise added to normalised training inputs: a cheap guard against memorising engines.
    input_noise: float = 0.0
    # Learning rate: linear warm-up for this many epochs, then cosine decay to 5% at `epochs`.
    warmup_epochs: int = 1
    # Exponential moving average of the weights, updated every batch (None = off). The average is
    # what early stopping validates and what is kept: it smooths the noise of single steps.
    ema_decay: float | None = None
    # Stop after this many batches per epoch (None = all); the one-batch test uses 1.
    max_batches_per_epoch: int | None = None


@dataclass(frozen=True)
class RuntimeConfig:
    device: str = "auto"  # auto | cpu | cuda
    mixed_precision: bool = True  # only takes effect on CUDA
    threads: int | None = None
    deterministic: bool = True
    # Seeds trained side by side in worker processes (1 thread each); 1 = one after another.
    jobs: int = 1


@dataclass(frozen=True)
class RunConfig:
    subset: str = "FD001"
    seeds: tuple[int, ...] = (0, 1, 2)
    name: str | None = None
    version: str | None = None
    golden_pairs: int = 5
    target: TargetConfig = field(default_factory=TargetConfig)
    preprocess: PreprocessConfig = field(default_factory=PreprocessConfig)
    split: SplitConfig = field(default_factory=SplitConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    optim: OptimConfig = field(default_factory=OptimConfig)
    runtime: RuntimeConfig = field(default_factory=RuntimeConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RunConfig:
        return _build(cls, raw)


def _build(kind: Any, raw: dict[str, Any]) -> Any:
    """Build a (nested) frozen dataclass from plain JSON values; unknown keys are an error."""
    known = {f.name: f for f in fields(kind)}
    unknown = set(raw) - set(known)
    if unknown:
        raise ValueError(f"unknown {kind.__name__} option(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for name, value in raw.items():
        default = getattr(kind(), name)
        if is_dataclass(default) and isinstance(value, dict):
            values[name] = _build(type(default), value)
        elif isinstance(default, tuple) and isinstance(value, list):
            values[name] = tuple(value)
        else:
            values[name] = value
    return kind(**values)
