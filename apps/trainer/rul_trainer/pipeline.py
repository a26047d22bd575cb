"""The training core: data in, calibrated served model + honest metrics out.

Independent of where data and jobs come from: the CLI and a queue worker both call :func:`train`
with a progress callback and a log sink.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import torch

from .config import RunConfig
from .conformal import conformal_offsets
from .cuts import engine_weights, min_cut_history, sample_cuts
from .datasets import EngineSplit, TrainingData, fold_splits, split_engines
from .fit import EpochReport, fit_member
from .graph import EnsembleHeads, RulGraph
from .metrics import score_predictions
from .networks import member_kind
from .preprocessing import PreprocessStats, Preprocessor, fit_preprocessing
from .runtime import configure, device_description, seed_everything, select_device
from .windows import WindowSet, training_windows


@dataclass(frozen=True)
class Progress:
    seed: int
    run: int  # 0-based index of this seed's run
    runs: int
    member: int
    members: int
    epoch: int
    epochs: int
    train_loss: float
    val_loss: float
    val_rmse: float

    @property
    def fraction(self) -> float:
        """Rough share of the whole job done (early stopping can only make it finish sooner)."""
        per_run = self.members * self.epochs
        done = self.run * per_run + self.member * self.epochs + self.epoch
        return min(done / (self.runs * per_run), 1.0)


ProgressFn = Callable[[Progress], None]
LogFn = Callable[[str], None]


@dataclass(frozen=True)
class RunSpec:
    """One fitting run: its seed, its engine groups and (refit only) a fixed epoch count."""

    seed: int
    split: EngineSplit
    label: str
    # Refit only: epochs for each member, in member order.
    fixed_epochs: tuple[int, ...] | None = None


# (capped truth [n], raw quantiles [n, Q], engine of each cut [n])
ConformityData = tuple[np.ndarray, np.ndarray, np.ndarray]


def calibrate(graph: RulGraph, parts: list[ConformityData], levels: tuple[float, ...]) -> int:
    """Sets the graph's conformal offsets from ``parts``, every engine weighing the same;
    returns the number of cuts used."""
    y, q, units = (np.concatenate([p[i] for p in parts]) for i in range(3))
    graph.offsets.copy_(torch.from_numpy(conformal_offsets(y, q, levels, engine_weights(units))))
    return len(y)


@dataclass
class SeedRun:
    seed: int
    label: str
    graph: RulGraph  # on CPU, eval mode, calibrated
    split: EngineSplit
    stats: PreprocessStats
    validation: WindowSet | None  # None for a refit (no engines left to validate on)
    metrics: dict[str, float]
    uncalibrated_coverage: float | None
    member_epochs: list[int]
    calibration_points: int
    # Calibrated (median, lower, upper) on ``validation``; pooled over folds in the card.
    predictions: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    # Conformity data: capped truth, raw (uncalibrated) quantiles and the engine of each cut, on
    # the calibration cuts and on the validation cuts (out-of-fold when cross-validating).
    calibration_scores: ConformityData | None = None
    validation_scores: ConformityData | None = None
    calibration_engines: int = 0


@dataclass
class TrainResult:
    config: RunConfig
    data: TrainingData
    runs: list[SeedRun]  # the validated runs: one per seed, or one per fold
    wall_seconds: float
    device: str
    refit: SeedRun | None = None  # cross-validation only: the model fitted on every engine

    @property
    def shipped(self) -> SeedRun:
        return self.refit if self.refit is not None else self.runs[0]


def predict(graph: RulGraph, x: np.ndarray, batch: int = 4096) -> tuple[np.ndarray, ...]:
    """Run the served graph on raw windows (CPU, float32), concatenating batched outputs."""
    outs: list[list[np.ndarray]] = [[], [], [], []]
    with torch.no_grad():
        for start in range(0, len(x), batch):
            for i, t in enumerate(graph(torch.from_numpy(x[start : start + batch]))):
                outs[i].append(t.numpy())
    return tuple(np.concatenate(o) for o in outs)


def _preprocess(pre: Preprocessor, x: np.ndarray, device: torch.device) -> torch.Tensor:
    with torch.no_grad():
        parts = [pre(torch.from_numpy(x[i : i + 8192])) for i in range(0, len(x), 8192)]
    return torch.cat(parts).to(device)


def train_seed(
    config: RunConfig,
    data: TrainingData,
    spec: RunSpec,
    run: int,
    runs: int,
    device: torch.device,
    progress: ProgressFn,
    log: LogFn,
) -> SeedRun:
    seed, split = spec.seed, spec.split
    seed_everything(seed)
    train_runs = data.runs.subset(split.train)
    stats = fit_preprocessing(train_runs.stacked(), config.preprocess, seed)
    window, max_rul = config.target.window, float(config.target.max_rul)
    log(
        f"{spec.label}: {len(split.train)} train / {len(split.validation)} validation / "
        f"{len(split.calibration)} calibration engines; {stats.conditions.count} condition(s); "
        f"{len(stats.selected)} channels kept"
    )
    pre = Preprocessor(stats, window).eval()
    train_windows = training_windows(train_runs, config.target)
    min_history = min_cut_history(config.split, data.subset)
    validation = (
        sample_cuts(data.runs.subset(split.validation), window, config.split, min_history, seed)
        if split.validation
        else None
    )
    calibration = sample_cuts(
        data.runs.subset(split.calibration), window, config.split, min_history, seed
    )

    z_train = _preprocess(pre, train_windows.x, device)
    y_train = torch.from_numpy(train_windows.target(config.target.max_rul) / max_rul).to(device)
    z_val = y_val = capped_val = w_val = None
    if validation is not None:
        z_val = _preprocess(pre, validation.x, device)
        y_val = torch.from_numpy(validation.target(config.target.max_rul) / max_rul).to(device)
        # Early stopping on the capped truth, every engine weighing the same: the measure the
        # targets are stated in.
        capped_val = y_val * max_rul
        w_val = torch.from_numpy(engine_weights(validation.units).astype(np.float32)).to(device)

    members, epochs = [], []
    n_members = config.model.members
    for m in range(n_members):
        torch.manual_seed(seed * 1000 + m)
        generator = torch.Generator().manual_seed(seed * 1000 + m)

        def on_epoch(r: EpochReport, m: int = m) -> None:
            progress(
                Progress(seed, run, runs, m, n_members, r.epoch, r.epochs,
                         r.train_loss, r.val_loss, r.val_rmse)
            )  # fmt: skip

        result = fit_member(
            z_train, y_train, z_val, y_val, capped_val, max_rul,
            config.model, config.optim, config.runtime, device, generator, on_epoch,
            fixed_epochs=None if spec.fixed_epochs is None else spec.fixed_epochs[m], index=m,
            val_weights=w_val,
        )  # fmt: skip
        if validation is None:
            log(f"{spec.label} member {m + 1}/{n_members}: {result.epochs_run} epochs")
        else:
            log(
                f"{spec.label} member {m + 1}/{n_members}: best epoch {result.best_epoch} "
                f"of {result.epochs_run}, validation RMSE {result.best_val_rmse:.2f}"
            )
        members.append(result.member.cpu().float())
        epochs.append(result.best_epoch)

    graph = RulGraph(
        pre, EnsembleHeads(members), config.model.quantile_levels,
        config.model.interval_level, max_rul,
    ).eval()  # fmt: skip
    with torch.no_grad():
        _, raw_q = graph.raw_outputs(torch.from_numpy(calibration.x))
    capped_cal = calibration.target(config.target.max_rul)
    uncal = predict(graph, validation.x) if validation is not None else None
    cal_scores = (capped_cal, raw_q.numpy(), calibration.units)
    calibrate(graph, [cal_scores], config.model.quantile_levels)
    if validation is None:
        log(f"{spec.label}: calibrated on {len(calibration)} cuts of {len(split.calibration)} engines")
        return SeedRun(seed, spec.label, graph, split, stats, None, {}, None, epochs,
                       len(calibration), None, cal_scores, None,
                       len(split.calibration))  # fmt: skip
    assert uncal is not None
    with torch.no_grad():
        _, raw_q_val = graph.raw_outputs(torch.from_numpy(validation.x))
    run_result = SeedRun(
        seed, spec.label, graph, split, stats, validation, {}, None, epochs, len(calibration),
        None, cal_scores,
        (validation.target(config.target.max_rul), raw_q_val.numpy(), validation.units),
        len(split.calibration),
    )  # fmt: skip
    run_result.uncalibrated_coverage = score_predictions(
        *uncal[:3], validation.rul, max_rul, validation.units
    )["intervalCoverage"]
    _score(run_result, max_rul)
    _log_scores(run_result, log)
    return run_result


def _score(run: SeedRun, max_rul: float) -> None:
    """(Re)compute a validated run's calibrated predictions and metrics from its graph."""
    assert run.validation is not None
    median, lower, upper, _ = predict(run.graph, run.validation.x)
    run.predictions = (median, lower, upper)
    run.metrics = score_predictions(
        median, lower, upper, run.validation.rul, max_rul, run.validation.units
    )


