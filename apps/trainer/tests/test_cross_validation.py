# K-fold cross-validation around a fixed calibration group, and the refit that is shipped.
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import synthetic_engine, write_runs
from test_train_export import TINY

from rul_trainer.artefacts import load_card, save_model
from rul_trainer.config import ModelConfig, OptimConfig, RunConfig, RuntimeConfig, SplitConfig
from rul_trainer.conformal import conformal_offsets
from rul_trainer.cuts import engine_weights
from rul_trainer.datasets import fold_splits, load_training_data
from rul_trainer.fit import fit_member
from rul_trainer.pipeline import refit_epochs, train
from rul_trainer.reload import golden_mismatch, load_graph


def test_folds_partition_the_engines_outside_one_calibration_group() -> None:
    units = list(range(1, 101))
    plan = fold_splits(units, SplitConfig(folds=5, calibration_fraction=0.15), seed=0)
    calibration = set(plan.refit.calibration)
    assert len(calibration) == 15 and not plan.refit.validation
    assert sorted(plan.refit.train) == sorted(set(units) - calibration)
    validated: list[int] = []
    for fold in plan.folds:
        assert set(fold.calibration) == calibration
        assert not set(fold.train) & set(fold.validation)
        assert not (set(fold.train) | set(fold.validation)) & calibration
        assert sorted(set(fold.train) | set(fold.validation)) == sorted(plan.refit.train)
        assert len(fold.validation) == 17
        validated += fold.validation
    # Every non-calibration engine is a validation engine of exactly one fold.
    assert sorted(validated) == sorted(plan.refit.train)
    # Seeded: the same seed gives the same plan, another seed another one.
    assert fold_splits(units, SplitConfig(folds=5), seed=0) == plan
    assert fold_splits(units, SplitConfig(folds=5), seed=1) != plan


