"""Score one cross-validation fold's model (or a saved model, on its calibration engines) on the
test-like cuts and on the earlier protocol.

The earlier protocol cut every held-out history at 25 distinct true RULs drawn uniformly from
[7, 145] (at least 20 cycles kept), counted every cut once, and calibrated the interval on the
calibration engines' cuts the same way. The fold is trained once, with the current pipeline (early
stopping on the test-like cuts); both protocols then score that same model, each with its own
conformal calibration on the calibration engines, and crossed (one protocol's calibration scored
on the other's cuts) to show which part of the difference comes from the cuts and which from the
calibration.

    cd apps/trainer && nice -n 19 /usr/bin/python3 scripts/validation-protocols.py \\
        --data ../../../shared/data/cmapss --config ../../models/default/train-config.json \\
        --fold 1 --epochs 8 --mlp-epochs 10 --threads 1
    /usr/bin/python3 scripts/validation-protocols.py --data ../../../shared/data/cmapss \
        --model ../../models/default   # the shipped model on its calibration engines
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rul_trainer.cmapss_format import EngineRuns  # noqa: E402
from rul_trainer.artefacts import load_card  # noqa: E402
from rul_trainer.config import RunConfig, SplitConfig  # noqa: E402
from rul_trainer.conformal import conformal_offsets  # noqa: E402
from rul_trainer.cuts import engine_weights, min_cut_history, sample_cuts  # noqa: E402
from rul_trainer.datasets import fold_splits, load_training_data  # noqa: E402
from rul_trainer.metrics import score_predictions  # noqa: E402
from rul_trainer.pipeline import RunSpec, predict, train_seed  # noqa: E402
from rul_trainer.reload import load_graph  # noqa: E402
from rul_trainer.runtime import configure, select_device  # noqa: E402
from rul_trainer.windows import WindowSet, pad_history  # noqa: E402


def earlier_cuts(runs: EngineRuns, window: int, rng: np.random.Generator) -> WindowSet:
    """The earlier sampler: 25 distinct RULs in [7, min(145, length - 20)] per engine."""
    xs, ruls, units = [], [], []
    for unit in runs.units:
        history = runs.readings[unit]
        candidates = np.arange(7, min(145, len(history) - 20) + 1)
        for rul in np.sort(rng.choice(candidates, size=min(25, len(candidates)), replace=False)):
            xs.append(pad_history(history[: len(history) - rul], window))
            ruls.append(rul)
            units.append(unit)
    return WindowSet(np.stack(xs).astype(np.float32), np.asarray(ruls, np.float32),
                     np.asarray(units))  # fmt: skip


def shipped_on_calibration_engines(model: Path, data_path: str) -> None:
    """The shipped refit never fits on the calibration group and no fold early-stops on it, so its
    point accuracy there is free of that selection (its coverage is not: it calibrated there)."""
    card = load_card(model)
    graph, config = load_graph(model, card), RunConfig.from_dict(card["training"]["config"])
    data = load_training_data(data_path, card["data"]["subset"])
    calibration = fold_splits(data.runs.units, config.split, config.seeds[0]).refit.calibration
    runs, window = data.runs.subset(calibration), int(card["window"])
    cuts = {
        "earlier": (earlier_cuts(runs, window, np.random.default_rng(0)), None),
        "test-like": (sample_cuts(runs, window, SplitConfig(),
                                  min_cut_history(SplitConfig(), data.subset), 0), True),
    }  # fmt: skip
    print(f"{card['name']} {card['version']} on its {len(calibration)} calibration engines")
    print("| cuts | capped RMSE | RMSE | PHM08/100 capped | cuts scored |")
    print("|---|---:|---:|---:|---:|")
    for name, (ws, weighted) in cuts.items():
        median, lower, upper, _ = predict(graph, ws.x)
        m = score_predictions(median, lower, upper, ws.rul, float(card["maxRul"]),
                              ws.units if weighted else None)  # fmt: skip
        print(f"| {name} | {m['rmseCappedTruth']:.2f} | {m['rmse']:.2f} | "
              f"{m['phm08ScoreCappedTruthPer100']:.1f} | {m['n']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--subset", default="FD001")
    parser.add_argument("--config", help="training config (required unless --model)")
    parser.add_argument("--model", help="score this model directory on its calibration engines "
                        "instead of training a fold")
    parser.add_argument("--fold", type=int, default=1, help="1-based fold of the config's plan")
    parser.add_argument("--epochs", type=int, help="override optim.epochs")
    parser.add_argument("--mlp-epochs", type=int, help="override model.mlp_epochs")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", help="write the figures here as JSON")
    parser.add_argument("--save", help="write the fold's graph state dict here")
    args = parser.parse_args()
    if args.model:
        shipped_on_calibration_engines(Path(args.model), args.data)
        return
    if not args.config:
        parser.error("--config is required to train a fold")

    config = RunConfig.from_dict(json.loads(Path(args.config).read_text()))
    config = replace(
        config,
        subset=args.subset,
        optim=replace(config.optim, epochs=args.epochs or config.optim.epochs),
        model=replace(config.model, mlp_epochs=args.mlp_epochs or config.model.mlp_epochs),
        runtime=replace(config.runtime, device="cpu", threads=args.threads, jobs=1),
    )
    configure(config.runtime)
    data = load_training_data(args.data, args.subset)
    plan = fold_splits(data.runs.units, config.split, config.seeds[0])
    split = plan.folds[args.fold - 1]
    seed = config.seeds[0] + args.fold - 1
    started = time.perf_counter()
    run = train_seed(config, data, RunSpec(seed, split, f"fold {args.fold}"), 0, 1,
                     select_device(config.runtime), lambda _p: None, print)  # fmt: skip
    seconds = time.perf_counter() - started
    graph, window = run.graph, config.target.window
    max_rul, levels = float(config.target.max_rul), config.model.quantile_levels
    min_history = min_cut_history(config.split, data.subset)

    rng = np.random.default_rng(seed)
    sets = {
        "earlier": (earlier_cuts(data.runs.subset(split.validation), window, rng),
                    earlier_cuts(data.runs.subset(split.calibration), window, rng), False),
        "test-like": (sample_cuts(data.runs.subset(split.validation), window, config.split,
                                  min_history, seed),
                      sample_cuts(data.runs.subset(split.calibration), window, config.split,
                                  min_history, seed), True),
    }  # fmt: skip
    offsets = {}
    for name, (_val, cal, weighted) in sets.items():
        with torch.no_grad():
            raw_q = graph.raw_outputs(torch.from_numpy(cal.x))[1].numpy()
        truth = cal.target(int(max_rul))
        if weighted:
            # The same cuts counted once each: what the engine weights alone change.
            offsets[f"{name} (cuts unweighted)"] = conformal_offsets(truth, raw_q, levels)
        weights = engine_weights(cal.units) if weighted else None
        offsets[name] = conformal_offsets(truth, raw_q, levels, weights)
    results = {}
    for scored, (val, _cal, weighted) in sets.items():
        for calibrated, o in offsets.items():
            graph.offsets.copy_(torch.from_numpy(o))
            median, lower, upper, _ = predict(graph, val.x)
            m = score_predictions(median, lower, upper, val.rul, max_rul,
                                  val.units if weighted else None)  # fmt: skip
            results[f"{scored} cuts, {calibrated} calibration"] = m
    print(f"\nfold {args.fold} (seed {seed}): {len(split.train)} train / {len(split.validation)} "
          f"validation / {len(split.calibration)} calibration engines; trained in {seconds:.0f} s; "
          f"best epochs {run.member_epochs}")  # fmt: skip
    print("| scored on | capped RMSE | RMSE | PHM08/100 capped | coverage | width | cuts |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, m in results.items():
        print(f"| {name} | {m['rmseCappedTruth']:.2f} | {m['rmse']:.2f} | "
              f"{m['phm08ScoreCappedTruthPer100']:.1f} | {m['intervalCoverage']:.3f} | "
              f"{m['meanIntervalWidth']:.1f} | {m['n']} |")  # fmt: skip
    if args.save:
        torch.save(graph.state_dict(), args.save)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"seconds": seconds, "memberEpochs": run.member_epochs, "results": results}, indent=2
        ))  # fmt: skip


if __name__ == "__main__":
    main()