def _log_scores(run: SeedRun, log: LogFn) -> None:
    m = run.metrics
    log(
        f"{run.label}: validation RMSE {m['rmse']:.2f} (capped truth {m['rmseCappedTruth']:.2f}), "
        f"PHM08/100 {m['phm08ScorePer100']:.1f} (capped {m['phm08ScoreCappedTruthPer100']:.1f}), "
        f"coverage {m['intervalCoverage']:.3f} (uncalibrated {run.uncalibrated_coverage:.3f}), "
        f"mean width {m['meanIntervalWidth']:.1f}, calibrated on {run.calibration_points} cuts "
        f"of {run.calibration_engines} engines"
    )


def cross_calibrate(
    config: RunConfig, runs: list[SeedRun], refit: SeedRun | None, log: LogFn
) -> None:
    """Conformal offsets from every engine a model did not fit on (cross-conformal).

    Fifteen-odd calibration engines make a noisy calibration set: cuts of one engine are
    correlated, so coverage moves by several points with the engines drawn. With K folds the
    out-of-fold predictions add every other engine: fold k is calibrated on its own calibration
    cuts plus the out-of-fold cuts of the *other* folds (never its own validation engines, so its
    reported coverage stays honest), and the refit on its calibration cuts plus all folds'.
    Every engine weighs the same in the conformal quantile, however many cuts it has.
    """
    levels, max_rul = config.model.quantile_levels, float(config.target.max_rul)

    def apply(run: SeedRun, sources: list[SeedRun]) -> None:
        assert run.calibration_scores is not None
        parts = [run.calibration_scores] + [
            s.validation_scores for s in sources if s.validation_scores is not None
        ]
        run.calibration_points = calibrate(run.graph, parts, levels)
        run.calibration_engines = len(run.split.calibration) + sum(
            len(s.split.validation) for s in sources
        )

    for run in runs:
        apply(run, [other for other in runs if other is not run])
        _score(run, max_rul)
        _log_scores(run, log)
    if refit is not None:
        apply(refit, runs)
        log(
            f"refit: calibrated on {refit.calibration_points} cuts of "
            f"{refit.calibration_engines} engines (calibration group + out-of-fold)"
        )