@pytest.mark.parametrize(
    ("units", "folds", "message"),
    [(list(range(1, 101)), 1, "at least 2 folds"), (list(range(1, 7)), 3, "too few for 3 folds")],
)
def test_fold_plans_that_cannot_work_are_refused(units: list[int], folds: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fold_splits(units, SplitConfig(folds=folds), seed=0)


def test_a_refit_without_validation_needs_a_fixed_epoch_count() -> None:
    z, y = torch.zeros(8, 12, 3), torch.zeros(8)
    with pytest.raises(ValueError, match="fixed_epochs"):
        fit_member(z, y, None, None, None, 125.0, ModelConfig(channels=4, hidden=4),
                   OptimConfig(epochs=2), RuntimeConfig(), torch.device("cpu"),
                   torch.Generator().manual_seed(0), lambda _r: None)  # fmt: skip


def test_the_refit_trains_exactly_the_fixed_epochs() -> None:
    rng = torch.Generator().manual_seed(1)
    z, y = torch.randn(64, 12, 3, generator=rng), torch.rand(64, generator=rng)
    seen: list[int] = []
    result = fit_member(z, y, None, None, None, 125.0, ModelConfig(channels=4, hidden=4),
                        OptimConfig(epochs=9, batch_size=16), RuntimeConfig(), torch.device("cpu"),
                        torch.Generator().manual_seed(0), lambda r: seen.append(r.epoch),
                        fixed_epochs=3)  # fmt: skip
    assert seen == [1, 2, 3] and result.epochs_run == 3 and result.best_epoch == 3
    assert math.isnan(result.best_val_rmse)


@pytest.fixture(scope="module")
def cross_validated(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("cv")
    rng = np.random.default_rng(5)
    engines = [synthetic_engine(int(rng.integers(60, 100)), rng) for _ in range(12)]
    data = load_training_data(write_runs(root / "train_FD001.txt", engines), "FD001")
    config = RunConfig.from_dict(
        {**TINY, "seeds": [4], "split": {"folds": 3}, "optim": {**TINY["optim"], "epochs": 3}}
    )
    lines: list[str] = []
    result = train(config, data, log=lines.append)
    card = save_model(result, root / "model")
    return result, card, root / "model", lines


def test_cross_validation_runs_every_fold_then_ships_a_refit(cross_validated) -> None:
    result, _card, _out, lines = cross_validated
    assert [run.seed for run in result.runs] == [4, 5, 6]
    assert result.refit is not None and result.shipped is result.refit
    refit = result.refit
    assert sorted(refit.split.train) == sorted(u for r in result.runs for u in r.split.validation)
    assert refit.validation is None and refit.metrics == {}
    # The refit trains every member for the median best epoch of the validated members.
    median = int(round(float(np.median([e for r in result.runs for e in r.member_epochs]))))
    assert refit.member_epochs == list(refit_epochs(result.config, result.runs)) == [median] * 2
    assert any(line.startswith("refit on 10 engines") for line in lines)
    assert sum("validation RMSE" in line for line in lines) >= 3


def test_the_card_reports_folds_pooled_and_the_refit(cross_validated) -> None:
    result, card, out, _lines = cross_validated
    validation = card["metrics"]["validation"]
    assert validation["folds"] == 3 and validation["seeds"] == [4, 5, 6]
    assert "3-fold cross-validation" in validation["protocol"]
    for key in ("rmse", "rmseCappedTruth", "phm08ScorePer100", "phm08ScoreCappedTruthPer100",
                "intervalCoverage", "meanIntervalWidth"):  # fmt: skip
        assert len(validation[key]["values"]) == 3 and np.isfinite(validation[key]["mean"])
    pooled = validation["pooled"]
    assert pooled["engines"] == 10
    assert pooled["n"] == sum(len(run.validation) for run in result.runs)
    assert validation["shipped"]["kind"] == "refit" and validation["shipped"]["trainEngines"] == 10
    assert card["data"]["engines"] == {"train": 10, "validation": 10, "calibration": 2}
    assert card["training"]["folds"] == 3
    assert card["training"]["refitEpochs"] == result.refit.member_epochs
    assert validation["shipped"]["epochs"] == result.refit.member_epochs
    # The exported graph is the refit, and its golden inputs come from calibration engines.
    assert golden_mismatch(load_graph(out, card), load_card(out)) < 1e-5
    assert card["outputs"]["conformal"]["offsets"] == result.refit.graph.offsets.tolist()


def test_capped_truth_scores_are_reported_per_run(cross_validated) -> None:
    result, *_ = cross_validated
    for run in result.runs:
        m = run.metrics
        assert m["rmseCappedTruth"] <= m["rmse"] + 1e-6 or m["rmse"] == pytest.approx(
            m["rmseCappedTruth"]
        )
        # PHM08 is summed per engine (each engine's cuts averaged), so "per 100" is per 100 engines.
        assert m["engines"] == len(run.split.validation) and m["n"] > m["engines"]
        assert m["phm08ScoreCappedTruthPer100"] == pytest.approx(
            m["phm08ScoreCappedTruth"] / m["engines"] * 100
        )


def test_cli_takes_folds(tmp_path: Path, synthetic_train_file: Path) -> None:
    from rul_trainer.cli import _build_config, parser

    args = parser().parse_args(["train", "--data", str(synthetic_train_file), "--out",
                                str(tmp_path), "--folds", "5"])  # fmt: skip
    assert _build_config(args).split.folds == 5


def test_cli_takes_the_subset_from_the_config_unless_told(tmp_path: Path) -> None:
    # A bundled model's train-config.json alone reproduces it: its subset is not reset to FD001.
    from conftest import REPO_ROOT

    from rul_trainer.cli import _build_config, parser

    config = REPO_ROOT / "models" / "cmapss-fd004-tcn-ensemble" / "train-config.json"
    base = ["train", "--data", "x", "--out", str(tmp_path)]
    assert _build_config(parser().parse_args([*base, "--config", str(config)])).subset == "FD004"
    told = parser().parse_args([*base, "--config", str(config), "--subset", "FD002"])
    assert _build_config(told).subset == "FD002"
    assert _build_config(parser().parse_args(base)).subset == "FD001"


def test_report_prints_the_cross_validation_table(cross_validated, capsys) -> None:
    from rul_trainer.cli import main

    _result, card, out, _lines = cross_validated
    assert main(["report", "--model", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("3-fold cross-validation, seeds [4, 5, 6]: 10 engines")
    assert "| RMSE (truth capped at maxRul, the literature's convention) |" in text
    mean = card["metrics"]["validation"]["rmseCappedTruth"]["mean"]
    assert f"{mean:.2f} ± " in text and "Pooled over all" in text and "Shipped: refitted" in text


def test_cross_conformal_calibration_never_uses_a_folds_own_validation_engines(
    cross_validated,
) -> None:
    result, card, *_ = cross_validated
    runs, refit = result.runs, result.refit
    for run in runs:
        others = sum(len(o.validation) for o in runs if o is not run)
        cal_cuts = len(run.calibration_scores[0])
        assert run.calibration_points == cal_cuts + others
        assert run.calibration_engines == len(run.split.calibration) + sum(
            len(o.split.validation) for o in runs if o is not run
        )
        # Recomputing the offsets from exactly those sources reproduces the graph's offsets.
        sources = [run.calibration_scores] + [o.validation_scores for o in runs if o is not run]
        y, q, units = (np.concatenate([src[i] for src in sources]) for i in range(3))
        assert not set(units.tolist()) & set(run.split.validation)
        # Every engine weighs the same in the conformal quantile, whatever its cut count.
        expected = conformal_offsets(y, q, result.config.model.quantile_levels,
                                     engine_weights(units))  # fmt: skip
        assert np.allclose(run.graph.offsets.numpy(), expected, atol=1e-5)
    assert refit.calibration_points == len(refit.calibration_scores[0]) + sum(
        len(r.validation) for r in runs
    )
    conformal = card["outputs"]["conformal"]
    assert conformal["method"].startswith("cross-conformal")
    assert conformal["calibrationPoints"] == refit.calibration_points
    assert conformal["calibrationEngines"] == 12


def test_weight_averaging_keeps_the_average_not_the_last_step() -> None:
    rng = torch.Generator().manual_seed(2)
    z, y = torch.randn(64, 12, 3, generator=rng), torch.rand(64, generator=rng)

    def fit(decay: float | None, fixed: int | None, val: bool):
        zv, yv = (z[:16], y[:16]) if val else (None, None)
        return fit_member(z, y, zv, yv, None if yv is None else yv * 125, 125.0,
                          ModelConfig(channels=4, hidden=4),
                          OptimConfig(epochs=3, batch_size=16, ema_decay=decay), RuntimeConfig(),
                          torch.device("cpu"), torch.Generator().manual_seed(0), lambda _r: None,
                          fixed_epochs=fixed)  # fmt: skip

    plain, averaged = fit(None, 3, False), fit(0.9, 3, False)
    # Same seed, same steps: only the averaging differs, so the kept weights differ.
    assert not torch.allclose(plain.member.head[-1].weight, averaged.member.head[-1].weight)
    validated = fit(0.9, None, True)
    assert np.isfinite(validated.best_val_rmse) and 1 <= validated.best_epoch <= 3
    with pytest.raises(ValueError, match="ema_decay"):
        fit(1.5, 3, False)
