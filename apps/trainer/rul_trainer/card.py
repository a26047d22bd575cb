"""The model card: everything the API needs to serve, check and monitor ``model.onnx``.

Field names follow docs/architecture.md section 1 (camelCase); ``schemaVersion`` changes whenever a
field is renamed or its meaning changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np

from .cmapss_format import CHANNEL_NAMES
from .config import ModelConfig
from .cuts import min_cut_history
from .export import OPSET
from .graph import INPUT_NAME, OUTPUT_NAMES
from .metrics import score_predictions
from .networks import member_kind
from .pipeline import TrainResult, describe_epochs

SCHEMA_VERSION = 1


def training_stats(rows: np.ndarray) -> dict[str, Any]:
    return {
        "rows": int(len(rows)),
        "channels": [
            {
                "name": name,
                "mean": float(rows[:, i].mean()),
                "std": float(rows[:, i].std()),
                "min": float(rows[:, i].min()),
                "max": float(rows[:, i].max()),
            }
            for i, name in enumerate(CHANNEL_NAMES)
        ],
    }


def _spread(values: list[float]) -> dict[str, Any]:
    arr = np.asarray(values, dtype=np.float64)
    sd = float(arr.std(ddof=1)) if len(arr) > 1 else 0.0
    return {"mean": float(arr.mean()), "sd": sd, "values": [float(v) for v in arr]}


METRIC_KEYS = (
    "rmse",
    "rmseCappedTruth",
    "phm08ScorePer100",
    "phm08ScoreCappedTruthPer100",
    "intervalCoverage",
    "meanIntervalWidth",
)


def validation_metrics(result: TrainResult) -> dict[str, Any]:
    split = result.config.split
    folds = split.folds >= 2
    min_history = min_cut_history(split, result.data.subset)
    summary: dict[str, Any] = {
        "protocol": (
            ("5-fold" if split.folds == 5 else f"{split.folds}-fold") + " cross-validation: each "
            "engine outside the calibration group is held out of fitting exactly once; "
            if folds
            else "engines held out of fitting; "
        )
        + (
            f"each held-out history cut at up to {split.cuts_per_engine} random points whose "
            f"true RUL is stratified over [{split.cut_min_rul}, {split.cut_max_rul}] "
            f"(>= {min_history} cycles of history kept), scored on the last window of each cut "
            "like the official test set, each cut weighing 1 / (cuts of its engine) so every "
            "engine counts the same (in the metrics, in early stopping and in the conformal "
            "quantile); RMSE and PHM08 against the true RUL and against the true RUL capped at "
            "maxRul (the FD001 literature's convention), PHM08 per 100 engines, interval "
            "coverage against min(true RUL, maxRul); the interval is calibrated on engines the "
            "scored run did not fit on"
        ),
        "seeds": [run.seed for run in result.runs],
        "aggregate": (
            "mean and sample sd over folds (each fold: its own seed and ensemble)"
            if folds
            else "mean and sample sd over seeds (each seed: its own engine split and ensemble)"
        ),
    }
    if folds:
        summary["folds"] = split.folds
    for key in METRIC_KEYS:
        summary[key] = _spread([run.metrics[key] for run in result.runs])
    summary["uncalibratedCoverage"] = _spread(
        [run.uncalibrated_coverage for run in result.runs if run.uncalibrated_coverage is not None]
    )
    pooled = [run for run in result.runs if run.predictions is not None and run.validation]
    if pooled:
        median, lower, upper = (
            np.concatenate([run.predictions[i] for run in pooled])  # type: ignore[index]
            for i in range(3)
        )
        truth = np.concatenate([run.validation.rul for run in pooled])  # type: ignore[union-attr]
        units = np.concatenate([run.validation.units for run in pooled])  # type: ignore[union-attr]
        summary["pooled"] = {
            "description": "every validation cut of every run scored together, every engine "
            "weighing the same",
            "engines": len({u for run in pooled for u in run.split.validation}),
            **score_predictions(
                median, lower, upper, truth, float(result.config.target.max_rul), units
            ),
        }
    shipped = result.shipped
    if result.refit is not None:
        summary["shipped"] = {
            "seed": shipped.seed,
            "kind": "refit",
            "description": (
                f"refitted on all {len(shipped.split.train)} non-calibration engines for "
                f"{describe_epochs(result.config, shipped.member_epochs)} (median best epoch of "
                "the folds' members of the same kind) and calibrated "
                "cross-conformally on the calibration engines plus every fold's out-of-fold "
                "predictions; no engine is left to validate it on, so its expected "
                "accuracy is the cross-validation estimate above (fitted on more engines, it is "
                "expected to do at least as well)"
            ),
            "epochs": shipped.member_epochs,
            "trainEngines": len(shipped.split.train),
        }
    else:
        summary["shipped"] = {"seed": shipped.seed, **shipped.metrics}
    return summary


def build_card(
    result: TrainResult,
    onnx_sha256: str,
    golden: list[dict[str, object]],
    created: datetime,
) -> dict[str, Any]:
    config = result.config
    shipped = result.shipped
    data = result.data
    window = config.target.window
    name = config.name or f"cmapss-{data.subset.lower()}-tcn-ensemble"
    version = config.version or f"{created:%Y.%m.%d}-{onnx_sha256[:8]}"
    train_rows = data.runs.subset(shipped.split.train).stacked()
    return {
        "schemaVersion": SCHEMA_VERSION,
        "name": name,
        "version": version,
        "createdAt": created.isoformat().replace("+00:00", "Z"),
        "onnx": {"file": "model.onnx", "sha256": onnx_sha256, "opset": OPSET},
        "data": {
            "source": f"NASA C-MAPSS turbofan run-to-failure data, {data.path.name}",
            "file": data.path.name,
            "sha256": data.sha256,
            "subset": data.subset,
            # Cross-validation: the shipped refit fitted on every non-calibration engine, and
            # each of them was also a validation engine of exactly one fold.
            "engines": {
                "train": len(shipped.split.train),
                "validation": len({u for run in result.runs for u in run.split.validation}),
                "calibration": len(shipped.split.calibration),
            },
            "rows": data.runs.rows,
            "trainRows": int(len(train_rows)),
        },
        "window": window,
        "maxRul": config.target.max_rul,
        "input": {
            "name": INPUT_NAME,
            "dtype": "float32",
            "shape": ["batch", window, len(CHANNEL_NAMES)],
            "channels": list(CHANNEL_NAMES),
            "padding": "repeat-first",
            "order": "oldest cycle first; a longer history is cut to its last `window` rows",
        },
        "preprocessing": {
            "target": f"piecewise-linear RUL, min(cycles left, {config.target.max_rul})",
            **shipped.stats.describe(),
        },
        "outputs": {
            "median": OUTPUT_NAMES[0],
            "lower": OUTPUT_NAMES[1],
            "upper": OUTPUT_NAMES[2],
            "quantiles": OUTPUT_NAMES[3],
            "quantileLevels": list(config.model.quantile_levels),
            "intervalLevel": config.model.interval_level,
            "units": "cycles",
            "range": [0, config.target.max_rul],
            "meaning": {
                OUTPUT_NAMES[0]: "point prediction of the cycles left after the last row "
                "(ensemble mean of MSE-trained heads); values near maxRul mean 'healthy'",
                OUTPUT_NAMES[1]: "lower end of the split-conformal interval (= quantile at "
                "(1 - intervalLevel) / 2)",
                OUTPUT_NAMES[2]: "upper end of the interval (= quantile at (1 + intervalLevel) / 2)",
                OUTPUT_NAMES[3]: "conformally calibrated predictive quantiles at quantileLevels, "
                "non-decreasing; the 0.5 entry equals rul_median. P(RUL <= h) is read by "
                "interpolating h between them",
            },
            "conformal": {
                "method": (
                    "cross-conformal quantile regression, one offset per level: conformity "
                    "scores of the calibration engines plus the out-of-fold predictions of every "
                    "cross-validation fold"
                    if result.refit is not None
                    else "split-conformal quantile regression on the calibration engines, one "
                    "offset per level"
                ),
                "offsets": shipped.graph.offsets.tolist(),
                "calibrationPoints": shipped.calibration_points,
                "calibrationEngines": shipped.calibration_engines,
            },
        },
        "trainingStats": training_stats(train_rows),
        "metrics": {"validation": validation_metrics(result)},
        "training": {
            "seed": shipped.seed,
            "seeds": [run.seed for run in result.runs],
            "folds": config.split.folds,
            "refitEpochs": shipped.member_epochs if result.refit is not None else None,
            "members": config.model.members,
            "memberBestEpochs": shipped.member_epochs,
            "memberKinds": [member_kind(config.model, m) for m in range(config.model.members)],
            "architecture": architecture(config.model),
            "device": result.device,
            "wallSeconds": round(result.wall_seconds, 1),
            "config": config.to_dict(),
        },
        "golden": golden,
    }


def architecture(model: ModelConfig) -> str:
    """The ensemble in words, e.g. "2 x dilated 1-D CNN (...) + 1 x fully connected net (...)"."""
    kinds = [member_kind(model, m) for m in range(model.members)]
    described = {
        "cnn": (
            f"dilated 1-D CNN (dilations {list(model.dilations)}, {model.channels} channels, "
            f"kernel {model.kernel_size})"
        ),
        "mlp": f"fully connected net on the flattened window (hidden {list(model.mlp_hidden)})",
    }
    parts = [f"{kinds.count(k)} x {described[k]}" for k in dict.fromkeys(kinds)]
    return (
        " + ".join(parts) + ", each with a point head (MSE) and quantile heads (pinball loss), "
        "averaged in one graph"
    )