def run_specs(config: RunConfig, data: TrainingData) -> tuple[list[RunSpec], EngineSplit | None]:
    """The validated runs, and the refit split when cross-validating."""
    if config.split.folds >= 2:
        base = config.seeds[0]
        plan = fold_splits(data.runs.units, config.split, base)
        k = len(plan.folds)
        specs = [
            RunSpec(base + i, split, f"fold {i + 1}/{k} (seed {base + i})")
            for i, split in enumerate(plan.folds)
        ]
        return specs, plan.refit
    specs = [
        RunSpec(seed, split_engines(data.runs.units, config.split, seed), f"seed {seed}")
        for seed in config.seeds
    ]
    return specs, None


def refit_epochs(config: RunConfig, runs: list[SeedRun]) -> tuple[int, ...]:
    """How long each refit member trains: the median best epoch of the validated members of its
    kind (architectures differ in how fast they fit)."""
    model = config.model
    by_kind: dict[str, list[int]] = {}
    for run in runs:
        for m, epoch in enumerate(run.member_epochs):
            by_kind.setdefault(member_kind(model, m), []).append(epoch)
    median = {kind: max(1, int(round(float(np.median(e))))) for kind, e in by_kind.items()}
    return tuple(median[member_kind(model, m)] for m in range(model.members))


def describe_epochs(config: RunConfig, epochs: tuple[int, ...] | list[int]) -> str:
    """ "13 epochs", or per kind "13 (cnn) / 9 (mlp) epochs"."""
    per_kind = {member_kind(config.model, m): e for m, e in enumerate(epochs)}
    if len(set(per_kind.values())) == 1:
        return f"{epochs[0]} epochs"
    return " / ".join(f"{e} ({kind})" for kind, e in per_kind.items()) + " epochs"


def train(
    config: RunConfig,
    data: TrainingData,
    progress: ProgressFn | None = None,
    log: LogFn | None = None,
) -> TrainResult:
    """Train one calibrated ensemble per seed (the first is shipped), or cross-validate over
    ``split.folds`` folds and ship a refit on every non-calibration engine."""
    if not config.seeds:
        raise ValueError("at least one seed is required")
    progress_fn: ProgressFn = progress or (lambda _p: None)
    log_fn: LogFn = log or (lambda _m: None)
    configure(config.runtime)
    device = select_device(config.runtime)
    log_fn(f"training {data.subset} from {data.path} on {device_description(device)}")
    started = time.perf_counter()
    specs, refit_split = run_specs(config, data)
    total = len(specs) + (1 if refit_split is not None else 0)
    if config.runtime.jobs > 1 and len(specs) > 1:
        runs = _train_parallel(config, data, specs, total, device, log_fn)
    else:
        runs = [
            train_seed(config, data, spec, i, total, device, progress_fn, log_fn)
            for i, spec in enumerate(specs)
        ]
    refit = None
    if refit_split is not None:
        epochs = refit_epochs(config, runs)
        log_fn(
            f"refit on {len(refit_split.train)} engines for {describe_epochs(config, epochs)} "
            "(median best epoch)"
        )
        spec = RunSpec(config.seeds[0], refit_split, "refit", epochs)
        refit = train_seed(config, data, spec, total - 1, total, device, progress_fn, log_fn)
        cross_calibrate(config, runs, refit, log_fn)
    return TrainResult(config, data, runs, time.perf_counter() - started,
                       device_description(device), refit)  # fmt: skip


def _seed_worker(
    config: RunConfig, data: TrainingData, spec: RunSpec, run: int, runs: int, device: str
) -> tuple[SeedRun, list[str]]:
    configure(config.runtime)
    lines: list[str] = []
    result = train_seed(
        config, data, spec, run, runs, torch.device(device), lambda _p: None, lines.append
    )
    return result, lines


def _train_parallel(
    config: RunConfig,
    data: TrainingData,
    specs: list[RunSpec],
    runs_total: int,
    device: torch.device,
    log: LogFn,
) -> list[SeedRun]:
    """One process per run: small models use one core well, so runs scale with cores.

    Per-epoch progress is not forwarded from workers; each run's log arrives when it finishes.
    """
    worker_config = replace(config, runtime=replace(config.runtime, threads=1))
    # spawn, not fork: a forked copy of an initialised torch/OpenMP runtime can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(config.runtime.jobs, mp_context=context) as pool:
        futures = [
            pool.submit(_seed_worker, worker_config, data, spec, i, runs_total, str(device))
            for i, spec in enumerate(specs)
        ]
        runs = []
        for future in futures:
            run, lines = future.result()
            for line in lines:
                log(line)
            runs.append(run)
    return runs
